import { userInfo } from 'node:os'
import type { Argv, CommandModule } from 'yargs'
import { DEFAULTS } from '../../config/defaults.js'
import { TailingsiqError } from '../../errors.js'
import { databaseFlags, parseRunOverrides, withCliToolkit, type DatabaseArgs } from '../cli-toolkit.js'
import { parseStringFlag, parseTypesFlag, parseWholeFlag } from '../parse-flags.js'
import { formatCount, renderTable } from '../render.js'
import { createProgressReporter } from '../progress.js'
import { parseShard } from '../../seeding/seed-plan.js'
import { WRITERS, type Writer } from '../../seeding/seed-runner.js'
import { UsageError } from '../../errors.js'

interface RunArgs extends DatabaseArgs {
  readonly types?: unknown
  readonly count?: unknown
  readonly facilities?: unknown
  readonly seed?: unknown
  readonly name?: unknown
  readonly owner?: unknown
  readonly storage?: unknown
  readonly 'batch-size'?: unknown
  readonly 'max-records'?: unknown
  readonly shard?: unknown
  readonly 'run-id'?: unknown
  readonly writer?: unknown
}

/** `run`: migrate to latest, then seed the plan. */
export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run',
  describe: 'Migrate to latest, then seed the plan (config plan, flags, or every type with a modest count)',
  builder: (yargs: Argv) =>
    yargs
      .option('types', {
        type: 'string',
        describe: 'Data types to seed, comma-separated [default: the config plan, else all]',
      })
      .option('count', { type: 'string', describe: `Records per dataset [default: ${DEFAULTS.count}]` })
      .option('facilities', {
        type: 'string',
        describe: `Facilities of the run [default: ${DEFAULTS.facilities}]`,
      })
      .option('seed', { type: 'string', describe: `Seed of the run [default: ${DEFAULTS.seed}]` })
      .option('name', { type: 'string', describe: 'Dataset name (suffixed with the type when several)' })
      .option('owner', { type: 'string', describe: 'Stored as created_by [default: the OS user]' })
      .option('storage', {
        type: 'string',
        describe: 'both | generic | typed: the JSON records table, the typed tables, or both [default: both]',
      })
      .option('batch-size', {
        type: 'string',
        describe: `Rows per transaction [default: ${DEFAULTS.batchSize}]`,
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
      .option('max-records', {
        type: 'string',
        describe: `Guard: refuse a dataset above this count [default: ${formatCount(DEFAULTS.maxRecords)}]`,
      })
      .options(databaseFlags)
      .example('$0 run', 'Every type into ./tailingsiq.sqlite')
      .example(
        '$0 run --db postgres://postgres@127.0.0.1:5432/dev --types monitoring --count 100000',
        'One large monitoring dataset',
      ) as Argv<RunArgs>,
  handler: async (args) => {
    const types = parseTypesFlag('types', args.types)
    const count = parseWholeFlag('count', args.count, 1, Number.MAX_SAFE_INTEGER)
    const name = parseStringFlag('name', args.name)
    const owner = parseStringFlag('owner', args.owner) ?? defaultOwner()
    const overrides = parseRunOverrides(args)
    const shardText = parseStringFlag('shard', args.shard)
    const shard = shardText === undefined ? undefined : parseShard(shardText)
    const runId = parseStringFlag('run-id', args['run-id'])
    const writer = parseWriter(parseStringFlag('writer', args.writer))
    await withCliToolkit(args, overrides, async (toolkit) => {
      const plan = toolkit.plan({
        ...(types ? { types } : {}),
        ...(count !== undefined ? { count } : {}),
        ...(name ? { name } : {}),
      })
      const db = await toolkit.database()
      if (!args.json && !args.quiet) {
        process.stderr.write(
          `Seeding ${plan.datasets.length} dataset(s) into ${db.target.display} (seed ${plan.facilitySeed}, ${plan.facilityCount} facilities)\n`,
        )
      }
      const progress = createProgressReporter({ json: args.json === true, quiet: args.quiet === true })
      const controller = new AbortController()
      const stop = (signal: NodeJS.Signals) => {
        process.stderr.write(`\ntailingsiq-seed: ${signal}: stopping after the current batch\n`)
        controller.abort(signal)
      }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
      let result: Awaited<ReturnType<typeof toolkit.run>>
      try {
        result = await toolkit.run({
          ...(types ? { types } : {}),
          ...(count !== undefined ? { count } : {}),
          ...(name ? { name } : {}),
          ...(shard ? { shard } : {}),
          ...(runId ? { runId } : {}),
          ...(writer ? { writer } : {}),
          owner,
          onProgress: (event) => progress.update(event),
          signal: controller.signal,
        })
      } finally {
        progress.stop()
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
      }
      if (args.json) {
        process.stdout.write(`${JSON.stringify({ database: db.target.display, ...result }, null, 2)}\n`)
      } else if (!args.quiet) {
        const rows = result.datasets.map((d) => [
          String(d.id),
          d.type,
          d.status,
          formatCount(d.records),
          d.seconds.toFixed(2),
          d.name,
        ])
        process.stdout.write(
          `${renderTable(['dataset', 'type', 'status', 'records', 'seconds', 'name'], rows)}\n`,
        )
        process.stdout.write(
          `Seeded ${result.datasets.length} dataset(s) in ${result.seconds.toFixed(2)} s\n`,
        )
      }
      const failed = result.datasets.filter((d) => d.status === 'failed')
      if (controller.signal.aborted) {
        throw new TailingsiqError(
          'INTERRUPTED',
          `Interrupted by ${String(controller.signal.reason)}: ${failed.map((d) => `dataset ${d.id} (${d.type}) marked failed`).join('; ') || 'nothing was being written'}`,
        )
      }
      if (failed.length > 0) {
        throw new TailingsiqError(
          'SEED_FAILED',
          `${failed.length} of ${result.datasets.length} datasets failed: ${failed.map((d) => `${d.id} (${d.type}): ${d.error ?? 'unknown error'}`).join('; ')}`,
        )
      }
    })
  },
}

/** The OS user, the CLI's owner when `--owner` is not given. */
export function defaultOwner(): string {
  try {
    return userInfo().username
  } catch {
    return process.env['USER'] ?? 'unknown'
  }
}

function parseWriter(text: string | undefined): Writer | undefined {
  if (text === undefined) return undefined
  if ((WRITERS as readonly string[]).includes(text)) return text as Writer
  throw new UsageError(`--writer must be one of ${WRITERS.join(', ')}, got "${text}"`)
}
