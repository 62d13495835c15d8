import type { Knex } from 'knex'
import { foreignTable, Install } from './lib/frozen-schema.js'

// The true values a sensor fault hides that have no clean column of their own, as one JSON object per faulty
// reading (`clean_values`): under a telemetry gap the other channels, under a duplicate timestamp the true time.
// Nullable: readings without a fault, and rows written before, have none. A plain column add on every engine
// (jsonb on PostgreSQL, whose partitions of the table partitioned by dataset inherit it; json on MySQL/MariaDB;
// text on SQLite). Imports nothing but knex and the frozen helper.

const COLUMN = 'clean_values'

export async function up(knex: Knex): Promise<void> {
  const db = new Install(knex)
  const table = db.name('monitoring_data')
  // A column found here while this migration is unrecorded is a leftover of an interrupted run (MySQL commits
  // each ALTER), empty unless another install wrote it: drop it and add it again.
  if (await db.ddl.hasColumn(table, COLUMN)) {
    if ((await db.countRows('monitoring_data', (q) => void q.whereNotNull(COLUMN))) > 0)
      throw foreignTable(table)
    await db.ddl.alterTable(table, (t) => t.dropColumn(COLUMN))
  }
  await db.ddl.alterTable(table, (t) => {
    db.column(t, [COLUMN, 'json', { nullable: true }])
  })
}

export async function down(knex: Knex): Promise<void> {
  const db = new Install(knex)
  await db.ddl.alterTable(db.name('monitoring_data'), (t) => t.dropColumn(COLUMN))
}
