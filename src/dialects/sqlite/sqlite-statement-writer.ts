import type Database from 'better-sqlite3'
import type { Knex } from 'knex'
import { formatIsoDate, formatIsoTimestamp } from '../../formats/iso-time.js'
import type { Row } from '../../generators/generator.js'
import { driverConnection } from '../dialect-adapter-base.js'
import type { BulkTarget, WriteColumn } from '../dialect.js'
import { assertFiniteNumber, assertNoNul } from '../value-checks.js'

function bindEncoder(target: BulkTarget, column: WriteColumn): (value: unknown) => unknown {
  const table = target.table
  switch (column.type) {
    case 'integer':
    case 'bigint':
    case 'float':
      return (v) => {
        assertFiniteNumber(table, column, v as number)
        return v
      }
    // The same ISO-8601 text everywhere in SQLite (and in files), so text comparisons order by time.
    case 'timestamp':
      return (v) => formatIsoTimestamp(v as number)
    case 'date':
      return (v) => formatIsoDate(v as number)
    // better-sqlite3 refuses booleans.
    case 'boolean':
      return (v) => (v ? 1 : 0)
    case 'json':
      return (v) => JSON.stringify(v)
    case 'json-text':
    case 'string':
    case 'uuid':
    case 'text':
      return (v) => {
        assertNoNul(table, column, v as string)
        return v
      }
  }
}

/**
 * Inserts `rows` through one prepared statement on the transaction's connection: in-process, no SQL text
 * per row, the fastest path SQLite has (310k rows/s measured in one transaction).
 */
export async function insertWithStatement(
  trx: Knex.Transaction,
  target: BulkTarget,
  rows: Iterable<Row>,
): Promise<number> {
  const connection = await driverConnection<Database.Database>(trx)
  const names = [...target.fixed.map((f) => f.column.name), ...target.columns.map((c) => c.name)]
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`
  const statement = connection.prepare(
    `INSERT INTO ${quote(target.table.name)} (${names.map(quote).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
  )
  const values: unknown[] = target.fixed.map(({ column, value }) => bindEncoder(target, column)(value))
  const offset = values.length
  const encoders = target.columns.map((column) => ({
    name: column.name,
    encode: bindEncoder(target, column),
  }))
  let count = 0
  for (const row of rows) {
    for (let i = 0; i < encoders.length; i++) {
      const { name, encode } = encoders[i] as (typeof encoders)[number]
      const value = row[name]
      values[offset + i] = value === null || value === undefined ? null : encode(value)
    }
    statement.run(values)
    count++
  }
  return count
}
