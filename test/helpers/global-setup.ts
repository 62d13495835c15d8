import knexFactory from 'knex'
import type { TestProject } from 'vitest/node'

const DEFAULT_URLS = {
  pg: 'postgres://postgres@127.0.0.1:5432/test',
  mysql: 'mysql://root@127.0.0.1:3306/test',
}

async function reachable(client: 'pg' | 'mysql2', url: string): Promise<string | undefined> {
  const db = knexFactory({
    client,
    connection: url,
    pool: { min: 0, max: 1 },
    acquireConnectionTimeout: 5000,
  })
  try {
    await db.raw('select 1')
    return undefined
  } catch (error) {
    return (error as Error).message
  } finally {
    await db.destroy()
  }
}

async function dockerAvailable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers')
    await getContainerRuntimeClient()
    return true
  } catch {
    return false
  }
}

/**
 * Finds the database servers the integration tests use: the URLs in TAILINGSIQ_TEST_PG_URL and
 * TAILINGSIQ_TEST_MYSQL_URL, else the local servers on their default ports, else (when Docker is available)
 * PostgreSQL and MySQL containers started here with testcontainers. Under CI=true a server that cannot be
 * reached fails the run; elsewhere the database tests of that dialect fail with the reason.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const urls = {
    pg: process.env['TAILINGSIQ_TEST_PG_URL'] ?? DEFAULT_URLS.pg,
    mysql: process.env['TAILINGSIQ_TEST_MYSQL_URL'] ?? DEFAULT_URLS.mysql,
  }
  const wanted = (process.env['TAILINGSIQ_TEST_DIALECTS'] ?? 'sqlite,pg,mysql')
    .split(',')
    .map((d) => d.trim())
  const stops: (() => Promise<unknown>)[] = []
  for (const dialect of ['pg', 'mysql'] as const) {
    if (!wanted.includes(dialect)) continue
    const problem = await reachable(dialect === 'pg' ? 'pg' : 'mysql2', urls[dialect])
    if (problem === undefined) continue
    const explicit =
      process.env[dialect === 'pg' ? 'TAILINGSIQ_TEST_PG_URL' : 'TAILINGSIQ_TEST_MYSQL_URL'] !== undefined
    if (!explicit && (await dockerAvailable())) {
      if (dialect === 'pg') {
        const { PostgreSqlContainer } = await import('@testcontainers/postgresql')
        const container = await new PostgreSqlContainer('postgres:15').withDatabase('test').start()
        urls.pg = container.getConnectionUri()
        stops.push(() => container.stop())
      } else {
        const { MySqlContainer } = await import('@testcontainers/mysql')
        const container = await new MySqlContainer('mysql:8')
          .withDatabase('test')
          .withRootPassword('root')
          .start()
        urls.mysql = `mysql://root:root@${container.getHost()}:${container.getPort()}/test`
        stops.push(() => container.stop())
      }
      continue
    }
    const message = `${dialect === 'pg' ? 'PostgreSQL' : 'MySQL/MariaDB'} test server unreachable at ${urls[dialect].replace(/:[^:@/]*@/, ':***@')}: ${problem}`
    if (process.env['CI'])
      throw new Error(`${message}. CI needs every database; start it (see README, Development).`)
    console.warn(`\n⚠ ${message}. Its tests will fail; set TAILINGSIQ_TEST_DIALECTS to choose dialects.\n`)
  }
  project.provide('databaseUrls', urls)
  return async () => {
    for (const stop of stops) await stop()
  }
}
