import type { Knex } from 'knex'
import type { TableRef } from '../dialects/dialect.js'

/** The schema builder for a table's schema (`db.schema.withSchema(…)` when it has one). */
export function schemaOf(db: Knex, table: TableRef): Knex.SchemaBuilder {
  return table.schema ? db.schema.withSchema(table.schema) : db.schema
}
