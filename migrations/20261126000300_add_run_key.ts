import type { Knex } from 'knex'
import { foreignTable, Install } from './lib/frozen-schema.js'

// A run key makes dataset creation idempotent: the shards of one run (`run --shard K/N`) create each
// dataset of the plan once, whichever shard comes first, and all write into it. Imports nothing but knex and
// the frozen helper.
export async function up(knex: Knex): Promise<void> {
  const db = new Install(knex)
  const table = db.name('data_sets')
  // MySQL commits the column and the index one by one: a run killed between them leaves the column behind,
  // unrecorded and empty. Drop it (with its index, if made) and add both again.
  if (await db.ddl.hasColumn(table, 'run_key')) {
    if (
      (await db.countRows('data_sets', (q) => {
        void q.whereNotNull('run_key')
      })) > 0
    )
      throw foreignTable(table)
    if (db.engine === 'sqlite') await knex.raw('drop index if exists ??', [`${db.prefix}ds_run_key_idx`])
    await db.ddl.alterTable(table, (t) => t.dropColumn('run_key'))
  }
  await db.ddl.alterTable(table, (t) => {
    t.string('run_key', 64).nullable()
    t.unique(['run_key'], { indexName: `${db.prefix}ds_run_key_idx` })
  })
}

export async function down(knex: Knex): Promise<void> {
  const db = new Install(knex)
  await db.ddl.alterTable(db.name('data_sets'), (t) => {
    t.dropUnique(['run_key'], `${db.prefix}ds_run_key_idx`)
    t.dropColumn('run_key')
  })
}
