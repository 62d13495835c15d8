import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/dialects/open-database.js'
import { registerDataType, unregisterDataType } from '../../../src/generators/registry.js'
import calibrationType from '../../fixtures/data-types/calibration/calibration-type.js'
import * as createCalibrationData from '../../fixtures/data-types/calibration/20270101000100_create_calibration_data.js'
import { runCliInProcess, tempDir } from '../../helpers/cli.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/databases.js'

// The contributor recipe, proved: a seventh data type defined wholly in the test suite (a definition, a
// generator and one migration, in test/fixtures/data-types/calibration) goes through generate → migrate →
// run → stats → export → verify on every engine, without a change to any file under src/ or migrations/.

let work: { path: string; cleanup: () => Promise<void> }
beforeAll(async () => {
  registerDataType(calibrationType, { migrations: [createCalibrationData] })
  work = await tempDir()
})
afterAll(async () => {
  unregisterDataType('calibration')
  await work.cleanup()
})

const SEED = ['--seed', '7', '--facilities', '2', '--count', '300']

/** NDJSON text as records. */
const records = (text: string) =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>)

describe('a data type registered from outside the package', () => {
  it('is a choice of the CLI, and generate writes its columns to files', async () => {
    const help = await runCliInProcess(['generate', '--help'])
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      'monitoring, document, compliance, geotechnical, environmental, financial, calibration',
    )
    const out = join(work.path, 'files')
    const csv = await runCliInProcess([
      'generate',
      '--type',
      'calibration',
      ...SEED,
      '--format',
      'csv',
      '--output-dir',
      out,
    ])
    expect(csv.stderr).toBe('')
    expect(csv.exitCode).toBe(0)
    const lines = (await readFile(join(out, 'calibration.csv'), 'utf8')).trimEnd().split(/\r?\n/)
    expect(lines[0]).toBe(calibrationType.columns.map((c) => c.name).join(','))
    expect(lines).toHaveLength(301)
  })

  it('refuses a type that is not registered, naming the registered ones', async () => {
    const result = await runCliInProcess(['preview', 'calibrations'])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain(
      'expected one of monitoring, document, compliance, geotechnical, environmental, financial, calibration',
    )
  })
})

for (const dialect of DIALECTS) {
  describe(`a registered data type on ${dialect}`, () => {
    let test: TestDatabase
    beforeAll(async () => {
      test = await createTestDatabase(dialect, 'custom_type')
    })
    afterAll(async () => test.drop())

    it('migrates, runs, reports stats, exports the generated records and verifies', async () => {
      const db = ['--db', test.url]
      const migrated = await runCliInProcess(['migrate', 'latest', ...db])
      expect(migrated.exitCode, migrated.stderr).toBe(0)
      const status = await runCliInProcess(['migrate', 'status', ...db])
      expect(status.stdout).toMatch(/20270101000100_create_calibration_data\.js/)
      if (dialect === 'sqlite') {
        // Its enum CHECK an OR chain, as the built-in typed tables have theirs.
        const opened = await openDatabase({
          url: test.url,
          schema: { tablePrefix: 'synthetic_' },
          migrationsTable: 'tailingsiq_migrations',
        })
        try {
          const [table] = await opened.knex.raw<{ sql: string }[]>(
            "select sql from sqlite_schema where name = 'synthetic_calibration_data'",
          )
          expect(table?.sql).toContain(
            "check (`instrument_type` = 'piezometer' or `instrument_type` = 'inclinometer'",
          )
          expect(table?.sql).not.toContain(' in (')
        } finally {
          await opened.close()
        }
      }

      const run = await runCliInProcess([
        'run',
        ...db,
        '--types',
        'calibration',
        ...SEED,
        '--storage',
        'typed',
      ])
      expect(run.exitCode, run.stderr).toBe(0)

      const stats = await runCliInProcess(['stats', '1', ...db, '--json'])
      expect(stats.exitCode, stats.stderr).toBe(0)
      const parsed = JSON.parse(stats.stdout) as {
        rows: { table: string; counted: number; matchesRecordsWritten: boolean }
        timeSpan: { column: string; from: string }
        breakdown: { byInstrumentType: Record<string, number>; passed: Record<string, number> }
      }
      expect(parsed.rows).toEqual({
        table: 'synthetic_calibration_data',
        counted: 300,
        matchesRecordsWritten: true,
      })
      expect(parsed.timeSpan).toMatchObject({ column: 'calibrated_at', from: '2024-01-01T00:00:00.000Z' })
      const byType = Object.values(parsed.breakdown.byInstrumentType).reduce((a, b) => a + b, 0)
      expect(byType).toBe(300)
      expect(Object.keys(parsed.breakdown.byInstrumentType).sort()).toEqual([
        'inclinometer',
        'piezometer',
        'rain_gauge',
        'weir',
      ])

      // No charts of its own: the report shows its rows, manifest and column distributions.
      const report = await runCliInProcess(['report', '1', ...db, '--out', '-'])
      expect(report.exitCode, report.stderr).toBe(0)
      expect(report.stdout).toContain('id="chart-1-columns-histograms"')
      expect(report.stdout).toContain('<td>synthetic_calibration_data</td><td class="num">300</td>')

      const exported = await runCliInProcess(['export', '1', ...db, '--format', 'ndjson', '--out', '-'])
      expect(exported.exitCode, exported.stderr).toBe(0)
      const out = join(work.path, dialect)
      const generated = await runCliInProcess([
        'generate',
        '--type',
        'calibration',
        ...SEED,
        '--format',
        'ndjson',
        '--output-dir',
        out,
      ])
      expect(generated.exitCode, generated.stderr).toBe(0)
      expect(records(exported.stdout)).toHaveLength(300)
      expect(records(exported.stdout)).toEqual(
        records(await readFile(join(out, 'calibration.ndjson'), 'utf8')),
      )

      // The HTTP API: the OpenAPI enums and the routes take the type (the server's modules load after it
      // was registered, as a host that registers its types at start-up does).
      const [{ createToolkit }, { startServer }, { resolveServeOptions }] = await Promise.all([
        import('../../../src/commands/toolkit.js'),
        import('../../../src/server/create-server.js'),
        import('../../../src/server/server-options.js'),
      ])
      const toolkit = await createToolkit({ db: test.url, config: {}, useEnvironment: false })
      const key = 'calibration-key-0123456789'
      const server = await startServer(
        toolkit,
        resolveServeOptions(
          toolkit.settings,
          { port: 0, instance: 'custom' },
          { TAILINGSIQ_API_KEYS: `a:admin:${key}` },
        ),
        { logLevel: false },
      )
      try {
        const get = (path: string) =>
          fetch(`${server.url}/api/v1/synthetic-data${path}`, { headers: { authorization: `Bearer ${key}` } })
        const doc = JSON.stringify(await (await get('/docs/openapi.json')).json())
        expect(doc).toContain('"financial","calibration"')
        const preview = await get('/preview/calibration?count=3')
        expect(preview.status, await preview.clone().text()).toBe(200)
        const stats = (await (await get('/datasets/1/stats')).json()) as { breakdown: { passed: unknown } }
        expect(stats.breakdown.passed).toBeDefined()
      } finally {
        await server.close()
        await toolkit.close()
      }

      const verified = await runCliInProcess(['verify', '1', ...db])
      expect(verified.exitCode, verified.stdout + verified.stderr).toBe(0)

      // Its datasets go first: the rollback restores the fixed list of data types, which cannot hold them.
      const removed = await runCliInProcess(['cleanup', '--dataset', '1', '--yes', ...db])
      expect(removed.exitCode, removed.stderr).toBe(0)
      const rolledBack = await runCliInProcess(['migrate', 'rollback', '--all', '--yes', ...db])
      expect(rolledBack.exitCode, rolledBack.stderr).toBe(0)
      expect(rolledBack.stdout).toMatch(/20270101000100_create_calibration_data\.js/)
    })
  })
}
