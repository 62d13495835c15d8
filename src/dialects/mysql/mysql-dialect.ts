import type { Knex } from 'knex'
import type { ConnectionTarget } from '../connection.js'
import type { Dialect } from '../dialect.js'
import { MysqlAdapter } from './mysql-adapter.js'

interface Mysql2Connection {
  query(sql: string, callback: (error: Error | null) => void): void
}

/** MySQL and MariaDB through mysql2. */
export const mysqlDialect: Dialect = {
  name: 'mysql',
  label: 'MySQL/MariaDB',
  knexClient: 'mysql2',
  knexConfig(target: ConnectionTarget): Knex.Config {
    if (target.dialect !== 'mysql') throw new Error('not a MySQL target')
    return {
      client: 'mysql2',
      connection: {
        host: target.host,
        port: target.port,
        ...(target.user ? { user: target.user } : {}),
        ...(target.password ? { password: target.password } : {}),
        database: target.database,
        charset: 'utf8mb4',
        // Dates travel as UTC, and date and time columns come back as their text: a Date object would put DATE
        // at local midnight, and mysql2 turns years below 100 into 19xx.
        timezone: 'Z',
        dateStrings: ['DATE', 'DATETIME', 'TIMESTAMP'],
        supportBigNumbers: true,
        decimalNumbers: true,
        connectTimeout: 5000,
        // `?local_infile=0` turns LOAD DATA LOCAL off on the client side, as the mysql CLI's flag does.
        ...(['0', 'false', 'off'].includes((target.options['local_infile'] ?? '').toLowerCase())
          ? { flags: '-LOCAL_FILES' }
          : {}),
      } as unknown as Knex.MySql2ConnectionConfig,
      pool: {
        min: 0,
        max: 4,
        afterCreate(
          connection: Mysql2Connection,
          done: (error: Error | null, connection: Mysql2Connection) => void,
        ) {
          connection.query("SET time_zone = '+00:00'", (error) => done(error, connection))
        },
      },
      acquireConnectionTimeout: 10_000,
    }
  },
  createAdapter: (db, logger) => new MysqlAdapter(db, logger),
}
