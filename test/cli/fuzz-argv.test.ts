import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, runCliInProcess, tempDir } from '../helpers/cli.js'

// Random argument lists through the real CLI: each either runs or fails with one of our messages and a
// documented exit code, never a stack trace or an "unexpected error". The seed is fixed so a failure can be
// replayed; the vocabulary keeps every run small (no huge counts that would succeed slowly).
const COMMANDS = [
  ['run'],
  ['migrate', 'latest'],
  ['migrate', 'rollback'],
  ['migrate', 'status'],
  ['migrate', 'sideways'],
  ['generate'],
  ['preview'],
  ['datasets', 'list'],
  ['datasets', 'show'],
  ['datasets', 'create'],
  ['datasets', 'delete'],
  ['datasets', 'restore'],
  ['datasets', 'generate'],
  ['stats'],
  ['cleanup'],
  ['export'],
  ['reset'],
  ['init'],
  ['frobnicate'],
  [],
] as const
const FLAGS = [
  '--count',
  '--types',
  '--type',
  '--facilities',
  '--seed',
  '--name',
  '--description',
  '--format',
  '--out',
  '--older-than',
  '--limit',
  '--offset',
  '--sample',
  '--shard',
  '--batch-size',
  '--storage',
  '--db',
  '--config',
  '--status',
  '--json',
  '--yes',
  '--dry-run',
  '--force',
  '--quiet',
  '--resume',
  '--wat',
] as const
const VALUES = [
  '-1',
  '0',
  '1.5',
  '1e12',
  'NaN',
  'abc',
  '',
  '3',
  '40',
  'monitoring',
  'document,financial',
  'weather',
  'csv',
  'ndjson',
  'xml',
  '7d',
  '2024-13-45',
  '1/2',
  '3/2',
  'typed',
  "x'; drop table synthetic_data_sets; --",
  'Ω≈ç√',
  'sqlite:fuzz.sqlite',
  'sqlite:/no/such/folder/x.sqlite',
  'postgres://nobody@127.0.0.1:1/x',
  'mysql://root:wrong@127.0.0.1:3306/test',
  'bogus://host/db',
  'missing.config.ts',
  'out.csv',
  '-',
  '1',
] as const

const argv = fc
  .tuple(
    fc.constantFrom(...COMMANDS),
    fc.array(fc.tuple(fc.constantFrom(...FLAGS), fc.option(fc.constantFrom(...VALUES), { nil: undefined })), {
      maxLength: 5,
    }),
    fc.option(fc.constantFrom(...VALUES), { nil: undefined, freq: 2 }),
  )
  .map(([command, flags, positional]) => [
    ...command,
    ...(positional === undefined ? [] : [positional]),
    ...flags.flatMap(([flag, value]) => (value === undefined ? [flag] : [flag, value])),
  ])

// Nearly well-formed lists: the right command shapes with values drawn from the same mix of good and bad, so
// a share of the sample gets past parsing and into the database.
const small = fc.constantFrom('1', '3', '40', '0', '-1', 'abc', '1.5')
const type = fc.constantFrom('monitoring', 'document', 'financial', 'weather', 'Ω≈ç√')
const db = fc.constantFrom('sqlite:fuzz.sqlite', 'sqlite:fuzz.sqlite', 'sqlite:/no/such/folder/x.sqlite')
const shaped = fc.oneof(
  fc.tuple(type, small, small).map(([t, count, seed]) => ['preview', t, '--count', count, '--seed', seed]),
  fc
    .tuple(type, small, fc.constantFrom('csv', 'json', 'ndjson', 'xml'))
    .map(([t, count, format]) => ['generate', '--type', t, '--count', count, '--format', format, '--force']),
  fc
    .tuple(type, small, db)
    .map(([t, count, url]) => ['run', '--types', t, '--count', count, '--db', url, '--quiet']),
  db.map((url) => ['datasets', 'list', '--db', url, '--json']),
  fc.tuple(small, db).map(([id, url]) => ['datasets', 'show', id, '--db', url]),
  db.map((url) => ['stats', '--db', url]),
  fc
    .tuple(db, fc.constantFrom('7d', '0d', '-3d', 'soon'))
    .map(([url, age]) => ['cleanup', '--older-than', age, '--dry-run', '--db', url]),
)

const DOCUMENTED_EXITS = [0, 2, 3, 4, 5]

describe('CLI argument fuzzing', () => {
  let work: { path: string; cleanup: () => Promise<void> }
  beforeAll(async () => {
    work = await tempDir()
    // A database with one dataset, so lists that reach it have something to read, show, export or clean.
    const seeded = await runCliInProcess(
      ['run', '--db', 'sqlite:fuzz.sqlite', '--types', 'monitoring', '--count', '40', '--quiet'],
      { cwd: work.path },
    )
    expect(seeded.exitCode, seeded.stderr).toBe(0)
  })
  afterAll(async () => work.cleanup())

  const cases = fc.sample(fc.oneof(argv, shaped), { seed: 20261126, numRuns: 30 })
  const exits: number[] = []
  afterAll(() => {
    // The sample must exercise both paths: some lists run, most fail.
    expect(exits.filter((code) => code === 0).length).toBeGreaterThan(0)
    expect(exits.filter((code) => code !== 0).length).toBeGreaterThan(0)
  })

  it('samples a varied set of argument lists', () => {
    expect(new Set(cases.map((c) => c[0])).size).toBeGreaterThan(8)
  })

  it.each(cases.map((args, index) => [args.join(' '), args, index] as const))(
    '%s: runs or fails with one line and a documented exit code',
    async (_, args, index) => {
      // In process (same parser, report and exit code as the bin); `serve`, which would keep listening, and
      // every fifth list run the built bin.
      const result =
        (args as readonly string[]).includes('serve') || index % 5 === 0
          ? await runCli(args, { cwd: work.path, timeoutMs: 60_000 })
          : await runCliInProcess(args, { cwd: work.path })
      expect(DOCUMENTED_EXITS, `exit ${result.exitCode}\n${result.stderr}`).toContain(result.exitCode)
      exits.push(result.exitCode)
      expect(result.stderr).not.toMatch(/\n\s+at /)
      expect(result.stderr).not.toMatch(/unexpected error|bug in tailingsiq-seed/)
      if (result.exitCode !== 0) {
        // Failures, usage errors included, end in exactly one line of ours naming what was wrong.
        const ours = result.stderr.split('\n').filter((line) => line.startsWith('tailingsiq-seed: '))
        expect(ours, result.stderr).toHaveLength(1)
        expect(ours[0]!.length).toBeGreaterThan('tailingsiq-seed: '.length + 10)
      }
    },
  )
})
