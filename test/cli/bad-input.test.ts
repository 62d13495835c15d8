import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import knexFactory from 'knex'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, runCliInProcess, tempDir } from '../helpers/cli.js'
import { DIALECTS } from '../helpers/databases.js'

// Every bad input gets one line on stderr naming the problem, a non-zero exit code, and leaves the
// database exactly as it was. The database here is a seeded SQLite file whose every table is counted
// before and after each case. The cases run in process (same parser, error report and exit code as the
// bin); those marked `child` run the built bin, so each exit code (2, 3, 4) is also proven on a real process.
let work: { path: string; cleanup: () => Promise<void> }
const DB = () => join(work.path, 'seeded.sqlite')

async function snapshot(): Promise<Record<string, number>> {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: DB() },
    useNullAsDefault: true,
  })
  try {
    const tables = (
      await knex.raw<{ name: string }[]>(
        `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`,
      )
    ).map((t) => t.name)
    const counts: Record<string, number> = {}
    for (const table of tables)
      counts[table] = Number(
        ((await knex.raw<{ n: number }[]>(`select count(*) as n from "${table}"`))[0] as { n: number }).n,
      )
    const [fingerprint] = await knex.raw<{ f: string }[]>(
      `select group_concat(id || ':' || status || ':' || is_deleted || ':' || name, '|') as f from synthetic_data_sets`,
    )
    counts[`datasets ${fingerprint?.f ?? ''}`] = 0
    return counts
  } finally {
    await knex.destroy()
  }
}

beforeAll(async () => {
  work = await tempDir()
  const seeded = await runCliInProcess(
    ['run', '--db', `sqlite:${DB()}`, '--types', 'monitoring,document', '--count', '300', '--quiet'],
    { cwd: work.path },
  )
  expect(seeded.exitCode, seeded.stderr).toBe(0)
  await runCliInProcess(['datasets', 'delete', '2', '--db', `sqlite:${DB()}`], { cwd: work.path })
  await writeFile(join(work.path, 'exists.csv'), 'keep')
})
afterAll(async () => work.cleanup())

interface Case {
  readonly name: string
  readonly args: readonly string[]
  readonly config?: { readonly file: string; readonly text: string }
  readonly env?: Record<string, string>
  readonly exit: number
  readonly message: RegExp
  /** Text that must not appear anywhere in the output (a password). */
  readonly hidden?: RegExp
  /** Runs the built bin as a child process. */
  readonly child?: true
}

const db = () => ['--db', `sqlite:${DB()}`]
const CASES: readonly Case[] = [
  {
    name: 'malformed JSON config',
    args: ['run'],
    config: { file: 'tailingsiq.config.json', text: '{ "seed": 1,, }' },
    exit: 2,
    message: /Could not load the config file .*tailingsiq\.config\.json:1:13: invalid JSON/,
  },
  {
    name: 'config that does not compile',
    args: ['run'],
    config: { file: 'tailingsiq.config.ts', text: 'export default { seed: ' },
    exit: 2,
    message: /Could not load the config file .*tailingsiq\.config\.ts:1:\d+: syntax error/,
  },
  {
    name: 'negative retention in config',
    args: ['cleanup', '--dry-run'],
    config: { file: 'tailingsiq.config.json', text: '{ "cleanupDays": -1 }' },
    exit: 2,
    message:
      /cleanupDays: expected a whole number of days ≥ 0 \(0 removes everything older than now\), got -1/,
  },
  {
    name: 'NUL in a plan name',
    args: ['run'],
    config: {
      file: 'tailingsiq.config.json',
      text: '{ "plan": [{ "type": "document", "count": 3, "name": "a\\u0000b" }] }',
    },
    exit: 2,
    message:
      /plan\[0\]\.name: expected no control characters: contains the control character U\+0000 at character 2/,
  },
  {
    name: 'escape character in --name',
    args: ['run', '--types', 'document', '--count', '3', '--name', 'a\u001b[2Jb'],
    exit: 2,
    message: /--name contains the control character U\+001B at character 2/,
  },
  {
    name: 'API key with a space',
    args: ['serve'],
    config: {
      file: 'tailingsiq.config.json',
      text: '{ "serve": { "apiKeys": [{ "id": "ci", "role": "admin", "key": "has a space 0123456789" }] } }',
    },
    exit: 2,
    message: /serve\.apiKeys\[0\]\.key: expected printable ASCII without spaces/,
  },
  {
    name: 'password with an @ in a URL that does not parse',
    args: ['run', '--db', 'postgres://u:S3cretPW@PART2@[bad/db'],
    child: true,
    exit: 2,
    message: /--db: "postgres:\/\/u:\*\*\*@\[bad\/db" is not a valid URL/,
    hidden: /S3cret|PART2/,
  },
  {
    name: 'SQLite path with a mistyped extension',
    args: ['stats', '--db', 'sqlite:typo.sqlit'],
    exit: 2,
    message:
      /no SQLite file .*typo\.sqlit, and a new one must end in \.sqlite, \.sqlite3, \.db; did you mean sqlite:.*typo\.sqlite\?/,
  },
  {
    name: 'NODE_ENV in capitals',
    args: ['cleanup', '--yes', '--older-than', '0d'],
    env: { NODE_ENV: 'PRODUCTION' },
    child: true,
    exit: 3,
    message: /it is protected \(the environment is production\); pass --force --confirm seeded\.sqlite/,
  },
  {
    name: 'wrong type in config',
    args: ['run'],
    config: { file: 'tailingsiq.config.json', text: '{ "facilities": "five" }' },
    exit: 2,
    message: /facilities: expected a number, got "five"/,
  },
  {
    name: 'unknown config key',
    args: ['run'],
    config: { file: 'tailingsiq.config.json', text: '{ "sede": 7 }' },
    exit: 2,
    message: /unknown key "sede"/,
  },
  {
    name: 'table prefix that is not a plain name',
    args: ['run'],
    config: { file: 'tailingsiq.config.json', text: '{ "tablePrefix": "x; drop table y; --" }' },
    exit: 2,
    message: /tablePrefix: expected letters, digits and _/,
  },
  {
    name: 'schema that is not a plain name',
    args: ['run'],
    config: { file: 'tailingsiq.config.json', text: '{ "schema": "public\\"; drop" }' },
    exit: 2,
    message: /schema: expected a plain SQL identifier/,
  },
  {
    name: 'owners table that is not a plain name',
    args: ['run'],
    config: { file: 'tailingsiq.config.json', text: '{ "owners": { "table": "users u", "column": "id" } }' },
    exit: 2,
    message: /owners\.table: expected a plain SQL identifier/,
  },
  {
    name: 'migrations table starting with a digit',
    args: ['run'],
    config: { file: 'tailingsiq.config.json', text: '{ "migrationsTable": "1migrations" }' },
    exit: 2,
    message: /migrationsTable: expected a plain SQL identifier/,
  },
  {
    name: 'negative count',
    args: ['run', '--count', '-5'],
    exit: 2,
    message: /--count must be a whole number ≥ 1, got "-5"/,
  },
  {
    name: 'zero count',
    args: ['run', '--count', '0'],
    exit: 2,
    message: /--count must be a whole number ≥ 1, got "0"/,
  },
  { name: 'fractional count', args: ['run', '--count', '2.5'], exit: 2, message: /got "2\.5"/ },
  { name: 'count that is not a number', args: ['run', '--count', 'many'], exit: 2, message: /got "many"/ },
  { name: 'count beyond any number', args: ['run', '--count', '1e999'], exit: 2, message: /got "1e999"/ },
  {
    name: 'huge count over the guard',
    args: ['run', '--count', '99999999999'],
    exit: 2,
    message: /count 99999999999 is over the guard of 10000000 records; raise it with --max-records/,
  },
  {
    name: 'invalid date',
    args: ['run', '--types', 'monitoring', '--count', '5'],
    config: {
      file: 'tailingsiq.config.json',
      text: '{ "parameters": { "monitoring": { "start": "2024-13-01" } } }',
    },
    exit: 2,
    message: /parameters\.monitoring\.start: expected an ISO-8601 date/,
  },
  {
    name: 'dates reversed',
    args: ['generate', '--type', 'document', '--start', '2024-06-01', '--end', '2024-01-01'],
    exit: 2,
    message: /parameter "end": end must be after start/,
  },
  {
    name: 'run: not a date',
    args: ['run', '--types', 'document', '--count', 'natural', '--start', '2024-02-30'],
    exit: 2,
    message: /Invalid document parameter "start": expected an ISO-8601 date .*\(got "2024-02-30"\)\n$/,
  },
  {
    name: 'run: dates reversed',
    args: ['run', '--start', '2024-06-01', '--end', '2024-01-01'],
    exit: 2,
    message:
      /Invalid monitoring parameter "end": end must be after start \(got "2024-01-01T23:59:59\.999Z"\)\n$/,
  },
  {
    name: 'run: bad interval',
    args: ['run', '--types', 'monitoring', '--count', '5', '--interval', '90s'],
    exit: 2,
    message:
      /Invalid monitoring parameter "interval": expected an interval such as 15m, 1h, 6h, 1d or 1w .*\(got "90s"\)\n$/,
  },
  {
    name: 'unknown data type',
    args: ['run', '--types', 'weather'],
    exit: 2,
    message: /--types: unknown data type "weather"/,
  },
  {
    name: 'unreachable host',
    args: ['run', '--db', 'postgres://127.0.0.1:1/nowhere'],
    exit: 4,
    message: /Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/nowhere .*ECONNREFUSED/,
  },
  {
    name: 'SQLite file in a missing folder',
    args: ['run', '--db', 'sqlite:./no/such/folder.sqlite'],
    child: true,
    exit: 4,
    message: /folder .*no\/such does not exist/,
  },
  {
    name: 'export target that exists',
    args: ['export', '1', '--format', 'csv', '--out', 'exists.csv'],
    exit: 2,
    message: /exists\.csv already exists; pass --force to overwrite it/,
  },
  {
    name: 'export target that cannot be written',
    args: ['export', '1', '--format', 'csv', '--out', 'missing/out.csv'],
    exit: 2,
    message: /Cannot write .*missing\/out\.csv: folder .*missing does not exist/,
  },
  {
    name: 'unknown dataset id',
    args: ['datasets', 'show', '4242'],
    exit: 2,
    message: /Dataset 4242 does not exist/,
  },
  {
    name: 'deleted dataset',
    args: ['export', '2', '--format', 'json'],
    exit: 2,
    message: /Dataset 2 is deleted; restore it with/,
  },
  {
    name: 'unknown flag',
    args: ['run', '--colour', 'red'],
    child: true,
    exit: 2,
    message: /Unknown option --colour for "run"/,
  },
  {
    name: 'bad environment variable',
    args: ['run'],
    env: { SYNTHETIC_DATA_DEFAULT_FACILITY_COUNT: '-2' },
    exit: 2,
    message: /Environment variable SYNTHETIC_DATA_DEFAULT_FACILITY_COUNT must be a whole number/,
  },
  {
    name: 'destructive command without confirmation',
    args: ['cleanup', '--deleted'],
    exit: 3,
    message: /cleanup needs confirmation: pass --yes/,
  },
]

describe('bad input', () => {
  it.each(CASES)('$name: one line, exit $exit, database untouched', async (c) => {
    const dir = join(work.path, c.name.replace(/\W+/g, '-'))
    await mkdir(dir, { recursive: true })
    if (c.config) await writeFile(join(dir, c.config.file), c.config.text)
    const before = await snapshot()
    const args = c.args.includes('--db') || c.args[0] === 'generate' ? c.args : [...c.args, ...db()]
    const cwd = c.args.includes('export') ? work.path : dir
    const options = { cwd, ...(c.env ? { env: c.env } : {}) }
    const result = await (c.child ? runCli(args, options) : runCliInProcess(args, options))
    expect(result.exitCode).toBe(c.exit)
    expect(result.stderr).toMatch(c.message)
    expect(result.stderr.trim().split('\n'), result.stderr).toHaveLength(1)
    expect(result.stderr).not.toMatch(/\n\s+at |unexpected error/)
    if (c.hidden) expect(result.stdout + result.stderr).not.toMatch(c.hidden)
    expect(existsSync(join(dir, 'typo.sqlit'))).toBe(false)
    expect(await snapshot()).toEqual(before)
  })

  it('stores SQL-looking names and descriptions verbatim, and executes none of them', async () => {
    const name = `x'); DROP TABLE synthetic_data_sets; -- "quoted" \`tick\` \\ ; SELECT 1`
    const result = await runCliInProcess(
      [
        'datasets',
        'create',
        '--name',
        name,
        '--type',
        'financial',
        '--count',
        '3',
        '--description',
        "'; DELETE FROM synthetic_facilities; --",
        '--json',
        ...db(),
      ],
      { cwd: work.path },
    )
    expect(result.exitCode).toBe(0)
    const created = JSON.parse(result.stdout) as { id: number; name: string; description: string }
    expect(created.name).toBe(name)
    expect(created.description).toBe("'; DELETE FROM synthetic_facilities; --")
    const after = await snapshot()
    expect(after['synthetic_facilities']).toBeGreaterThan(0)
    await runCliInProcess(['cleanup', '--dataset', String(created.id), '--yes', ...db()], {
      cwd: work.path,
    })
  })

  it.each([
    ['stats'],
    ['datasets', 'list'],
    ['export', '1', '--format', 'csv'],
    ['cleanup', '--dry-run'],
    ['migrate', 'status'],
    ['serve'],
  ])(
    '%s on a SQLite file that does not exist: says how to create it, exit 4, creates nothing',
    async (...command) => {
      const missing = join(work.path, `missing-${command[0]}.sqlite`)
      // `serve` runs the bin: in process, a server that wrongly started would never return.
      const run = command[0] === 'serve' ? runCli : runCliInProcess
      const result = await run([...command, '--db', `sqlite:${missing}`], {
        cwd: work.path,
        env: { TAILINGSIQ_API_KEYS: 'ci:admin:0123456789abcdef' },
      })
      expect(result.exitCode, result.stderr).toBe(4)
      const howToCreate =
        command[0] === 'serve'
          ? 'run with --migrate or `tailingsiq-seed migrate latest` to create it'
          : 'run `tailingsiq-seed migrate latest` or `tailingsiq-seed run` to create it'
      expect(result.stderr.trim()).toBe(
        `tailingsiq-seed: No such database file ${missing} (from --db); ${howToCreate}`,
      )
      expect(existsSync(missing)).toBe(false)
    },
  )

  it('stats on a database without the schema: says to migrate, exit 4, creates nothing', async () => {
    const empty = join(work.path, 'empty.sqlite')
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: empty },
      useNullAsDefault: true,
    })
    try {
      await knex.raw('select 1')
      const result = await runCliInProcess(['stats', '--db', `sqlite:${empty}`], { cwd: work.path })
      expect(result.exitCode, result.stderr).toBe(4)
      expect(result.stderr.trim()).toMatch(
        /^tailingsiq-seed: sqlite:.*empty\.sqlite has no synthetic-data schema yet; create it with `tailingsiq-seed migrate latest`/,
      )
      expect(await knex.raw(`select name from sqlite_master where type = 'table'`)).toEqual([])
    } finally {
      await knex.destroy()
    }
  })

  it.runIf(DIALECTS.includes('mysql'))('a wrong password: exit 4, the password never printed', async () => {
    const result = await runCliInProcess(
      ['run', '--db', 'mysql://root:not-the-password@127.0.0.1:3306/test'],
      {
        cwd: work.path,
      },
    )
    expect(result.exitCode).toBe(4)
    expect(result.stderr).toMatch(
      /Cannot connect to MySQL\/MariaDB at 127\.0\.0\.1:3306\/test .*Access denied/,
    )
    expect(result.stderr).not.toContain('not-the-password')
  })
})
