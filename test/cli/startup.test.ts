import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, REPO_ROOT, tempDir } from '../helpers/cli.js'

// `--help`, `--version` and every command's `--help`, run as the built bin with a loader hook that records
// each module it loads: none may load a database driver, the config schema (zod), faker or a generator, so
// help stays as fast as yargs allows. The start-up time itself is measured by `npm run bench:startup`.

const RECORD_LOADS = join(REPO_ROOT, 'test/fixtures/record-loads.mjs')

/** Packages that only a command's handler may load. */
const HEAVY_PACKAGE =
  /\/node_modules\/(?:@faker-js|knex|zod|fastify|@fastify|pino|pg|pg-copy-streams|pg-query-stream|mysql2|better-sqlite3|csv-stringify|vega|vega-lite)\//
/** Our modules that only a command's handler may load: everything but the CLI and import-free constants. */
const HEAVY_SOURCE =
  /\/dist\/src\/(?:generators\/(?!data-types\.js$)|config\/(?!defaults\.js$)|dialects\/|seeding\/|datasets\/|server\/|migrate\/|schema\/|formats\/|commands\/|access\/|report\/)/
/** Today help loads 80 modules (yargs and its helpers, the command modules, node builtins); was 328. */
const MAX_MODULES = 100

interface Loads {
  readonly args: readonly string[]
  readonly stdout: string
  readonly modules: readonly string[]
}

let work: { path: string; cleanup: () => Promise<void> }
const runs: Loads[] = []
let runCount = 0

async function loadsOf(args: readonly string[]): Promise<Loads> {
  const file = join(work.path, `loads-${runCount++}.txt`)
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', RECORD_LOADS, BIN, ...args], {
    cwd: work.path,
    env: { PATH: process.env['PATH'] ?? '', HOME: work.path, RECORD_LOADS_FILE: file },
  })
  const modules = (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '')
  return { args, stdout, modules }
}

/** The names a help text lists under "Commands:" (`tailingsiq-seed datasets list  …` gives `list`). */
function commandsOf(help: string, prefix: string): string[] {
  return [...help.matchAll(new RegExp(`^ {2}${prefix} (\\S+)`, 'gm'))].map((m) => m[1] as string)
}

beforeAll(async () => {
  work = await tempDir()
  const help = await loadsOf(['--help'])
  const datasets = await loadsOf(['datasets', '--help'])
  runs.push(help, datasets)
  const commands = commandsOf(help.stdout, 'tailingsiq-seed').filter((c) => c !== 'datasets')
  const subcommands = commandsOf(datasets.stdout, 'tailingsiq-seed datasets')
  const pending = [
    ['--version'],
    ...commands.map((c) => [c, '--help']),
    ...subcommands.map((c) => ['datasets', c, '--help']),
  ]
  // A few at a time: each is a whole Node process.
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let args = pending.shift(); args; args = pending.shift()) runs.push(await loadsOf(args))
    }),
  )
  console.log(`modules loaded: ${runs.map((r) => `${r.args.join(' ')} ${r.modules.length}`).join(', ')}`)
})
afterAll(async () => work.cleanup())

describe('start-up of help and version', () => {
  it('covers --help, --version and the --help of every command and datasets subcommand', () => {
    const ran = runs.map((r) => r.args.join(' '))
    expect(ran).toEqual(expect.arrayContaining(['--help', '--version', 'run --help', 'serve --help']))
    expect(ran).toEqual(expect.arrayContaining(['datasets list --help', 'datasets restore --help']))
    expect(runs.length).toBeGreaterThanOrEqual(20)
    // The hook recorded what ran: the CLI and yargs.
    for (const run of runs) {
      expect(run.modules.some((m) => m.endsWith('/dist/src/cli/main.js'))).toBe(true)
      expect(run.modules.some((m) => m.includes('/node_modules/yargs/'))).toBe(true)
    }
  })

  it('loads no database driver, zod, faker, generator or other handler-only module', () => {
    const heavy = Object.fromEntries(
      runs
        .map(
          (r) =>
            [
              r.args.join(' '),
              r.modules.filter((m) => HEAVY_PACKAGE.test(m) || HEAVY_SOURCE.test(m)),
            ] as const,
        )
        .filter(([, modules]) => modules.length > 0),
    )
    expect(heavy).toEqual({})
  })

  it(`loads at most ${MAX_MODULES} modules`, () => {
    const over = runs.filter((r) => r.modules.length > MAX_MODULES).map((r) => r.args.join(' '))
    expect(over).toEqual([])
  })

  it('prints the same version as package.json', async () => {
    const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
    expect(runs.find((r) => r.args.join(' ') === '--version')?.stdout).toBe(`${pkg.version}\n`)
  })
})
