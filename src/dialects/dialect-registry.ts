import type { Knex } from 'knex'
import { UsageError } from '../errors.js'
import type { Dialect, DialectAdapter, DialectName } from './dialect.js'

// Lazy loaders: a command that needs PostgreSQL never loads mysql2 or better-sqlite3.
const LOADERS: Readonly<Record<DialectName, () => Promise<Dialect>>> = Object.freeze({
  pg: async () => (await import('./pg/pg-dialect.js')).pgDialect,
  mysql: async () => (await import('./mysql/mysql-dialect.js')).mysqlDialect,
  sqlite: async () => (await import('./sqlite/sqlite-dialect.js')).sqliteDialect,
})

/** Loads the dialect module of an engine. */
export function loadDialect(name: DialectName): Promise<Dialect> {
  return LOADERS[name]()
}

const CLIENTS: Readonly<Record<string, DialectName>> = {
  pg: 'pg',
  postgres: 'pg',
  postgresql: 'pg',
  mysql: 'mysql',
  mysql2: 'mysql',
  'better-sqlite3': 'sqlite',
  sqlite3: 'sqlite',
}

/** The engine behind a Knex instance (also one a host application created from its own knexfile). */
export function dialectNameOf(db: Knex): DialectName {
  const client: unknown = (db.client as { config: Knex.Config }).config.client
  const name = typeof client === 'string' ? CLIENTS[client] : undefined
  if (name === undefined)
    throw new UsageError(`Unsupported Knex client "${String(client)}"; use pg, mysql2 or better-sqlite3`)
  return name
}

/** The adapter for a Knex instance of any supported engine. */
export async function adapterFor(db: Knex): Promise<DialectAdapter> {
  return (await loadDialect(dialectNameOf(db))).createAdapter(db)
}
