import type Database from 'better-sqlite3'
import type { Knex } from 'knex'
import type { ConnectionTarget } from '../connection.js'
import type { Dialect } from '../dialect.js'
import { SqliteAdapter } from './sqlite-adapter.js'

/** How long a writer waits for another connection's lock before failing, in milliseconds. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000

/** Bytes per page of the databases the toolkit creates (SQLite's default is 4,096). */
export const SQLITE_PAGE_SIZE = 16_384

/** Bytes a WAL file keeps when it restarts: the 1,000 pages after which a connection checkpoints on its own. */
export const SQLITE_JOURNAL_SIZE_LIMIT = 1000 * SQLITE_PAGE_SIZE

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
            // system (see the adapter's reclaimSpace). And 16 KiB pages rather than 4 KiB: a bulk load splits and
            // writes a quarter as many pages (SQLite's own cost of storing 1,000,000 monitoring rows: 4.4-4.8 CPU s
            // against 5.7-5.9; bench/sqlite-floor.ts). An existing database keeps its mode and page size.
            const { n } = connection.prepare('select count(*) as n from sqlite_schema').get() as { n: number }
            if (n === 0) {
              connection.pragma(`page_size = ${SQLITE_PAGE_SIZE}`)
              connection.pragma('auto_vacuum = INCREMENTAL')
            }
            // Foreign keys are off by default in SQLite; WAL lets readers work beside one writer.
            connection.pragma('foreign_keys = ON')
            // In WAL mode, synchronous NORMAL is safe from corruption and much faster to commit.
            if (target.filename !== ':memory:') {
              connection.pragma('journal_mode = WAL')
              connection.pragma('synchronous = NORMAL')
              // When the log restarts, its file is cut back to this size: after a bulk load, whose log grows to
              // the load's size (see sqlite-checkpointer.ts), the space comes back at the next write.
              connection.pragma(`journal_size_limit = ${SQLITE_JOURNAL_SIZE_LIMIT}`)
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
