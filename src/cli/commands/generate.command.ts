import type { CommandModule } from 'yargs'
import { DEFAULTS } from '../../config/defaults.js'
import { UsageError } from '../../errors.js'
import { FILE_FORMATS, type FileFormat } from '../../choices.js'
import { dataTypeIds, type DataType } from '../../generators/data-types.js'
import type { GlobalArgs } from '../cli-settings.js'
import { parseCountFlag, parseStringFlag, parseTypesFlag } from '../parse-flags.js'
import { formatBytes, formatCount, renderRecords, renderTable } from '../render.js'
import {
  COUNT_NATURAL_HELP,
  dateFlags,
  dateParameters,
  scenarioFlag,
  scenarioParameters,
  type DateArgs,
  type ScenarioArgs,
} from './shared-options.js'

interface GenerateArgs extends GlobalArgs, DateArgs, ScenarioArgs {
  readonly type?: unknown
  readonly all?: boolean
  readonly count?: unknown
  readonly format?: unknown
  readonly preview?: boolean
  readonly force?: boolean
  readonly json?: boolean
  readonly quiet?: boolean
}

const FORMAT_CHOICES = [...FILE_FORMATS, 'both'] as const

/** `generate`: write synthetic records to files, no database needed. */
export const generateCommand: CommandModule<object, GenerateArgs> = {
  command: 'generate',
  describe: 'Generate synthetic records to JSON, NDJSON or CSV files (no database needed)',
  builder: (yargs) =>
    yargs
      .option('type', {
        type: 'string',
        alias: 'types',
        describe: `Data type (${dataTypeIds().join(', ')}); a comma list for several`,
      })
      .option('all', { type: 'boolean', describe: 'Every data type' })
      .option('count', {
        type: 'string',
        describe: `Records of each type, spread over the facilities [default: ${DEFAULTS.count}]; ${COUNT_NATURAL_HELP}`,
      })
      .option('facilities', {
        type: 'string',
        describe: `Facilities the records belong to [default: ${DEFAULTS.facilities}]`,
      })
      .option('seed', {
        type: 'string',
        describe: `Seed; the same seed and flags give the same files [default: ${DEFAULTS.seed}]`,
      })
      .option('format', {
        type: 'string',
        describe: 'json | ndjson | csv | both (json and csv)',
        default: 'json',
      })
      .option('output-dir', {
        type: 'string',
        describe: `Folder for the files [default: ${DEFAULTS.outputDir}]`,
      })
      .option('preview', {
        type: 'boolean',
        describe: 'Print the first few records instead of writing files',
      })
      .option('force', { type: 'boolean', describe: 'Overwrite existing files' })
      .option('max-records', {
        type: 'string',
        describe: `Guard: refuse a --count above this [default: ${formatCount(DEFAULTS.maxRecords)}]`,
      })
      .option('json', { type: 'boolean', describe: 'Print the result as one JSON document' })
      .option('quiet', { type: 'boolean', describe: 'Print nothing on success' })
      .options(dateFlags)
      .options(scenarioFlag)
      .conflicts('type', 'all')
      .example(
        '$0 generate --type monitoring --count 100000 --format csv',
        'Hourly readings of 5 facilities to ./synthetic-data/monitoring.csv',
      )
      .example(
        '$0 generate --all --count 1000 --seed 7 --format both --output-dir out',
        'Every type, as JSON and CSV',
      ),
  handler: async (args) => {
    const types = args.all ? [...dataTypeIds()] : parseTypesFlag('type', args.type)
    if (types === undefined) throw new UsageError('Name a data type with --type <type> or pass --all')
    const formats = parseFormat(args.format)
    const count = parseCountFlag(args.count)
    const scenario = scenarioParameters(args)
    const { loadCliSettings } = await import('../cli-settings.js')
    const settings = await loadCliSettings(args)
    const { resolveDatasetSpec } = await import('../../generators/dataset-spec.js')
    const specs = types.map((type) =>
      resolveDatasetSpec({
        type,
        ...(count === undefined ? {} : { count }),
        defaultCount: DEFAULTS.count,
        facilities: settings.facilities,
        seed: settings.seed,
        parameters: [settings.parameters[type], { ...dateParameters(type, args), ...scenario }],
        maxRecords: args.preview ? settings.maxRecordsPerRequest : settings.maxRecords,
        maxRecordsHint: args.preview ? 'SYNTHETIC_DATA_MAX_RECORDS_PER_REQUEST' : '--max-records',
      }),
    )
    const { generateFiles, previewRecords } = await import('../../commands/generate.js')

    if (args.preview) {
      const previews = specs.map((spec) => ({
        type: spec.type,
        // With natural cadence the count is the calendar's: the first records of it, from the first facility.
        records:
          count === 'natural'
            ? previewRecords(spec, PREVIEW_RECORDS)
            : previewRecords({ ...spec, count: Math.min(spec.count, PREVIEW_RECORDS) }),
      }))
      if (args.json) {
        process.stdout.write(
          `${JSON.stringify(Object.fromEntries(previews.map((p) => [p.type, p.records])), null, 2)}\n`,
        )
        return
      }
      for (const preview of previews) {
        process.stdout.write(
          `${renderRecords((r, i) => `${preview.type} record ${i + 1} of ${preview.records.length} (record_index ${String(r['record_index'])})`, preview.records)}\n\n`,
        )
      }
      return
    }

    const result = await generateFiles({
      datasets: specs,
      formats,
      outputDir: settings.outputDir,
      force: args.force === true,
    })
    if (args.json) {
      process.stdout.write(
        `${JSON.stringify({ seed: settings.seed, facilities: settings.facilities, ...result }, null, 2)}\n`,
      )
    } else if (!args.quiet) {
      const rows = result.files.map((f) => [
        f.type,
        f.format,
        formatCount(f.records),
        formatBytes(f.bytes),
        f.path,
      ])
      process.stdout.write(`${renderTable(['type', 'format', 'records', 'size', 'file'], rows)}\n`)
      process.stdout.write(
        `Wrote ${result.files.length} files in ${result.seconds.toFixed(2)} s (seed ${settings.seed}, ${settings.facilities} facilities)\n`,
      )
    }
  },
}

/** Records shown per type by `generate --preview`. */
const PREVIEW_RECORDS = 3

function parseFormat(value: unknown): FileFormat[] {
  const text = parseStringFlag('format', value) ?? 'json'
  if (!(FORMAT_CHOICES as readonly string[]).includes(text)) {
    throw new UsageError(`--format must be one of ${FORMAT_CHOICES.join(', ')}, got "${text}"`)
  }
  return text === 'both' ? ['json', 'csv'] : [text as FileFormat]
}

export type { DataType }
