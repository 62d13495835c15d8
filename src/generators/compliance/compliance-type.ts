import { col, RECORD_KEY_COLUMNS } from '../columns.js'
import { defineDataType } from '../data-type-definition.js'
import {
  ASSESSMENT_TYPES,
  CONFORMANCE_STATUSES,
  FRAMEWORKS,
  GISTM_TOPICS,
  RISK_LEVELS,
  TSM_RATINGS,
} from './compliance-datasets.js'
import { complianceGenerator } from './compliance-generator.js'
import { EVENT_ID_COLUMN } from '../events/event-timeline.js'

/** The compliance records' fields, in output order; `ComplianceRow` is derived from them. */
export const COMPLIANCE_COLUMNS = [
  ...RECORD_KEY_COLUMNS,
  col.enum('framework', FRAMEWORKS, 'Standard, guideline or regulation assessed against'),
  col.string(
    'requirement_id',
    'Requirement number: GISTM ids are exact (e.g. 4.7); other ids label the obligation',
    {
      length: 16,
    },
  ),
  col.enum('topic', GISTM_TOPICS, 'GISTM topic I–VI; null for other frameworks', { nullable: true }),
  col.integer('principle', 'GISTM principle 1–15; null for other frameworks', { nullable: true }),
  col.string('requirement_title', 'Short paraphrase of the requirement (not the official wording)', {
    length: 200,
  }),
  col.integer('assessment_round', 'How many times the requirement has been assessed in the period, from 1'),
  col.enum(
    'assessment_type',
    ASSESSMENT_TYPES,
    'Self-assessment, third-party audit, regulatory inspection or EOR review',
  ),
  col.enum('status', CONFORMANCE_STATUSES, 'Conformance status'),
  col.enum('rating', TSM_RATINGS, 'MAC TSM indicator rating C to AAA; null for other frameworks', {
    nullable: true,
  }),
  col.enum(
    'risk_level',
    RISK_LEVELS,
    'Risk of the finding, from the gap, the consequence class and the safety weight',
  ),
  col.date('assessment_date', 'Date of the assessment'),
  col.date('next_review_date', 'When the requirement is next due: assessment date plus its review frequency'),
  col.string('assessor_org', 'Organisation that assessed (owner, audit firm, regulator or EOR firm)'),
  col.string('assessor_name', 'Lead assessor'),
  col.string('evidence_ref', 'Document number of the main evidence reviewed; null when none was available', {
    nullable: true,
    length: 40,
  }),
  col.string('finding', 'Short finding', { length: 200 }),
  col.date(
    'corrective_action_due',
    'Due date of the corrective action; only for Partially meets and Does not meet',
    {
      nullable: true,
    },
  ),
  EVENT_ID_COLUMN,
] as const

/** The compliance data type: its table, its columns and its stats breakdown (see `DataTypeDefinition`). */
export default defineDataType({
  id: 'compliance',
  tableSuffix: 'compliance_data',
  timeColumn: 'assessment_date',
  columns: COMPLIANCE_COLUMNS,
  generator: complianceGenerator,
  breakdown: async (q) => {
    const cells = await q.all(
      q
        .rows()
        .select('status', 'risk_level')
        .count({ n: '*' })
        .groupBy('status', 'risk_level')
        .orderBy(['status', 'risk_level']),
    )
    return {
      statusByRisk: cells.map((c) => ({
        status: c['status'],
        risk_level: c['risk_level'],
        count: Number(c['n']),
      })),
      byFramework: await q.countBy('framework'),
    }
  },
})
