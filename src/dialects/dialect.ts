import type { Knex } from 'knex'
import type { ColumnSpec, ColumnType } from '../generators/columns.js'
import type { Row } from '../generators/generator.js'
import type { CanonicalRowBatch } from '../formats/canonical-row.js'
import type { ColumnBatch } from '../seeding/column-chunks.js'
import type { Logger } from '../util/logger.js'
import type { ConnectionTarget } from './connection.js'

/** The database engines the toolkit supports. */
export const DIALECT_NAMES = ['pg', 'mysql', 'sqlite'] as const
export type DialectName = (typeof DIALECT_NAMES)[number]

/** A table name, with the PostgreSQL schema it lives in (if any). */
export interface TableRef {
  readonly name: string
  readonly schema?: string
}

/**
 * One database engine: how to connect through Knex and the adapter that hides every difference between
 * engines from the rest of the toolkit.
 */
export interface Dialect {
  readonly name: DialectName
  /** Human name for messages: PostgreSQL, MySQL/MariaDB, SQLite. */
  readonly label: string
  readonly knexClient: 'pg' | 'mysql2' | 'better-sqlite3'
  knexConfig(target: ConnectionTarget): Knex.Config
  /** `logger` receives notices such as a bulk path falling back to a slower one. */
  createAdapter(db: Knex, logger?: Logger): DialectAdapter
}

/**
 * A column as writers see it: a generator column, or `json-text`, a JSON column whose values arrive already
 * serialised (the generic records table stores the exact text the files hold).
 */
export interface WriteColumn {
  readonly name: string
  readonly type: ColumnType | 'json-text'
  readonly nullable?: boolean
}

/** A column as the engine's catalogue describes it. */
export interface ColumnInfo {
  readonly name: string
  /** The engine's type name in lower case, e.g. `integer`, `timestamp with time zone`, `datetime(3)`. */
  readonly type: string
  readonly nullable: boolean
}

/** What an engine knows of a table's size. `rows` may be an estimate (PostgreSQL, InnoDB statistics). */
export interface TableStats {
  readonly table: string
  readonly rows: number | null
  readonly bytes: number | null
  /** True when `rows` is the engine's estimate rather than a count. */
  readonly estimated: boolean
}

/** Where a bulk write goes: a table, leading columns with one value for every row, then the row's columns. */
export interface BulkTarget {
  readonly table: TableRef
  /** E.g. `dataset_id`; written into every row. */
  readonly fixed: readonly { readonly column: WriteColumn; readonly value: unknown }[]
  readonly columns: readonly WriteColumn[]
  /**
   * The table is the writer's alone until it is published (a dataset's load table): no other session reads or
   * writes it, so the engine may lock all of it and take a bulk path (InnoDB's bulk insert into an empty table).
   */
  readonly exclusive?: boolean
}

/** A long bulk load under way (see {@link DialectAdapter.startBulkLoad}). */
export interface BulkLoad {
  /** A batch of the load has committed. */
  committed(): void
  /** The load is over (done or not): the engine goes back to its own ways. */
  end(): Promise<void>
}

/** What marks a dataset `completed`, handed to {@link LoadTarget.publish}. */
export interface Completion {
  /** The datasets table. */
  readonly table: TableRef
  /** Whether `mark` would apply now: the dataset is `generating`, not deleted, and all its rows are written. */
  ready(executor: Knex | Knex.Transaction): Promise<boolean>
  /** Marks the dataset `completed`, with its manifest; true when it applied. */
  mark(executor: Knex | Knex.Transaction): Promise<boolean>
}

/** Where a dataset's rows are written, and what makes them visible once it is complete. */
export interface LoadTarget {
  readonly table: TableRef
  /**
   * Makes the loaded rows the dataset's partition and marks the dataset completed (`completion`), so that
   * readers see both at once or neither; `trx` is the transaction that completes it. False, and the rows left
   * unpublished, when the mark does not apply. Re-runnable: after a crash at any point, running it again
   * finishes the job.
   */
  readonly publish?: (trx: Knex.Transaction, completion: Completion) => Promise<boolean>
  /**
   * The rows go straight into `table`, where readers see them as they commit (a small dataset in the shared
   * DEFAULT partition of MySQL/MariaDB): the writer writes them all in the transaction that marks the dataset
   * completed.
   */
  readonly withCompletion?: boolean
}

/**
 * One partition per dataset of a table partitioned by `dataset_id`. Every method first asks the catalogue
 * whether `table` is partitioned that way (a registered type's own table, or one rolled back, is not) and
 * does nothing otherwise. Safe to call from several processes at once.
 */
export interface DatasetPartitions {
  /** Whether `table` is partitioned by dataset, asked of the catalogue each time. */
  isPartitioned(table: TableRef): Promise<boolean>
  /** Makes sure dataset `id` has its (empty, visible) partition of `table`. */
  ensurePartition(table: TableRef, id: number): Promise<void>
  /**
   * Where to write dataset `id`'s rows of `table`: a table of their own that nobody reads until `publish`
   * makes it the dataset's partition, shared by every shard of the dataset (the writer that completes the
   * dataset publishes it). A load a crash interrupted goes on in the same table. `rows`, given when one process
   * writes the whole dataset (that many rows) in one transaction, lets the engine take a small dataset into a
   * shared partition instead, without a table or DDL of its own (`withCompletion`).
   */
  loadTarget(table: TableRef, id: number, rows?: number): Promise<LoadTarget>
  /** The table that holds dataset `id`'s rows of `table` right now: its load table while loading, else `table`. */
  rowsTable(table: TableRef, id: number): Promise<TableRef>
  /**
   * Removes dataset `id`'s partition of `table`, with its rows, and any load table it left: constant time, the
   * space given back. False when rows of the dataset may remain in `table` (not partitioned, or rows in a
   * shared partition), which the caller then deletes.
   */
  dropPartition(table: TableRef, id: number): Promise<boolean>
  /** The datasets that have a partition of `table`, a load table of it or rows in a shared partition, in id order. */
  partitionedDatasets(table: TableRef): Promise<number[]>
}

/**
 * Everything that differs between engines. Callers never branch on the dialect; they ask the adapter.
 */
export interface DialectAdapter {
  readonly dialect: DialectName
  /** Tables can live in a named schema (`--schema`); elsewhere the schema option is ignored. */
  readonly supportsSchemas: boolean
  /** CREATE/DROP TABLE take part in transactions: a rollback undoes them (MySQL/MariaDB commit DDL at once). */
  readonly supportsTransactionalDdl: boolean
  /** `INSERT … RETURNING` hands back the inserted row (MySQL has none; MariaDB only from 10.5). */
  readonly supportsReturning: boolean
  /**
   * Tables can be partitioned by LIST of values (PostgreSQL declarative partitioning, MySQL/MariaDB LIST
   * partitioning): the typed tables keep one partition per dataset, through {@link datasetPartitions}.
   */
  readonly supportsListPartitions: boolean
  /**
   * How this engine keeps each dataset's rows of a typed table in a partition of their own (loaded apart,
   * published whole, dropped whole), or undefined where it keeps none (SQLite): rows are then written into
   * the table and deleted row by row. See `src/schema/dataset-partitions.ts`.
   */
  readonly datasetPartitions: DatasetPartitions | undefined
  /** Statements run synchronously in this process (SQLite): a batch holds the event loop while it runs. */
  readonly blocksEventLoop: boolean
  /** The database is a file (or memory) of this process, not a server: no host, and its folder names it. */
  readonly isEmbedded: boolean
  /** Largest number of bind parameters in one statement; sizes multi-row inserts. */
  readonly maxBindParameters: number
  /** Largest number of rows in one multi-row INSERT. */
  readonly maxRowsPerInsert: number
  /** Rows per transaction of a seed run when neither the caller nor the config says (`batchSize`). */
  readonly defaultBatchSize: number
  /** How {@link bulkWrite} loads rows, for messages: `COPY BINARY`, `LOAD DATA LOCAL INFILE`, … */
  readonly bulkMethod: string
  /**
   * Streams `rows` into `target` with the engine's fastest path, inside `trx`: PostgreSQL COPY BINARY,
   * MySQL/MariaDB LOAD DATA LOCAL INFILE (multi-row INSERT when the server refuses it), SQLite one prepared
   * statement. Consumes `rows` lazily; resolves with the number written. Refuses NaN, infinities and NUL
   * characters rather than store something else.
   */
  bulkWrite(trx: Knex.Transaction, target: BulkTarget, rows: Iterable<Row>): Promise<number>
  /**
   * The same contract for rows that arrive column by column from the generation thread
   * (`src/seeding/generation-thread.ts`), values already checked. Only an engine that runs in this process has it
   * (SQLite): its bulk path keeps this thread busy, so generating on another one overlaps the two. Servers store
   * rows on their own cores, and there the rows are generated here.
   */
  readonly bulkWriteColumns?: (
    trx: Knex.Transaction,
    target: BulkTarget,
    batch: ColumnBatch,
  ) => Promise<number>
  /**
   * Readies the engine for a long bulk load (many batches, each committed) and returns what the loader tells it:
   * SQLite hands its WAL checkpoints to a thread of their own for the load (`sqlite-checkpointer.ts`).
   */
  readonly startBulkLoad?: () => Promise<BulkLoad>
  /** Waits for what the adapter still does in the background (SQLite's last checkpoint); before closing. */
  readonly settle?: () => Promise<void>
  /** The same contract through plain multi-row INSERT statements: the portable (slower) path. */
  insertWrite(trx: Knex.Transaction, target: BulkTarget, rows: Iterable<Row>): Promise<number>
  /**
   * The rows of `query`, streamed with a server-side cursor (PostgreSQL), a row stream (mysql2) or a lazy
   * statement iterator (SQLite), on a pooled connection of their own: memory stays constant for any result.
   * Stopping early (breaking out of `for await`) closes the cursor and releases the connection.
   */
  streamRows(query: Knex.QueryBuilder): AsyncIterable<Record<string, unknown>>
  /**
   * The rows of `query` decoded into the row form generators produce (see {@link decodeRow}), in batches, in
   * constant memory: what `export` writes. `query` selects exactly `columns`, in order, the first being
   * `record_index`. Default: {@link streamRows} decoded row by row; PostgreSQL decodes COPY BINARY and SQLite
   * reads its statement synchronously, a batch at a time.
   */
  streamRowBatches(query: Knex.QueryBuilder, columns: readonly ColumnSpec[]): AsyncIterable<Row[]>
  /**
   * The rows of `query` in the canonical form `verify` compares (see `CanonicalRowEncoder`), in batches, in
   * constant memory. `query` selects exactly `columns`, in order, the first being `record_index`. Default:
   * {@link streamRows} decoded with {@link decodeRow}; PostgreSQL reads COPY BINARY, which is canonical as it
   * comes.
   */
  streamCanonicalRows(
    query: Knex.QueryBuilder,
    columns: readonly ColumnSpec[],
  ): AsyncIterable<CanonicalRowBatch>
  /**
   * Takes the shared lock a writer holds on its dataset row for a batch, and says whether the row is still
   * there and not marked deleted. Called first in the batch's transaction.
   */
  lockDatasetForWriting(trx: Knex.Transaction, table: TableRef, id: number): Promise<boolean>
  /** Takes an exclusive lock on a row before changing it (FOR UPDATE); SQLite's first write takes it instead. */
  lockRowForUpdate(trx: Knex.Transaction, table: TableRef, id: number): Promise<void>
  /**
   * Hands the space of deleted rows back to the file system where the engine keeps it otherwise: SQLite with
   * incremental auto-vacuum (databases the toolkit created) frees its empty pages; elsewhere nothing to do (a
   * dropped partition's space is returned already). Called by `cleanup` after it deleted rows.
   */
  reclaimSpace(): Promise<void>
  /** Row count and bytes used (data and indexes) of each table, as the engine knows them; null where it cannot tell. */
  tableStats(tables: readonly TableRef[]): Promise<TableStats[]>
  /** A generated value as a bind parameter for this engine (timestamps, dates, JSON, booleans). */
  encodeValue(column: WriteColumn, value: unknown): unknown
  /** A value read back from this engine, in the in-memory row form (epoch-ms timestamps, booleans, numbers). */
  decodeValue(column: ColumnSpec, raw: unknown): unknown
  /** A database row decoded column by column with {@link decodeValue}. */
  decodeRow(columns: readonly ColumnSpec[], raw: Record<string, unknown>): Row
  /** Inserts rows, skipping those whose first column (the key) exists already: idempotent, e.g. facilities. */
  insertIgnoringDuplicates(trx: Knex.Transaction, target: BulkTarget, rows: Iterable<Row>): Promise<void>
  /** Inserts one row (values already encoded) and returns its generated integer `id`. */
  insertReturningId(
    trx: Knex | Knex.Transaction,
    table: TableRef,
    row: Record<string, unknown>,
  ): Promise<number>
  /** The full SQL type of an existing column, e.g. `int unsigned` or `uuid`, to match a foreign key. */
  columnType(table: TableRef, column: string): Promise<string | undefined>
  /** The user tables of the connected database (in `schema`, else the current one), sorted by name (code-point order). */
  listTables(schema?: string): Promise<string[]>
  /** The columns of a table in their order: name, the engine's type name (lower case) and nullability. */
  listColumns(table: TableRef): Promise<ColumnInfo[]>
  /** The name of the connected database (the file name for SQLite). */
  databaseName(): Promise<string>
  /**
   * Creates a table whose rows are stored in primary-key order where the engine supports choosing it
   * (SQLite `WITHOUT ROWID`; InnoDB always clusters; PostgreSQL has no such option).
   */
  createClusteredTable(
    knex: Knex,
    table: TableRef,
    build: (t: Knex.CreateTableBuilder) => void,
  ): Promise<void>
  /** Adds a UUID column: uuid on PostgreSQL, char(36) elsewhere (ASCII, binary collation on MySQL/MariaDB). */
  addUuidColumn(table: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder
  /** Adds a JSON column: jsonb on PostgreSQL, json on MySQL/MariaDB, text on SQLite. */
  addJsonColumn(table: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder
  /** SQL for "now" in the form the engine stores timestamps (ISO-8601 text on SQLite). */
  readonly nowSql: string
  /**
   * SQL for the whole seconds since 1970 (UTC, rounded down) of a timestamp column, with one `??` for the
   * column: what time buckets are computed from, the same integer on every engine.
   */
  readonly epochSecondsSql: string
  /**
   * SQL for the sample standard deviation of a numeric column, with one `??` for the column, or undefined where
   * the engine has no such aggregate (callers then compute it from sums; SQLite's `sum` is compensated, so the
   * sums keep their precision there). The sums formula loses every digit on a near-constant column elsewhere.
   */
  readonly sampleStddevSql: string | undefined
  /**
   * SQL for one JSON object built from columns of the table aliased `alias`: each column's name as the key, its
   * value as the record serialiser presents it where the engine allows (timestamps as ISO-8601 UTC text with
   * milliseconds and `Z`, dates as `YYYY-MM-DD`, booleans as JSON `true`/`false`, JSON columns embedded).
   * What the generic-record view (`src/schema/record-view.ts`) builds its `data` from.
   */
  recordJsonSql(columns: readonly ColumnSpec[], alias: string): { sql: string; bindings: string[] }
}
