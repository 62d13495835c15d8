import type { Argv, CommandModule } from 'yargs'
import type { DatasetVerification, VerifyResult } from '../../commands/verify.js'
import { TailingsiqError, UsageError } from '../../errors.js'
import { databaseFlags, parseDatasetId, withCliToolkit, type DatabaseArgs } from '../cli-toolkit.js'
import { formatCount, renderTable } from '../render.js'

interface VerifyArgs extends DatabaseArgs {
  readonly id?: unknown
  readonly all?: boolean
  readonly 'include-deleted'?: boolean
}

function renderDataset(d: DatasetVerification): string {
  const head = `Dataset ${d.id} · ${d.type} · ${d.datasetStatus} · storage ${d.storage}: ${d.result}${d.reason ? ` (${d.reason})` : ''}, ${formatCount(d.rows)} rows in ${d.seconds.toFixed(2)} s`
  if (d.tables.length === 0) return head
  const table = renderTable(
    ['table', 'status', 'rows', 'missing', 'extra', 'changed', 'first at'],
    d.tables.map((t) => [
      t.table,
      t.status,
      `${formatCount(t.actual)}/${formatCount(t.expected)}`,
      formatCount(t.missing),
      formatCount(t.extra),
      formatCount(t.changed),
      t.firstDifference === null ? '—' : String(t.firstDifference),
    ]),
  )
  return `${head}\n${table}`
}

/** One line naming what is wrong, for stderr and the exit code. */
function failure(result: VerifyResult): TailingsiqError | undefined {
  const bad = result.datasets.filter((d) => d.result !== 'ok')
  if (bad.length === 0) return undefined
  const detail = bad
    .map((d) => {
      const tables = d.tables
        .filter((t) => t.status !== 'ok')
        .map(
          (t) =>
            `${t.table} ${t.status}${t.firstDifference === null ? '' : ` from record ${t.firstDifference}`}`,
        )
      return `${d.id} ${d.result}${tables.length > 0 ? ` (${tables.join(', ')})` : d.reason ? ` (${d.reason})` : ''}`
    })
    .join('; ')
  return new TailingsiqError(
    'VERIFY_FAILED',
    `${bad.length} of ${result.datasets.length} datasets do not match their manifest: ${detail}`,
  )
}

/** `verify [<id>] [--all]`: prove the database holds exactly the seeded rows. */
export const verifyCommand: CommandModule<object, VerifyArgs> = {
  command: 'verify [id]',
  describe: 'Regenerate datasets from their manifests and compare them row by row with the database',
  builder: (yargs: Argv) =>
    yargs
      .positional('id', { type: 'string', describe: 'Dataset id' })
      .option('all', { type: 'boolean', describe: 'Every dataset (not soft-deleted ones)' })
      .option('include-deleted', { type: 'boolean', describe: 'Verify soft-deleted datasets too' })
      .options(databaseFlags)
      .example('$0 verify 12', 'Dataset 12')
      .example(
        '$0 verify --all --json',
        'Every dataset, for CI: exit code 5 on any difference',
      ) as Argv<VerifyArgs>,
  handler: async (args) => {
    if ((args.id === undefined) === (args.all !== true))
      throw new UsageError('Name one dataset id or pass --all (not both)')
    const id = args.id === undefined ? undefined : parseDatasetId(args.id)
    const options = { includeDeleted: args['include-deleted'] === true }
    await withCliToolkit(args, {}, async (toolkit) => {
      let result: VerifyResult
      if (id === undefined) result = await toolkit.datasets.verifyAll(options)
      else {
        const one = await toolkit.datasets.verify(id, options)
        result = { ok: one.result === 'ok', datasets: [one], rows: one.rows, seconds: one.seconds }
      }
      if (args.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
      else if (result.datasets.length === 0) process.stdout.write('No datasets to verify\n')
      else process.stdout.write(`${result.datasets.map(renderDataset).join('\n\n')}\n`)
      const error = failure(result)
      if (error) throw error
    })
  },
}
