import type { Knex } from 'knex'
import { foreignTable, Install } from './lib/frozen-schema.js'
import { swapSqliteColumn } from './lib/sqlite-column-swap.js'

// Labels for machine learning on the monitoring table: three more sensor-fault kinds in `anomaly` (a stuck
// sensor, a calibration step, a duplicate timestamp), and the true value of each field a fault can corrupt
// beside the reading (nullable: rows written before have none). Imports nothing but knex and the frozen helpers.
//
// PostgreSQL: the CHECK of `anomaly` is replaced on the table, which on a table partitioned by dataset replaces
// it on every partition (they inherit it). MySQL/MariaDB: the ENUM gets the new values. SQLite keeps the CHECK
// in the column's definition: the column is swapped inside the migration's transaction (see the helper).
// `down` refuses while rows use the new kinds, and drops the clean values.

const KINDS_V1 = ['spike', 'drift', 'missing']
const KINDS_V2 = [...KINDS_V1, 'stuck', 'step', 'duplicate_timestamp']
const CLEAN = ['pore_pressure_clean_kpa', 'seepage_clean_l_s', 'turbidity_clean_ntu']

export async function up(knex: Knex): Promise<void> {
  const db = new Install(knex)
  const table = db.name('monitoring_data')
  // Clean columns found while this migration is unrecorded are the leftovers of an interrupted run (MySQL
  // commits each ALTER), empty unless another install wrote them: drop them and add them again.
  for (const column of CLEAN) {
    if (!(await db.ddl.hasColumn(table, column))) continue
    if ((await db.countRows('monitoring_data', (q) => void q.whereNotNull(column))) > 0)
      throw foreignTable(table)
    await db.ddl.alterTable(table, (t) => t.dropColumn(column))
  }
  await setAnomalyKinds(knex, db, KINDS_V2)
  await db.ddl.alterTable(table, (t) => {
    for (const column of CLEAN) db.column(t, [column, 'float', { nullable: true }])
  })
}

export async function down(knex: Knex): Promise<void> {
  const db = new Install(knex)
  const table = db.name('monitoring_data')
  // The earlier list cannot hold the new kinds: refuse, and say how to remove them, rather than lose them.
  const rows = (await (db.schema ? knex.withSchema(db.schema) : knex)
    .table(table)
    .distinct('dataset_id')
    .whereNotIn('anomaly', KINDS_V1)
    .orderBy('dataset_id')) as { dataset_id: number }[]
  if (rows.length > 0)
    throw new Error(
      `${table} holds readings of the anomaly kinds ${KINDS_V2.slice(KINDS_V1.length).join(', ')} in datasets ${rows.map((r) => r.dataset_id).join(', ')}, which the earlier schema lacks; remove those datasets first (tailingsiq-seed cleanup --dataset <id> --yes)`,
    )
  await db.ddl.alterTable(table, (t) => {
    for (const column of CLEAN) t.dropColumn(column)
  })
  await setAnomalyKinds(knex, db, KINDS_V1)
}

/** Makes `kinds` the values `anomaly` of the monitoring table allows (nulls stay allowed). */
async function setAnomalyKinds(knex: Knex, db: Install, kinds: readonly string[]): Promise<void> {
  const table = db.name('monitoring_data')
  // Literal constants of this file, not input: DDL takes no bound parameters.
  const list = kinds.map((k) => `'${k}'`).join(', ')
  if (db.engine === 'pg') {
    const ref = db.schema ? `${db.schema}.${table}` : table
    const name = await anomalyCheckName(knex, db, table)
    await knex.raw('alter table ?? drop constraint ??', [ref, name])
    await knex.raw(`alter table ?? add constraint ?? check (anomaly in (${list}))`, [ref, name])
  } else if (db.engine === 'mysql') {
    await knex.raw(`alter table ?? modify anomaly enum(${list}) null`, [table])
  } else {
    await swapSqliteColumn(knex, table, 'anomaly', (name) => `text check (\`${name}\` in (${list}))`)
  }
}

/** The name PostgreSQL gave the CHECK of `anomaly` (Knex's enum made it unnamed, so the server named it). */
async function anomalyCheckName(knex: Knex, db: Install, table: string): Promise<string> {
  const result = await knex.raw<{ rows: { name: string }[] }>(
    `select k.conname as name from pg_constraint k
       join pg_class c on c.oid = k.conrelid
       join pg_namespace n on n.oid = c.relnamespace
      where c.relname = ? and n.nspname = coalesce(?, current_schema()) and k.contype = 'c'
        and pg_get_constraintdef(k.oid) like '%anomaly%'`,
    [table, db.schema ?? null],
  )
  return result.rows[0]?.name ?? `${table}_anomaly_check`.slice(0, 63)
}
