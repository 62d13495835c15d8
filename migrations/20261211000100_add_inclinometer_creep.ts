import type { Knex } from 'knex'
import { Install } from './lib/frozen-schema.js'
import { swapSqliteColumn } from './lib/sqlite-column-swap.js'

// The inclinometer joins the TARP and the physical-event labels of the monitoring table: `trigger_parameter`
// allows 'inclinometer_mm' (the shear-zone rate set the level) and `event` allows 'creep' (accelerated creep with
// no other event in progress). Imports nothing but knex and the frozen helpers.
//
// PostgreSQL: each column's CHECK is replaced on the table, which on a table partitioned by dataset replaces it
// on every partition (they inherit it). MySQL/MariaDB: the ENUMs get the new value. SQLite keeps the CHECK in the
// column's definition: the column is swapped inside the migration's transaction (see the helper). Both columns
// stay nullable. `down` refuses while rows use the new values.

const TRIGGERS_V1 = ['freeboard_m', 'pore_pressure_kpa', 'seepage_l_s', 'turbidity_ntu']
const TRIGGERS_V2 = [...TRIGGERS_V1, 'inclinometer_mm']
const EVENTS_V1 = ['storm', 'raise', 'drain_blockage', 'phreatic_rise', 'freshet']
const EVENTS_V2 = [...EVENTS_V1, 'creep']

export async function up(knex: Knex): Promise<void> {
  const db = new Install(knex)
  await setValues(knex, db, 'trigger_parameter', TRIGGERS_V2)
  await setValues(knex, db, 'event', EVENTS_V2)
}

export async function down(knex: Knex): Promise<void> {
  const db = new Install(knex)
  const table = db.name('monitoring_data')
  // The earlier lists cannot hold the new values: refuse, and say how to remove them, rather than lose them.
  const rows = (await (db.schema ? knex.withSchema(db.schema) : knex)
    .table(table)
    .distinct('dataset_id')
    .where((q) => void q.whereNotIn('trigger_parameter', TRIGGERS_V1).orWhereNotIn('event', EVENTS_V1))
    .orderBy('dataset_id')) as { dataset_id: number }[]
  if (rows.length > 0)
    throw new Error(
      `${table} holds readings triggered by inclinometer_mm or labelled creep in datasets ${rows.map((r) => r.dataset_id).join(', ')}, which the earlier schema lacks; remove those datasets first (tailingsiq-seed cleanup --dataset <id> --yes)`,
    )
  await setValues(knex, db, 'event', EVENTS_V1)
  await setValues(knex, db, 'trigger_parameter', TRIGGERS_V1)
}

/** Makes `values` the values `column` of the monitoring table allows (nulls stay allowed). */
async function setValues(knex: Knex, db: Install, column: string, values: readonly string[]): Promise<void> {
  const table = db.name('monitoring_data')
  // Literal constants of this file, not input: DDL takes no bound parameters.
  const list = values.map((v) => `'${v}'`).join(', ')
  if (db.engine === 'pg') {
    const ref = db.schema ? `${db.schema}.${table}` : table
    const name = await checkName(knex, db, table, column)
    await knex.raw('alter table ?? drop constraint ??', [ref, name])
    await knex.raw(`alter table ?? add constraint ?? check (?? in (${list}))`, [ref, name, column])
  } else if (db.engine === 'mysql') {
    await knex.raw(`alter table ?? modify ?? enum(${list}) null`, [table, column])
  } else {
    await swapSqliteColumn(knex, table, column, (name) => `text check (\`${name}\` in (${list}))`)
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
