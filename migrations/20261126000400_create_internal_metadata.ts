import type { Knex } from 'knex'
import { schemaOf, timestampColumn } from '../src/migrate/schema-builder.js'
import { currentSchemaOptions } from '../src/migrate/schema-context.js'
import { adapterFor } from '../src/dialects/dialect-registry.js'
import { tableNames } from '../src/schema/table-names.js'

// Key/value facts about the database itself, as Rails keeps in ar_internal_metadata: above all the
// environment it was seeded under, so destructive commands can refuse a database seeded as production.
export async function up(knex: Knex): Promise<void> {
  const table = tableNames(await currentSchemaOptions()).metadata
  const adapter = await adapterFor(knex)
  await schemaOf(knex, table).createTable(table.name, (t) => {
    t.string('key', 64).primary()
    t.string('value', 255).notNullable()
    timestampColumn(t, 'updated_at').notNullable().defaultTo(knex.raw(adapter.nowSql))
  })
}

export async function down(knex: Knex): Promise<void> {
  const table = tableNames(await currentSchemaOptions()).metadata
  await schemaOf(knex, table).dropTableIfExists(table.name)
}
