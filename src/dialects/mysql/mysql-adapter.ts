import { BATCH_SIZE } from '../../config/defaults.js'
import { parseIsoTimestamp } from '../../formats/iso-time.js'
import type { Knex } from 'knex'
import type { Logger } from '../../util/logger.js'
import type { Row } from '../../generators/generator.js'
import type { ColumnSpec } from '../../generators/columns.js'
import { rowFactory } from '../row-factory.js'
import {
  DialectAdapterBase,
  ROW_BATCH,
  countOf,
  shouldCountExactly,
  tableOf,
} from '../dialect-adapter-base.js'
import type { Readable } from 'node:stream'
import type { BulkTarget, ColumnInfo, TableRef, TableStats } from '../dialect.js'

interface Mysql2StreamingConnection {
  query(options: { sql: string; values: unknown[]; rowsAsArray?: boolean }): {
    stream(options: { highWaterMark: number }): Readable
  }
}
import { isLocalInfileRefused, loadDataRows } from './mysql-load-data-writer.js'
import { MysqlDatasetPartitions } from './mysql-dataset-partitions.js'

/**
 * Whether a MariaDB server takes InnoDB's bulk insert into an empty table (MDEV-24621) for LOAD DATA without the
 * fault that made it slow or abort when the temporary directory filled (MDEV-34703): 10.11.11+, 11.4.5+, 11.7.2+,
 * the versions `mariadb-import` enables it for. MySQL has no such path.
 *
 * ### Examples
 * ```ts
 * takesBulkInsert('10.11.19-MariaDB-0+deb12u1') // true
 * takesBulkInsert('10.6.20-MariaDB') // false
 * takesBulkInsert('8.0.36') // false
 * ```
 */
export function takesBulkInsert(version: string): boolean {
  const match = /^(\d+)\.(\d+)\.(\d+)-MariaDB/i.exec(version)
  if (!match) return false
  const [major, minor, patch] = match.slice(1).map(Number) as [number, number, number]
  const v = major * 10_000 + minor * 100 + patch
  return v >= 110_702 || (v >= 110_405 && v < 110_500) || (v >= 101_111 && v < 101_200)
}

/** MySQL/MariaDB: datetime(3) without a zone (we store UTC), JSON as text on MariaDB, booleans as tinyint. */
export class MysqlAdapter extends DialectAdapterBase {
  readonly dialect = 'mysql' as const
  readonly maxBindParameters = 65_535
  /** A million: a dataset's first million rows go into its empty load table on InnoDB's bulk insert (see `bulkWrite`). */
  override readonly defaultBatchSize = BATCH_SIZE.mysql
  // supportsTransactionalDdl stays false: MySQL/MariaDB commit DDL implicitly. supportsReturning stays false:
  // MySQL has no RETURNING (MariaDB has it for INSERT from 10.5 only).
  #localInfile = true
  #maxAllowedPacket: number | undefined
  /** Whether the server takes InnoDB's bulk insert (see {@link takesBulkInsert}); asked once. */
  #bulkInsert: boolean | undefined

  // json_extract(…, '$') marks text as JSON, so json_object embeds it rather than quoting it as a string.
  protected override readonly jsonValueSql = {
    timestamp: "concat(substring(date_format(??, '%Y-%m-%dT%H:%i:%s.%f'), 1, 23), 'Z')",
    date: "date_format(??, '%Y-%m-%d')",
    boolean: "json_extract(case when ?? then 'true' when not ?? then 'false' end, '$')",
    json: "json_extract(??, '$')",
  }

  override get bulkMethod(): string {
    return this.#localInfile ? 'LOAD DATA LOCAL INFILE' : 'multi-row INSERT (local infile refused)'
  }

  /**
   * LOAD DATA LOCAL INFILE; when the server (or client) refuses local infile, says so once and falls back to
   * multi-row INSERTs sized from max_allowed_packet for the rest of the connection's life. Into a table of the
   * writer's own (`target.exclusive`), on InnoDB's bulk insert where the server has it (see {@link withBulkInsert}).
   */
  override async bulkWrite(trx: Knex.Transaction, target: BulkTarget, rows: Iterable<Row>): Promise<number> {
    if (target.exclusive && (this.#bulkInsert ??= await this.#readBulkInsert(trx))) {
      return withBulkInsert(trx, () => this.#bulkWrite(trx, target, rows))
    }
    return this.#bulkWrite(trx, target, rows)
  }

  async #bulkWrite(trx: Knex.Transaction, target: BulkTarget, rows: Iterable<Row>): Promise<number> {
    if (this.#localInfile) {
      try {
        return await loadDataRows(trx, target, rows)
      } catch (error) {
        if (!isLocalInfileRefused(error)) throw error
        this.#localInfile = false
        const reason = (error as Error).message.split('\n')[0] ?? ''
        this.logger?.warn(
          `MySQL/MariaDB refused LOAD DATA LOCAL INFILE (${reason}); using multi-row INSERT, which is slower`,
        )
      }
    }
    return this.insertWrite(trx, target, rows)
  }

  override async insertWrite(
    trx: Knex.Transaction,
    target: BulkTarget,
    rows: Iterable<Row>,
  ): Promise<number> {
    this.#maxAllowedPacket ??= await this.readMaxAllowedPacket(trx)
    return super.insertWrite(trx, target, rows)
  }

  // Rows per INSERT from the packet limit: about 40 bytes of SQL per value, with a wide margin.
  protected override rowsPerInsert(target: BulkTarget): number {
    const byParameters = super.rowsPerInsert(target)
    if (this.#maxAllowedPacket === undefined) return byParameters
    const width = target.columns.length + target.fixed.length
    return Math.max(1, Math.min(byParameters, Math.floor(this.#maxAllowedPacket / 4 / (width * 40))))
  }

  async #readBulkInsert(trx: Knex.Transaction): Promise<boolean> {
    const [rows] = await trx.raw<[{ version: string }[]]>('select version() as version')
    return takesBulkInsert(String(rows?.[0]?.version ?? ''))
  }

  private async readMaxAllowedPacket(trx: Knex.Transaction): Promise<number> {
    const [rows] = await trx.raw<[{ size: number | string }[]]>('select @@max_allowed_packet as size')
    return Number(rows?.[0]?.size ?? 4 * 1024 * 1024)
  }

  override readonly supportsListPartitions = true
  override readonly datasetPartitions: MysqlDatasetPartitions

  constructor(db: Knex, logger?: Logger) {
    super(db, logger)
    this.datasetPartitions = new MysqlDatasetPartitions(db)
  }

  // MariaDB rejects the `T` and `Z` of ISO-8601 in datetime literals.
  protected override encodeTimestamp(ms: number): string {
    return new Date(ms).toISOString().replace('T', ' ').slice(0, 23)
  }

  protected override parseTimestampText(text: string): number {
    const ms = parseIsoTimestamp(text, true)
    return ms === ms ? ms : Date.parse(`${text.replace(' ', 'T')}Z`)
  }

  // Ids are ASCII: a binary collation compares bytes, much cheaper in indexes than utf8mb4's.
  override addUuidColumn(table: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder {
    return table.specificType(name, 'char(36) character set ascii collate ascii_bin')
  }

  async *streamRows(query: Knex.QueryBuilder): AsyncIterable<Record<string, unknown>> {
    for await (const batch of this.#rawBatches(query, 1000)) yield* batch
  }

  /** The rows in batches taken from the driver's stream as they are buffered: no promise per row. */
  override async *streamRowBatches(
    query: Knex.QueryBuilder,
    columns: readonly ColumnSpec[],
  ): AsyncIterable<Row[]> {
    // As arrays (the query selects `columns` in order): mysql2 then builds no object per row either.
    const make = rowFactory(columns.map((c) => c.name))
    for await (const batch of this.#rawBatches(query, ROW_BATCH, true)) {
      yield (batch as unknown as unknown[][]).map((values) => {
        // Decoded in place: the array is this row's own.
        for (let i = 0; i < columns.length; i++)
          values[i] = this.decodeValue(columns[i] as ColumnSpec, values[i])
        return make(values)
      })
    }
  }

  /**
   * The rows of `query` as mysql2 streams them, on a pooled connection, handed on in batches of up to `size`
   * read from the stream's buffer, with a wait only when it is empty. The connection goes back however the
   * caller stops.
   */
  async *#rawBatches(
    query: Knex.QueryBuilder,
    size: number,
    rowsAsArray = false,
  ): AsyncGenerator<Record<string, unknown>[]> {
    const { sql, bindings } = query.toSQL().toNative()
    const pool = this.db.client as {
      acquireConnection(): Promise<Mysql2StreamingConnection>
      releaseConnection(c: unknown): Promise<void>
    }
    const connection = await pool.acquireConnection()
    const stream = connection
      .query({ sql, values: bindings as unknown[], rowsAsArray })
      .stream({ highWaterMark: 1000 })
    try {
      let batch: Record<string, unknown>[] = []
      for (;;) {
        const row = stream.read() as Record<string, unknown> | null
        if (row !== null) {
          batch.push(row)
          if (batch.length === size) {
            yield batch
            batch = []
          }
          continue
        }
        if (stream.errored) throw stream.errored
        if (stream.readableEnded || stream.destroyed) break
        if (batch.length > 0) {
          // The stream may end while the caller holds the batch: look again before waiting.
          yield batch
          batch = []
          continue
        }
        // Listening from the same turn as the empty read: an `end` it scheduled is not missed.
        await moreRows(stream)
      }
      if (batch.length > 0) yield batch
    } finally {
      // A row stream stopped early must be read to the end before the connection can serve anyone else; one
      // that failed is already destroyed and will emit nothing more.
      if (!stream.readableEnded && !stream.destroyed) {
        stream.resume()
        await new Promise<void>((resolve) => {
          stream.once('end', resolve)
          stream.once('error', () => resolve())
          stream.once('close', resolve)
        })
      }
      await pool.releaseConnection(connection)
    }
  }

  /** InnoDB's `table_rows` is a sampled estimate, often 0 right after a bulk load: small tables are counted. */
  async tableStats(tables: readonly TableRef[]): Promise<TableStats[]> {
    const stats: TableStats[] = []
    for (const table of tables) {
      const [rows] = await this.db.raw<
        [{ rows: number | null; heap: number | null; bytes: number | null }[]]
      >(
        'select table_rows as `rows`, data_length as heap, data_length + index_length as bytes from information_schema.tables where table_schema = database() and table_name = ?',
        [table.name],
      )
      const row = rows?.[0]
      const bytes = row?.bytes === undefined || row.bytes === null ? null : Number(row.bytes)
      if (row === undefined) {
        stats.push({ table: table.name, rows: null, bytes, estimated: true })
        continue
      }
      const estimate = row.rows === null ? null : Number(row.rows)
      const exact = shouldCountExactly(estimate, row.heap === null ? null : Number(row.heap))
      stats.push({
        table: table.name,
        rows: exact ? await countOf(tableOf(this.db, table)) : estimate,
        bytes,
        estimated: !exact,
      })
    }
    return stats
  }

  async columnType(table: TableRef, column: string): Promise<string | undefined> {
    const [rows] = await this.db.raw<[{ type: string }[]]>(
      'select column_type as type from information_schema.columns where table_schema = database() and table_name = ? and column_name = ?',
      [table.name, column],
    )
    return rows?.[0]?.type
  }

  async listTables(_schema?: string): Promise<string[]> {
    const [rows] = await this.db.raw<[{ name: string }[]]>(
      "select table_name as name from information_schema.tables where table_schema = database() and table_type = 'BASE TABLE'",
    )
    return (rows ?? []).map((r) => r.name).sort()
  }

  async listColumns(table: TableRef): Promise<ColumnInfo[]> {
    const [rows] = await this.db.raw<[{ name: string; type: string; nullable: string }[]]>(
      'select column_name as name, column_type as type, is_nullable as nullable from information_schema.columns where table_schema = database() and table_name = ? order by ordinal_position',
      [table.name],
    )
    return (rows ?? []).map((r) => ({
      name: r.name,
      type: r.type.toLowerCase(),
      nullable: r.nullable === 'YES',
    }))
  }

  async databaseName(): Promise<string> {
    const [rows] = await this.db.raw<[{ name: string }[]]>('select database() as name')
    return rows?.[0]?.name ?? ''
  }
}

/** Resolves when `stream` has rows to read, has ended or closed; rejects with its error. */
function moreRows(stream: Readable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const ready = () => {
      stopListening()
      resolve()
    }
    const failed = (error: Error) => {
      stopListening()
      reject(error)
    }
    const stopListening = () => {
      stream.off('readable', ready)
      stream.off('end', ready)
      stream.off('close', ready)
      stream.off('error', failed)
    }
    stream.on('readable', ready)
    stream.on('end', ready)
    stream.on('close', ready)
    stream.on('error', failed)
  })
}

/**
 * Runs `write` with the session's `unique_checks` and `foreign_key_checks` off, as `mariadb-import` does, and puts
 * them back after. On a table empty at the transaction's first row, MariaDB then takes InnoDB's bulk insert: one
 * undo record for the table instead of one per row, a table lock instead of row locks, secondary indexes built
 * sorted at the end (1,000,000 monitoring rows in one LOAD DATA, mysql CLI, four interleaved pairs: 6.1–6.8 s
 * against 6.9–8.1 s). The keys are still checked: a duplicate fails the load, whose transaction rolls back whole.
 * Only for a table no other session uses (`BulkTarget.exclusive`): the table lock would hold every other writer.
 */
async function withBulkInsert<T>(trx: Knex.Transaction, write: () => Promise<T>): Promise<T> {
  const [rows] = await trx.raw<[{ u: number; f: number }[]]>(
    'select @@session.unique_checks as u, @@session.foreign_key_checks as f',
  )
  const before = rows?.[0] ?? { u: 1, f: 1 }
  const restore = () =>
    trx.raw('set session unique_checks = ?, foreign_key_checks = ?', [Number(before.u), Number(before.f)])
  await trx.raw('set session unique_checks = 0, foreign_key_checks = 0')
  let result: T
  try {
    result = await write()
  } catch (error) {
    // The connection may be gone with the failure; the error that counts is the write's.
    await restore().catch(() => undefined)
    throw error
  }
  await restore()
  return result
}
