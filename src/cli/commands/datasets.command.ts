import type { Argv, CommandModule } from 'yargs'
import { DATASET_STATUSES, type DatasetStatus } from '../../choices.js'
import type { DatasetRecord } from '../../schema/dataset-columns.js'
import { dataTypeIds, type DataType } from '../../generators/data-types.js'
import { UsageError } from '../../errors.js'
import { databaseFlags, parseDatasetId, withCliToolkit, type DatabaseArgs } from '../cli-toolkit.js'
import {
  parseCountFlag,
  parseSeedFlag,
  parseStringFlag,
  parseTypeFlag,
  parseWholeFlag,
  withValueFlags,
} from '../parse-flags.js'
import { escapeForTerminal, formatCount, renderRecords, renderTable } from '../render.js'
import {
  dateFlags,
  dateParameters,
  scenarioFlag,
  scenarioParameters,
  type DateArgs,
  type ScenarioArgs,
} from './shared-options.js'

interface DatasetsArgs extends DatabaseArgs, ScenarioArgs, DateArgs {
  readonly id?: unknown
  readonly type?: unknown
  readonly status?: unknown
  readonly 'include-deleted'?: boolean
  readonly limit?: unknown
  readonly offset?: unknown
  readonly sample?: unknown
  readonly name?: unknown
  readonly count?: unknown
  readonly description?: unknown
  readonly seed?: unknown
  readonly facilities?: unknown
  readonly filter?: unknown
  readonly resume?: boolean
}

const print = (args: DatabaseArgs, value: unknown, text: () => string) =>
  process.stdout.write(
    args.json
      ? `${JSON.stringify(value, null, 2)}\n`
      : args.quiet
        ? ''
        : `${escapeForTerminal(text(), { keepNewlines: true })}\n`,
  )

function datasetTable(datasets: readonly DatasetRecord[]): string {
  return renderTable(
    ['id', 'name', 'type', 'status', 'records', 'owner', 'created'],
    datasets.map((d) => [
      String(d.id),
      d.is_deleted ? `${d.name} (deleted)` : d.name,
      d.data_type,
      d.status,
      d.records_written === d.record_count
        ? formatCount(d.record_count)
        : `${formatCount(d.records_written)}/${formatCount(d.record_count)}`,
      d.created_by ?? '',
      d.created_at.replace('T', ' ').slice(0, 19),
    ]),
  )
}

function datasetDetails(d: DatasetRecord): string {
  const fields: [string, string][] = [
    ['id', String(d.id)],
    ['name', d.name],
    ['description', d.description ?? ''],
    ['type', d.data_type],
    ['status', d.status + (d.is_deleted ? ` (deleted ${d.deleted_at ?? ''})` : '')],
    ['records', `${formatCount(d.records_written)} of ${formatCount(d.record_count)}`],
    ['storage', d.storage],
    ['seed', `${d.seed} (facilities: seed ${d.facility_seed}, ${d.facility_count} of them)`],
    ['parameters', JSON.stringify(d.parameters)],
    ['owner', d.created_by ?? ''],
    ['created', d.created_at],
    ['completed', d.completed_at ?? ''],
    ...(d.error ? ([['error', d.error]] as [string, string][]) : []),
  ]
  const width = Math.max(...fields.map(([k]) => k.length))
  return fields.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')
}

const list: CommandModule<object, DatasetsArgs> = {
  command: 'list',
  describe: 'List datasets, newest first',
  builder: (y: Argv) =>
    y
      .option('type', {
        type: 'string',
        alias: 'types',
        describe: `Only this type: ${dataTypeIds().join(', ')}`,
      })
      .option('status', { type: 'string', describe: `Only this status: ${DATASET_STATUSES.join(', ')}` })
      .option('owner', { type: 'string', describe: 'Only datasets created by this owner' })
      .option('include-deleted', { type: 'boolean', describe: 'Show soft-deleted datasets too' })
      .option('limit', { type: 'string', describe: 'Page size (1–1000) [default: 50]' })
      .option('offset', { type: 'string', describe: 'Skip this many [default: 0]' })
      .options(databaseFlags) as Argv<DatasetsArgs>,
  handler: async (args) => {
    const type = parseTypeFlag('type', args.type)
    const status = parseStringFlag('status', args.status)
    if (status !== undefined && !(DATASET_STATUSES as readonly string[]).includes(status)) {
      throw new UsageError(`--status must be one of ${DATASET_STATUSES.join(', ')}, got "${status}"`)
    }
    const owner = parseStringFlag('owner', args.owner)
    const limit = parseWholeFlag('limit', args.limit, 1, 1000)
    const offset = parseWholeFlag('offset', args.offset, 0, Number.MAX_SAFE_INTEGER)
    await withCliToolkit(args, {}, async (toolkit) => {
      const page = await toolkit.datasets.list({
        ...(type ? { type } : {}),
        ...(status ? { status: status as DatasetStatus } : {}),
        ...(owner ? { owner } : {}),
        includeDeleted: args['include-deleted'] === true,
        ...(limit !== undefined ? { limit } : {}),
        ...(offset !== undefined ? { offset } : {}),
      })
      print(args, page, () =>
        page.datasets.length === 0
          ? `No datasets${page.total > 0 ? ` on this page (${page.total} in all)` : ''}.`
          : `${datasetTable(page.datasets)}\n${page.offset + 1}–${page.offset + page.datasets.length} of ${page.total}`,
      )
    })
  },
}

const show: CommandModule<object, DatasetsArgs> = {
  command: 'show <id>',
  describe: 'One dataset, with sample records from its typed table',
  builder: (y: Argv) =>
    y
      .positional('id', { type: 'string', describe: 'Dataset id' })
      .option('sample', { type: 'string', describe: 'Sample records to include (0–100) [default: 3]' })
      .option('include-deleted', { type: 'boolean', describe: 'Show a soft-deleted dataset' })
      .options(databaseFlags) as Argv<DatasetsArgs>,
  handler: async (args) => {
    const id = parseDatasetId(args.id)
    const sample = parseWholeFlag('sample', args.sample, 0, 100) ?? 3
    await withCliToolkit(args, {}, async (toolkit) => {
      const dataset = await toolkit.datasets.get(id, {
        sample,
        includeDeleted: args['include-deleted'] === true,
      })
      print(args, dataset, () => {
        const { sample: records, ...rest } = dataset
        const head = datasetDetails(rest)
        return records.length === 0
          ? head
          : `${head}\n\n${renderRecords((_, i) => `record ${i + 1} of ${records.length}`, records)}`
      })
    })
  },
}

const create: CommandModule<object, DatasetsArgs> = {
  command: 'create',
  describe: 'Create a pending dataset, to fill later with `datasets generate <id>`',
  builder: (y: Argv) =>
    y
      .option('name', { type: 'string', demandOption: true, describe: 'Dataset name' })
      .option('type', {
        type: 'string',
        alias: 'types',
        demandOption: true,
        describe: `Data type: ${dataTypeIds().join(', ')}`,
      })
      .option('count', {
        type: 'string',
        demandOption: true,
        describe: 'Records to generate, or natural: the period decides (see run --help)',
      })
      .option('description', { type: 'string', describe: 'Description' })
      .option('seed', { type: 'string', describe: 'Seed [default: the config seed, else 42]' })
      .option('facilities', { type: 'string', describe: 'Facilities [default: 5]' })
      .option('owner', { type: 'string', describe: 'Stored as created_by [default: the OS user]' })
      .options(dateFlags)
      .options(scenarioFlag)
      .options(databaseFlags)
      .example(
        '$0 datasets create --name audit --type document --count natural --start 2015-01-01 --end 2024-12-31',
        'Ten years of documents on their real calendar, generated later',
      ) as Argv<DatasetsArgs>,
  handler: async (args) => {
    const type = parseTypeFlag('type', args.type)
    const parameters = { ...dateParameters(type as DataType, args), ...scenarioParameters(args) }
    const count = parseCountFlag(args.count)
    const seed = parseSeedFlag(args.seed)
    const facilities = parseWholeFlag('facilities', args.facilities, 1, 10_000)
    const description = parseStringFlag('description', args.description)
    await withCliToolkit(args, {}, async (toolkit) => {
      await toolkit.migrate.latest()
      const dataset = await toolkit.datasets.create({
        name: parseStringFlag('name', args.name) as string,
        type: type as string,
        ...(count !== undefined ? { count } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(seed !== undefined ? { seed } : {}),
        ...(facilities !== undefined ? { facilities } : {}),
        ...(Object.keys(parameters).length > 0 ? { parameters } : {}),
      })
      print(
        args,
        dataset,
        () =>
          `Created dataset ${dataset.id} (${dataset.data_type}, ${formatCount(dataset.record_count)} records, pending); fill it with: tailingsiq-seed datasets generate ${dataset.id}`,
      )
    })
  },
}

const generate: CommandModule<object, DatasetsArgs> = {
  command: 'generate <id>',
  describe: 'Fill a pending dataset, or with --resume continue a failed one',
  builder: (y: Argv) =>
    y
      .positional('id', { type: 'string', describe: 'Dataset id' })
      .option('resume', {
        type: 'boolean',
        describe: 'Continue a failed dataset from its last committed row',
      })
      .options(databaseFlags)
      .example('$0 datasets generate 12', 'Fill pending dataset 12')
      .example(
        '$0 datasets generate 12 --resume',
        'Continue dataset 12 after it failed or was interrupted',
      ) as Argv<DatasetsArgs>,
  handler: async (args) => {
    const id = parseDatasetId(args.id)
    const { reportDatasets, withSeedSession } = await import('../seed-session.js')
    await withCliToolkit(args, {}, async (toolkit) => {
      const { result, interruptedBy } = await withSeedSession(args, (hooks) =>
        toolkit.datasets.generate(id, { ...hooks, ...(args.resume ? { resume: true } : {}) }),
      )
      reportDatasets(
        args,
        [result],
        {},
        `Generated dataset ${id} in ${result.seconds.toFixed(2)} s`,
        interruptedBy,
        `continue it with \`tailingsiq-seed datasets generate ${id} --resume\``,
      )
    })
  },
}

const remove: CommandModule<object, DatasetsArgs> = {
  command: 'delete <id>',
  describe: 'Soft-delete a dataset (hidden until restored; removed for good by cleanup)',
  builder: (y: Argv) =>
    y
      .positional('id', { type: 'string', describe: 'Dataset id' })
      .options(databaseFlags) as Argv<DatasetsArgs>,
  handler: async (args) => {
    const id = parseDatasetId(args.id)
    await withCliToolkit(args, {}, async (toolkit) => {
      const dataset = await toolkit.datasets.delete(id)
      print(
        args,
        dataset,
        () => `Deleted dataset ${id}; restore it with: tailingsiq-seed datasets restore ${id}`,
      )
    })
  },
}

const restore: CommandModule<object, DatasetsArgs> = {
  command: 'restore <id>',
  describe: 'Undo a soft delete',
  builder: (y: Argv) =>
    y
      .positional('id', { type: 'string', describe: 'Dataset id' })
      .options(databaseFlags) as Argv<DatasetsArgs>,
  handler: async (args) => {
    const id = parseDatasetId(args.id)
    await withCliToolkit(args, {}, async (toolkit) => {
      const dataset = await toolkit.datasets.restore(id)
      print(args, dataset, () => `Restored dataset ${id}`)
    })
  },
}

/** The subcommands of `datasets`. */
export const DATASETS_SUBCOMMANDS = [
  list,
  show,
  create,
  generate,
  remove,
  restore,
] as readonly CommandModule[]

/** `datasets list | show | create | generate | delete | restore`. */
export const datasetsCommand: CommandModule = {
  command: 'datasets',
  describe: 'List, show, create, generate, delete and restore datasets',
  builder: (yargs: Argv) => {
    for (const command of DATASETS_SUBCOMMANDS) yargs.command(withValueFlags(command))
    return yargs.demandCommand(
      1,
      `Name a datasets command: ${DATASETS_SUBCOMMANDS.map((c) => String(c.command).split(' ')[0]).join(', ')}`,
    )
  },
  handler: () => undefined,
}
