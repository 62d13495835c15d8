import { shippedMigrationNames } from '../../src/migrate/migration-source.js'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createToolkit } from '../../src/commands/toolkit.js'
import { tableOf } from '../../src/dialects/dialect-adapter-base.js'
import { EXIT_CODES, exitCodeOf } from '../../src/errors.js'
import { startCli } from '../helpers/child-run.js'
import { runCli, runCliInProcess, tempDir } from '../helpers/cli.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.js'
import { afterFirstCommit, countRows } from '../helpers/inspect.js'

const MIGRATION_NAMES = await shippedMigrationNames()

let work: { path: string; cleanup: () => Promise<void> }
beforeAll(async () => (work = await tempDir()))
afterAll(async () => work.cleanup())

for (const dialect of DIALECTS) {
  describe(`${dialect}: concurrent commands`, () => {
    let test: TestDatabase
    beforeAll(async () => (test = await createTestDatabase(dialect, 'concurrency')))
    afterAll(async () => test.drop())

    it('lets two runs on a fresh database migrate once and both complete', async () => {
      // Two processes, each writing 10 batches of each type at the same time as the other.
      const args = (name: string) => [
        'run',
        '--db',
        test.url,
        '--types',
        'monitoring,document',
        '--count',
        '2000',
        '--batch-size',
        '200',
        '--name',
        name,
        '--json',
      ]
      const [a, b] = await Promise.all([
        runCli(args('a'), { cwd: work.path }),
        runCli(args('b'), { cwd: work.path }),
      ])
      expect([a.exitCode, b.exitCode], `${a.stderr}\n${b.stderr}`).toEqual([0, 0])
      const toolkit = await createToolkit({ db: test.url, config: {}, useEnvironment: false })
      try {
        const db = await toolkit.database()
        expect(await countRows(db.knex, 'tailingsiq_migrations')).toBe(MIGRATION_NAMES.length)
        const datasets: { status: string; records_written: number | string }[] = await tableOf(
          db.knex,
          db.tables.dataSets,
        ).select('status', 'records_written')
        expect(datasets.map((d) => [d.status, Number(d.records_written)])).toEqual(
          Array(4).fill(['completed', 2000]),
        )
        expect(await countRows(db.knex, db.tables.typed.monitoring.name)).toBe(4000)
      } finally {
        await toolkit.close()
      }
    })

    it('refuses a concurrent `run --resume` before it writes; the first run completes with every row counted once', async () => {
      // The second writer comes as soon as the first has committed its first batch (its JSON progress lines come
      // every 2 s at most, after a fast engine may have finished); 60 batches leave it mid-way, as in the crash
      // tests (30 were once all committed before the second writer's check, on a loaded machine). The second
      // writer's toolkit is open before the first starts, so its check comes within about 150 ms of that first
      // commit: by then the first had written at most 3,500 rows on PostgreSQL and MariaDB, and 16,000 on SQLite,
      // which commits a batch in a few milliseconds while a worker thread generates the next: 180 batches there.
      const count = String(dialect === 'sqlite' ? 90_000 : 30_000)
      const toolkit = await createToolkit({ db: test.url, config: { seed: 99 }, useEnvironment: false })
      try {
        const db = await toolkit.database()
        const first = await afterFirstCommit(test.url, 'monitoring', () =>
          startCli(
            [
              ...['run', '--db', test.url, '--types', 'monitoring', '--count', count, '--seed', '99'],
              ...['--batch-size', '500', '--name', 'resumed-twice', '--json'],
            ],
            { cwd: work.path },
          ),
        )
        const second = toolkit.run({
          types: ['monitoring'],
          count: Number(count),
          name: 'resumed-twice',
          resume: true,
        })
        const refused = await second.then(
          () => undefined,
          (error: unknown) => error,
        )
        expect(exitCodeOf(refused), String(refused)).toBe(EXIT_CODES.BUSY)
        expect((refused as Error).message).toMatch(
          /^Dataset \d+ is being written by pid \d+ on .+ since \d{4}-\d\d-\d\dT[\d:.]+Z; nothing was written$/,
        )
        expect((await first.exited()).code, first.stderr()).toBe(0)
        const rows: { id: number; status: string; records_written: number | string; error: string | null }[] =
          await tableOf(db.knex, db.tables.dataSets).where({ name: 'resumed-twice' }).select()
        expect(rows.map((d) => [d.status, Number(d.records_written), d.error])).toEqual([
          ['completed', Number(count), null],
        ])
        const id = rows[0]!.id
        expect(await countRows(db.knex, db.tables.typed.monitoring.name, { dataset_id: id })).toBe(
          Number(count),
        )
        // Stored typed (the default): the view shows each record once, from the typed table.
        expect(await countRows(db.knex, db.tables.records.name, { dataset_id: id })).toBe(0)
        expect(await countRows(db.knex, db.tables.recordView.name, { dataset_id: id })).toBe(Number(count))
        expect(await countRows(db.knex, db.tables.writers.name)).toBe(0)
      } finally {
        await toolkit.close()
      }
    })

    it('waits for a migration lock held by another process, and `migrate unlock` frees one a crash left', async () => {
      const migrate = await runCliInProcess(['migrate', 'latest', '--db', test.url, '--quiet'], {
        cwd: work.path,
      })
      expect(migrate.exitCode, migrate.stderr).toBe(0)
      const toolkit = await createToolkit({ db: test.url, config: {}, useEnvironment: false })
      try {
        const db = await toolkit.database()
        const lock = () => db.knex('tailingsiq_migrations_lock')
        // Another process is migrating: the lock is taken, and released once the CLI says it is waiting (a
        // fixed delay would race the CLI's own start-up on a loaded machine).
        await lock().update({ is_locked: 1 })
        const migrating = startCli(['migrate', 'latest', '--db', test.url, '--json'], { cwd: work.path })
        await vi.waitFor(
          () => expect(migrating.stderr()).toMatch(/Another process holds the migration lock/),
          { timeout: 30_000, interval: 50 },
        )
        // Still waiting, not given up, while the lock is held.
        expect(migrating.child.exitCode).toBeNull()
        await lock().update({ is_locked: 0 })
        const exit = await migrating.exited()
        const waiting = { exitCode: exit.code, stderr: migrating.stderr() }
        expect(waiting.exitCode, waiting.stderr).toBe(0)
        // One line says it waits; Knex's own warning on every attempt is not repeated.
        expect(waiting.stderr.match(/Another process holds the migration lock/g)).toHaveLength(1)
        expect(waiting.stderr).not.toMatch(/Can't take lock/)
        // A crash left the lock taken: `migrate unlock` frees it.
        await lock().update({ is_locked: 1 })
        const unlock = await runCliInProcess(['migrate', 'unlock', '--db', test.url, '--json'], {
          cwd: work.path,
        })
        expect(unlock.exitCode, unlock.stderr).toBe(0)
        expect(JSON.parse(unlock.stdout)).toEqual({ unlocked: true })
        expect(
          (await lock().select('is_locked')).map((r: { is_locked: unknown }) => Number(r.is_locked)),
        ).toEqual([0])
      } finally {
        // Should an assertion fail, the next test must not inherit a held lock.
        const db = await toolkit.database()
        await db.knex('tailingsiq_migrations_lock').update({ is_locked: 0 })
        await toolkit.close()
      }
    })

    it('never interleaves a run writing a dataset with a cleanup of it: the run stops, the cleanup removes every row', async () => {
      // The cleanup comes once the run's first batch is in the database; the run stops at its next batch, so
      // its 80 batches are a bound it never reaches, not rows it writes.
      const run = await afterFirstCommit(test.url, 'geotechnical', () =>
        startCli(
          [
            'run',
            '--db',
            test.url,
            '--types',
            'geotechnical',
            '--count',
            '400000',
            '--batch-size',
            '5000',
            '--max-records',
            '400000',
            '--name',
            'racing',
            '--json',
          ],
          { cwd: work.path },
        ),
      )
      const list = JSON.parse(
        (
          await runCliInProcess(['datasets', 'list', '--status', 'generating', '--json', '--db', test.url], {
            cwd: work.path,
          })
        ).stdout,
      ) as { datasets: { id: number; name: string }[] }
      const id = list.datasets.find((d) => d.name === 'racing')!.id
      const cleanup = await runCliInProcess(
        ['cleanup', '--dataset', String(id), '--yes', '--json', '--db', test.url],
        { cwd: work.path },
      )
      expect(cleanup.exitCode, cleanup.stderr).toBe(0)
      const exit = await run.exited()
      expect(exit.code).toBe(5)
      expect(run.stderr()).toMatch(
        `dataset ${id} was deleted (by a cleanup or \`datasets delete\`) while it was being written; stopped`,
      )
      const toolkit = await createToolkit({ db: test.url, config: {}, useEnvironment: false })
      try {
        const db = await toolkit.database()
        expect(await countRows(db.knex, db.tables.dataSets.name, { id })).toBe(0)
        expect(await countRows(db.knex, db.tables.typed.geotechnical.name, { dataset_id: id })).toBe(0)
        expect(await countRows(db.knex, db.tables.records.name, { dataset_id: id })).toBe(0)
      } finally {
        await toolkit.close()
      }
    })
  })
}
