import { BATCH_SIZE } from '../config/defaults.js'
import { parseIsoTimestamp } from '../formats/iso-time.js'
import { rowFactory } from './row-factory.js'
import type { Knex } from 'knex'
import type { ColumnSpec, ColumnType } from '../generators/columns.js'
import type { Row } from '../generators/generator.js'
import { encodeCanonicalBatches, type CanonicalRowBatch } from '../formats/canonical-row.js'
import type {
  BulkTarget,
  ColumnInfo,
  DatasetPartitions,
  DialectAdapter,
  DialectName,
  TableRef,
  TableStats,
  WriteColumn,
} from './dialect.js'
import { assertFiniteNumber, assertNoNul } from './value-checks.js'
import type { Logger } from '../util/logger.js'

/** Rows a batch of {@link DialectAdapterBase.streamRowBatches} holds. */
export const ROW_BATCH = 512

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

/**
 * The driver connection a transaction runs on (node-postgres client, mysql2 connection, better-sqlite3
 * database), for bulk paths Knex has no API for. Inside a transaction Knex hands back the transaction's own
 * connection and releasing it is a no-op, so statements issued on it are part of the transaction.
 */
export async function driverConnection<T>(trx: Knex.Transaction): Promise<T> {
  return (await (trx.client as { acquireConnection(): Promise<unknown> }).acquireConnection()) as T
}

/** Borrows a connection from the Knex pool (outside any transaction) and gives it back. */
export async function withPooledConnection<C, T>(db: Knex, fn: (connection: C) => Promise<T>): Promise<T> {
  const pool = db.client as {
    acquireConnection(): Promise<unknown>
    releaseConnection(connection: unknown): Promise<void>
  }
  const connection = (await pool.acquireConnection()) as C
  try {
    return await fn(connection)
  } finally {
    await pool.releaseConnection(connection)
  }
}

/** The rows a query returns, as plain records (Knex types them as `any`). */
export async function rowsOf(query: Knex.QueryBuilder): Promise<Record<string, unknown>[]> {
  const rows: unknown = await query
  return rows as Record<string, unknown>[]
}

/** The first row a query returns, or `undefined`. */
export async function firstOf(query: Knex.QueryBuilder): Promise<Record<string, unknown> | undefined> {
  return (await rowsOf(query.limit(1)))[0]
}

/** `count(*)` of a query's rows, as a number on every engine. */
export async function countOf(query: Knex.QueryBuilder): Promise<number> {
  const rows = await rowsOf(query.clone().clearSelect().clearOrder().count({ n: '*' }))
  return Number(rows[0]?.['n'] ?? 0)
}

/**
 * When `tableStats` counts a table's rows exactly instead of giving the engine's estimate: when the estimate
 * is missing (a PostgreSQL table never analysed) or small (estimates of small, freshly loaded tables are the
 * least reliable), and the table is small enough on disk for `count(*)` to stay well under a second.
 */
export function shouldCountExactly(estimate: number | null, heapBytes: number | null): boolean {
  const EXACT_COUNT_BELOW_ROWS = 1_000_000
  const EXACT_COUNT_MAX_BYTES = 256 * 1024 * 1024
  return (estimate === null || estimate < EXACT_COUNT_BELOW_ROWS) && (heapBytes ?? 0) <= EXACT_COUNT_MAX_BYTES
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
  /** Tables can live in a named schema. Default: false (PostgreSQL overrides). */
  readonly supportsSchemas: boolean = false
  /** A rolled-back transaction undoes its DDL. Default: false, the cautious answer (PostgreSQL and SQLite override). */
  readonly supportsTransactionalDdl: boolean = false
  /** `INSERT … RETURNING` works. Default: false (PostgreSQL and SQLite override). */
  readonly supportsReturning: boolean = false
  readonly supportsListPartitions: boolean = false
  /** Default: none, rows are written into the table and deleted row by row (SQLite). */
  readonly datasetPartitions: DatasetPartitions | undefined = undefined
  /** Statements run synchronously in this process. Default: false, a server over a socket (SQLite overrides). */
  readonly blocksEventLoop: boolean = false
  /** A file (or in-memory) database without a host. Default: false, a server (SQLite overrides). */
  readonly isEmbedded: boolean = false
  /** Default is 1000. */
  readonly maxRowsPerInsert: number = 1000
  /** Default: 250,000 (`BATCH_SIZE` in config/defaults.ts; MySQL/MariaDB override). */
  readonly defaultBatchSize: number = BATCH_SIZE.default
  /** Default: the portable multi-row INSERT path. */
  get bulkMethod(): string {
    return 'multi-row INSERT'
  }
  protected readonly db: Knex
  protected readonly logger: Logger | undefined

  constructor(db: Knex, logger?: Logger) {
    this.db = db
    this.logger = logger
  }

  /** Default: nothing to do. */
  async reclaimSpace(): Promise<void> {}

  encodeValue(column: WriteColumn, value: unknown): unknown {
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
        // Knex itself writes some timestamps (its migration times) as epoch milliseconds on SQLite.
        return raw instanceof Date
          ? raw.getTime()
          : typeof raw === 'number'
            ? raw
            : this.parseTimestampText(textOf(raw))
      case 'date':
        return raw instanceof Date ? raw.getTime() : Date.parse(`${textOf(raw).slice(0, 10)}T00:00:00Z`)
      case 'json':
        return this.decodeJson(raw)
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

  /**
   * A JSON column's value. Default: the driver already parsed it (node-postgres for jsonb; mysql2 for JSON
   * columns, which MariaDB marks in its column metadata), so a string here is a JSON string value.
   */
  protected decodeJson(raw: unknown): unknown {
    return raw
  }

  /** Epoch milliseconds of a timestamp the driver returned as text. Default: ISO-8601 with its zone. */
  protected parseTimestampText(text: string): number {
    const ms = parseIsoTimestamp(text, false)
    return ms === ms ? ms : Date.parse(text)
  }

  /** A database row decoded into the in-memory row form generators produce (epoch-ms timestamps, …). */
  decodeRow(columns: readonly ColumnSpec[], raw: Record<string, unknown>): Row {
    const row: Row = {}
    for (const column of columns) row[column.name] = this.decodeValue(column, raw[column.name])
    return row
  }

  /**
   * {@link decodeRow} for many rows of the same `columns`: each row made by one object literal
   * ({@link rowFactory}), where adding the properties one by one took most of an export's time.
   */
  protected rowDecoder(columns: readonly ColumnSpec[]): (raw: Record<string, unknown>) => Row {
    const make = rowFactory(columns.map((c) => c.name))
    const values = new Array<unknown>(columns.length)
    return (raw) => {
      for (let i = 0; i < columns.length; i++) {
        const column = columns[i] as ColumnSpec
        values[i] = this.decodeValue(column, raw[column.name])
      }
      return make(values)
    }
  }

  /** Default: {@link streamRows}, each row decoded as {@link decodeRow} does, in batches of {@link ROW_BATCH}. */
  async *streamRowBatches(query: Knex.QueryBuilder, columns: readonly ColumnSpec[]): AsyncIterable<Row[]> {
    const decode = this.rowDecoder(columns)
    let batch: Row[] = []
    for await (const raw of this.streamRows(query)) {
      batch.push(decode(raw))
      if (batch.length === ROW_BATCH) {
        yield batch
        batch = []
      }
    }
    if (batch.length > 0) yield batch
  }

  /** Default: {@link streamRows}, each row decoded with {@link decodeRow} and encoded. */
  streamCanonicalRows(
    query: Knex.QueryBuilder,
    columns: readonly ColumnSpec[],
  ): AsyncIterable<CanonicalRowBatch> {
    const decoded = async function* (adapter: DialectAdapterBase): AsyncGenerator<Row> {
      for await (const raw of adapter.streamRows(query)) yield adapter.decodeRow(columns, raw)
    }
    return encodeCanonicalBatches(decoded(this), columns)
  }

  /** Default: a FOR SHARE read (LOCK IN SHARE MODE on MySQL/MariaDB) of the row's delete mark. */
  async lockDatasetForWriting(trx: Knex.Transaction, table: TableRef, id: number): Promise<boolean> {
    const row = await firstOf(this.sharedLock(tableOf(trx, table).where({ id }).select('is_deleted')))
    return (
      row !== undefined &&
      this.decodeValue({ name: 'is_deleted', type: 'boolean', description: '' }, row['is_deleted']) !== true
    )
  }

  /** The shared row lock of {@link lockDatasetForWriting}. Default: FOR SHARE. */
  protected sharedLock(query: Knex.QueryBuilder): Knex.QueryBuilder {
    return query.forShare()
  }

  /** Default: SELECT … FOR UPDATE. */
  async lockRowForUpdate(trx: Knex.Transaction, table: TableRef, id: number): Promise<void> {
    await tableOf(trx, table).where({ id }).forUpdate().select('id')
  }

  /** Default: the portable path. Engines override with their bulk load. */
  bulkWrite(trx: Knex.Transaction, target: BulkTarget, rows: Iterable<Row>): Promise<number> {
    return this.insertWrite(trx, target, rows)
  }

  async insertWrite(trx: Knex.Transaction, target: BulkTarget, rows: Iterable<Row>): Promise<number> {
    let written = 0
    for (const chunk of this.chunks(target, rows)) {
      await tableOf(trx, target.table).insert(chunk)
      written += chunk.length
    }
    return written
  }

  /** Inserts rows, skipping any whose first column (the key) is already present: idempotent inserts. */
  async insertIgnoringDuplicates(
    trx: Knex.Transaction,
    target: BulkTarget,
    rows: Iterable<Row>,
  ): Promise<void> {
    const key = (target.columns[0] as WriteColumn).name
    for (const chunk of this.chunks(target, rows))
      await tableOf(trx, target.table).insert(chunk).onConflict(key).ignore()
  }

  /** `INSERT … RETURNING id` where {@link supportsReturning}, else the last insert id the driver reports. */
  async insertReturningId(
    trx: Knex | Knex.Transaction,
    table: TableRef,
    row: Record<string, unknown>,
  ): Promise<number> {
    if (this.supportsReturning) {
      const inserted: { id: unknown }[] = await tableOf(trx, table).insert(row).returning('id')
      return Number(inserted[0]?.id)
    }
    const [id] = (await tableOf(trx, table).insert(row)) as unknown as [number]
    return Number(id)
  }

  /** Rows per multi-row INSERT: within the engine's parameter and row limits. */
  protected rowsPerInsert(target: BulkTarget): number {
    const width = target.columns.length + target.fixed.length
    return Math.max(1, Math.min(this.maxRowsPerInsert, Math.floor(this.maxBindParameters / width)))
  }

  /** The rows encoded as column → value objects, lazily, in chunks that fit one statement. */
  protected *chunks(
    target: BulkTarget,
    rows: Iterable<Row>,
    size = this.rowsPerInsert(target),
  ): Generator<Record<string, unknown>[]> {
    const fixed: Record<string, unknown> = {}
    for (const { column, value } of target.fixed) fixed[column.name] = this.encodeValue(column, value)
    let chunk: Record<string, unknown>[] = []
    for (const row of rows) {
      const encoded: Record<string, unknown> = { ...fixed }
      for (const column of target.columns)
        encoded[column.name] = this.checkedValue(target.table, column, row[column.name])
      chunk.push(encoded)
      if (chunk.length === size) {
        yield chunk
        chunk = []
      }
    }
    if (chunk.length > 0) yield chunk
  }

  /** {@link encodeValue} after refusing what no engine stores faithfully (NaN, infinities, NUL). */
  protected checkedValue(table: TableRef, column: WriteColumn, value: unknown): unknown {
    if (typeof value === 'number') assertFiniteNumber(table, column, value)
    else if (typeof value === 'string') assertNoNul(table, column, value)
    return this.encodeValue(column, value)
  }

  /** Default: a plain CREATE TABLE. */
  async createClusteredTable(
    knex: Knex,
    table: TableRef,
    build: (t: Knex.CreateTableBuilder) => void,
  ): Promise<void> {
    await (table.schema ? knex.schema.withSchema(table.schema) : knex.schema).createTable(table.name, build)
  }

  /** Default: Knex's `uuid` (uuid on PostgreSQL, char(36) elsewhere). */
  addUuidColumn(table: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder {
    return table.uuid(name)
  }

  /** Default: a `json` column. */
  addJsonColumn(table: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder {
    return table.json(name)
  }

  /** Default: `CURRENT_TIMESTAMP(3)`. */
  readonly nowSql: string = 'CURRENT_TIMESTAMP(3)'

  /** Default (MySQL/MariaDB, whose `datetime` holds UTC): seconds from the epoch, whatever the session's zone. */
  readonly epochSecondsSql: string = "timestampdiff(second, '1970-01-01 00:00:00', ??)"
  readonly sampleStddevSql: string | undefined = 'stddev_samp(??)'

  /**
   * SQL of a column's value in a JSON object, per column type, with `??` for the column (as often as needed).
   * Default: the column as stored, for every type.
   */
  protected readonly jsonValueSql: Partial<Record<ColumnType, string>> = {}

  recordJsonSql(columns: readonly ColumnSpec[], alias: string): { sql: string; bindings: string[] } {
    const pairs = columns.map((column) => {
      const value = this.jsonValueSql[column.type] ?? '??'
      const uses = value.split('??').length - 1
      return {
        sql: `?, ${value}`,
        bindings: [column.name, ...Array<string>(uses).fill(`${alias}.${column.name}`)],
      }
    })
    return this.jsonObjectSql(pairs)
  }

  /** One JSON object of key/value pairs. Default: `json_object(…)` (MySQL/MariaDB and SQLite). */
  protected jsonObjectSql(pairs: readonly { sql: string; bindings: string[] }[]): {
    sql: string
    bindings: string[]
  } {
    return {
      sql: `json_object(${pairs.map((p) => p.sql).join(', ')})`,
      bindings: pairs.flatMap((p) => p.bindings),
    }
  }

  abstract streamRows(query: Knex.QueryBuilder): AsyncIterable<Record<string, unknown>>
  abstract tableStats(tables: readonly TableRef[]): Promise<TableStats[]>
  abstract columnType(table: TableRef, column: string): Promise<string | undefined>
  abstract listTables(schema?: string): Promise<string[]>
  abstract listColumns(table: TableRef): Promise<ColumnInfo[]>
  abstract databaseName(): Promise<string>
}
