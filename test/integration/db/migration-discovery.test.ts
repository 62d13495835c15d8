import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/dialects/open-database.js'
import { migrateLatest, migrateRollback } from '../../../src/migrate/migrator.js'
import { createTestDatabase, type TestDatabase } from '../../helpers/databases.js'

// The migration source reads the migrations/ folder on first use. This file must not ask for the list before
// the test does: the point is a process's first migrate.
const FILES = readdirSync(fileURLToPath(new URL('../../../migrations/', import.meta.url)))
  .filter((f) => /^\d{14}_\w+\.ts$/.test(f))
  .map((f) => f.replace(/\.ts$/, '.js'))

// better-sqlite3 waits for a lock synchronously, blocking the whole process: while one connection waited on the
// file system half-way through Knex's migrate, four connections of one process deadlocked until their timeouts.
describe('sqlite: the first migrate of a process, from four connections at once', () => {
  let test: TestDatabase
  beforeAll(async () => (test = await createTestDatabase('sqlite', 'migration_discovery')))
  afterAll(async () => test.drop())

  it('runs every migration file once, found in the folder', async () => {
    const dbs = await Promise.all(
      Array.from({ length: 4 }, () =>
        openDatabase({
          url: test.url,
          schema: { tablePrefix: 'synthetic_' },
          migrationsTable: 'tailingsiq_migrations',
        }),
      ),
    )
    try {
      const results = await Promise.all(dbs.map((db) => migrateLatest(db)))
      expect(results.flatMap((r) => r.migrations).sort()).toEqual(FILES.sort())
      expect((await migrateRollback(dbs[0]!, { all: true })).migrations).toHaveLength(FILES.length)
    } finally {
      await Promise.all(dbs.map((db) => db.close()))
    }
  })
})
