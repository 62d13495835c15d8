import type { Knex } from 'knex'
import { InternalError } from '../errors.js'
import type { DialectAdapter, TableRef } from '../dialects/dialect.js'
import type { ColumnType } from '../generators/columns.js'

/**
 * A column with its type and options, created the way the shipped migrations create theirs. The migrations
 * themselves use their own frozen copy of this (`migrations/lib/frozen-schema.ts`) and import nothing from
 * here; this one serves code and tests that build tables of the same shape.
 */
export type FrozenColumn = readonly [name: string, type: ColumnType, options?: FrozenColumnOptions]
export interface FrozenColumnOptions {
  readonly nullable?: boolean
  readonly values?: readonly string[]
  readonly length?: number
}

/** Adds one frozen column with the engine's best type: timestamps with milliseconds, enums checked. */
export function addColumn(
  table: Knex.CreateTableBuilder,
  column: FrozenColumn,
  adapter: DialectAdapter,
): Knex.ColumnBuilder {
  const [name, type, options = {}] = column
  let builder: Knex.ColumnBuilder
  switch (type) {
    case 'integer':
      builder = table.integer(name)
      break
    case 'bigint':
      builder = table.bigInteger(name)
      break
    case 'float':
      builder = table.double(name)
      break
    case 'string':
      builder = options.values
        ? table.enu(name, [...checkedEnumValues(name, options.values)])
        : table.string(name, options.length ?? 255)
      break
    case 'uuid':
      builder = adapter.addUuidColumn(table, name)
      break
    case 'text':
      builder = table.text(name)
      break
    case 'timestamp':
      builder = timestampColumn(table, name)
      break
    case 'date':
      builder = table.date(name)
      break
    case 'boolean':
      builder = table.boolean(name)
      break
    case 'json':
      builder = adapter.addJsonColumn(table, name)
      break
  }
  return options.nullable ? builder.nullable() : builder.notNullable()
}

/** A timestamp with milliseconds: timestamptz(3) on PostgreSQL, datetime(3) on MySQL, ISO text on SQLite. */
export function timestampColumn(table: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder {
  return table.datetime(name, { precision: 3, useTz: true })
}

/** `schema.createTable` in the table's schema. */
export function schemaOf(db: Knex, table: TableRef): Knex.SchemaBuilder {
  return table.schema ? db.schema.withSchema(table.schema) : db.schema
}

// Knex writes enum values into CHECK and ENUM definitions without escaping them, so a quote or backslash would
// break (or change) the DDL. Enum values are the toolkit's own constants; refuse rather than trust that.
function checkedEnumValues(column: string, values: readonly string[]): readonly string[] {
  const bad = values.find((value) => /['"\\]/.test(value) || value.includes(String.fromCharCode(0)))
  if (bad !== undefined)
    throw new InternalError(
      `Enum value ${JSON.stringify(bad)} of column ${column} contains a quote or backslash`,
    )
  return values
}
