import type { Knex } from 'knex'
import { Install } from './lib/frozen-schema.js'
import { swapSqliteColumn } from './lib/sqlite-column-swap.js'

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

/** Makes `values` the values `column` of the document table allows (not null). */
async function setValues(knex: Knex, db: Install, column: string, values: readonly string[]): Promise<void> {
  const table = db.name('document_data')
  // Literal constants of this file, not input: DDL takes no bound parameters.
  const list = values.map((v) => `'${v}'`).join(', ')
  if (db.engine === 'pg') {
    const ref = db.schema ? `${db.schema}.${table}` : table
    const name = await checkName(knex, db, table, column)
    await knex.raw('alter table ?? drop constraint ??', [ref, name])
    await knex.raw(`alter table ?? add constraint ?? check (?? in (${list}))`, [ref, name, column])
  } else if (db.engine === 'mysql') {
    await knex.raw(`alter table ?? modify ?? enum(${list}) not null`, [table, column])
  } else {
    await swapSqliteColumn(
      knex,
      table,
      column,
      (name) => `text not null default '${values[0] as string}' check (\`${name}\` in (${list}))`,
    )
  }
}

/** The name PostgreSQL gave the CHECK on `column` alone (Knex's enum made it unnamed, so the server named it). */
async function checkName(knex: Knex, db: Install, table: string, column: string): Promise<string> {
  const result = await knex.raw<{ rows: { name: string }[] }>(
    `select k.conname as name from pg_constraint k
       join pg_class c on c.oid = k.conrelid
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum = k.conkey[1]
      where c.relname = ? and n.nspname = coalesce(?, current_schema()) and k.contype = 'c'
        and cardinality(k.conkey) = 1 and a.attname = ?`,
    [table, db.schema ?? null, column],
  )
  return result.rows[0]?.name ?? `${table}_${column}_check`.slice(0, 63)
}
