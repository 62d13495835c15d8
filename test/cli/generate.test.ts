import { readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse as parseCsv } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATA_TYPES } from '../../src/generators/generator.js'
import { columnsOf } from '../../src/generators/registry.js'
import { runCli, runCliInProcess, tempDir } from '../helpers/cli.js'

let work: { path: string; cleanup: () => Promise<void> }
beforeAll(async () => (work = await tempDir()))
afterAll(async () => work.cleanup())

let n = 0
const fresh = () => join(work.path, `out-${n++}`)

// Most tests run the CLI in process (runCliInProcess: the same parser, output and exit code); writing every
// type, the refusal to overwrite, --version and an unknown command run the built bin, for its real exit code
// and separate stdout and stderr.

describe('tailingsiq-seed generate', () => {
  it('writes every type in JSON and CSV with exact counts, valid JSON and RFC 4180 CSV', async () => {
    const out = fresh()
    const result = await runCli(
      ['generate', '--all', '--count', '250', '--facilities', '4', '--format', 'both', '--output-dir', out],
      { cwd: work.path },
    )
    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/Wrote 14 files/)
    for (const type of DATA_TYPES) {
      const columns = columnsOf(type).map((c) => c.name)
      const json = JSON.parse(await readFile(join(out, `${type}.json`), 'utf8')) as Record<string, unknown>[]
      expect(json).toHaveLength(250)
      expect(Object.keys(json[0]!)).toEqual(columns)
      const csvText = await readFile(join(out, `${type}.csv`), 'utf8')
      expect(csvText.includes('\r\n')).toBe(true)
      const csv = parseCsv<Record<string, string>>(csvText, { columns: true, record_delimiter: '\r\n' })
      expect(csv).toHaveLength(250)
      expect(Object.keys(csv[0]!)).toEqual(columns)
      // CSV holds the same values as JSON: text as is, null as an empty field, objects as JSON text.
      json.forEach((record, i) => {
        for (const [key, value] of Object.entries(record)) {
          const expected = value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value)
          expect(csv[i]![key]).toBe(expected)
        }
      })
    }
    const facilities = JSON.parse(await readFile(join(out, 'facilities.json'), 'utf8')) as { id: string }[]
    expect(facilities).toHaveLength(4)
    const monitoring = JSON.parse(await readFile(join(out, 'monitoring.json'), 'utf8')) as {
      facility_id: string
    }[]
    expect(new Set(monitoring.map((r) => r.facility_id))).toEqual(new Set(facilities.map((f) => f.id)))
  })

  it('writes one record a line in NDJSON', async () => {
    const out = fresh()
    const result = await runCliInProcess(
      ['generate', '--type', 'document', '--count', '37', '--format', 'ndjson', '--output-dir', out],
      { cwd: work.path },
    )
    expect(result.exitCode).toBe(0)
    const lines = (await readFile(join(out, 'document.ndjson'), 'utf8')).split('\n')
    expect(lines.pop()).toBe('')
    expect(lines.map((l) => JSON.parse(l) as { record_index: number }).map((r) => r.record_index)).toEqual(
      Array.from({ length: 37 }, (_, i) => i),
    )
  })

  it('writes identical bytes for the same seed and different ones for another seed', async () => {
    const run = async (seed: string) => {
      const out = fresh()
      const args = [
        'generate',
        '--type',
        'monitoring,compliance',
        '--count',
        '300',
        '--seed',
        seed,
        '--format',
        'csv',
        '--output-dir',
        out,
      ]
      expect((await runCliInProcess(args, { cwd: work.path })).exitCode).toBe(0)
      return Promise.all(
        ['monitoring.csv', 'compliance.csv', 'facilities.csv'].map((f) => readFile(join(out, f), 'utf8')),
      )
    }
    const [a, b, c] = await Promise.all([run('9'), run('9'), run('10')])
    expect(b).toEqual(a)
    expect(c[0]).not.toBe(a[0])
  })

  it('honours the monitoring date flags', async () => {
    const out = fresh()
    const args = [
      'generate',
      '--type',
      'monitoring',
      '--facilities',
      '2',
      '--start',
      '2023-03-01',
      '--end',
      '2023-03-02',
      '--interval',
      '6h',
      '--output-dir',
      out,
    ]
    const result = await runCliInProcess(args, { cwd: work.path })
    expect(result.stderr).toBe('')
    const records = JSON.parse(await readFile(join(out, 'monitoring.json'), 'utf8')) as {
      timestamp: string
    }[]
    // No --count: the range, --end's day included, gives 8 readings (00, 06, 12, 18 twice) per facility.
    expect(records).toHaveLength(16)
    expect(records.slice(0, 8).map((r) => r.timestamp)).toEqual([
      '2023-03-01T00:00:00.000Z',
      '2023-03-01T06:00:00.000Z',
      '2023-03-01T12:00:00.000Z',
      '2023-03-01T18:00:00.000Z',
      '2023-03-02T00:00:00.000Z',
      '2023-03-02T06:00:00.000Z',
      '2023-03-02T12:00:00.000Z',
      '2023-03-02T18:00:00.000Z',
    ])
  })

  it('prints records instead of writing with --preview', async () => {
    const out = fresh()
    const result = await runCliInProcess(
      ['generate', '--type', 'financial', '--preview', '--output-dir', out, '--json'],
      { cwd: work.path },
    )
    expect(result.exitCode).toBe(0)
    const preview = JSON.parse(result.stdout) as { financial: unknown[] }
    expect(preview.financial).toHaveLength(3)
    await expect(stat(out)).rejects.toThrow()
  })

  it('prints a JSON summary with --json', async () => {
    const out = fresh()
    const result = await runCliInProcess(
      ['generate', '--type', 'geotechnical', '--count', '10', '--json', '--output-dir', out],
      { cwd: work.path },
    )
    const summary = JSON.parse(result.stdout) as {
      seed: number
      files: { type: string; records: number; bytes: number }[]
    }
    expect(summary.seed).toBe(42)
    expect(summary.files.map((f) => [f.type, f.records])).toEqual([
      ['facility', 5],
      ['geotechnical', 10],
    ])
  })

  it('refuses to overwrite without --force, and overwrites with it', async () => {
    const out = fresh()
    const args = ['generate', '--type', 'environmental', '--count', '5', '--output-dir', out]
    expect((await runCliInProcess(args, { cwd: work.path })).exitCode).toBe(0)
    await writeFile(join(out, 'environmental.json'), 'keep me')
    const refused = await runCli(args, { cwd: work.path })
    expect(refused.exitCode).toBe(2)
    expect(refused.stderr).toMatch(/facilities\.json already exists; pass --force to overwrite it\n$/)
    expect(await readFile(join(out, 'environmental.json'), 'utf8')).toBe('keep me')
    const forced = await runCliInProcess([...args, '--force'], { cwd: work.path })
    expect(forced.exitCode).toBe(0)
    expect(JSON.parse(await readFile(join(out, 'environmental.json'), 'utf8'))).toHaveLength(5)
    expect((await readdir(out)).filter((f) => f.includes('partial'))).toEqual([])
  })

  it.each([
    [['--type', 'tailings'], /--type: unknown data type "tailings"; expected one of monitoring, document/],
    [[], /Name a data type with --type <type> or pass --all/],
    [['--type', 'monitoring', '--all'], /--type and --all cannot be used together/],
    [['--type', 'monitoring', '--count', '0'], /--count must be a whole number ≥ 1, got "0"/],
    [['--type', 'monitoring', '--count', '-3'], /--count must be a whole number ≥ 1, got "-3"/],
    [['--type', 'monitoring', '--count', '2.5'], /--count must be a whole number ≥ 1, got "2.5"/],
    [['--type', 'monitoring', '--count', 'lots'], /--count must be a whole number ≥ 1, got "lots"/],
    [
      ['--type', 'monitoring', '--count', '20000001'],
      /monitoring count 20000001 is over the guard of 10000000 records; raise it with --max-records/,
    ],
    [['--type', 'monitoring', '--count', '200', '--max-records', '100'], /over the guard of 100 records/],
    [['--type', 'monitoring', '--seed', '-1'], /--seed must be a whole number ≥ 0, got "-1"/],
    [
      ['--type', 'monitoring', '--facilities', '0'],
      /--facilities must be a whole number from 1 to 10000, got "0"/,
    ],
    [
      ['--type', 'monitoring', '--start', 'yesterday'],
      /parameter "start": expected an ISO-8601 date .* \(got "yesterday"\)/,
    ],
    [['--type', 'monitoring', '--start', '2024-02-30'], /parameter "start": expected an ISO-8601 date/],
    [
      ['--type', 'document', '--start', '2024-06-01', '--end', '2024-01-01'],
      /parameter "end": end must be after start/,
    ],
    [
      ['--type', 'monitoring', '--interval', '90s'],
      /parameter "interval": expected an interval such as 15m, 1h/,
    ],
    [
      ['--type', 'monitoring', '--count', '100', '--end', '2024-01-01T05:00:00Z', '--facilities', '1'],
      /run past --end/,
    ],
    [
      ['--type', 'monitoring', '--format', 'xml'],
      /--format must be one of json, ndjson, csv, both, got "xml"/,
    ],
    [['--type', 'monitoring', '--colour'], /Unknown option --colour for "generate"/],
    [
      ['--all', '--scenario', 'nope'],
      /--scenario must be one of baseline, extreme-storm, progressive-failure, drought, closure, non-compliant-operator, got "nope"/,
    ],
  ])('fails with one line and exit code 2 for %j', async (args, message) => {
    const out = fresh()
    const result = await runCliInProcess(['generate', ...args, '--output-dir', out], { cwd: work.path })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(message)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stdout).toBe('')
    await expect(stat(out)).rejects.toThrow()
  })

  it('fails clearly when the output folder cannot be written', async () => {
    const blocker = join(work.path, 'a-file')
    await writeFile(blocker, 'not a folder')
    const result = await runCliInProcess(
      ['generate', '--type', 'monitoring', '--output-dir', join(blocker, 'sub')],
      {
        cwd: work.path,
      },
    )
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(
      /Cannot write to output directory .*a-file\/sub \(ENOTDIR\); pick another --output-dir/,
    )
  })
})

describe('tailingsiq-seed preview', () => {
  it('prints records of one type, readable or as JSON', async () => {
    const text = await runCliInProcess(['preview', 'compliance', '--count', '2'], { cwd: work.path })
    expect(text.exitCode).toBe(0)
    expect(text.stdout).toMatch(/^compliance record 1 of 2\n {2}record_index +0\n/)
    const json = await runCliInProcess(['preview', 'monitoring', '--count', '4', '--json', '--seed', '3'], {
      cwd: work.path,
    })
    expect((JSON.parse(json.stdout) as unknown[]).length).toBe(4)
  })

  it('caps the count at SYNTHETIC_DATA_MAX_RECORDS_PER_REQUEST', async () => {
    const ok = await runCliInProcess(['preview', 'document', '--count', '20', '--json'], {
      cwd: work.path,
      env: { SYNTHETIC_DATA_MAX_RECORDS_PER_REQUEST: '20' },
    })
    expect(ok.exitCode).toBe(0)
    const over = await runCliInProcess(['preview', 'document', '--count', '21'], {
      cwd: work.path,
      env: { SYNTHETIC_DATA_MAX_RECORDS_PER_REQUEST: '20' },
    })
    expect(over.exitCode).toBe(2)
    expect(over.stderr).toMatch(
      /document count 21 is over the guard of 20 records; raise it with SYNTHETIC_DATA_MAX_RECORDS_PER_REQUEST/,
    )
  })

  it('rejects an unknown type and a bad environment variable', async () => {
    const unknown = await runCliInProcess(['preview', 'weather'], { cwd: work.path })
    expect(unknown.exitCode).toBe(2)
    expect(unknown.stderr).toMatch(/Unknown data type "weather"; expected one of monitoring/)
    const env = await runCliInProcess(['preview', 'monitoring'], {
      cwd: work.path,
      env: { SYNTHETIC_DATA_DEFAULT_FACILITY_COUNT: 'many' },
    })
    expect(env.exitCode).toBe(2)
    expect(env.stderr).toMatch(
      /Environment variable SYNTHETIC_DATA_DEFAULT_FACILITY_COUNT must be a whole number from 1 to 10000, got "many"/,
    )
  })
})

describe('configuration through the CLI', () => {
  it('lets flags beat the environment, the environment beat the config file, and the file beat defaults', async () => {
    const dir = await tempDir()
    try {
      await writeFile(
        join(dir.path, 'tailingsiq.config.ts'),
        `export default { facilities: 3, seed: 5 } satisfies Record<string, number>\n`,
      )
      const facilitiesOf = async (args: string[], env: Record<string, string> = {}) => {
        const r = await runCliInProcess(['preview', 'monitoring', '--count', '12', '--json', ...args], {
          cwd: dir.path,
          env,
        })
        expect(r.stderr).toBe('')
        return new Set((JSON.parse(r.stdout) as { facility_id: string }[]).map((x) => x.facility_id)).size
      }
      expect(await facilitiesOf([])).toBe(3)
      expect(await facilitiesOf([], { SYNTHETIC_DATA_DEFAULT_FACILITY_COUNT: '4' })).toBe(4)
      expect(await facilitiesOf(['--facilities', '6'], { SYNTHETIC_DATA_DEFAULT_FACILITY_COUNT: '4' })).toBe(
        6,
      )
      await writeFile(join(dir.path, 'tailingsiq.config.ts'), `export default {}\n`)
      expect(await facilitiesOf([])).toBe(5)
    } finally {
      await dir.cleanup()
    }
  })

  it('fails with the key path and value of an invalid config, with --config naming the file', async () => {
    const dir = await tempDir()
    try {
      await writeFile(join(dir.path, 'custom.json'), '{ "facilities": 0 }')
      const result = await runCliInProcess(['preview', 'monitoring', '--config', 'custom.json'], {
        cwd: dir.path,
      })
      expect(result.exitCode).toBe(2)
      expect(result.stderr).toMatch(
        /Invalid config in .*custom\.json: facilities: expected a whole number ≥ 1, got 0\n$/,
      )
      const missing = await runCliInProcess(['preview', 'monitoring', '--config', 'nope.ts'], {
        cwd: dir.path,
      })
      expect(missing.exitCode).toBe(2)
      expect(missing.stderr).toMatch(/Config file nope\.ts does not exist/)
    } finally {
      await dir.cleanup()
    }
  })
})

describe('help and version', () => {
  it.each([[['--help']], [['generate', '--help']], [['preview', '--help']]])(
    'prints help for %j',
    async (args) => {
      const result = await runCliInProcess(args, { cwd: work.path })
      expect(result.exitCode).toBe(0)
      expect(result.stdout).toMatch(/tailingsiq-seed/)
      expect(result.stdout).toMatch(/--help/)
    },
  )

  it('prints the package version', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string
    }
    const result = await runCli(['--version'], { cwd: work.path })
    expect(result.stdout.trim()).toBe(pkg.version)
  })

  it('fails with exit code 2 and a suggestion for an unknown command', async () => {
    const result = await runCli(['generat'], { cwd: work.path })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toBe('tailingsiq-seed: Unknown command "generat"; did you mean "generate"?\n')
  })
})
