import { shippedMigrationNames } from '../../src/migrate/migration-source.js'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import knexFactory from 'knex'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToolkit } from '../../src/commands/toolkit.js'
import { createRecordSerializer } from '../../src/formats/record-serializer.js'
import { resolveDatasetSpec } from '../../src/generators/dataset-spec.js'
import { generateRecords } from '../../src/generators/generate-records.js'
import { DATA_TYPES, type DataType } from '../../src/generators/generator.js'
import { columnsOf, dataTypeDefinition } from '../../src/generators/registry.js'
import { runCli as runBin, runCliInProcess as runCli, tempDir } from '../helpers/cli.js'

// `runCli` runs in process; `runBin` runs the built bin where the process itself is the point: the
// zero-configuration run, another time zone, and the exit code of a partly failed run (on SQLite).
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.js'
import { countRows, listTables } from '../helpers/inspect.js'

const MIGRATION_NAMES = await shippedMigrationNames()

let work: { path: string; cleanup: () => Promise<void> }
beforeAll(async () => (work = await tempDir()))
afterAll(async () => work.cleanup())

describe('tailingsiq-seed run with no configuration', () => {
  it('creates ./tailingsiq.sqlite with every table filled and prints a summary', async () => {
    const dir = await tempDir()
    try {
      const result = await runBin(['run'], { cwd: dir.path })
      expect(result.stderr).toMatch(
        /^Seeding 6 dataset\(s\) into sqlite:.*tailingsiq\.sqlite \(seed 42, 5 facilities\)\n/,
      )
      expect(result.stderr).toMatch(/dataset 6 \(financial\): 1,000\/1,000 rows/)
      expect(result.exitCode).toBe(0)
      expect(result.stdout).toMatch(/dataset +type +status +records +seconds +name/)
      expect(result.stdout).toMatch(/Seeded 6 dataset\(s\) in [\d.]+ s/)
      const knex = knexFactory({
        client: 'better-sqlite3',
        connection: { filename: join(dir.path, 'tailingsiq.sqlite') },
        useNullAsDefault: true,
      })
      try {
        for (const table of [
          'synthetic_data_sets',
          'synthetic_facilities',
          ...DATA_TYPES.map((t) => `synthetic_${t}_data`),
        ]) {
          expect(await countRows(knex, table), table).toBeGreaterThan(0)
        }
        // Each record stored once (storage typed), and readable as a JSON record through the view.
        expect(await countRows(knex, 'synthetic_data_records')).toBe(0)
        expect(await countRows(knex, 'synthetic_record_view')).toBe(6000)
      } finally {
        await knex.destroy()
      }
    } finally {
      await dir.cleanup()
    }
  })
})

for (const dialect of DIALECTS) {
  describe(`${dialect}: tailingsiq-seed run and migrate`, () => {
    let test: TestDatabase
    beforeAll(async () => (test = await createTestDatabase(dialect, 'cli_run')))
    afterAll(async () => test.drop())

    it('seeds from flags and prints one JSON document with --json', async () => {
      const args = [
        'run',
        '--db',
        test.url,
        '--types',
        'monitoring,environmental',
        '--count',
        '120',
        '--seed',
        '5',
        '--facilities',
        '3',
        '--name',
        'ci',
        '--owner',
        'pipeline',
        '--json',
      ]
      const result = await runCli(args, { cwd: work.path })
      expect(result.stderr).toMatch(/^(\{"event":"progress",[^\n]*\}\n)+$/)
      expect(result.exitCode).toBe(0)
      const summary = JSON.parse(result.stdout) as {
        datasets: { id: number; type: string; name: string; status: string; records: number }[]
        migrations: string[]
      }
      expect(summary.datasets.map((d) => [d.type, d.name, d.status, d.records])).toEqual([
        ['monitoring', 'ci · monitoring', 'completed', 120],
        ['environmental', 'ci · environmental', 'completed', 120],
      ])
      const status = await runCli(['migrate', 'status', '--db', test.url, '--json'], { cwd: work.path })
      const migrations = (JSON.parse(status.stdout) as { migrations: { applied: boolean }[] }).migrations
      expect(migrations.every((m) => m.applied)).toBe(true)
    })

    it('rolls everything back with migrate rollback --all, and migrates again with migrate latest', async () => {
      const rollback = await runCli(['migrate', 'rollback', '--all', '--yes', '--db', test.url], {
        cwd: work.path,
      })
      expect(rollback.exitCode).toBe(0)
      expect(rollback.stdout).toMatch(`Rolled back ${MIGRATION_NAMES.length} migration(s)`)
      const knex = knexFactory({
        client: dialect === 'pg' ? 'pg' : dialect === 'mysql' ? 'mysql2' : 'better-sqlite3',
        connection: dialect === 'sqlite' ? { filename: test.url.slice('sqlite:'.length) } : test.url,
        useNullAsDefault: true,
      })
      try {
        expect(await listTables(knex, dialect)).toEqual([])
      } finally {
        await knex.destroy()
      }
      const latest = await runCli(['migrate', 'latest', '--db', test.url], { cwd: work.path })
      expect(latest.stdout).toMatch(`Ran ${MIGRATION_NAMES.length} migration(s)`)
      const again = await runCli(['migrate', 'latest', '--db', test.url], { cwd: work.path })
      expect(again.stdout).toBe('Already at the latest migration.\n')
      const status = await runCli(['migrate', 'status', '--db', test.url], { cwd: work.path })
      expect(status.stdout).toMatch(/20261126000200_create_typed_tables\.js +applied +1/)
    })

    it('takes the database from TAILINGSIQ_DATABASE_URL, then DATABASE_URL, then the config', async () => {
      const dir = await tempDir()
      try {
        await writeFile(
          join(dir.path, 'tailingsiq.config.json'),
          JSON.stringify({ connection: test.url, plan: [{ type: 'financial', count: 7 }] }),
        )
        const fromConfig = await runCli(['run', '--json'], { cwd: dir.path })
        expect(fromConfig.exitCode).toBe(0)
        expect((JSON.parse(fromConfig.stdout) as { database: string }).database).toContain(test.name)
        const fromEnv = await runCli(['run', '--json'], {
          cwd: dir.path,
          env: { DATABASE_URL: 'sqlite:./via-env.sqlite' },
        })
        expect((JSON.parse(fromEnv.stdout) as { database: string }).database).toMatch(/via-env\.sqlite$/)
        const own = await runCli(['run', '--json'], {
          cwd: dir.path,
          env: { DATABASE_URL: 'sqlite:./a.sqlite', TAILINGSIQ_DATABASE_URL: 'sqlite:./b.sqlite' },
        })
        expect((JSON.parse(own.stdout) as { database: string }).database).toMatch(/b\.sqlite$/)
      } finally {
        await dir.cleanup()
      }
    })

    it('stores the same instants when the process runs in another time zone', async () => {
      const args = [
        'run',
        '--db',
        test.url,
        '--types',
        'monitoring',
        '--count',
        '30',
        '--json',
        '--storage',
        'typed',
      ]
      const result = await runBin(args, { cwd: work.path, env: { TZ: 'America/New_York' } })
      expect(result.exitCode).toBe(0)
      const id = (JSON.parse(result.stdout) as { datasets: { id: number }[] }).datasets[0]!.id
      const toolkit = await createToolkit({ db: test.url, config: {}, useEnvironment: false })
      try {
        const db = await toolkit.database()
        const rows: Record<string, unknown>[] = await db.knex
          .table('synthetic_monitoring_data')
          .where({ dataset_id: id })
          .orderBy('record_index')
        const columns = columnsOf('monitoring')
        const toRecord = createRecordSerializer(columns)
        const stored = rows.map((r) => toRecord(db.adapter.decodeRow(columns, r))['timestamp'])
        const spec = resolveDatasetSpec({
          type: 'monitoring',
          count: 30,
          defaultCount: 1,
          facilities: 5,
          seed: 42,
        })
        expect(stored).toEqual([...generateRecords(spec)].map((r) => toRecord(r)['timestamp']))
        expect(stored[0]).toBe('2024-01-01T00:00:00.000Z')
      } finally {
        await toolkit.close()
      }
    })

    it('keeps a natural-cadence run inside --start/--end, over plan entries with a period of their own', async () => {
      const dir = await tempDir()
      const [start, end] = ['2022-03-01', '2022-08-31']
      const monitoring = { interval: '6h' }
      // The document entry's own period (2010-2030) gives way to the flags.
      const plan = [
        { type: 'document', count: 'natural', parameters: { start: '2010-01-01', end: '2030-12-31' } },
        { type: 'compliance', count: 'natural' },
        { type: 'environmental', count: 'natural' },
        { type: 'financial', count: 'natural' },
        { type: 'monitoring', count: 'natural', parameters: monitoring },
      ] as const
      try {
        await writeFile(join(dir.path, 'tailingsiq.config.json'), JSON.stringify({ facilities: 2, plan }))
        const result = await runCli(['run', '--db', test.url, '--start', start, '--end', end, '--json'], {
          cwd: dir.path,
        })
        expect(result.exitCode, result.stderr).toBe(0)
        const { datasets } = JSON.parse(result.stdout) as {
          datasets: { id: number; type: DataType; records: number }[]
        }
        expect(datasets.map((d) => d.type)).toEqual(plan.map((e) => e.type))
        const from = Date.parse(`${start}T00:00:00.000Z`)
        const to = Date.parse(`${end}T23:59:59.999Z`)
        const toolkit = await createToolkit({ db: test.url, config: {}, useEnvironment: false })
        try {
          const db = await toolkit.database()
          for (const d of datasets) {
            // The flags' period decides the count, not the entry's own.
            const spec = resolveDatasetSpec({
              type: d.type,
              count: 'natural',
              defaultCount: 1,
              facilities: 2,
              seed: 42,
              parameters: [d.type === 'monitoring' ? monitoring : {}, { start, end }],
            })
            expect(d.records, d.type).toBe(spec.count)
            const columns = columnsOf(d.type)
            const toRecord = createRecordSerializer(columns)
            const time = dataTypeDefinition(d.type).timeColumn
            const rows: Record<string, unknown>[] = await db.knex
              .table(`synthetic_${d.type}_data`)
              .where({ dataset_id: d.id })
            const instants = rows.map((r) =>
              Date.parse(String(toRecord(db.adapter.decodeRow(columns, r))[time])),
            )
            expect(instants.length, d.type).toBe(d.records)
            expect(Math.min(...instants), d.type).toBeGreaterThanOrEqual(from)
            expect(Math.max(...instants), d.type).toBeLessThanOrEqual(to)
          }
        } finally {
          await toolkit.close()
        }
      } finally {
        await dir.cleanup()
      }
    })

    it("gives --interval (API: run({ interval })) to every monitoring dataset, over a plan entry's own", async () => {
      const dir = await tempDir()
      // The monitoring entry's own daily interval gives way to the flag; the document entry has no interval.
      const plan = [
        { type: 'monitoring', count: 40, parameters: { interval: '1d' } },
        { type: 'document', count: 10 },
      ] as const
      const toolkit = await createToolkit({ db: test.url, config: { facilities: 2 }, useEnvironment: false })
      try {
        await writeFile(join(dir.path, 'tailingsiq.config.json'), JSON.stringify({ facilities: 2, plan }))
        const result = await runCli(['run', '--db', test.url, '--interval', '6h', '--json'], {
          cwd: dir.path,
        })
        expect(result.exitCode, result.stderr).toBe(0)
        const { datasets } = JSON.parse(result.stdout) as { datasets: { id: number; type: DataType }[] }
        expect(datasets.map((d) => d.type)).toEqual(['monitoring', 'document'])
        const api = await toolkit.run({ types: ['monitoring'], count: 12, interval: '2d' })
        const db = await toolkit.database()
        const columns = columnsOf('monitoring')
        const toRecord = createRecordSerializer(columns)
        const steps = async (id: number): Promise<number[]> => {
          const rows: Record<string, unknown>[] = await db.knex
            .table('synthetic_monitoring_data')
            .where({ dataset_id: id })
            .orderBy('record_index')
          const byFacility = new Map<string, number[]>()
          for (const row of rows) {
            const record = toRecord(db.adapter.decodeRow(columns, row))
            const times = byFacility.get(String(record['facility_id'])) ?? []
            times.push(Date.parse(String(record['timestamp'])))
            byFacility.set(String(record['facility_id']), times)
          }
          expect(byFacility.size).toBe(2)
          return [...byFacility.values()].flatMap((times) =>
            times.slice(1).map((t, i) => t - (times[i] as number)),
          )
        }
        const hour = 3_600_000
        const cli = await steps((datasets[0] as { id: number }).id)
        expect(cli).toHaveLength(38)
        expect(new Set(cli)).toEqual(new Set([6 * hour]))
        expect(new Set(await steps(api.datasets[0]?.id as number))).toEqual(new Set([48 * hour]))
        const stored: { parameters: unknown }[] = await db.knex
          .table('synthetic_data_sets')
          .whereIn(
            'id',
            datasets.map((d) => d.id),
          )
          .orderBy('id')
          .select('parameters')
        const parameters = stored.map((d) =>
          typeof d.parameters === 'string' ? (JSON.parse(d.parameters) as object) : d.parameters,
        )
        expect(parameters[0]).toMatchObject({ interval: '6h' })
        expect(parameters[1]).not.toHaveProperty('interval')
      } finally {
        await toolkit.close()
        await dir.cleanup()
      }
    })

    it('exits 5 and names the failed dataset when part of a run fails', async () => {
      const knex = knexFactory({
        client: dialect === 'pg' ? 'pg' : dialect === 'mysql' ? 'mysql2' : 'better-sqlite3',
        connection: dialect === 'sqlite' ? { filename: test.url.slice('sqlite:'.length) } : test.url,
        useNullAsDefault: true,
      })
      try {
        await knex.schema.renameTable('synthetic_geotechnical_data', 'geotechnical_elsewhere')
        const result = await (dialect === 'sqlite' ? runBin : runCli)(
          ['run', '--db', test.url, '--types', 'geotechnical,compliance', '--count', '10'],
          { cwd: work.path },
        )
        await knex.schema.renameTable('geotechnical_elsewhere', 'synthetic_geotechnical_data')
        expect(result.exitCode).toBe(5)
        expect(result.stdout).toMatch(/geotechnical +failed/)
        expect(result.stdout).toMatch(/compliance +completed/)
        expect(result.stderr).toMatch(
          /1 of 2 datasets failed: \d+ \(geotechnical\): .*synthetic_geotechnical_data/,
        )
      } finally {
        await knex.destroy()
      }
    })
  })
}

describe('connection errors', () => {
  it('fails within seconds with host, port and reason for an unreachable server, exit code 4', async () => {
    const started = Date.now()
    const result = await runCli(['run', '--db', 'postgres://app:s3cret-pw@127.0.0.1:1/dev'], {
      cwd: work.path,
    })
    expect(Date.now() - started).toBeLessThan(15_000)
    expect(result.exitCode).toBe(4)
    expect(result.stderr).toMatch(
      /Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/dev \(from --db\): .*ECONNREFUSED/,
    )
    expect(result.stderr).not.toContain('s3cret-pw')
    expect(result.stdout).not.toContain('s3cret-pw')
  })

  it.runIf(DIALECTS.includes('mysql'))(
    'reports refused credentials without printing the password',
    async () => {
      const result = await runCli(
        ['migrate', 'status', '--db', 'mysql://nobody:wr0ng-pass@127.0.0.1:3306/test'],
        { cwd: work.path },
      )
      expect(result.exitCode).toBe(4)
      expect(result.stderr).toMatch(
        /Cannot connect to MySQL\/MariaDB at 127\.0\.0\.1:3306\/test .*Access denied/,
      )
      expect(result.stderr).not.toContain('wr0ng-pass')
    },
  )

  it('refuses a SQLite file in a folder that does not exist', async () => {
    const result = await runCli(['run', '--db', 'sqlite:./missing/dev.sqlite'], { cwd: work.path })
    expect(result.exitCode).toBe(4)
    expect(result.stderr).toMatch(
      /Cannot open SQLite file .*missing\/dev\.sqlite \(from --db\): folder .*missing does not exist/,
    )
  })

  it.each([
    ['oracle://x/y', /unsupported database "oracle:\/\/"/],
    ['postgres://u:pw@host', /names no database/],
    ['not a url', /is not a database URL/],
  ])('rejects %s as a usage error', async (url, message) => {
    const result = await runCli(['migrate', 'status', '--db', url], { cwd: work.path })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(message)
  })

  it('rejects a bad --storage', async () => {
    const result = await runCli(['run', '--storage', 'cloud'], { cwd: work.path })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(/--storage must be one of both, generic, typed, got "cloud"/)
  })

  it('gives --scenario to every dataset of the run', async () => {
    const db = ['--db', 'sqlite:scenario-closure.sqlite']
    const args = [
      'run',
      '--types',
      'monitoring,financial',
      '--count',
      '200',
      '--scenario',
      'closure',
      '--quiet',
    ]
    expect((await runCli([...args, ...db], { cwd: work.path })).exitCode).toBe(0)
    const list = await runCli(['datasets', 'list', '--json', ...db], { cwd: work.path })
    const { datasets } = JSON.parse(list.stdout) as { datasets: { parameters: { scenario?: string } }[] }
    expect(datasets.map((d) => d.parameters.scenario)).toEqual(['closure', 'closure'])
  })

  it('rejects an unknown --scenario with one line naming the scenarios, and writes nothing', async () => {
    const result = await runCli(['run', '--scenario', 'nope', '--db', 'sqlite:scenario-nope.sqlite'], {
      cwd: work.path,
    })
    expect(result.exitCode).toBe(2)
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /--scenario must be one of baseline, extreme-storm, progressive-failure, drought, closure, non-compliant-operator, got "nope"/,
      ),
    ])
    await expect(readFile(join(work.path, 'scenario-nope.sqlite'))).rejects.toThrow()
  })
})

describe('tailingsiq-seed init', () => {
  it('writes a commented config that loads, and refuses to overwrite it without --force', async () => {
    const dir = await tempDir()
    try {
      const first = await runCli(['init'], { cwd: dir.path })
      expect(first.exitCode).toBe(0)
      const text = await readFile(join(dir.path, 'tailingsiq.config.ts'), 'utf8')
      expect(text).toContain("import { defineConfig } from 'tailingsiq-seed'")
      const again = await runCli(['init'], { cwd: dir.path })
      expect(again.exitCode).toBe(2)
      expect(again.stderr).toMatch(/tailingsiq\.config\.ts already exists; pass --force to overwrite it/)
      expect((await runCli(['init', '--force'], { cwd: dir.path })).exitCode).toBe(0)
    } finally {
      await dir.cleanup()
    }
  })
})
