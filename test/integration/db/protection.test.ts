import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToolkit } from '../../../src/commands/toolkit.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/databases.js'
import { countRows } from '../../helpers/inspect.js'

for (const dialect of DIALECTS) {
  describe(`${dialect}: protected databases`, () => {
    let test: TestDatabase
    // Named tsq_app_prod_…: a name that says production, as the default protect patterns look for.
    beforeAll(async () => (test = await createTestDatabase(dialect, 'app_prod')))
    afterAll(async () => test.drop())

    it('refuse destructive operations unless forced with the name typed back', async () => {
      const toolkit = await createToolkit({ db: test.url, config: {}, useEnvironment: false })
      try {
        await toolkit.run({ types: ['compliance'], count: 20 })
        const db = await toolkit.database()
        const name = await db.adapter.databaseName()
        const refused = new RegExp(
          `Refusing to .* database "${name}": it is protected \\(its name "${name}" matches the protect pattern "prod"\\); pass --force --confirm ${name} to proceed`,
        )
        await expect(toolkit.reset({ types: ['compliance'], count: 5 })).rejects.toThrow(refused)
        await expect(toolkit.cleanup({ failed: true })).rejects.toThrow(refused)
        await expect(toolkit.migrate.rollback({ all: true })).rejects.toThrow(refused)
        await expect(toolkit.cleanup({ failed: true, force: true, confirm: 'wrong' })).rejects.toThrow(
          `--confirm ${name} must name the database exactly`,
        )
        // Nothing was touched; a dry run is not destructive.
        expect(await countRows(db.knex, db.tables.typed.compliance.name)).toBe(20)
        expect((await toolkit.cleanup({ dryRun: true, failed: true })).datasets).toEqual([])
        const reset = await toolkit.reset({ types: ['compliance'], count: 5, force: true, confirm: name })
        expect(reset.datasets[0]).toMatchObject({ status: 'completed', records: 5 })
        expect(await countRows(db.knex, db.tables.typed.compliance.name)).toBe(5)
      } finally {
        await toolkit.close()
      }
    })

    it('honour custom protect patterns, the production environment and the recorded one', async () => {
      const open = (config: Record<string, unknown>) =>
        createToolkit({
          db: test.url,
          config: { protect: ['/^nothing$/'], ...config },
          useEnvironment: false,
        })
      const relaxed = await open({})
      try {
        await relaxed.cleanup({ failed: true })
      } finally {
        await relaxed.close()
      }
      const production = await open({ environment: 'production' })
      try {
        await expect(production.cleanup({ failed: true })).rejects.toThrow(
          /it is protected \(the environment is production\)/,
        )
        const name = await (await production.database()).adapter.databaseName()
        // Seeding under production records it; a later run from elsewhere does not take that back.
        await production.run({ types: ['document'], count: 5, force: true, confirm: name })
      } finally {
        await production.close()
      }
      const later = await open({ environment: 'development' })
      try {
        await later.run({ types: ['document'], count: 5 })
        await expect(later.cleanup({ failed: true })).rejects.toThrow(
          /it is protected \(it was seeded under the production environment\)/,
        )
      } finally {
        await later.close()
      }
    })
  })
}
