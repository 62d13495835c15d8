import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import knexFactory from 'knex'
import { inject } from 'vitest'
import type { DialectName } from '../../src/dialects/dialect.js'

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrls: { pg: string; mysql: string }
  }
}

/** The dialects under test: `TAILINGSIQ_TEST_DIALECTS` (comma list), default all three. */
export const DIALECTS: readonly DialectName[] = (process.env['TAILINGSIQ_TEST_DIALECTS'] ?? 'sqlite,pg,mysql')
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is DialectName => d === 'sqlite' || d === 'pg' || d === 'mysql')

/** Server URLs: from the environment, from containers the global setup started, or the local defaults. */
export function serverUrls(): { pg: string; mysql: string } {
  return inject('databaseUrls')
}

/** A database of its own for one test file, created on the server and dropped by `drop()`. */
export interface TestDatabase {
  readonly dialect: DialectName
  readonly url: string
  /** The database (or file) name. */
  readonly name: string
  drop(): Promise<void>
}

/**
 * Creates an empty database named after the test file: a fresh PostgreSQL or MariaDB database, or a SQLite
 * file in a temporary folder. Throws when the server is unreachable (the global setup already checked).
 */
export async function createTestDatabase(dialect: DialectName, label: string): Promise<TestDatabase> {
  const name = `tsq_${label
    .replace(/[^a-z0-9]+/gi, '_')
    .toLowerCase()
    .slice(0, 30)}_${randomBytes(3).toString('hex')}`
  if (dialect === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'tailingsiq-db-'))
    const file = join(dir, `${name}.sqlite`)
    return {
      dialect,
      url: `sqlite:${file}`,
      name: `${name}.sqlite`,
      drop: () => rm(dir, { recursive: true, force: true }),
    }
  }
  const serverUrl = serverUrls()[dialect]
  const admin = knexFactory({
    client: dialect === 'pg' ? 'pg' : 'mysql2',
    connection: serverUrl,
    pool: { min: 0, max: 1 },
  })
  try {
    await admin.raw(dialect === 'pg' ? 'create database ??' : 'create database ?? character set utf8mb4', [
      name,
    ])
  } finally {
    await admin.destroy()
  }
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    dialect,
    url: url.toString(),
    name,
    async drop() {
      const drop = knexFactory({
        client: dialect === 'pg' ? 'pg' : 'mysql2',
        connection: serverUrl,
        pool: { min: 0, max: 1 },
      })
      try {
        if (dialect === 'pg') {
          await drop.raw(
            'select pg_terminate_backend(pid) from pg_stat_activity where datname = ? and pid <> pg_backend_pid()',
            [name],
          )
        }
        await drop.raw('drop database if exists ??', [name])
      } finally {
        await drop.destroy()
      }
    },
  }
}
