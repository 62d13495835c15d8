import { describe, expect, it } from 'vitest'
import type { ComplianceRow } from '../../../src/generators/compliance/compliance-generator.js'
import {
  GISTM_REQUIREMENTS,
  OTHER_REQUIREMENTS,
  evidenceDocType,
} from '../../../src/generators/compliance/compliance-datasets.js'
import type { DocumentRow } from '../../../src/generators/document/document-generator.js'
import { partitionRows } from '../../helpers/generators.js'

const PERIOD = { start: '2019-01-01', end: '2025-12-31' }
const REQUIREMENTS = new Map(
  [...GISTM_REQUIREMENTS, ...Object.values(OTHER_REQUIREMENTS).flat()].map((r) => [
    `${r.framework}|${r.id}`,
    r,
  ]),
)

/**
 * Domain §B/§C (GISTM 4.8, 10.5, 6.4…): an assessment cites the document that evidences the requirement, a
 * document of the named type that existed when the assessment was made. Over 40 facilities × 2 seeds, every
 * `evidence_ref` of a compliance dataset is the `doc_id` of a document of the same seed, facility and period,
 * of the requirement's evidence type, first issued before the assessment date.
 */
describe('compliance evidence links to generated documents', () => {
  it('points every evidence_ref at a document of the right type issued before the assessment', () => {
    let linked = 0
    let withEvidence = 0
    const bad: unknown[] = []
    for (const seed of [42, 7]) {
      for (let index = 0; index < 40; index++) {
        // A count beyond the calendar keeps every calendar document (and adds event-driven ones).
        const docs = partitionRows<DocumentRow>('document', {
          seed,
          facilityIndex: index,
          count: 4000,
          params: PERIOD,
        })
        const firstIssue = new Map<string, DocumentRow>()
        for (const d of docs.rows) if (!firstIssue.has(d.doc_id)) firstIssue.set(d.doc_id, d)
        const { rows } = partitionRows<ComplianceRow>('compliance', {
          seed,
          facilityIndex: index,
          count: 400,
          params: PERIOD,
        })
        for (const r of rows) {
          // A post-event review cites its event's inspection report (linked-events.test.ts).
          if (r.evidence_ref === null || r.event_id !== null) continue
          withEvidence++
          const doc = firstIssue.get(r.evidence_ref)
          const want = evidenceDocType(REQUIREMENTS.get(`${r.framework}|${r.requirement_id}`)!)
          if (!doc) bad.push(['missing', r.requirement_id, r.evidence_ref])
          else if (doc.doc_type_code !== want) bad.push(['type', r.requirement_id, doc.doc_type_code, want])
          else if (doc.issue_date >= r.assessment_date) bad.push(['after', r.requirement_id, r.evidence_ref])
          else linked++
        }
      }
    }
    expect(bad.slice(0, 10)).toEqual([])
    expect(withEvidence).toBeGreaterThan(5000)
    expect(linked).toBe(withEvidence)
  }, 60_000)

  it('cites the DSR for 10.5 and the Design Basis Report for 4.8, the latest edition before the assessment', () => {
    let checked = 0
    for (let index = 0; index < 40; index++) {
      const docs = partitionRows<DocumentRow>('document', {
        facilityIndex: index,
        count: 4000,
        params: PERIOD,
      }).rows
      const { rows } = partitionRows<ComplianceRow>('compliance', {
        facilityIndex: index,
        count: 400,
        params: PERIOD,
      })
      for (const r of rows) {
        if (r.evidence_ref === null || (r.requirement_id !== '10.5' && r.requirement_id !== '4.8')) continue
        const code = r.requirement_id === '10.5' ? 'DSR' : 'DBR'
        // Calendar documents only: the extra ones of a large count are numbered from ordinal 500.
        const before = docs.filter(
          (d) => d.doc_type_code === code && d.doc_id !== r.evidence_ref && Number(d.doc_id.slice(-3)) < 500,
        )
        const cited = docs.find((d) => d.doc_id === r.evidence_ref)!
        // No other edition of the type was first issued between the cited one and the assessment.
        const firsts = new Map<string, number>()
        for (const d of before) if (!firsts.has(d.doc_id)) firsts.set(d.doc_id, d.issue_date)
        const newer = [...firsts.values()].filter((t) => t > cited.issue_date && t < r.assessment_date)
        expect(newer).toEqual([])
        checked++
      }
    }
    expect(checked).toBeGreaterThan(20)
  }, 60_000)
})
