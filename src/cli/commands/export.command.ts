import type { Argv, CommandModule } from 'yargs'
import { EXPORT_SOURCES, FILE_FORMATS, type ExportSource, type FileFormat } from '../../choices.js'
import { UsageError } from '../../errors.js'
import { databaseFlags, parseDatasetId, withCliToolkit, type DatabaseArgs } from '../cli-toolkit.js'
import { parseStringFlag } from '../parse-flags.js'
import { formatBytes, formatCount } from '../render.js'

interface ExportArgs extends DatabaseArgs {
  readonly id?: unknown
  readonly format?: unknown
  readonly out?: unknown
  readonly source?: unknown
  readonly force?: boolean
  readonly 'include-deleted'?: boolean
}

/** `export <id>`: stream a dataset to a file or stdout. */
export const exportCommand: CommandModule<object, ExportArgs> = {
  command: 'export <id>',
  describe: 'Stream a dataset to JSON, NDJSON or CSV, in constant memory',
  builder: (yargs: Argv) =>
    yargs
      .positional('id', { type: 'string', describe: 'Dataset id' })
      .option('format', { type: 'string', demandOption: true, describe: 'json | ndjson | csv' })
      .option('out', { type: 'string', describe: 'File to write, or - for stdout [default: stdout]' })
      .option('source', {
        type: 'string',
        describe:
          'typed (the typed table) or records (the records shape: each record as JSON, from the JSON rows of a generic or both dataset, else made from its typed rows; same bytes) [default: typed]',
      })
      .option('force', { type: 'boolean', describe: 'Overwrite an existing file' })
      .option('include-deleted', { type: 'boolean', describe: 'Export a soft-deleted dataset' })
      .options(databaseFlags)
      .example('$0 export 12 --format csv --out monitoring.csv', 'Dataset 12 as CSV') as Argv<ExportArgs>,
  handler: async (args) => {
    const id = parseDatasetId(args.id)
    const format = parseStringFlag('format', args.format)
    if (!(FILE_FORMATS as readonly string[]).includes(format ?? '')) {
      throw new UsageError(`--format must be one of ${FILE_FORMATS.join(', ')}, got "${String(format)}"`)
    }
    const source = parseStringFlag('source', args.source)
    if (source !== undefined && !(EXPORT_SOURCES as readonly string[]).includes(source)) {
      throw new UsageError(`--source must be one of ${EXPORT_SOURCES.join(', ')}, got "${source}"`)
    }
    const out = parseStringFlag('out', args.out)
    const toStdout = out === undefined || out === '-'
    await withCliToolkit(args, {}, async (toolkit) => {
      const result = await toolkit.export(id, {
        format: format as FileFormat,
        ...(source ? { source: source as ExportSource } : {}),
        to: toStdout ? { stream: process.stdout } : { path: out, force: args.force === true },
        includeDeleted: args['include-deleted'] === true,
      })
      // With stdout taken by the records, the summary goes to stderr.
      const summary = args.json
        ? JSON.stringify(result)
        : `Exported ${formatCount(result.records)} records (${formatBytes(result.bytes)}) of dataset ${id} from its ${result.source} rows in ${result.seconds.toFixed(2)} s${result.path ? ` to ${result.path}` : ''}`
      if (toStdout) {
        if (!args.quiet) process.stderr.write(`${summary}\n`)
      } else if (!args.quiet) {
        process.stdout.write(`${summary}\n`)
      }
    })
  },
}
