import { existsSync } from 'node:fs'
import { dirname } from 'node:path'
import knexFactory, { type Knex } from 'knex'
import { DatabaseError } from '../errors.js'
import { tableNames, type SchemaOptions, type TableNames } from '../schema/table-names.js'
import type { Logger } from '../util/logger.js'
import {
  parseConnectionUrl,
  redact,
  redactUrls,
  type ConnectionSource,
  type ConnectionTarget,
} from './connection.js'
import type { Dialect, DialectAdapter } from './dialect.js'
import { dialectNameOf, loadDialect } from './dialect-registry.js'

/** An open connection to a database holding (or about to hold) the toolkit's tables. */
export interface Database {
  readonly knex: Knex
  readonly dialect: Dialect
  readonly adapter: DialectAdapter
  readonly target: ConnectionTarget
  readonly schema: SchemaOptions
  readonly tables: TableNames
  /** Knex's bookkeeping table for the shipped migrations. */
  readonly migrationsTable: string
  /** Where the library reports what it is doing, if anywhere. */
  readonly logger?: Logger
  /** Closes the pool. Safe to call twice. */
  close(): Promise<void>
}

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  readonly url: string
  /** Where the URL came from, named in errors. Default is `--db`. */
  readonly source?: ConnectionSource
  readonly schema: SchemaOptions
  readonly migrationsTable: string
  readonly logger?: Logger
  /**
   * The command works on data that must already be there (`datasets list`, `stats`, `export`, `serve` without
   * `--migrate`…): a SQLite file that does not exist is an error instead of being created empty. A string is
   * the error's advice on how to create it. Default is `false`.
   */
  readonly mustExist?: boolean | string
}

/**
 * Connects, checks the connection with a round trip, and fails within seconds with the host, port and the
 * driver's reason when the database cannot be reached. The password never appears in messages.
 *
 * ### Examples
 * ```ts
 * const db = await openDatabase({ url: 'sqlite:./dev.sqlite', schema: { tablePrefix: 'synthetic_' }, migrationsTable: 'tailingsiq_migrations' })
 * try { console.log(await db.adapter.databaseName()) } finally { await db.close() }
 * ```
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const source = options.source ?? '--db'
  const target = parseConnectionUrl(options.url, source)
  const dialect = await loadDialect(target.dialect)
  // A database file (an embedded engine's target), checked before the driver would create it.
  const file = 'filename' in target && target.filename !== ':memory:' ? target.filename : undefined
  if (file !== undefined && !existsSync(dirname(file))) {
    throw new DatabaseError(
      `Cannot open ${dialect.label} file ${file} (from ${source}): folder ${dirname(file)} does not exist`,
    )
  }
  if (options.mustExist && file !== undefined && !existsSync(file)) {
    throw new DatabaseError(
      `No such database file ${file} (from ${source}); ${typeof options.mustExist === 'string' ? options.mustExist : 'run `tailingsiq-seed migrate latest` or `tailingsiq-seed run` to create it'}`,
    )
  }
  const logger = options.logger
  const knex = knexFactory({
    ...dialect.knexConfig(target),
    // Driver errors then carry the statement with placeholders only, which `withoutStatement` removes: no
    // message, log line or `error` column ever holds a whole SQL statement or the values bound to it.
    compileSqlOnError: false,
    log: {
      warn: (message: unknown) => {
        const text = String(message)
        // Reported once, by us, instead: a failed migration (Knex warns before rejecting), a migration lock
        // another process holds (Knex warns on every attempt; the migrator waits and says so once), and
        // connection failures (openDatabase names host and port).
        if (
          !/^(migration (file|failed)|Acquire connection error|Can't take lock to run migrations|If you are sure migrations are not running)/i.test(
            text,
          )
        )
          logger?.warn(text)
      },
      error: (message: unknown) => logger?.warn(String(message)),
      deprecate: () => undefined,
      debug: () => undefined,
    },
  })
  knex.on('query-error', withoutStatement)
  try {
    await knex.raw('select 1')
  } catch (error) {
    await knex.destroy().catch(() => undefined)
    throw new DatabaseError(
      `Cannot connect to ${describeTarget(dialect, target)} (from ${source}): ${reasonOf(error)}`,
      {
        cause: error,
      },
    )
  }
  const adapter = dialect.createAdapter(knex, logger)
  const schema: SchemaOptions = adapter.supportsSchemas
    ? options.schema
    : { ...options.schema, schema: undefined }
  let closed = false
  return {
    knex,
    dialect,
    adapter,
    target,
    schema,
    tables: tableNames(schema),
    migrationsTable: options.migrationsTable,
    ...(logger ? { logger } : {}),
    async close() {
      if (closed) return
      closed = true
      await adapter.settle?.()
      await knex.destroy()
    },
  }
}

/**
 * Wraps a Knex instance the host application already has (its knexfile, a Knex seed), so the toolkit can
 * work on it. The caller keeps ownership: `close()` does not destroy it.
 */
export async function databaseFromKnex(
  knex: Knex,
  options: { schema: SchemaOptions; migrationsTable: string },
): Promise<Database> {
  const dialect = await loadDialect(dialectNameOf(knex))
  const adapter = dialect.createAdapter(knex)
  const schema: SchemaOptions = adapter.supportsSchemas
    ? options.schema
    : { ...options.schema, schema: undefined }
  const connection = (knex.client as { config: Knex.Config }).config.connection as
    { filename?: string; host?: string; database?: string } | string | undefined
  const display =
    typeof connection === 'string' ? redact(connection) : `${dialect.label} (host application connection)`
  // The comparison narrows the target's type (a file or a server), which a capability flag cannot.
  const target: ConnectionTarget =
    dialect.name === 'sqlite'
      ? {
          dialect: 'sqlite',
          filename: typeof connection === 'object' ? (connection.filename ?? ':memory:') : ':memory:',
          display,
        }
      : { dialect: dialect.name, host: '', port: 0, database: '', options: {}, display }
  return {
    knex,
    dialect,
    adapter,
    target,
    schema,
    tables: tableNames(schema),
    migrationsTable: options.migrationsTable,
    close: () => Promise.resolve(),
  }
}

/** `PostgreSQL at 127.0.0.1:5432/test` or `SQLite file /x/dev.sqlite`. */
export function describeTarget(dialect: Dialect, target: ConnectionTarget): string {
  return 'filename' in target
    ? `${dialect.label} ${target.filename === ':memory:' ? 'in memory' : `file ${target.filename}`}`
    : `${dialect.label} at ${target.host}:${target.port}/${target.database}`
}

/** The driver's reason, one line, without the SQL statement or anything that could be a password. */
export function reasonOf(error: unknown): string {
  const e = error as { message?: string; code?: string; errors?: { message?: string }[] }
  let message = e.message ?? String(error)
  if ((message === '' || /^AggregateError/.test(message)) && e.errors?.[0]?.message)
    message = e.errors[0].message
  if (/Knex: Timeout acquiring a connection/.test(message)) message = 'timed out connecting'
  // The engine's own message where the driver gives it apart (mysql2's sqlMessage); else Knex's failed
  // statement is cut off the front: it can be pages long.
  const sqlMessage = (error as { sqlMessage?: unknown }).sqlMessage
  message = typeof sqlMessage === 'string' && sqlMessage !== '' ? sqlMessage : stripStatement(message)
  const first = message.split('\n').find((line) => line.trim() !== '') ?? message
  return redactUrls(first.trim())
}

/** Statement keywords Knex's failed-query prefix starts with. */
const STATEMENT =
  /^\s*(select|insert|update|delete|with|create|alter|drop|truncate|begin|commit|rollback|savepoint|release|copy|load|lock|set|pragma|show|explain|analyze|vacuum|grant|revoke|replace|call|do)\b/i

/**
 * A driver message without the statement Knex puts in front of it (`<sql> - <message>`). Errors of the
 * toolkit's own connections are cleaned as they happen (see `withoutStatement`); for others the statement is
 * cut up to the last ` - `, which may shorten the driver's own words but never shows SQL or values.
 */
export function stripStatement(message: string): string {
  if (!STATEMENT.test(message)) return message
  const cut = message.lastIndexOf(' - ')
  return cut < 0 ? message : message.slice(cut + 3)
}

/** Knex's `query-error` listener: takes the statement (`<sql> - `) off the front of the driver's message. */
function withoutStatement(error: unknown, query: { sql?: unknown }): void {
  const e = error as { message?: unknown }
  if (typeof e !== 'object' || e === null || typeof e.message !== 'string') return
  const prefix = typeof query?.sql === 'string' ? `${query.sql} - ` : undefined
  if (prefix !== undefined && e.message.startsWith(prefix)) e.message = e.message.slice(prefix.length)
  else e.message = stripStatement(e.message)
}
