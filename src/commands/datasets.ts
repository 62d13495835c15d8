import { rowsTable } from '../schema/dataset-partitions.js'
import { assertCanModify, isAdmin, visibleOwner, type Actor } from '../access/actor.js'
import type { StorageMode } from '../config/config-schema.js'
import { DEFAULTS } from '../config/defaults.js'
import type { Settings } from '../config/settings.js'
import { countOf, firstOf, rowsOf, tableOf } from '../dialects/dialect-adapter-base.js'
import type { Database } from '../dialects/open-database.js'
import { NotFoundError, TailingsiqError, UsageError } from '../errors.js'
import { createRecordSerializer, type OutputRecord } from '../formats/record-serializer.js'
import { resolveDatasetSpec } from '../generators/dataset-spec.js'
import { dataTypeIds, isDataType, type DataType } from '../generators/data-types.js'
import { columnsOf } from '../generators/registry.js'
import {
  DATASET_COLUMNS,
  DATASET_STATUSES,
  type DatasetRecord,
  type DatasetStatus,
} from '../schema/dataset-columns.js'
import type { DatasetPlan } from '../seeding/seed-plan.js'
import { liveWriterOf, withWriterLease, writerPart } from '../datasets/dataset-store.js'
import { claimDataset, markDeleted, restoreDataset as unmarkDeleted } from '../datasets/dataset-status.js'
import { assertDatasetText } from './dataset-text.js'
import {
  createDataset,
  fillDataset,
  insertFacilities,
  resumeDataset,
  type DatasetResult,
  type SeedOptions,
} from '../seeding/seed-runner.js'

/** Filters and page of {@link listDatasets}. */
export interface ListDatasetsOptions {
  readonly type?: DataType
  readonly status?: DatasetStatus
  /** Only datasets of this `created_by` (admins only; users always see just their own). */
  readonly owner?: string
  /** Include soft-deleted datasets. Default is `false`. */
  readonly includeDeleted?: boolean
  /** Default is 50; at most 1000. */
  readonly limit?: number
  readonly offset?: number
}

/** A page of datasets, newest first, and how many match in all. */
export interface DatasetPage {
  readonly datasets: readonly DatasetRecord[]
  readonly total: number
  readonly limit: number
  readonly offset: number
}

const toDatasetRecord = createRecordSerializer(DATASET_COLUMNS)

/** Decodes a row of the datasets table (engine types → the API's JSON form). */
export function decodeDataset(db: Database, raw: Record<string, unknown>): DatasetRecord {
  return toDatasetRecord(db.adapter.decodeRow(DATASET_COLUMNS, raw)) as unknown as DatasetRecord
}

/**
 * Lists datasets newest first, filtered and paged. Soft-deleted datasets are hidden unless asked for; a
 * `user` sees only the datasets it owns.
 *
 * ### Examples
 * ```ts
 * const page = await listDatasets(db, { id: 'ci', role: 'admin' }, { type: 'monitoring', limit: 20 })
 * ```
 */
export async function listDatasets(
  db: Database,
  actor: Actor,
  options: ListDatasetsOptions = {},
): Promise<DatasetPage> {
  const limit = options.limit ?? 50
  const offset = options.offset ?? 0
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000)
    throw new UsageError(`limit must be a whole number from 1 to 1000, got ${limit}`)
  if (!Number.isSafeInteger(offset) || offset < 0)
    throw new UsageError(`offset must be a whole number ≥ 0, got ${offset}`)
  if (options.type !== undefined && !isDataType(options.type)) {
    throw new UsageError(
      `Unknown data type "${String(options.type)}"; expected one of ${dataTypeIds().join(', ')}`,
    )
  }
  if (options.status !== undefined && !(DATASET_STATUSES as readonly string[]).includes(options.status)) {
    throw new UsageError(
      `Unknown status "${String(options.status)}"; expected one of ${DATASET_STATUSES.join(', ')}`,
    )
  }
  const owner = visibleOwner(actor) ?? options.owner
  const filtered = () => {
    const query = tableOf(db.knex, db.tables.dataSets)
    if (!options.includeDeleted) query.where({ is_deleted: false })
    if (options.type) query.where({ data_type: options.type })
    if (options.status) query.where({ status: options.status })
    if (owner !== undefined) query.where({ created_by: owner })
    return query
  }
  const total = await countOf(filtered())
  const rows = await rowsOf(
    filtered()
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit)
      .offset(offset),
  )
  return { datasets: rows.map((r) => decodeDataset(db, r)), total, limit, offset }
}

/**
 * One dataset, checked against the actor: unknown ids, other owners' datasets (for users) and soft-deleted
 * datasets (unless `includeDeleted`) are all "not found", with a message that says which.
 */
export async function getDataset(
  db: Database,
  actor: Actor,
  id: number,
  options: { includeDeleted?: boolean } = {},
): Promise<DatasetRecord> {
  if (!Number.isSafeInteger(id) || id < 1)
    throw new UsageError(`A dataset id is a whole number ≥ 1, got ${String(id)}`)
  const raw = await firstOf(tableOf(db.knex, db.tables.dataSets).where({ id }))
  const dataset = raw === undefined ? undefined : decodeDataset(db, raw)
  if (dataset === undefined || (!isAdmin(actor) && dataset.created_by !== actor.id)) {
    throw new NotFoundError(`Dataset ${id} does not exist`, { hint: 'see `tailingsiq-seed datasets list`' })
  }
  if (dataset.is_deleted && !options.includeDeleted) {
    throw new NotFoundError(`Dataset ${id} is deleted`, {
      hint: `restore it with \`tailingsiq-seed datasets restore ${id}\` or pass --include-deleted`,
    })
  }
  return dataset
}

/** The first `count` records of a dataset, from its typed table (or the JSON records for `storage: generic`). */
export async function sampleRecords(
  db: Database,
  dataset: DatasetRecord,
  count: number,
): Promise<OutputRecord[]> {
  if (count <= 0) return []
  const columns = columnsOf(dataset.data_type)
  if (dataset.storage === 'generic') {
    const rows = await rowsOf(
      tableOf(db.knex, db.tables.records)
        .where({ dataset_id: dataset.id })
        .orderBy('record_index')
        .limit(count)
        .select('data'),
    )
    return rows.map((r) =>
      orderedRecord(
        columns.map((c) => c.name),
        db.adapter.decodeValue({ name: 'data', type: 'json', description: '' }, r['data']) as OutputRecord,
      ),
    )
  }
  const toRecord = createRecordSerializer(columns)
  const rows = await rowsOf(
    tableOf(db.knex, db.tables.typed[dataset.data_type])
      .where({ dataset_id: dataset.id })
      .orderBy('record_index')
      .limit(count),
  )
  return rows.map((r) => toRecord(db.adapter.decodeRow(columns, r)))
}

/** A JSON record with its keys in column order (PostgreSQL's jsonb keeps its own order). */
export function orderedRecord(names: readonly string[], record: OutputRecord): OutputRecord {
  const out: OutputRecord = {}
  for (const name of names) out[name] = record[name] ?? null
  return out
}

/** What {@link createPendingDataset} needs. */
export interface CreateDatasetOptions {
  readonly name: string
  readonly type: string
  /** Default: what the parameters imply, else 1000. `'natural'`: the period decides it. */
  readonly count?: number | 'natural'
  readonly description?: string
  /** Default: the settings' seed. */
  readonly seed?: number
  /** Default: the settings' facility count. */
  readonly facilities?: number
  readonly parameters?: unknown
  /** Default: the settings' storage. */
  readonly storage?: StorageMode
  /** A tighter guard on the count than the settings' `maxRecords`, e.g. the API's per-request cap. */
  readonly maxRecords?: { readonly limit: number; readonly hint: string }
}

/**
 * Creates a dataset in `pending`, to be filled later by {@link generateDataset}: the two-step flow of the
 * original API. Admins only.
 */
export async function createPendingDataset(
  db: Database,
  settings: Settings,
  actor: Actor,
  options: CreateDatasetOptions,
): Promise<DatasetRecord> {
  assertCanModify(actor, 'create datasets')
  const name = options.name.trim()
  if (name === '' || name.length > 200) throw new UsageError('A dataset name needs 1 to 200 characters')
  if (options.description !== undefined && options.description.length > 2000)
    throw new UsageError('A description is at most 2000 characters')
  assertDatasetText('name', name, 'The dataset name')
  assertDatasetText('description', options.description, 'The dataset description')
  const type = options.type
  const spec = resolveDatasetSpec({
    type,
    ...(options.count === undefined ? {} : { count: options.count }),
    defaultCount: DEFAULTS.count,
    facilities: options.facilities ?? settings.facilities,
    seed: options.seed ?? settings.seed,
    parameters: [settings.parameters[type as DataType], options.parameters],
    ...(options.maxRecords !== undefined && options.maxRecords.limit < settings.maxRecords
      ? { maxRecords: options.maxRecords.limit, maxRecordsHint: options.maxRecords.hint }
      : { maxRecords: settings.maxRecords, maxRecordsHint: '--max-records' }),
  })
  const plan: DatasetPlan = {
    ...spec,
    name,
    ...(options.description ? { description: options.description } : {}),
  }
  const id = await createDataset(db, plan, options.storage ?? settings.storage, actor.id)
  return getDataset(db, actor, id)
}

/** The plan that reproduces a dataset from its row. */
export function planOf(dataset: DatasetRecord): DatasetPlan {
  return {
    type: dataset.data_type,
    count: dataset.record_count,
    facilities: dataset.facility_count,
    seed: dataset.seed,
    facilitySeed: dataset.facility_seed,
    params: dataset.parameters,
    name: dataset.name,
    ...(dataset.description ? { description: dataset.description } : {}),
  }
}

/**
 * Fills a `pending` dataset (created by {@link createPendingDataset}), or with `resume` continues a `failed`
 * one, or a `generating` one whose writer died (a killed process), from its last committed row. Admins only.
 * The dataset's writer lease is claimed first (`src/datasets/dataset-store.ts`), so of two callers racing
 * for one dataset only one writes it; the other is refused with `BUSY` before writing, as is a dataset a live
 * process is writing. A dataset that is completed, or failed without `resume`, is refused too.
 */
export async function generateDataset(
  db: Database,
  actor: Actor,
  id: number,
  options: Pick<SeedOptions, 'batchSize' | 'logger' | 'onProgress' | 'signal' | 'writer'> & {
    /** Continue a `failed` dataset from its last committed row. */
    readonly resume?: boolean
  },
): Promise<DatasetResult> {
  assertCanModify(actor, 'generate datasets')
  const dataset = await getDataset(db, actor, id)
  const accepted: readonly DatasetStatus[] = options.resume
    ? ['pending', 'failed', 'generating']
    : ['pending']
  if (!accepted.includes(dataset.status)) throw await notGeneratable(db, dataset)
  // Idempotent, so before the claim: should it fail, the dataset is left as it was.
  await insertFacilities(db, dataset.facility_seed, dataset.facility_count)
  const { resume: _resume, ...seedOptions } = options
  const seed = { ...seedOptions, ...(dataset.created_by ? { owner: dataset.created_by } : {}) }
  return withWriterLease(db, id, writerPart(), seed, async (lease) => {
    if (dataset.status !== 'pending') await assertCommittedPrefix(db, dataset)
    if (!(await claimDataset(db, id, [dataset.status])))
      throw await notGeneratable(db, await getDataset(db, actor, id))
    return dataset.status === 'pending'
      ? fillDataset(db, id, planOf(dataset), { storage: dataset.storage }, seed, lease)
      : resumeDataset(db, id, planOf(dataset), dataset.storage, seed, lease)
  })
}

/**
 * Resuming goes on after the rows already there, which is right only when they are the first records of the
 * dataset, as one process commits them. Shards of a run each commit a prefix of their own part instead.
 */
async function assertCommittedPrefix(db: Database, dataset: DatasetRecord): Promise<void> {
  const table =
    dataset.storage === 'generic'
      ? db.tables.records
      : await rowsTable(db, db.tables.typed[dataset.data_type], dataset.id)
  const row = await firstOf(
    tableOf(db.knex, table).where({ dataset_id: dataset.id }).count({ n: '*' }).max({ last: 'record_index' }),
  )
  const count = Number(row?.['n'] ?? 0)
  if (count > 0 && Number(row?.['last']) !== count - 1) {
    throw new TailingsiqError(
      'USAGE',
      `Dataset ${dataset.id} was written in shards: its ${count} committed rows are not its first ${count} records, so it cannot be resumed as a whole`,
      {
        hint: 'resume each shard with `tailingsiq-seed run --resume --shard K/N` and the same plan and --run-id',
      },
    )
  }
}

async function notGeneratable(db: Database, dataset: DatasetRecord): Promise<TailingsiqError> {
  const { id, status } = dataset
  if (status === 'failed') {
    return new TailingsiqError(
      'USAGE',
      `Dataset ${id} is failed (${dataset.error ?? 'no reason recorded'}); resume it to continue from its last committed row`,
      { hint: `\`tailingsiq-seed datasets generate ${id} --resume\`` },
    )
  }
  if (status === 'generating') {
    const writer = await liveWriterOf(db, id)
    if (writer !== undefined) {
      return new TailingsiqError('BUSY', `Dataset ${id} is being written by ${writer.description}`)
    }
    return new TailingsiqError(
      'USAGE',
      `Dataset ${id} is generating but its writer is gone (killed or crashed); resume it to continue from its last committed row`,
      { hint: `\`tailingsiq-seed datasets generate ${id} --resume\`` },
    )
  }
  return new TailingsiqError(
    'USAGE',
    `Dataset ${id} is ${status}, not pending; only a pending dataset can be generated`,
  )
}

/** Soft-deletes a dataset: hidden from list, stats and export until restored, removed by `cleanup --deleted`. */
export async function deleteDataset(db: Database, actor: Actor, id: number): Promise<DatasetRecord> {
  assertCanModify(actor, 'delete datasets')
  await getDataset(db, actor, id)
  await markDeleted(db, id)
  return getDataset(db, actor, id, { includeDeleted: true })
}

/** Undoes {@link deleteDataset}. */
export async function restoreDataset(db: Database, actor: Actor, id: number): Promise<DatasetRecord> {
  assertCanModify(actor, 'restore datasets')
  const dataset = await getDataset(db, actor, id, { includeDeleted: true })
  if (!dataset.is_deleted || !(await unmarkDeleted(db, id)))
    throw new TailingsiqError('USAGE', `Dataset ${id} is not deleted`)
  return getDataset(db, actor, id)
}
