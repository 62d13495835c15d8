import type Database from 'better-sqlite3'
import type { Knex } from 'knex'
import type { ConnectionTarget } from '../connection.js'
import type { Dialect } from '../dialect.js'
import { SqliteAdapter } from './sqlite-adapter.js'

/** How long a writer waits for another connection's lock before failing, in milliseconds. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000

/** SQLite through better-sqlite3 (in process; Knex keeps a single connection). */
export const sqliteDialect: Dialect = {
  name: 'sqlite',
  label: 'SQLite',
  knexClient: 'better-sqlite3',
  knexConfig(target: ConnectionTarget): Knex.Config {
    if (target.dialect !== 'sqlite') throw new Error('not a SQLite target')
    return {
      client: 'better-sqlite3',
      connection: { filename: target.filename },
      useNullAsDefault: true,
      pool: {
        afterCreate(
          connection: Database.Database,
          done: (error: Error | null, connection: Database.Database) => void,
        ) {
          try {
            // First: every later statement, the schema read below included, waits for another process's lock
            // instead of failing at once with SQLITE_BUSY.
            connection.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`)
            // A database without tables yet (a file this connection just made) gets incremental auto-vacuum,
            // which must be chosen before the first table: `cleanup` then hands freed pages back to the file
            // system (see the adapter's reclaimSpace). An existing database keeps its mode.
            const { n } = connection.prepare('select count(*) as n from sqlite_schema').get() as { n: number }
            if (n === 0) connection.pragma('auto_vacuum = INCREMENTAL')
            // Foreign keys are off by default in SQLite; WAL lets readers work beside one writer.
            connection.pragma('foreign_keys = ON')
            // In WAL mode, synchronous NORMAL is safe from corruption and much faster to commit.
            if (target.filename !== ':memory:') {
              connection.pragma('journal_mode = WAL')
              connection.pragma('synchronous = NORMAL')
            }
            done(null, connection)
          } catch (error) {
            done(error as Error, connection)
          }
        },
      },
    }
  },
  createAdapter: (db, logger) => new SqliteAdapter(db, logger),
}
