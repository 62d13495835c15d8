import { existsSync } from 'node:fs'
import { dirname } from 'node:path'
import knexFactory, { type Knex } from 'knex'
import { DatabaseError } from '../errors.js'
import { tableNames, type SchemaOptions, type TableNames } from '../schema/table-names.js'
import type { Logger } from '../util/logger.js'
import { parseConnectionUrl, redact, type ConnectionSource, type ConnectionTarget } from './connection.js'
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
  if (
    target.dialect === 'sqlite' &&
    target.filename !== ':memory:' &&
    !existsSync(dirname(target.filename))
  ) {
    throw new DatabaseError(
      `Cannot open SQLite file ${target.filename} (from ${source}): folder ${dirname(target.filename)} does not exist`,
    )
  }
  const logger = options.logger
  const knex = knexFactory({
    ...dialect.knexConfig(target),
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
  const schema: SchemaOptions =
    target.dialect === 'pg' ? options.schema : { ...options.schema, schema: undefined }
  let closed = false
  return {
    knex,
    dialect,
    adapter: dialect.createAdapter(knex, logger),
    target,
    schema,
    tables: tableNames(schema),
    migrationsTable: options.migrationsTable,
    ...(logger ? { logger } : {}),
    async close() {
      if (closed) return
      closed = true
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
  const schema: SchemaOptions =
    dialect.name === 'pg' ? options.schema : { ...options.schema, schema: undefined }
  const connection = (knex.client as { config: Knex.Config }).config.connection as
    { filename?: string; host?: string; database?: string } | string | undefined
  const display =
    typeof connection === 'string' ? redact(connection) : `${dialect.label} (host application connection)`
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
    adapter: dialect.createAdapter(knex),
    target,
    schema,
    tables: tableNames(schema),
    migrationsTable: options.migrationsTable,
    close: () => Promise.resolve(),
  }
}

/** `PostgreSQL at 127.0.0.1:5432/test` or `SQLite file /x/dev.sqlite`. */
export function describeTarget(dialect: Dialect, target: ConnectionTarget): string {
  return target.dialect === 'sqlite'
    ? `SQLite ${target.filename === ':memory:' ? 'in memory' : `file ${target.filename}`}`
    : `${dialect.label} at ${target.host}:${target.port}/${target.database}`
}

/** The driver's reason, one line, without anything that could be a password. */
export function reasonOf(error: unknown): string {
  const e = error as { message?: string; code?: string; errors?: { message?: string }[] }
  let message = e.message ?? String(error)
  if ((message === '' || /^AggregateError/.test(message)) && e.errors?.[0]?.message)
    message = e.errors[0].message
  if (/Knex: Timeout acquiring a connection/.test(message)) message = 'timed out connecting'
  // Knex puts the failed statement before the engine's message ("create table … - Table 'x' already
  // exists"); the statement can be pages long, so only the engine's message is kept.
  const sqlMessage = (error as { sqlMessage?: unknown }).sqlMessage
  if (typeof sqlMessage === 'string' && sqlMessage !== '') message = sqlMessage
  else if (/^\s*(create|alter|drop|insert|select|update|delete|with|pragma)\b/i.test(message)) {
    const cut = message.lastIndexOf(' - ')
    if (cut >= 0) message = message.slice(cut + 3)
  }
  const first = message.split('\n')[0] ?? message
  return first.replace(/(\/\/[^:/@]*:)[^@]*@/g, '$1***@')
}
