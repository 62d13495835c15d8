import type { Argv, CommandModule } from 'yargs'
import { databaseFlags, parseDatasetId, withCliToolkit, type DatabaseArgs } from '../cli-toolkit.js'
import { confirmOrRefuse, destructiveFlags, destructiveOptions, type DestructiveArgs } from '../confirm.js'
import { parseStringFlag } from '../parse-flags.js'
import type { CleanupResult } from '../../commands/cleanup.js'
import { escapeForTerminal, formatCount, renderTable } from '../render.js'

interface CleanupArgs extends DatabaseArgs, DestructiveArgs {
  readonly 'older-than'?: unknown
  readonly deleted?: boolean
  readonly failed?: boolean
  readonly stale?: boolean
  readonly 'stale-after'?: unknown
  readonly dataset?: unknown
  readonly 'dry-run'?: boolean
}

/**
 * One row per table of each dataset, so the width does not grow with the number of types: the dataset's
 * columns on its first row, its tables (those that hold rows, or its first when none does) below.
 */
export function renderCleanup(result: Pick<CleanupResult, 'datasets'>): string {
  const rows = result.datasets.flatMap((d) => {
    const tables = Object.entries(d.rows).filter(([, n]) => n > 0)
    const shown = tables.length > 0 ? tables : Object.entries(d.rows).slice(0, 1)
    const head = [String(d.id), d.data_type, d.status, d.reasons.join(', ')]
    if (shown.length === 0) return [[...head, '', '0']]
    return shown.map(([table, n], i) => [...(i === 0 ? head : ['', '', '', '']), table, formatCount(n)])
  })
  return renderTable(['dataset', 'type', 'status', 'why', 'table', 'rows'], rows)
}

/** `cleanup`: remove datasets and all their rows, in bounded batches. */
export const cleanupCommand: CommandModule<object, CleanupArgs> = {
  command: 'cleanup',
  describe: 'Remove deleted, failed, stale and expired datasets with all their rows (asks unless --yes)',
  builder: (yargs: Argv) =>
    yargs
      .option('older-than', {
        type: 'string',
        describe:
          'Datasets created longer ago than this: 30d, 12h, 2w [default with no other criterion: SYNTHETIC_DATA_CLEANUP_DAYS, 30d]',
      })
      .option('deleted', { type: 'boolean', describe: 'Soft-deleted datasets' })
      .option('failed', { type: 'boolean', describe: 'Failed datasets' })
      .option('stale', { type: 'boolean', describe: 'Datasets stuck in generating' })
      .option('stale-after', {
        type: 'string',
        describe: 'How long without progress makes a generating dataset stale [default: 1h]',
      })
      .option('dataset', { type: 'string', describe: 'Exactly this dataset, whatever its state' })
      .option('dry-run', {
        type: 'boolean',
        describe: 'List what would go, with row counts per table, and change nothing',
      })
      .options(destructiveFlags)
      .options(databaseFlags)
      .example('$0 cleanup --dry-run', 'What the default retention would remove')
      .example(
        '$0 cleanup --failed --stale --yes',
        'Remove failed and stuck datasets, without asking',
      ) as Argv<CleanupArgs>,
  handler: async (args) => {
    const { parseDuration } = await import('../../commands/cleanup.js')
    const olderThan = parseStringFlag('older-than', args['older-than'])
    const staleAfter = parseStringFlag('stale-after', args['stale-after'])
    const options = {
      ...(olderThan !== undefined ? { olderThanMs: parseDuration(olderThan) } : {}),
      ...(staleAfter !== undefined ? { staleAfterMs: parseDuration(staleAfter, '--stale-after') } : {}),
      ...(args.deleted ? { deleted: true } : {}),
      ...(args.failed ? { failed: true } : {}),
      ...(args.stale ? { stale: true } : {}),
      ...(args.dataset !== undefined ? { dataset: parseDatasetId(args.dataset) } : {}),
    }
    await withCliToolkit(args, {}, async (toolkit) => {
      const db = await toolkit.database({ mustExist: true })
      const plan = await toolkit.cleanup({ ...options, dryRun: true })
      const nothing = plan.datasets.length === 0
      if (!args['dry-run'] && !nothing) {
        const { assertDestructiveAllowed } = await import('../../commands/protection.js')
        await assertDestructiveAllowed(db, toolkit.settings, 'clean up', destructiveOptions(args))
        await confirmOrRefuse(
          `Remove ${plan.datasets.length} dataset(s) and ${formatCount(plan.rows)} rows from ${db.target.display}?`,
          args,
          'cleanup',
        )
      }
      // A real run reports itself as such even when the plan says there is nothing to do.
      const result = args['dry-run']
        ? plan
        : nothing
          ? { ...plan, dryRun: false }
          : await toolkit.cleanup({ ...options, ...destructiveOptions(args) })
      if (args.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
        return
      }
      if (args.quiet) return
      if (result.datasets.length === 0) {
        process.stdout.write('Nothing to clean up.\n')
        return
      }
      const verb = result.dryRun ? 'Would remove' : 'Removed'
      const text = `${renderCleanup(result)}\n${verb} ${result.datasets.length} dataset(s) and ${formatCount(result.rows)} rows${result.dryRun ? ' (dry run: nothing changed)' : `; ${result.facilitiesRemoved} unused facilities`}`
      process.stdout.write(`${escapeForTerminal(text, { keepNewlines: true })}\n`)
    })
  },
}
