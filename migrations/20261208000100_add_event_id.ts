import type { Knex } from 'knex'
import { foreignTable, Install } from './lib/frozen-schema.js'

// Linked events: the id of the physical event (a storm, a seepage increase, a blocked drain) a record belongs
// to, on every typed table whose records an event leaves (the monitoring readings, the notification and the
// inspection documents, the compliance finding, the sampling campaign, the remediation cost), so they join
// across types. Nullable: records of no event, and rows written before, have none. A plain column add on
// every engine (on PostgreSQL the partitions of a table partitioned by dataset inherit it). Imports nothing but
// knex and the frozen helper.

const TABLES = ['monitoring_data', 'document_data', 'compliance_data', 'environmental_data', 'financial_data']

export async function up(knex: Knex): Promise<void> {
  const db = new Install(knex)
  for (const suffix of TABLES) {
    const table = db.name(suffix)
    // A column found here while this migration is unrecorded is a leftover of an interrupted run (MySQL
    // commits each ALTER), empty unless another install wrote it: drop it and add it again.
    if (await db.ddl.hasColumn(table, 'event_id')) {
      if ((await db.countRows(suffix, (q) => void q.whereNotNull('event_id'))) > 0) throw foreignTable(table)
      await db.ddl.alterTable(table, (t) => t.dropColumn('event_id'))
    }
    await db.ddl.alterTable(table, (t) => {
      db.column(t, ['event_id', 'string', { nullable: true, length: 64 }])
    })
  }
}

export async function down(knex: Knex): Promise<void> {
  const db = new Install(knex)
  for (const suffix of [...TABLES].reverse()) {
    await db.ddl.alterTable(db.name(suffix), (t) => t.dropColumn('event_id'))
  }
}
