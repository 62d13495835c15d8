import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/dialects/open-database.js'
import { shippedMigrationNames } from '../../src/migrate/migration-source.js'
import { isSchemaCurrent, migrateLatest, migrateUnlock } from '../../src/migrate/migrator.js'
import { startCli } from '../helpers/child-run.js'
import { tempDir } from '../helpers/cli.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.js'
import { listTables } from '../helpers/inspect.js'

const MIGRATION_NAMES = await shippedMigrationNames()

// MySQL and MariaDB commit every CREATE TABLE at once, so a migration killed half-way leaves some of its tables
// behind, unrecorded. PostgreSQL and SQLite roll the migration back; the in-process simulation of this state on
// every engine is in test/integration/db/migrations.test.ts.
describe.runIf(DIALECTS.includes('mysql'))('mysql: migrate latest killed with SIGKILL', () => {
  let test: TestDatabase
  beforeAll(async () => (test = await createTestDatabase('mysql', 'migrate_kill')))
  afterAll(async () => test.drop())

  it('while the first migration runs, recovers with migrate unlock and migrate latest', async () => {
    const work = await tempDir()
    const db = await openDatabase({
      url: test.url,
      schema: { tablePrefix: 'synthetic_' },
      migrationsTable: 'tailingsiq_migrations',
    })
    try {
      const child = startCli(['migrate', 'latest', '--db', test.url, '--quiet'], { cwd: work.path })
      // Kill it the moment the first table of the first migration exists, before the migration can finish.
      for (;;) {
        const tables = await listTables(db.knex, 'mysql')
        if (tables.includes('synthetic_data_sets')) break
        await new Promise((resolve) => setTimeout(resolve, 2))
      }
      child.child.kill('SIGKILL')
      expect((await child.exited()).signal).toBe('SIGKILL')
      const recorded: unknown[] = await db.knex('tailingsiq_migrations').select('name')
      expect(recorded).toEqual([])

      await migrateUnlock(db)
      expect((await migrateLatest(db)).migrations).toEqual(MIGRATION_NAMES)
      expect(await isSchemaCurrent(db)).toBe(true)
    } finally {
      await db.close()
      await work.cleanup()
    }
  })
})
