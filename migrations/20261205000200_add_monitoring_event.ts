import type { Knex } from 'knex'
import { foreignTable, Install } from './lib/frozen-schema.js'

// The physical cause of a monitoring reading's deviation (a storm, a raise, a blocked drain, a rising
// phreatic surface, a snowmelt freshet), beside the sensor anomaly, so alarms can be told apart by cause.
// Nullable: rows written before it have no label. Imports nothing but knex and the frozen helper.

const EVENTS = ['storm', 'raise', 'drain_blockage', 'phreatic_rise', 'freshet']

export async function up(knex: Knex): Promise<void> {
  const db = new Install(knex)
  const table = db.name('monitoring_data')
  // A column found here while this migration is unrecorded is a leftover of an interrupted run, empty unless
  // another install wrote it: drop it and add it again.
  if (await db.ddl.hasColumn(table, 'event')) {
    if (
      (await db.countRows('monitoring_data', (q) => {
        void q.whereNotNull('event')
      })) > 0
    )
      throw foreignTable(table)
    await db.ddl.alterTable(table, (t) => t.dropColumn('event'))
  }
  await db.ddl.alterTable(table, (t) => {
    db.column(t, ['event', 'string', { nullable: true, values: EVENTS }])
  })
}

export async function down(knex: Knex): Promise<void> {
  const db = new Install(knex)
  await db.ddl.alterTable(db.name('monitoring_data'), (t) => t.dropColumn('event'))
}
