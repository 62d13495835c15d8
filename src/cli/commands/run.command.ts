import type { Argv, CommandModule } from 'yargs'
import { BATCH_SIZE, DEFAULTS } from '../../config/defaults.js'
import { WRITERS, type Writer } from '../../choices.js'
import { UsageError } from '../../errors.js'
import {
  databaseFlags,
  osUser,
  parseRunOverrides,
  withCliToolkit,
  type DatabaseArgs,
} from '../cli-toolkit.js'
import { confirmOrRefuse, destructiveFlags, destructiveOptions, type DestructiveArgs } from '../confirm.js'
import { parseCountFlag, parseStringFlag, parseTypesFlag } from '../parse-flags.js'
import { formatCount } from '../render.js'
import {
  COUNT_NATURAL_HELP,
  parseScenarioFlag,
  runPeriodFlags,
  scenarioFlag,
  type DateArgs,
  type ScenarioArgs,
} from './shared-options.js'

export interface RunArgs extends DatabaseArgs, DestructiveArgs, ScenarioArgs, DateArgs {
  readonly types?: unknown
  readonly count?: unknown
  readonly facilities?: unknown
  readonly seed?: unknown
  readonly name?: unknown
  readonly storage?: unknown
  readonly 'batch-size'?: unknown
  readonly 'max-records'?: unknown
  readonly shard?: unknown
  readonly 'run-id'?: unknown
  readonly writer?: unknown
  readonly reset?: boolean
  readonly resume?: boolean
  readonly environment?: unknown
}

/** The flags of `run` (and `reset`, which is `run --reset`). */
export function runFlags(yargs: Argv): Argv<RunArgs> {
  return yargs
    .option('types', {
      type: 'string',
      alias: 'type',
      describe: 'Data types to seed, comma-separated [default: the config plan, else all]',
    })
    .option('count', {
      type: 'string',
      describe: `Records per dataset [default: ${DEFAULTS.count}]; ${COUNT_NATURAL_HELP}`,
    })
    .option('facilities', {
      type: 'string',
      describe: `Facilities of the run [default: ${DEFAULTS.facilities}]`,
    })
    .option('seed', { type: 'string', describe: `Seed of the run [default: ${DEFAULTS.seed}]` })
    .option('name', { type: 'string', describe: 'Dataset name (suffixed with the type when several)' })
    .option('owner', { type: 'string', describe: 'Stored as created_by [default: the OS user]' })
    .option('storage', {
      type: 'string',
      describe: `typed | generic | both: the typed tables, the JSON records table, or both [default: ${DEFAULTS.storage}]`,
    })
    .option('batch-size', {
      type: 'string',
      describe: `Rows per transaction [default: ${formatCount(BATCH_SIZE.default)}; ${formatCount(BATCH_SIZE.mysql)} on MySQL/MariaDB]`,
    })
    .option('shard', {
      type: 'string',
      describe: 'Seed only facility partition K of N of every dataset, e.g. 2/4; run N of these, anywhere',
    })
    .option('run-id', {
      type: 'string',
      describe: 'Names the run so its shards share datasets [default with --shard: derived from the plan]',
    })
    .option('writer', {
      type: 'string',
      describe:
        'bulk (COPY / LOAD DATA / prepared statement) or insert (portable multi-row INSERT) [default: bulk]',
    })
    .option('resume', {
      type: 'boolean',
      describe: 'Continue unfinished datasets of the same plan (after a crash) from their committed rows',
    })
    .option('environment', {
      type: 'string',
      describe:
        'Record this environment in the database; replacing a recorded production one needs --force --confirm <database>',
    })
    .option('max-records', {
      type: 'string',
      describe: `Guard: refuse a dataset above this count [default: ${formatCount(DEFAULTS.maxRecords)}]`,
    })
    .options(runPeriodFlags)
    .options(scenarioFlag)
    .options(destructiveFlags)
    .options(databaseFlags) as Argv<RunArgs>
}

/** Runs a plan from the flags of `run`/`reset`, with progress, signals, the summary and exit codes. */
export async function runFromArgs(args: RunArgs, reset: boolean): Promise<void> {
  const types = parseTypesFlag('types', args.types)
  const count = parseCountFlag(args.count)
  const name = parseStringFlag('name', args.name)
  const scenario = parseScenarioFlag(args.scenario)
  const start = parseStringFlag('start', args.start)
  const end = parseStringFlag('end', args.end)
  const interval = parseStringFlag('interval', args.interval)
  const owner = parseStringFlag('owner', args.owner) ?? osUser()
  const shardText = parseStringFlag('shard', args.shard)
  const shard =
    shardText === undefined ? undefined : (await import('../../seeding/seed-plan.js')).parseShard(shardText)
  const runId = parseStringFlag('run-id', args['run-id'])
  const writer = parseWriter(parseStringFlag('writer', args.writer))
  const environment = parseStringFlag('environment', args.environment)
  if (reset && shard)
    throw new UsageError('--reset cannot be combined with --shard: one shard would wipe the others')
  const overrides = parseRunOverrides(args)
  const { reportDatasets, seededCounts, withSeedSession } = await import('../seed-session.js')
  await withCliToolkit(args, overrides, async (toolkit) => {
    const flags = {
      ...(types ? { types } : {}),
      ...(count !== undefined ? { count } : {}),
      ...(name ? { name } : {}),
      ...(scenario ? { scenario } : {}),
      ...(start !== undefined ? { start } : {}),
      ...(end !== undefined ? { end } : {}),
      ...(interval !== undefined ? { interval } : {}),
    }
    const plan = toolkit.plan(flags)
    const db = await toolkit.database()
    if (reset) {
      const { assertDestructiveAllowed } = await import('../../commands/protection.js')
      // Refuse a protected database before asking anyone anything.
      await assertDestructiveAllowed(db, toolkit.settings, 'reset', destructiveOptions(args))
      await confirmOrRefuse(
        `Roll back every table of tailingsiq-seed in ${db.target.display} and seed it again?`,
        args,
        'reset',
      )
    }
    if (!args.json && !args.quiet) {
      process.stderr.write(
        `Seeding ${plan.datasets.length} dataset(s) into ${db.target.display} (seed ${plan.facilitySeed}, ${plan.facilityCount} facilities)\n`,
      )
    }
    const { result, interruptedBy } = await withSeedSession(args, (hooks) =>
      toolkit.run({
        ...flags,
        ...(shard ? { shard } : {}),
        ...(runId ? { runId } : {}),
        ...(writer ? { writer } : {}),
        ...(environment !== undefined ? { environment } : {}),
        ...destructiveOptions(args),
        reset,
        ...(args.resume ? { resume: true } : {}),
        owner,
        ...hooks,
      }),
    )
    reportDatasets(
      args,
      result.datasets,
      {
        database: db.target.display,
        migrations: result.migrations,
        facilities: result.facilities,
        seconds: result.seconds,
        method: result.method,
      },
      `${seededCounts(result.datasets)} in ${result.seconds.toFixed(2)} s (${result.method})`,
      interruptedBy,
      'continue with the same command and `--resume`, or remove what failed with `tailingsiq-seed cleanup --failed`',
    )
  })
}

/** `run`: migrate to latest, then seed the plan. */
export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run',
  describe: 'Migrate to latest, then seed the plan (config plan, flags, or every type with a modest count)',
  builder: (yargs: Argv) =>
    runFlags(yargs)
      .option('reset', {
        type: 'boolean',
        describe: 'Roll back every migration first (destructive; asks unless --yes)',
      })
      .example('$0 run', 'Every type into ./tailingsiq.sqlite')
      .example(
        '$0 run --db postgres://postgres@127.0.0.1:5432/dev --types monitoring --count 100000',
        'One large monitoring dataset',
      )
      .example(
        '$0 run --types document,compliance --count natural --start 2015-01-01 --end 2024-12-31',
        'Documents and assessments on their real calendar over ten years',
      )
      .example('$0 run --shard 2/4 --run-id nightly-7', 'The second of four processes filling one database'),
  handler: (args) => runFromArgs(args, args.reset === true),
}

function parseWriter(text: string | undefined): Writer | undefined {
  if (text === undefined) return undefined
  if ((WRITERS as readonly string[]).includes(text)) return text as Writer
  throw new UsageError(`--writer must be one of ${WRITERS.join(', ')}, got "${text}"`)
}
