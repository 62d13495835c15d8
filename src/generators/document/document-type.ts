import { col, RECORD_KEY_COLUMNS } from '../columns.js'
import { defineDataType } from '../data-type-definition.js'
import { CONSEQUENCE_CLASSES } from '../facility/facility-datasets.js'
import {
  APPROVER_ROLES,
  AUTHOR_ROLES,
  CONFIDENTIALITY_LEVELS,
  DOCUMENT_STATUSES,
  DOC_TYPE_CODES,
  DOC_TYPE_NAMES,
  REVISIONS,
} from './document-datasets.js'
import { documentGenerator } from './document-generator.js'
import { EVENT_ID_COLUMN } from '../events/event-timeline.js'

/** The document records' fields, in output order; `DocumentRow` is derived from them. */
export const DOCUMENT_COLUMNS = [
  ...RECORD_KEY_COLUMNS,
  col.string(
    'doc_id',
    'Document number: facility code, discipline, class and sequence, e.g. RCK-TSF2-GEO-RPT-0147',
    {
      length: 40,
    },
  ),
  col.string('title', 'Document title: type, period or subject, and facility name', { length: 200 }),
  col.enum('doc_type', DOC_TYPE_NAMES, 'Document type'),
  col.enum('doc_type_code', DOC_TYPE_CODES, 'Abbreviation of the document type, e.g. DSR, OMS, EPRP'),
  col.enum('revision', REVISIONS, 'Revision: letters are drafts for review, numbers issued revisions'),
  col.enum(
    'status',
    DOCUMENT_STATUSES,
    'IFR (issued for review), IFC (for construction), IFU (for use), or Superseded by a later revision',
  ),
  col.date('issue_date', 'Date the revision was issued'),
  col.string(
    'period_covered',
    'Period a periodic report covers: 2024, 2024-H1, 2024-Q3 or 2024-07; null otherwise',
    {
      nullable: true,
      length: 8,
    },
  ),
  col.string('author_org', 'Organisation that wrote the document (fictitious firms; real regulators)'),
  col.string('author_name', 'Person who signed as author'),
  col.enum(
    'author_role',
    AUTHOR_ROLES,
    'Role of the author under GISTM: EOR, Designer of Record, RTFE, ITRB, DSR reviewer, auditor, regulator, owner or specialist consultant',
  ),
  col.enum(
    'approver_role',
    APPROVER_ROLES,
    'Role that approves the document: Accountable Executive, RTFE or EOR; null for regulator documents',
    {
      nullable: true,
    },
  ),
  col.enum('consequence_class', CONSEQUENCE_CLASSES, 'GISTM consequence class of the facility at issue'),
  col.integer('pages', 'Pages including appendices', { unit: 'pages' }),
  col.integer('file_size_bytes', 'Size of the PDF', { unit: 'B' }),
  col.string('language', 'Language of the document (BCP 47 tag)', { length: 8 }),
  col.enum('confidentiality', CONFIDENTIALITY_LEVELS, 'Distribution: public, internal or restricted'),
  col.json('keywords', 'Three to six keywords of the document (array of strings)'),
  col.string(
    'supersedes',
    'Document number of the previous edition this one replaces (plans, manuals, models); null otherwise',
    {
      nullable: true,
      length: 40,
    },
  ),
  col.date(
    'next_review_date',
    'When the document is next due: issue date plus its review interval; null for event-driven documents',
    {
      nullable: true,
    },
  ),
  EVENT_ID_COLUMN,
] as const

/** The document data type: its table, its columns and its stats breakdown (see `DataTypeDefinition`). */
export default defineDataType({
  id: 'document',
  tableSuffix: 'document_data',
  timeColumn: 'issue_date',
  columns: DOCUMENT_COLUMNS,
  generator: documentGenerator,
  breakdown: async (q) => ({
    byType: await q.countBy('doc_type'),
    byStatus: await q.countBy('status'),
    byConfidentiality: await q.countBy('confidentiality'),
  }),
})
