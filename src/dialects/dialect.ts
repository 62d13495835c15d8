import type { Knex } from 'knex'
import type { ColumnSpec } from '../generators/columns.js'
import type { Row } from '../generators/generator.js'
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
  createAdapter(db: Knex): DialectAdapter
}

/** Rows to insert into one table, already in column order. */
export interface InsertBatch {
  readonly table: TableRef
  readonly columns: readonly ColumnSpec[]
  readonly rows: readonly Row[]
  /** Values written into every row, e.g. `{ dataset_id: 7 }`; already encoded. */
  readonly fixed?: Readonly<Record<string, unknown>>
}

/**
 * Everything that differs between engines. Callers never branch on the dialect; they ask the adapter.
 */
export interface DialectAdapter {
  readonly dialect: DialectName
  /** Largest number of bind parameters in one statement; sizes multi-row inserts. */
  readonly maxBindParameters: number
  /** Largest number of rows in one multi-row INSERT. */
  readonly maxRowsPerInsert: number
  /** A generated value as a bind parameter for this engine (timestamps, dates, JSON, booleans). */
  encodeValue(column: ColumnSpec, value: unknown): unknown
  /** A value read back from this engine, in the in-memory row form (epoch-ms timestamps, booleans, numbers). */
  decodeValue(column: ColumnSpec, raw: unknown): unknown
  /** A database row decoded column by column with {@link decodeValue}. */
  decodeRow(columns: readonly ColumnSpec[], raw: Record<string, unknown>): Row
  /** Inserts `batch.rows` with multi-row INSERT statements inside `trx`. */
  insertRows(trx: Knex.Transaction, batch: InsertBatch): Promise<void>
  /** Inserts rows whose key is already present are skipped (idempotent inserts, e.g. facilities). */
  insertRowsIgnoringDuplicates(trx: Knex.Transaction, batch: InsertBatch): Promise<void>
  /** Inserts one row (values already encoded) and returns its generated integer `id`. */
  insertReturningId(
    trx: Knex | Knex.Transaction,
    table: TableRef,
    row: Record<string, unknown>,
  ): Promise<number>
  /** The full SQL type of an existing column, e.g. `int unsigned` or `uuid`, to match a foreign key. */
  columnType(table: TableRef, column: string): Promise<string | undefined>
  /** The name of the connected database (the file name for SQLite). */
  databaseName(): Promise<string>
  /** Adds a JSON column: jsonb on PostgreSQL, json on MySQL/MariaDB, text on SQLite. */
  addJsonColumn(table: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder
  /** SQL for "now" in the form the engine stores timestamps (ISO-8601 text on SQLite). */
  readonly nowSql: string
}
