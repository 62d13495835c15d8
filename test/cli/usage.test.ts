import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliInProcess, tempDir } from '../helpers/cli.js'

// Usage errors, in process: every one is one line of ours naming what was wrong, exit code 2, with at
// most one pointer to --help.
let work: { path: string; cleanup: () => Promise<void> }
beforeAll(async () => {
  work = await tempDir()
})
afterAll(async () => work.cleanup())

const cli = (args: readonly string[]) => runCliInProcess(args, { cwd: work.path })

describe('usage errors', () => {
  it.each([
    [[], /^Name a command: run, migrate, datasets, .*; see `tailingsiq-seed --help`$/],
    [['datasets'], /^Name a datasets command: list, show, create, generate, delete, restore; see/],
    [['datasets', 'shw'], /^Unknown command "shw"; did you mean "show"\?$/],
    [['runn'], /^Unknown command "runn"; did you mean "run"\?$/],
    [['frobnicate'], /^Unknown command "frobnicate"; expected one of run, migrate, datasets, /],
    [
      ['migrate', 'foo'],
      /^migrate <action> must be one of latest, rollback, status, unlock, got "foo"; see `tailingsiq-seed migrate --help`$/,
    ],
    [['datasets', 'show', 'abc'], /^The dataset id must be a whole number ≥ 1, got "abc"$/],
    [['datasets', 'show'], /^datasets show needs <id>: tailingsiq-seed datasets show <id> \[options\]; see/],
    [['export', '1'], /^export needs --format; see `tailingsiq-seed export --help`$/],
    [['export', '1', '--format', 'csv', '--out'], /^--out needs a value; see/],
    [['run', '--count', '0'], /^--count must be a whole number ≥ 1, got "0"$/],
    [['datasets', 'list', '--limit', '0'], /^--limit must be a whole number from 1 to 1000, got "0"$/],
    [['run', '--colour', 'red'], /^Unknown option --colour for "run"; see `tailingsiq-seed run --help`$/],
    [['generate', '--typ', 'monitoring'], /^Unknown option --typ for "generate"; did you mean --type\?$/],
    [
      ['generate', '--out-dir', 'x'],
      /^Unknown option --out-dir for "generate"; did you mean --output-dir\?$/,
    ],
    [['cleanup', '--dry'], /^Unknown option --dry for "cleanup"; did you mean --dry-run\?$/],
    [
      ['export', '1', '2', '--format', 'csv'],
      /^Unexpected argument "2" for "export"; usage: tailingsiq-seed export <id>/,
    ],
    [['generate', '--type', 'monitoring', '--all'], /^--type and --all cannot be used together; see/],
    [['serve', '--log-level', 'loud'], /^--log-level must be one of fatal, error, .*, got "loud"; see/],
    [['preview', 'weather'], /^Unknown data type "weather"; expected one of monitoring, document/],
    [
      ['datasets', 'create', '--name', 'x', '--types', 'document,financial', '--count', '1'],
      /^--type takes one data type here, got 2: document, financial$/,
    ],
    // `-1h` was read as the flags -1 -h: help on stdout and exit 0.
    [['cleanup', '--stale-after', '-1h'], /^--stale-after must be a duration such as 30d, .*, got "-1h"$/],
    [['cleanup', '--older-than', '-3d'], /^--older-than must be a duration such as 30d, .*, got "-3d"$/],
  ])('%j: one line and exit code 2', async (args, message) => {
    const result = await cli(args)
    expect(result.exitCode, result.stderr).toBe(2)
    const lines = result.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]!.replace(/^tailingsiq-seed: /, '')).toMatch(message)
    expect(result.stderr).not.toMatch(/\(see --help\)|Invalid values|non-option|9007199254740991/)
    expect(result.stderr.match(/--help/g)?.length ?? 0).toBeLessThanOrEqual(1)
    expect(result.stdout).toBe('')
  })
})

describe('--type and --types', () => {
  it.each([['--type'], ['--types']])('generate accepts %s', async (flag) => {
    const result = await cli(['generate', flag, 'document,financial', '--count', '2', '--preview', '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(Object.keys(JSON.parse(result.stdout) as object)).toEqual(['document', 'financial'])
  })

  it('run, datasets create and datasets list accept either spelling', async () => {
    const db = ['--db', `sqlite:${join(work.path, 'types.sqlite')}`]
    const run = await cli(['run', '--type', 'document', '--count', '3', '--quiet', '--json', ...db])
    expect(run.exitCode, run.stderr).toBe(0)
    const created = await cli([
      'datasets',
      'create',
      '--name',
      'x',
      '--types',
      'financial',
      '--count',
      '2',
      '--json',
      ...db,
    ])
    expect(created.exitCode, created.stderr).toBe(0)
    const listed = await cli(['datasets', 'list', '--types', 'financial', '--json', ...db])
    const page = JSON.parse(listed.stdout) as { datasets: { data_type: string }[] }
    expect(page.datasets.map((d) => d.data_type)).toEqual(['financial'])
  })
})
