import type { CommandModule } from 'yargs'
import { DEFAULTS } from '../../config/defaults.js'
import { dataTypeIds } from '../../generators/data-types.js'
import type { GlobalArgs } from '../cli-settings.js'
import { parseTypeArgument, parseWholeFlag } from '../parse-flags.js'
import { renderRecords } from '../render.js'
import {
  dateFlags,
  dateParameters,
  scenarioFlag,
  scenarioParameters,
  type DateArgs,
  type ScenarioArgs,
} from './shared-options.js'

interface PreviewArgs extends GlobalArgs, DateArgs, ScenarioArgs {
  readonly type?: unknown
  readonly count?: unknown
  readonly json?: boolean
}

/** `preview <type>`: print records to stdout, saving nothing. */
export const previewCommand: CommandModule<object, PreviewArgs> = {
  command: 'preview <type>',
  describe: 'Print a few generated records of one type, saving nothing',
  builder: (yargs) =>
    yargs
      .positional('type', { type: 'string', describe: `Data type: ${dataTypeIds().join(', ')}` })
      .option('count', {
        type: 'string',
        describe: 'Records to print (capped by SYNTHETIC_DATA_MAX_RECORDS_PER_REQUEST)',
        default: '5',
      })
      .option('facilities', {
        type: 'string',
        describe: `Facilities the records are spread over [default: ${DEFAULTS.facilities}]`,
      })
      .option('seed', { type: 'string', describe: `Seed [default: ${DEFAULTS.seed}]` })
      .option('json', { type: 'boolean', describe: 'Print a JSON array' })
      .options(dateFlags)
      .options(scenarioFlag)
      .example('$0 preview monitoring --count 3', 'Three readings, one from each of three facilities')
      .example('$0 preview compliance --json', 'Five GISTM/regional assessments as JSON'),
  handler: async (args) => {
    const type = parseTypeArgument(args.type)
    const count = parseWholeFlag('count', args.count, 1, Number.MAX_SAFE_INTEGER) ?? 5
    const scenario = scenarioParameters(args)
    const { loadCliSettings } = await import('../cli-settings.js')
    const settings = await loadCliSettings(args)
    const { resolveDatasetSpec } = await import('../../generators/dataset-spec.js')
    const { previewRecords } = await import('../../commands/generate.js')
    const spec = resolveDatasetSpec({
      type,
      count,
      defaultCount: 5,
      facilities: settings.facilities,
      seed: settings.seed,
      parameters: [settings.parameters[type], { ...dateParameters(type, args), ...scenario }],
      maxRecords: settings.maxRecordsPerRequest,
      maxRecordsHint: 'SYNTHETIC_DATA_MAX_RECORDS_PER_REQUEST',
    })
    const records = previewRecords(spec)
    if (args.json) {
      process.stdout.write(`${JSON.stringify(records, null, 2)}\n`)
      return
    }
    process.stdout.write(
      `${renderRecords((_, i) => `${spec.type} record ${i + 1} of ${records.length}`, records)}\n`,
    )
  },
}
