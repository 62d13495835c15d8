import type { Argv, CommandModule } from 'yargs'
import { UsageError } from '../../errors.js'
import { databaseFlags, parseDatasetId, withCliToolkit, type DatabaseArgs } from '../cli-toolkit.js'
import { parseStringFlag } from '../parse-flags.js'
import { formatBytes } from '../render.js'

interface ReportArgs extends DatabaseArgs {
  readonly ids?: unknown
  readonly all?: boolean
  readonly out?: unknown
}

/** `report [<id> … | --all] [--out report.html]`: one self-contained HTML report. */
export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report [ids..]',
  describe: 'Write one self-contained HTML report with charts of datasets (opens offline)',
  builder: (yargs: Argv) =>
    yargs
      .positional('ids', { type: 'string', array: true, describe: 'Dataset ids' })
      .option('all', { type: 'boolean', describe: 'Every dataset (not soft-deleted ones)' })
      .option('out', {
        type: 'string',
        describe: 'File to write (replaced if it exists), or - for stdout [default: report.html]',
      })
      .options(databaseFlags)
      .example('$0 report 12 --out monitoring.html', 'Dataset 12')
      .example('$0 report --all', 'Every dataset, to report.html') as Argv<ReportArgs>,
  handler: async (args) => {
    const given = Array.isArray(args.ids) ? (args.ids as unknown[]) : args.ids === undefined ? [] : [args.ids]
    if ((given.length === 0) === (args.all !== true))
      throw new UsageError('Name one or more dataset ids or pass --all (not both)')
    const ids = given.map(parseDatasetId)
    const out = parseStringFlag('out', args.out) ?? 'report.html'
    await withCliToolkit(args, {}, async (toolkit) => {
      const started = performance.now()
      const result = await toolkit.report(args.all === true ? { all: true } : { ids })
      if (out === '-') {
        process.stdout.write(result.html)
        return
      }
      const { writeFile, rename } = await import('node:fs/promises')
      const partial = `${out}.partial`
      await writeFile(partial, result.html)
      await rename(partial, out)
      const seconds = (performance.now() - started) / 1000
      const summary = { out, bytes: result.bytes, datasets: result.datasets, seconds }
      if (args.json) process.stdout.write(`${JSON.stringify(summary)}\n`)
      else if (!args.quiet)
        process.stdout.write(
          `Wrote ${out} (${formatBytes(result.bytes)}, ${result.datasets.length} dataset${result.datasets.length === 1 ? '' : 's'}) in ${seconds.toFixed(2)} s\n`,
        )
    })
  },
}
