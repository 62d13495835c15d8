import type { Argv, CommandModule } from 'yargs'
import { TailingsiqError, UsageError } from '../../errors.js'
import { databaseFlags, parseDatasetId, withCliToolkit, type DatabaseArgs } from '../cli-toolkit.js'
import { parseStringFlag } from '../parse-flags.js'
import { formatBytes } from '../render.js'

interface ReportArgs extends DatabaseArgs {
  readonly ids?: unknown
  readonly all?: boolean
  readonly out?: unknown
  readonly force?: boolean
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
        describe: 'File to write, or - for stdout [default: report.html]',
      })
      .option('force', { type: 'boolean', describe: 'Overwrite an existing file' })
      .options(databaseFlags)
      .example('$0 report 12 --out monitoring.html', 'Dataset 12')
      .example('$0 report --all --force', 'Every dataset, replacing report.html') as Argv<ReportArgs>,
  handler: async (args) => {
    const given = Array.isArray(args.ids) ? (args.ids as unknown[]) : args.ids === undefined ? [] : [args.ids]
    if ((given.length === 0) === (args.all !== true))
      throw new UsageError('Name one or more dataset ids or pass --all (not both)')
    const ids = given.map(parseDatasetId)
    const out = parseStringFlag('out', args.out) ?? 'report.html'
    const { resolveOutputTarget, writeOutputFile } = await import('../../formats/record-file-writer.js')
    // Before the database is read: an existing file is kept unless --force, as `export` and `generate` do.
    if (out !== '-' && args.force !== true) {
      const target = await resolveOutputTarget(out)
      if (target.exists && target.kind === 'file')
        throw new TailingsiqError('OUTPUT_EXISTS', `${out} already exists; pass --force to overwrite it`)
    }
    await withCliToolkit(args, {}, async (toolkit) => {
      const started = performance.now()
      const result = await toolkit.report(args.all === true ? { all: true } : { ids })
      if (out === '-') {
        process.stdout.write(result.html)
        return
      }
      // Through the toolkit's output writer: a link is written through, a device or FIFO as a stream.
      await writeOutputFile(
        out,
        (stream) =>
          new Promise<number>((done, fail) => {
            stream.once('error', fail)
            stream.end(result.html, () => done(result.bytes))
          }),
      )
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
