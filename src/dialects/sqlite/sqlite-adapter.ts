import { rowFactory } from '../row-factory.js'
import { basename } from 'node:path'
import type { Knex } from 'knex'
import type { Logger } from '../../util/logger.js'
import type { ColumnSpec } from '../../generators/columns.js'
import type { Row } from '../../generators/generator.js'
import { DialectAdapterBase, ROW_BATCH, tableOf, withPooledConnection } from '../dialect-adapter-base.js'
import type Database from 'better-sqlite3'
import type { BulkLoad, BulkTarget, ColumnInfo, TableRef, TableStats } from '../dialect.js'
import { SqliteCheckpointer } from './sqlite-checkpointer.js'
import { insertColumnsWithStatement, insertWithStatement } from './sqlite-statement-writer.js'

/** SQLite's own `wal_autocheckpoint`, which a connection has outside a bulk load. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000

/**
 * SQLite: timestamps as ISO-8601 UTC text (sortable, and the same text files use), booleans as 0/1.
 * Knex writes multi-row inserts as `UNION ALL` selects, which SQLite caps at 500 terms.
 */
export class SqliteAdapter extends DialectAdapterBase {
  readonly dialect = 'sqlite' as const
  readonly maxBindParameters = 32_766
  override readonly maxRowsPerInsert = 500
  override readonly supportsTransactionalDdl = true
  override readonly supportsReturning = true
  override readonly blocksEventLoop = true
  override readonly isEmbedded = true

  /**
   * Frees the empty pages of a database with incremental auto-vacuum (those the toolkit created; a no-op
   * elsewhere), then checkpoints the WAL so that the file shrinks now rather than at the next checkpoint.
   */
  override async reclaimSpace(): Promise<void> {
    // The pragma frees one page per step (a row each): read to the end, which Knex's run of it does not.
    await withPooledConnection(this.db, (connection: { pragma(source: string): unknown }) => {
      connection.pragma('incremental_vacuum')
      connection.pragma('wal_checkpoint(TRUNCATE)')
      return Promise.resolve()
    })
  }

  override readonly nowSql = "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
  override readonly epochSecondsSql = "cast(strftime('%s', ??) as integer)"
  // No stddev aggregate; its `sum` is compensated (Kahan–Babuška–Neumaier), so the sums formula holds.
  override readonly sampleStddevSql = undefined

  // Timestamps and dates are stored as the serialiser writes them; json() marks text as JSON for json_object.
  protected override readonly jsonValueSql = {
    boolean: "json(case ?? when 1 then 'true' when 0 then 'false' end)",
    json: 'json(??)',
  }

  // SQLite has no row locks; a transaction that reads before it writes gets SQLITE_BUSY at once (no busy
  // wait) if another connection committed in between. So the first statement is a write, which waits its
  // turn for the database's write lock: a no-op update that also reports whether the row is still live.
  override async lockDatasetForWriting(trx: Knex.Transaction, table: TableRef, id: number): Promise<boolean> {
    const touched = await tableOf(trx, table).where({ id, is_deleted: false }).update({ id })
    return touched === 1
  }

  override async lockRowForUpdate(): Promise<void> {
    // The update that follows takes the write lock itself.
  }

  override get bulkMethod(): string {
    return 'prepared statement'
  }

  override bulkWrite(trx: Knex.Transaction, target: BulkTarget, rows: Iterable<Row>): Promise<number> {
    return insertWithStatement(trx, target, rows)
  }

  readonly bulkWriteColumns = insertColumnsWithStatement

  /** Checkpoints handed to threads of their own, until each has written its last. */
  readonly #checkpoints = new Set<Promise<void>>()

  /**
   * A file database stops checkpointing on the writing connection for the load (`wal_autocheckpoint = 0`) and a
   * {@link SqliteCheckpointer} copies the log after each commit instead; the load's end restores SQLite's default
   * of 1,000 pages and leaves the last copy to the thread ({@link settle} waits for it). The log file, which grew to
   * the load's size, is cut back to `journal_size_limit` when the next write restarts it (see sqlite-dialect.ts).
   */
  readonly startBulkLoad = async (): Promise<BulkLoad> => {
    const filename = (this.db.client as { config: Knex.Config }).config.connection as { filename?: string }
    if (filename.filename === undefined || filename.filename === ':memory:' || filename.filename === '')
      return { committed: () => undefined, end: () => Promise.resolve() }
    await this.db.raw('pragma wal_autocheckpoint = 0')
    const checkpointer = new SqliteCheckpointer(filename.filename, this.logger)
    return {
      committed: () => checkpointer.request(),
      end: async () => {
        await this.db.raw(`pragma wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`)
        checkpointer.request()
        const closing = checkpointer.close()
        this.#checkpoints.add(closing)
        void closing.finally(() => this.#checkpoints.delete(closing))
      },
    }
  }

  readonly settle = async (): Promise<void> => {
    await Promise.all(this.#checkpoints)
  }

  override addJsonColumn(table: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder {
    return table.text(name)
  }

  // A WITHOUT ROWID table is its primary-key b-tree: rows written in key order append to it, with no
  // separate rowid table and key index to maintain (about 30 % faster loads, measured).
  override async createClusteredTable(
    knex: Knex,
    table: TableRef,
    build: (t: Knex.CreateTableBuilder) => void,
  ): Promise<void> {
    const statements = knex.schema.createTable(table.name, build).toSQL()
    for (const [i, statement] of statements.entries()) {
      await knex.raw(i === 0 ? `${statement.sql} without rowid` : statement.sql, statement.bindings)
    }
  }

  // SQLite stores JSON as text and hands the text back.
  protected override decodeJson(raw: unknown): unknown {
    return typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw
  }

  constructor(db: Knex, logger?: Logger) {
    super(db, logger)
  }

  async *streamRows(query: Knex.QueryBuilder): AsyncIterable<Record<string, unknown>> {
    for await (const batch of this.#statementBatches(query, false, 5000))
      yield* batch as Record<string, unknown>[]
  }

  /** The statement's rows as arrays (the query selects `columns` in order), decoded a batch at a time. */
  override async *streamRowBatches(
    query: Knex.QueryBuilder,
    columns: readonly ColumnSpec[],
  ): AsyncIterable<Row[]> {
    const make = rowFactory(columns.map((c) => c.name))
    for await (const batch of this.#statementBatches(query, true, ROW_BATCH)) {
      yield (batch as unknown[][]).map((values) => {
        // Decoded in place: the array is this row's own.
        for (let i = 0; i < columns.length; i++)
          values[i] = this.decodeValue(columns[i] as ColumnSpec, values[i])
        return make(values)
      })
    }
  }

  /**
   * The rows of `query` on a pooled connection of their own, read synchronously `size` at a time (as arrays in
   * better-sqlite3's raw mode), with the event loop turning between batches: no promise per row. The connection
   * goes back however the caller stops.
   */
  async *#statementBatches(query: Knex.QueryBuilder, raw: boolean, size: number): AsyncGenerator<unknown[]> {
    const { sql, bindings } = query.toSQL().toNative()
    const pool = this.db.client as {
      acquireConnection(): Promise<Database.Database>
      releaseConnection(c: unknown): Promise<void>
    }
    const connection = await pool.acquireConnection()
    let iterator: IterableIterator<unknown> | undefined
    try {
      // Inside the try: a statement that fails to prepare (no such table) must still give the connection back.
      iterator = connection
        .prepare(sql)
        .raw(raw)
        .iterate(...(bindings as unknown[]))
      for (let done = false; !done;) {
        const batch: unknown[] = []
        while (batch.length < size) {
          const step = iterator.next()
          if (step.done === true) {
            done = true
            break
          }
          batch.push(step.value)
        }
        if (batch.length > 0) yield batch
        if (!done) await new Promise((resolve) => setImmediate(resolve))
      }
    } finally {
      iterator?.return?.()
      await pool.releaseConnection(connection)
    }
  }

  async tableStats(tables: readonly TableRef[]): Promise<TableStats[]> {
    const stats: TableStats[] = []
    for (const table of tables) {
      const counted = await this.db.raw<{ n: number }[]>(
        `select count(*) as n from "${table.name.replaceAll('"', '""')}"`,
      )
      let bytes: number | null
      try {
        // dbstat exists only when SQLite was built with it.
        const sized = await this.db.raw<{ bytes: number | null }[]>(
          `select sum(pgsize) as bytes from dbstat where name = ? or name in (select name from sqlite_master where type = 'index' and tbl_name = ?)`,
          [table.name, table.name],
        )
        bytes = sized[0]?.bytes ?? null
      } catch {
        bytes = null
      }
      stats.push({ table: table.name, rows: counted[0]?.n ?? 0, bytes, estimated: false })
    }
    return stats
  }

  async columnType(table: TableRef, column: string): Promise<string | undefined> {
    const rows = await this.db.raw<{ name: string; type: string }[]>(
      `select name, type from pragma_table_info(?)`,
      [table.name],
    )
    return rows.find((r) => r.name === column)?.type
  }

  async listTables(_schema?: string): Promise<string[]> {
    const rows = await this.db.raw<{ name: string }[]>(
      `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' `,
    )
    return rows.map((r) => r.name).sort()
  }

  // A primary-key column counts as not null: SQLite enforces it for INTEGER PRIMARY KEY and WITHOUT ROWID
  // tables, the only primary keys the toolkit creates, although the pragma reports notnull = 0 for them.
  async listColumns(table: TableRef): Promise<ColumnInfo[]> {
    const rows = await this.db.raw<{ name: string; type: string; notnull: number; pk: number }[]>(
      `select name, type, "notnull", pk from pragma_table_info(?) order by cid`,
      [table.name],
    )
    return rows.map((r) => ({
      name: r.name,
      type: r.type.toLowerCase(),
      nullable: r.notnull === 0 && r.pk === 0,
    }))
  }

  async databaseName(): Promise<string> {
    const rows = await this.db.raw<{ file: string }[]>(
      `select file from pragma_database_list where name = 'main'`,
    )
    const file = rows[0]?.file ?? ''
    return file === '' ? ':memory:' : basename(file)
  }
}
