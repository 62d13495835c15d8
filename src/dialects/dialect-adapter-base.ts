import type { Knex } from 'knex'
import type { ColumnSpec } from '../generators/columns.js'
import type { Row } from '../generators/generator.js'
import type { DialectAdapter, DialectName, InsertBatch, TableRef } from './dialect.js'

/** `YYYY-MM-DD` of an epoch-millisecond date. */
export function isoDateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/** The text of a value a driver returned (a string, a Buffer of text, or a number). */
function textOf(raw: unknown): string {
  if (typeof raw === 'string') return raw
  if (Buffer.isBuffer(raw)) return raw.toString('utf8')
  return JSON.stringify(raw)
}

/** A Knex query builder on `table`, in its schema when it has one. */
export function tableOf(db: Knex | Knex.Transaction, table: TableRef): Knex.QueryBuilder {
  return table.schema ? db.withSchema(table.schema).table(table.name) : db.table(table.name)
}

/**
 * Defaults shared by the engines: value encoding for bind parameters, decoding of what drivers return, and
 * multi-row INSERTs sized so that no statement exceeds the engine's parameter or row limits.
 */
export abstract class DialectAdapterBase implements DialectAdapter {
  abstract readonly dialect: DialectName
  abstract readonly maxBindParameters: number
  /** Default is 1000. */
  readonly maxRowsPerInsert: number = 1000
  protected readonly db: Knex

  constructor(db: Knex) {
    this.db = db
  }

  encodeValue(column: ColumnSpec, value: unknown): unknown {
    if (value === null || value === undefined) return null
    switch (column.type) {
      case 'timestamp':
        return this.encodeTimestamp(value as number)
      case 'date':
        return isoDateOf(value as number)
      case 'json':
        return JSON.stringify(value)
      case 'boolean':
        return this.encodeBoolean(value as boolean)
      default:
        return value
    }
  }

  /** Default: ISO-8601 UTC text. */
  protected encodeTimestamp(ms: number): string {
    return new Date(ms).toISOString()
  }

  /** Default: 1 or 0. */
  protected encodeBoolean(value: boolean): unknown {
    return value ? 1 : 0
  }

  decodeValue(column: ColumnSpec, raw: unknown): unknown {
    if (raw === null || raw === undefined) return null
    switch (column.type) {
      case 'timestamp':
        return raw instanceof Date ? raw.getTime() : this.parseTimestampText(textOf(raw))
      case 'date':
        return raw instanceof Date ? raw.getTime() : Date.parse(`${textOf(raw).slice(0, 10)}T00:00:00Z`)
      case 'json':
        return typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw
      case 'boolean':
        return typeof raw === 'boolean' ? raw : Number(raw) !== 0
      case 'integer':
      case 'bigint':
      case 'float':
        return typeof raw === 'number' ? raw : Number(raw)
      default:
        return raw
    }
  }

  /** Epoch milliseconds of a timestamp the driver returned as text. Default: ISO-8601 with its zone. */
  protected parseTimestampText(text: string): number {
    return Date.parse(text)
  }

  /** A database row decoded into the in-memory row form generators produce (epoch-ms timestamps, …). */
  decodeRow(columns: readonly ColumnSpec[], raw: Record<string, unknown>): Row {
    const row: Row = {}
    for (const column of columns) row[column.name] = this.decodeValue(column, raw[column.name])
    return row
  }

  async insertRows(trx: Knex.Transaction, batch: InsertBatch): Promise<void> {
    for (const chunk of this.chunks(batch)) await tableOf(trx, batch.table).insert(chunk)
  }

  async insertRowsIgnoringDuplicates(trx: Knex.Transaction, batch: InsertBatch): Promise<void> {
    const key = batch.columns[0]?.name as string
    for (const chunk of this.chunks(batch))
      await tableOf(trx, batch.table).insert(chunk).onConflict(key).ignore()
  }

  /** Default: the driver reports the last insert id. */
  async insertReturningId(
    trx: Knex | Knex.Transaction,
    table: TableRef,
    row: Record<string, unknown>,
  ): Promise<number> {
    const [id] = (await tableOf(trx, table).insert(row)) as unknown as [number]
    return Number(id)
  }

  /** The rows encoded as column → value objects, in chunks that fit one statement. */
  protected *chunks(batch: InsertBatch): Generator<Record<string, unknown>[]> {
    const { columns, rows, fixed = {} } = batch
    const width = columns.length + Object.keys(fixed).length
    const size = Math.max(1, Math.min(this.maxRowsPerInsert, Math.floor(this.maxBindParameters / width)))
    for (let start = 0; start < rows.length; start += size) {
      const chunk: Record<string, unknown>[] = []
      for (const row of rows.slice(start, start + size)) {
        const encoded: Record<string, unknown> = { ...fixed }
        for (const column of columns) encoded[column.name] = this.encodeValue(column, row[column.name])
        chunk.push(encoded)
      }
      yield chunk
    }
  }

  /** Default: a `json` column. */
  addJsonColumn(table: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder {
    return table.json(name)
  }

  /** Default: `CURRENT_TIMESTAMP(3)`. */
  readonly nowSql: string = 'CURRENT_TIMESTAMP(3)'

  abstract columnType(table: TableRef, column: string): Promise<string | undefined>
  abstract databaseName(): Promise<string>
}
