import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import knexFactory from 'knex'

// The databases the benchmarks measure: `BENCH_DIALECTS` (default all three), on the servers the tests use.

export type BenchDialect = 'pg' | 'mysql' | 'sqlite'

export const BENCH_DIALECTS = (process.env['BENCH_DIALECTS'] ?? 'pg,mysql,sqlite').split(
  ',',
) as BenchDialect[]

export const BENCH_SERVERS = {
  pg: process.env['TAILINGSIQ_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test',
  mysql: process.env['TAILINGSIQ_TEST_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test',
}

export const DIALECT_LABELS = { pg: 'PostgreSQL', mysql: 'MariaDB', sqlite: 'SQLite' }

/** A benchmark database of its own: a fresh database on the server, or a SQLite file in a temp folder. */
export interface BenchDatabase {
  readonly url: string
  /** A temporary folder that `drop` removes too, for files the benchmark writes. */
  readonly dir: string
  drop(): Promise<void>
}

/** Creates a {@link BenchDatabase} named `tsq_<label>_…`. */
export async function freshDatabase(dialect: BenchDialect, label: string): Promise<BenchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), `tailingsiq-${label}-bench-`))
  const removeDir = () => rmSync(dir, { recursive: true, force: true })
  if (dialect === 'sqlite') {
    return { url: `sqlite:${join(dir, 'bench.sqlite')}`, dir, drop: () => Promise.resolve(removeDir()) }
  }
  const name = `tsq_${label}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`
  const admin = () =>
    knexFactory({
      client: dialect === 'pg' ? 'pg' : 'mysql2',
      connection: BENCH_SERVERS[dialect],
      pool: { min: 0, max: 1 },
    })
  const create = admin()
  try {
    await create.raw('create database ??', [name])
  } catch (error) {
    removeDir()
    throw error
  } finally {
    await create.destroy()
  }
  const url = new URL(BENCH_SERVERS[dialect])
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    dir,
    async drop() {
      const drop = admin()
      try {
        await drop.raw('drop database if exists ??', [name])
      } finally {
        await drop.destroy()
        removeDir()
      }
    },
  }
}
