import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordedEnvironment } from '../../../src/commands/protection.js'
import { createToolkit } from '../../../src/commands/toolkit.js'
import { tableOf } from '../../../src/dialects/dialect-adapter-base.js'
import { tempDir } from '../../helpers/cli.js'
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

    it('read production in any case, and keep a recorded production through runs and resets', async () => {
      const open = (config: Record<string, unknown>) =>
        createToolkit({
          db: test.url,
          config: { protect: ['/^nothing$/'], ...config },
          useEnvironment: false,
        })
      const shouting = await open({ environment: 'Production' })
      try {
        await expect(shouting.cleanup({ olderThanMs: 0 })).rejects.toThrow(/\(the environment is production/)
        // A record in capitals (as an older version wrote it) is production too, and a plain run under
        // another environment does not downgrade it.
        const db = await shouting.database()
        await tableOf(db.knex, db.tables.metadata)
          .where({ key: 'environment' })
          .update({ value: 'PRODUCTION' })
      } finally {
        await shouting.close()
      }
      const laptop = await open({ environment: 'development' })
      try {
        const db = await laptop.database()
        const name = await db.adapter.databaseName()
        await laptop.run({ types: ['document'], count: 3 })
        expect(await recordedEnvironment(db)).toBe('production')
        await expect(laptop.cleanup({ olderThanMs: 0 })).rejects.toThrow(
          /seeded under the production environment/,
        )
        // A confirmed reset rolls back every table, the metadata too, and records production again.
        await laptop.reset({ types: ['document'], count: 3, force: true, confirm: name })
        expect(await recordedEnvironment(db)).toBe('production')
        // Only an explicit, confirmed --environment changes it.
        await expect(
          laptop.run({ types: ['document'], count: 3, environment: 'development' }),
        ).rejects.toThrow(
          `Refusing to record the environment "development" in database "${name}": it is recorded as production; pass --force --confirm ${name} to change it`,
        )
        expect(await recordedEnvironment(db)).toBe('production')
        await laptop.run({
          types: ['document'],
          count: 3,
          environment: 'Development',
          force: true,
          confirm: name,
        })
        expect(await recordedEnvironment(db)).toBe('development')
        await laptop.cleanup({ olderThanMs: 0 })
      } finally {
        await laptop.close()
      }
      const contradiction = await open({ environment: 'PROD' })
      try {
        await expect(
          contradiction.run({ types: ['document'], count: 3, environment: 'staging' }),
        ).rejects.toThrow('--environment staging contradicts the production environment in effect')
      } finally {
        await contradiction.close()
      }
    })

    // MySQL/MariaDB has neither a database file nor schemas apart from the database: nothing to test there.
    if (dialect !== 'mysql')
      it(`protect patterns also match ${dialect === 'sqlite' ? "the file's folders" : 'the schema'}`, async () => {
        const dir = await tempDir()
        try {
          const folder = join(dir.path, 'prod-data')
          await mkdir(folder)
          const toolkit = await createToolkit({
            db: dialect === 'sqlite' ? `sqlite:${join(folder, 'app.sqlite')}` : test.url,
            config: {
              protect: ['/^prod[-_]/'],
              ...(dialect === 'pg' ? { schema: 'prod_seed' } : {}),
            },
            useEnvironment: false,
          })
          try {
            await toolkit.migrate.latest()
            const reason =
              dialect === 'sqlite'
                ? 'its folder "prod-data" matches the protect pattern "/^prod[-_]/"'
                : 'its schema "prod_seed" matches the protect pattern "/^prod[-_]/"'
            await expect(toolkit.cleanup({ olderThanMs: 0 })).rejects.toThrow(reason)
          } finally {
            await toolkit.close()
          }
        } finally {
          await dir.cleanup()
        }
      })
  })
}
