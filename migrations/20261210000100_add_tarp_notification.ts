import type { Knex } from 'knex'
import { Install } from './lib/frozen-schema.js'
import { setEnumValues } from './lib/enum-values.js'

// A document type of its own for the TARP notification a linked event's trigger level sends out (before, an
// Incident Investigation Report stood in for it): `doc_type` and `doc_type_code` of the document table allow
// 'TARP Notification' / 'TARP'. Imports nothing but knex and the frozen helpers.
//
// PostgreSQL: each column's CHECK is replaced on the table, which on a table partitioned by dataset replaces it
// on every partition (they inherit it). MySQL/MariaDB: the ENUMs get the new value. SQLite keeps the CHECK in the
// column's definition: the column is swapped inside the migration's transaction (see the helper). `down` refuses
// while rows use the new type.

const NAMES_V1 = [
  'Design Basis Report',
  'Detailed Design Report',
  'Construction Records Report',
  'Operations, Maintenance and Surveillance Manual',
  'Emergency Preparedness and Response Plan',
  'Dam Breach and Inundation Analysis',
  'Consequence Classification Assessment',
  'Annual Construction and Performance Review',
  'Dam Safety Inspection Report',
  'Routine Inspection Report',
  'Dam Safety Review',
  'Independent Tailings Review Board Report',
  'Risk Assessment',
  'Tailings Management System Review',
  'Deviance Accountability Report',
  'Water Balance Model Report',
  'Monthly Monitoring Report',
  'Quarterly Monitoring Report',
  'Annual Monitoring Report',
  'Multi-Criteria Alternatives Analysis',
  'Geotechnical Investigation Report',
  'Closure Plan and Cost Estimate',
  'Public Disclosure Statement',
  'Stability Condition Declaration',
  'Periodic Dam Safety Review',
  'Conformance Audit Report',
  'Incident Investigation Report',
  'Regulatory Inspection Report',
]
const CODES_V1 = [
  'DBR',
  'DDR',
  'CRR',
  'OMS',
  'EPRP',
  'DBA',
  'CCA',
  'APR',
  'DSI',
  'RIR',
  'DSR',
  'ITRB',
  'RA',
  'TMS',
  'DAR',
  'WBM',
  'MON',
  'MAA',
  'GI',
  'CLP',
  'PDS',
  'DCE',
  'RPSB',
  'AUD',
  'INC',
  'RIN',
]
const NAMES_V2 = [...NAMES_V1, 'TARP Notification']
const CODES_V2 = [...CODES_V1, 'TARP']

export async function up(knex: Knex): Promise<void> {
  const db = new Install(knex)
  await setValues(knex, db, 'doc_type', NAMES_V2)
  await setValues(knex, db, 'doc_type_code', CODES_V2)
}

export async function down(knex: Knex): Promise<void> {
  const db = new Install(knex)
  const table = db.name('document_data')
  // The earlier lists cannot hold the new type: refuse, and say how to remove it, rather than lose it.
  const rows = (await (db.schema ? knex.withSchema(db.schema) : knex)
    .table(table)
    .distinct('dataset_id')
    .whereNotIn('doc_type_code', CODES_V1)
    .orderBy('dataset_id')) as { dataset_id: number }[]
  if (rows.length > 0)
    throw new Error(
      `${table} holds TARP Notification documents in datasets ${rows.map((r) => r.dataset_id).join(', ')}, which the earlier schema lacks; remove those datasets first (tailingsiq-seed cleanup --dataset <id> --yes)`,
    )
  await setValues(knex, db, 'doc_type_code', CODES_V1)
  await setValues(knex, db, 'doc_type', NAMES_V1)
}

/** Makes `values` the values `column` of the document table allows. */
async function setValues(knex: Knex, db: Install, column: string, values: readonly string[]): Promise<void> {
  await setEnumValues(knex, db, db.name('document_data'), column, values, false)
}
