import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse as parseCsv } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToolkit } from '../../src/commands/toolkit.js'
import { tableOf } from '../../src/dialects/dialect-adapter-base.js'
import { resolveDatasetSpec } from '../../src/generators/dataset-spec.js'
import { runCli, runCliInProcess, tempDir } from '../helpers/cli.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.js'

let work: { path: string; cleanup: () => Promise<void> }
beforeAll(async () => (work = await tempDir()))
afterAll(async () => work.cleanup())

for (const dialect of DIALECTS) {
  describe(`${dialect}: datasets, stats, cleanup, export and reset from the CLI`, () => {
    let test: TestDatabase
    // In process; `bin` runs the built bin where the process is the point (exit codes, stdout and stderr
    // kept apart while records stream). That does not depend on the engine: it runs once, on SQLite.
    const cli = (args: string[], env: Record<string, string> = {}) =>
      runCliInProcess([...args, '--db', test.url], { cwd: work.path, env })
    const bin = (args: string[], env: Record<string, string> = {}) =>
      dialect === 'sqlite' ? runCli([...args, '--db', test.url], { cwd: work.path, env }) : cli(args, env)
    beforeAll(async () => {
      test = await createTestDatabase(dialect, 'cli_operations')
      const seeded = await cli([
        'run',
        '--types',
        'monitoring,financial',
        '--count',
        '600',
        '--facilities',
        '3',
        '--owner',
        'dba',
        '--quiet',
      ])
      expect(seeded.exitCode).toBe(0)
    })
    afterAll(async () => test.drop())

    it('lists, shows, creates, generates, deletes and restores datasets', async () => {
      const list = await cli(['datasets', 'list'])
      expect(list.exitCode).toBe(0)
      expect(list.stdout).toMatch(/id +name +type +status +records +owner +created/)
      expect(list.stdout).toMatch(/2 +financial · 600 records · seed 42 +financial +completed +600 +dba/)
      expect(list.stdout).toMatch(/1–2 of 2\n$/)
      const json = JSON.parse((await cli(['datasets', 'list', '--type', 'monitoring', '--json'])).stdout) as {
        total: number
        datasets: { id: number }[]
      }
      expect(json).toMatchObject({ total: 1, datasets: [{ id: 1 }] })

      const show = await cli(['datasets', 'show', '1', '--sample', '2'])
      expect(show.stdout).toMatch(/^id +1\nname +monitoring · 600 records · seed 42\n/)
      expect(show.stdout).toMatch(/record 2 of 2\n {2}record_index +1\n/)

      const created = await cli([
        'datasets',
        'create',
        '--name',
        'later',
        '--type',
        'document',
        '--count',
        '50',
        '--scenario',
        'non-compliant-operator',
        '--json',
      ])
      const id = (JSON.parse(created.stdout) as { id: number; status: string }).id
      expect(JSON.parse(created.stdout)).toMatchObject({
        parameters: { scenario: 'non-compliant-operator' },
        status: 'pending',
        created_by: expect.any(String) as string,
      })
      const generated = await cli(['datasets', 'generate', String(id), '--json'])
      expect(generated.exitCode).toBe(0)
      expect(JSON.parse(generated.stdout)).toMatchObject({
        datasets: [{ id, status: 'completed', records: 50 }],
      })
      const twice = await cli(['datasets', 'generate', String(id)])
      expect(twice.exitCode).toBe(2)
      expect(twice.stderr).toMatch(`Dataset ${id} is completed, not pending`)

      // A failed dataset is continued with --resume; without it the error says how.
      const stopped = (
        JSON.parse(
          (
            await cli([
              'datasets',
              'create',
              '--name',
              'stopped',
              '--type',
              'financial',
              '--count',
              '80',
              '--json',
            ])
          ).stdout,
        ) as { id: number }
      ).id
      const toolkit = await createToolkit({ db: test.url, config: {}, useEnvironment: false })
      try {
        const db = await toolkit.database()
        await tableOf(db.knex, db.tables.dataSets)
          .where({ id: stopped })
          .update({ status: 'failed', error: 'the machine went down' })
      } finally {
        await toolkit.close()
      }
      const refused = await cli(['datasets', 'generate', String(stopped)])
      expect(refused.exitCode).toBe(2)
      expect(refused.stderr).toBe(
        `tailingsiq-seed: Dataset ${stopped} is failed (the machine went down); resume it to continue from its last committed row; \`tailingsiq-seed datasets generate ${stopped} --resume\`\n`,
      )
      const resumed = await cli(['datasets', 'generate', String(stopped), '--resume', '--json'])
      expect(resumed.exitCode, resumed.stderr).toBe(0)
      expect(JSON.parse(resumed.stdout)).toMatchObject({
        datasets: [{ id: stopped, status: 'completed', records: 80 }],
      })
      expect((await cli(['cleanup', '--dataset', String(stopped), '--yes'])).exitCode).toBe(0)

      expect((await cli(['datasets', 'delete', String(id)])).stdout).toMatch(`Deleted dataset ${id}`)
      expect((await cli(['datasets', 'list'])).stdout).not.toMatch(/later/)
      expect((await cli(['datasets', 'list', '--include-deleted'])).stdout).toMatch(/later \(deleted\)/)
      const hidden = await cli(['datasets', 'show', String(id)])
      expect(hidden.exitCode).toBe(2)
      expect(hidden.stderr).toMatch(`Dataset ${id} is deleted; restore it with`)
      expect((await cli(['datasets', 'restore', String(id)])).stdout).toMatch(`Restored dataset ${id}`)

      for (const [args, message] of [
        [['datasets', 'show', '999'], 'Dataset 999 does not exist'],
        [['datasets', 'show', 'abc'], 'whole number'],
        [
          ['datasets', 'list', '--status', 'done'],
          '--status must be one of pending, generating, completed, failed, got "done"',
        ],
        [
          ['datasets', 'create', '--name', 'x', '--type', 'weather', '--count', '5'],
          'unknown data type "weather"',
        ],
        [
          ['datasets', 'create', '--name', 'x', '--type', 'document', '--count', '-5'],
          '--count must be a whole number',
        ],
        [
          ['datasets', 'create', '--name', 'x', '--type', 'document', '--count', '5', '--scenario', 'wet'],
          '--scenario must be one of baseline, extreme-storm, progressive-failure, drought, closure, non-compliant-operator, got "wet"',
        ],
      ] as const) {
        const result = await cli([...args])
        expect(result.exitCode, args.join(' ')).toBe(2)
        expect(result.stderr).toContain(message)
      }
    })

    it('prints stats of one dataset and of all, as tables or JSON', async () => {
      const one = await cli(['stats', '1'])
      expect(one.exitCode).toBe(0)
      expect(one.stdout).toMatch(
        /600 rows in synthetic_monitoring_data \(records_written 600: matches\), 3 facilities/,
      )
      expect(one.stdout).toMatch(/parameter +n +min +max +mean +stddev/)
      const all = JSON.parse((await cli(['stats', '--json'])).stdout) as {
        datasets: { total: number }
        tables: unknown[]
      }
      expect(all.datasets.total).toBeGreaterThanOrEqual(2)
      expect(all.tables.length).toBeGreaterThan(5)
      const financial = JSON.parse((await cli(['stats', '2', '--json'])).stdout) as {
        breakdown: { byCategory: { lines: number }[] }
      }
      expect(financial.breakdown.byCategory.reduce((a, c) => a + c.lines, 0)).toBe(600)
    })

    it('exports to stdout and to files, refusing to overwrite without --force', async () => {
      const ndjson = await bin(['export', '1', '--format', 'ndjson'])
      expect(ndjson.exitCode).toBe(0)
      expect(ndjson.stdout.trim().split('\n')).toHaveLength(600)
      expect(ndjson.stderr).toMatch(/Exported 600 records .* of dataset 1 from its typed rows/)
      const out = join(work.path, `${dialect}-financial.csv`)
      expect(
        (await cli(['export', '2', '--format', 'csv', '--out', out, '--source', 'records'])).exitCode,
      ).toBe(0)
      const rows = parseCsv<Record<string, string>>(await readFile(out, 'utf8'), { columns: true })
      expect(rows).toHaveLength(600)
      const again = await cli(['export', '2', '--format', 'csv', '--out', out])
      expect(again.exitCode).toBe(2)
      expect(again.stderr).toMatch('already exists; pass --force to overwrite it')
      expect((await cli(['export', '2', '--format', 'json', '--out', out, '--force'])).exitCode).toBe(0)
      expect(JSON.parse(await readFile(out, 'utf8'))).toHaveLength(600)
      expect((await cli(['export', '2', '--format', 'xml'])).stderr).toMatch(
        '--format must be one of json, ndjson, csv, got "xml"',
      )
    })

    it('cleans up only with --yes when no terminal can ask, and lists what it removed', async () => {
      const seeded = JSON.parse(
        (await cli(['run', '--types', 'geotechnical', '--count', '40', '--seed', '4242', '--json'])).stdout,
      ) as { datasets: { id: number }[] }
      const id = seeded.datasets[0]!.id
      await cli(['datasets', 'delete', String(id)])
      // The dry run's JSON says what the real run then removes, unused facilities included.
      const dryJson = JSON.parse((await cli(['cleanup', '--deleted', '--dry-run', '--json'])).stdout) as {
        dryRun: boolean
        facilitiesRemoved: number
      }
      expect(dryJson.dryRun).toBe(true)
      expect(dryJson.facilitiesRemoved).toBeGreaterThan(0)
      const dry = await cli(['cleanup', '--deleted', '--dry-run'])
      expect(dry.stdout).toMatch(new RegExp(`\\n +${id} +geotechnical +completed +deleted `))
      // Stored typed (the default): each of the 40 records is one row.
      expect(dry.stdout).toMatch(/Would remove 1 dataset\(s\) and 40 rows \(dry run: nothing changed\)/)
      const unconfirmed = await bin(['cleanup', '--deleted'])
      expect(unconfirmed.exitCode).toBe(3)
      expect(unconfirmed.stderr).toMatch(
        'cleanup needs confirmation: pass --yes (there is no terminal to ask on)',
      )
      const done = JSON.parse((await cli(['cleanup', '--deleted', '--yes', '--json'])).stdout) as {
        dryRun: boolean
        datasets: { id: number }[]
        rows: number
      }
      expect(done).toMatchObject({
        dryRun: false,
        datasets: [{ id }],
        rows: 40,
        facilitiesRemoved: dryJson.facilitiesRemoved,
      })
      expect((await cli(['cleanup', '--deleted', '--yes'])).stdout).toBe('Nothing to clean up.\n')
      expect(JSON.parse((await cli(['cleanup', '--deleted', '--yes', '--json'])).stdout)).toEqual({
        dryRun: false,
        datasets: [],
        rows: 0,
        facilitiesRemoved: 0,
      })
      expect((await cli(['cleanup', '--older-than', 'soon'])).stderr).toMatch(
        '--older-than must be a duration such as 30d, 12h, 90m or 2w, got "soon"',
      )
    })

    it('resets the database to a known state with reset --yes, refusing without it', async () => {
      const refused = await cli(['reset', '--types', 'financial', '--count', '10'])
      expect(refused.exitCode).toBe(3)
      const reset = await cli(['reset', '--yes', '--types', 'financial', '--count', '10', '--json'])
      expect(reset.exitCode, reset.stderr).toBe(0)
      expect(JSON.parse(reset.stdout)).toMatchObject({
        migrations: expect.any(Array) as unknown[],
        datasets: [{ id: 1, records: 10 }],
      })
      const list = JSON.parse((await cli(['datasets', 'list', '--json'])).stdout) as { total: number }
      expect(list.total).toBe(1)
      const production = await bin(['reset', '--yes', '--count', '5'], { NODE_ENV: 'production' })
      expect(production.exitCode).toBe(3)
      expect(production.stderr).toMatch(
        /Refusing to reset database ".*": it is protected \(the environment is production\); pass --force --confirm/,
      )
    })

    it('creates a dataset over a period (--start/--end) that generate fills on its natural calendar', async () => {
      const [start, end] = ['2016-01-01', '2020-12-31']
      const created = await cli([
        'datasets',
        'create',
        '--name',
        'five years',
        '--type',
        'document',
        '--count',
        'natural',
        '--facilities',
        '2',
        '--start',
        start,
        '--end',
        end,
        '--json',
      ])
      expect(created.exitCode, created.stderr).toBe(0)
      const { id, parameters } = JSON.parse(created.stdout) as { id: number; parameters: object }
      expect(parameters).toMatchObject({ start: `${start}T00:00:00.000Z`, end: `${end}T23:59:59.999Z` })
      const generated = await cli(['datasets', 'generate', String(id), '--json'])
      expect(generated.exitCode, generated.stderr).toBe(0)
      const natural = resolveDatasetSpec({
        type: 'document',
        count: 'natural',
        defaultCount: 1,
        facilities: 2,
        seed: 42,
        parameters: [{ start, end }],
      }).count
      expect(JSON.parse(generated.stdout)).toMatchObject({ datasets: [{ id, records: natural }] })
      const exported = await cli(['export', String(id), '--format', 'csv'])
      const issued = parseCsv<{ issue_date: string }>(exported.stdout, { columns: true }).map(
        (r) => r.issue_date,
      )
      expect(issued).toHaveLength(natural)
      expect(issued.every((d) => d >= start && d <= `${end}T23:59:59.999Z`)).toBe(true)
      const reversed = await cli([
        'datasets',
        'create',
        '--name',
        'x',
        '--type',
        'document',
        '--count',
        '5',
        '--start',
        end,
        '--end',
        start,
      ])
      expect(reversed.exitCode).toBe(2)
      expect(reversed.stderr).toMatch('end must be after start')
    })
  })
}
