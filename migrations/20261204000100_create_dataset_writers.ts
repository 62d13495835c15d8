import type { Knex } from 'knex'
import { currentSchemaOptions } from '../src/migrate/schema-context.js'

// Who is writing each dataset (or each shard of one) right now: one row per (dataset, part) while a process
// writes it, with its host, pid and a heartbeat, so a second writer is refused before it writes and a dead
// writer's part can be taken over at once. Everything else is written out here so this file never changes.

async function writersTable(): Promise<{ name: string; schema?: string; prefix: string }> {
  const options = await currentSchemaOptions()
  return {
    name: `${options.tablePrefix}dataset_writers`,
    prefix: options.tablePrefix,
    ...(options.schema ? { schema: options.schema } : {}),
  }
}

export async function up(knex: Knex): Promise<void> {
  const table = await writersTable()
  const schema = table.schema ? knex.schema.withSchema(table.schema) : knex.schema
  const dataSets = `${table.schema ? `${table.schema}.` : ''}${table.prefix}data_sets`
  await schema.createTable(table.name, (t) => {
    t.integer('dataset_id').unsigned().notNullable()
    t.string('part', 32).notNullable()
    t.string('holder', 36).notNullable()
    t.string('host', 255).notNullable()
    t.integer('pid').notNullable()
    t.string('process_start', 32).nullable()
    t.datetime('claimed_at', { precision: 3, useTz: true }).notNullable()
    t.datetime('heartbeat_at', { precision: 3, useTz: true }).notNullable()
    t.primary(['dataset_id', 'part'], `${table.prefix}dsw_pk`)
    t.foreign('dataset_id', `${table.prefix}dsw_ds_fk`).references('id').inTable(dataSets).onDelete('CASCADE')
  })
}

export async function down(knex: Knex): Promise<void> {
  const table = await writersTable()
  await (table.schema ? knex.schema.withSchema(table.schema) : knex.schema).dropTableIfExists(table.name)
}
