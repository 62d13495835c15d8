import type { Knex } from 'knex'
import { adapterFor } from '../src/dialects/dialect-registry.js'
import { schemaOf, timestampColumn } from '../src/migrate/schema-builder.js'
import { currentSchemaOptions } from '../src/migrate/schema-context.js'
import { qualifiedName, tableNames } from '../src/schema/table-names.js'

// Background generation jobs of `serve`: which server instance runs each and when it last said so, so a
// restarted server (or any live one, once the heartbeat is stale) can mark the jobs of a dead one failed.
export const JOB_STATUSES_V1 = ['queued', 'running', 'completed', 'failed'] as const

export async function up(knex: Knex): Promise<void> {
  const options = await currentSchemaOptions()
  const tables = tableNames(options)
  const adapter = await adapterFor(knex)
  await schemaOf(knex, tables.jobs).createTable(tables.jobs.name, (t) => {
    t.string('id', 36).primary()
    t.integer('dataset_id').unsigned().notNullable()
    t.enu('status', [...JOB_STATUSES_V1])
      .notNullable()
      .defaultTo('queued')
    t.string('created_by', 255).nullable()
    t.string('instance', 255).notNullable()
    t.text('error').nullable()
    timestampColumn(t, 'created_at').notNullable().defaultTo(knex.raw(adapter.nowSql))
    timestampColumn(t, 'started_at').nullable()
    timestampColumn(t, 'finished_at').nullable()
    timestampColumn(t, 'heartbeat_at').notNullable().defaultTo(knex.raw(adapter.nowSql))
    t.index(['status', 'heartbeat_at'], `${options.tablePrefix}job_status_idx`)
    t.index(['dataset_id'], `${options.tablePrefix}job_ds_idx`)
    t.foreign('dataset_id', `${options.tablePrefix}job_ds_fk`)
      .references('id')
      .inTable(qualifiedName(tables.dataSets))
      .onDelete('CASCADE')
  })
}

export async function down(knex: Knex): Promise<void> {
  const table = tableNames(await currentSchemaOptions()).jobs
  await schemaOf(knex, table).dropTableIfExists(table.name)
}
