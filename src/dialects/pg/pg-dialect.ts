import type { Knex } from 'knex'
import pg from 'pg'
import type { ConnectionTarget } from '../connection.js'
import type { Dialect } from '../dialect.js'
import { PgAdapter } from './pg-adapter.js'

const INT8 = 20
const DATE = 1082

// Per-connection type parsers (pg's global ones would leak into a host application sharing the process):
// int8 as a JavaScript number (record indexes and counts stay far below 2^53) and `date` as its text, which
// the default parser turns into a local-midnight Date.
/** The type parsers of every connection, also given to cursors (they do not inherit the client's). */
export const PG_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8) return (value: string) => Number(value)
    if (oid === DATE) return (value: string) => value
    return pg.types.getTypeParser(oid, format) as (value: string) => unknown
  },
}

/** PostgreSQL through node-postgres. */
export const pgDialect: Dialect = {
  name: 'pg',
  label: 'PostgreSQL',
  knexClient: 'pg',
  knexConfig(target: ConnectionTarget): Knex.Config {
    if (target.dialect !== 'pg') throw new Error('not a PostgreSQL target')
    const ssl = target.options['sslmode']
    return {
      client: 'pg',
      connection: {
        host: target.host,
        port: target.port,
        ...(target.user ? { user: target.user } : {}),
        ...(target.password ? { password: target.password } : {}),
        database: target.database,
        application_name: 'tailingsiq-seed',
        connectionTimeoutMillis: 5000,
        types: PG_TYPES,
        ...(ssl && ssl !== 'disable'
          ? { ssl: { rejectUnauthorized: ssl === 'verify-full' || ssl === 'verify-ca' } }
          : {}),
      } as Knex.PgConnectionConfig,
      pool: {
        min: 0,
        max: 4,
        afterCreate(connection: pg.Client, done: (error: Error | null, connection: pg.Client) => void) {
          connection.query("SET TIME ZONE 'UTC'", (error) => done(error, connection))
        },
      },
      acquireConnectionTimeout: 10_000,
    }
  },
  createAdapter: (db, logger) => new PgAdapter(db, logger),
}
