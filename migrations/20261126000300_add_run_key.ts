import type { Knex } from 'knex'
import { schemaOf } from '../src/migrate/schema-builder.js'
import { currentSchemaOptions } from '../src/migrate/schema-context.js'
import { tableNames } from '../src/schema/table-names.js'

// A run key makes dataset creation idempotent: the shards of one run (`run --shard K/N`) create each
// dataset of the plan once, whichever shard comes first, and all write into it.
export async function up(knex: Knex): Promise<void> {
  const options = await currentSchemaOptions()
  const table = tableNames(options).dataSets
  await schemaOf(knex, table).alterTable(table.name, (t) => {
    t.string('run_key', 64).nullable()
    t.unique(['run_key'], { indexName: `${options.tablePrefix}ds_run_key_idx` })
  })
}

export async function down(knex: Knex): Promise<void> {
  const options = await currentSchemaOptions()
  const table = tableNames(options).dataSets
  await schemaOf(knex, table).alterTable(table.name, (t) => {
    t.dropUnique(['run_key'], `${options.tablePrefix}ds_run_key_idx`)
    t.dropColumn('run_key')
  })
}
