import type Database from 'better-sqlite3'
import type { Knex } from 'knex'
import { formatIsoDate, formatIsoTimestamp } from '../../formats/iso-time.js'
import type { Row } from '../../generators/generator.js'
import { driverConnection } from '../dialect-adapter-base.js'
import type { BulkTarget, WriteColumn } from '../dialect.js'
import { assertFiniteNumber, assertNoNul } from '../value-checks.js'
import { CHUNK_LANES, type ChunkColumn, type ColumnBatch } from '../../seeding/column-chunks.js'

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
 * Rows per execution of the multi-row statement: each `run` crosses from JavaScript into SQLite once, so
 * binding many rows at a time spends that crossing (and the statement's reset) once for all of them. Measured on
 * the monitoring table (1,000,000 rows, rows generated on the generation thread, 16 KiB pages): 131,000-145,000
 * rows/s with 64 rows a run, 142,000-156,000 with 128 and 144,000-154,000 with 256 (the least main-thread CPU);
 * 32 rows a run had been about 20 % less CPU per row than one.
 */
const ROWS_PER_RUN = 256

/** The insert statements of a target on one connection, and the bind array that rows are written into. */
class StatementInsert {
  readonly width: number
  readonly perRun: number
  /** Bind values of `perRun` rows, row after row; a row's fixed values first. */
  readonly values: unknown[]
  readonly fixed: readonly unknown[]
  readonly #connection: Database.Database
  readonly #target: BulkTarget
  readonly #names: readonly string[]
  readonly #many: Database.Statement
  #pending = 0

  constructor(connection: Database.Database, target: BulkTarget) {
    this.#connection = connection
    this.#target = target
    this.#names = [...target.fixed.map((f) => f.column.name), ...target.columns.map((c) => c.name)]
    this.width = this.#names.length
    this.perRun = Math.max(1, Math.min(ROWS_PER_RUN, Math.floor(32_766 / this.width)))
    this.#many = this.#prepare(this.perRun)
    this.values = new Array<unknown>(this.perRun * this.width)
    this.fixed = target.fixed.map(({ column, value }) => bindEncoder(target, column)(value))
  }

  /** Where the next row's values go in {@link values} (its fixed values are already there). */
  rowStart(): number {
    let at = this.#pending * this.width
    for (const value of this.fixed) this.values[at++] = value
    return at
  }

  /** The row written at {@link rowStart} is complete: runs the statement once `perRun` rows are. */
  rowDone(): void {
    if (++this.#pending === this.perRun) {
      this.#many.run(this.values)
      this.#pending = 0
    }
  }

  /** Inserts the rows still pending, one at a time. */
  finish(): void {
    if (this.#pending === 0) return
    const one = this.#prepare(1)
    for (let r = 0; r < this.#pending; r++) one.run(this.values.slice(r * this.width, (r + 1) * this.width))
    this.#pending = 0
  }

  #prepare(tuples: number): Database.Statement {
    const quote = (name: string) => `"${name.replaceAll('"', '""')}"`
    const tuple = `(${this.#names.map(() => '?').join(', ')})`
    return this.#connection.prepare(
      `INSERT INTO ${quote(this.#target.table.name)} (${this.#names.map(quote).join(', ')}) VALUES ${Array.from({ length: tuples }, () => tuple).join(', ')}`,
    )
  }
}

/**
 * Inserts `rows` through prepared statements on the transaction's connection: in-process, no SQL text per
 * row, the fastest path SQLite has. Rows go 32 to a statement (the rest one at a time), well under SQLite's
 * 32,766 bound parameters for any table width the toolkit writes.
 */
export async function insertWithStatement(
  trx: Knex.Transaction,
  target: BulkTarget,
  rows: Iterable<Row>,
): Promise<number> {
  const insert = new StatementInsert(await driverConnection<Database.Database>(trx), target)
  const { values } = insert
  const encoders = target.columns.map((column) => ({
    name: column.name,
    encode: bindEncoder(target, column),
  }))
  let count = 0
  for (const row of rows) {
    let at = insert.rowStart()
    for (let i = 0; i < encoders.length; i++) {
      const { name, encode } = encoders[i] as (typeof encoders)[number]
      const value = row[name]
      values[at++] = value === null || value === undefined ? null : encode(value)
    }
    count++
    insert.rowDone()
  }
  insert.finish()
  return count
}

/**
 * Inserts a batch that arrives column by column from the generation thread, as {@link insertWithStatement}
 * inserts rows: the same statements and the same bound values (the thread has checked them), read straight from
 * the chunks' lanes with no row object in between. The event loop turns while the thread's next chunk is awaited.
 */
export async function insertColumnsWithStatement(
  trx: Knex.Transaction,
  target: BulkTarget,
  batch: ColumnBatch,
): Promise<number> {
  const insert = new StatementInsert(await driverConnection<Database.Database>(trx), target)
  const { values } = insert
  let count = 0
  for await (const { chunk, from, to } of batch) {
    const { columns } = chunk
    for (let r = from; r < to; r++) {
      let at = insert.rowStart()
      for (let c = 0; c < columns.length; c++) {
        const column = columns[c] as ChunkColumn
        if (column.lane === CHUNK_LANES.text) {
          const code = column.codes[r] as number
          values[at++] = code === 0 ? null : column.texts[code - 1]
          continue
        }
        const value = column.numbers[r] as number
        values[at++] =
          value !== value
            ? null
            : column.lane === CHUNK_LANES.timestamp
              ? formatIsoTimestamp(value)
              : column.lane === CHUNK_LANES.date
                ? formatIsoDate(value)
                : value
      }
      insert.rowDone()
    }
    count += to - from
  }
  insert.finish()
  return count
}
