import type { Knex } from 'knex'
import type { StorageMode } from '../config/config-schema.js'
import { countOf, firstOf, tableOf } from '../dialects/dialect-adapter-base.js'
import type { BulkTarget, WriteColumn } from '../dialects/dialect.js'
import type { Database } from '../dialects/open-database.js'
import { reasonOf } from '../dialects/open-database.js'
import { TailingsiqError } from '../errors.js'
import { createJsonSerializer } from '../formats/record-serializer.js'
import { FAKER_VERSION } from '../generators/faker.js'
import { FACILITY_COLUMNS, FACILITY_GENERATOR_VERSION } from '../generators/facility/facility-generator.js'
import {
  generateFacilities,
  generateRecordsFrom,
  type FacilityRange,
} from '../generators/generate-records.js'
import { recordLayout } from '../generators/record-layout.js'
import type { Row } from '../generators/generator.js'
import type { ColumnSpec } from '../generators/columns.js'
import { columnsOf, getGenerator, isBuiltInType } from '../generators/registry.js'
import type { Logger } from '../util/logger.js'
import { packageVersion } from '../util/package-info.js'
import { canonicalJson } from '../util/canonical-json.js'
import { withWriterLease, writerPart, type WriterLease } from '../datasets/dataset-store.js'
import {
  claimDataset,
  completeDataset,
  completeDatasetWithRows,
  failDataset,
  insertPendingDataset,
  recordProgress,
} from '../datasets/dataset-status.js'
import { loadTarget, rowsTable, type LoadTarget } from '../schema/dataset-partitions.js'
import { ProgressMeter } from './progress-meter.js'
import { RowBatches } from './row-batches.js'
import type { ColumnBatch } from './column-chunks.js'
import { GenerationThreadSlot } from './generation-thread.js'
import { datasetKey, shardRange, type DatasetPlan, type SeedPlan } from './seed-plan.js'
import type { Writer } from '../choices.js'

export { WRITERS, type Writer } from '../choices.js'

/** Options of {@link seedPlan}. */
export interface SeedOptions {
  /** Stored as `created_by`. */
  readonly owner?: string
  /**
   * Rows per transaction: `records_written` advances, and an interruption loses at most this many. Default: the
   * engine's (`DialectAdapter.defaultBatchSize`: 250,000; 1,000,000 on MySQL/MariaDB).
   */
  readonly batchSize?: number
  /** Default is `bulk`. */
  readonly writer?: Writer
  readonly logger?: Logger
  /** Called as rows stream (at most every 100 ms, from inside the batch) and after each committed batch. */
  readonly onProgress?: (event: SeedProgress) => void
  /** Stops between batches; the dataset is marked `failed` with the reason. */
  readonly signal?: AbortSignal
  /**
   * Where rows are generated when the engine stores them in this process (SQLite): `thread`, on a worker thread
   * while this one stores them; `main`, here; `auto` (default), on the thread for a dataset of at least
   * {@link THREAD_MIN_ROWS} rows of a built-in type written with the bulk writer to `storage: typed`. The rows are
   * the same either way. Servers (PostgreSQL, MySQL/MariaDB) store rows on their own cores: always here.
   */
  readonly generation?: Generation
}

/** See {@link SeedOptions.generation}. */
export type Generation = 'auto' | 'thread' | 'main'

/**
 * Rows from which a load takes threads to help: `auto` generates on a worker thread, and the engine may start its
 * own (`DialectAdapter.startBulkLoad`: SQLite's checkpoints). Below it, the generation thread's start-up
 * (about half a second of a core, loading the generators) costs more than the overlap gains.
 */
export const THREAD_MIN_ROWS = 100_000

/** Progress of one dataset (this process's part of it), while rows stream and after each committed batch. */
export interface SeedProgress {
  readonly datasetId: number
  readonly type: string
  readonly name: string
  /** Rows committed so far: what `records_written` shows (for this process's part). */
  readonly written: number
  /** Rows streamed to the database so far, the open batch's included; `written` once a batch commits. */
  readonly streamed: number
  /** Rows this process will write: the dataset's count, or the shard's part of it. */
  readonly total: number
  readonly seconds: number
}

/** The outcome of one dataset of a run. */
export interface DatasetResult {
  readonly id: number
  readonly type: string
  readonly name: string
  /** `completed` when this process wrote its part; the dataset itself completes with its last shard. */
  readonly status: 'completed' | 'failed'
  /** Rows this process wrote. */
  readonly records: number
  readonly seconds: number
  readonly error?: string
}

/** The outcome of a run: never throws part-way; look at each dataset's `status`. */
export interface SeedResult {
  readonly datasets: readonly DatasetResult[]
  readonly facilities: number
  readonly seconds: number
  /** How rows were loaded, per table kind, e.g. `COPY BINARY`. */
  readonly method: string
}

/** Options inside a run: the run's generation thread, which its datasets take in turn. */
export type RunSeedOptions = SeedOptions & { readonly threads?: GenerationThreadSlot }

/** Whether `rows` rows of `dataset` are generated on the generation thread (see {@link SeedOptions.generation}). */
function generatesOnThread(
  db: Database,
  dataset: DatasetPlan,
  storage: StorageMode,
  options: SeedOptions,
  rows: number,
): boolean {
  const generation = options.generation ?? 'auto'
  return (
    db.adapter.bulkWriteColumns !== undefined &&
    generation !== 'main' &&
    options.writer !== 'insert' &&
    storage === 'typed' &&
    isBuiltInType(dataset.type) &&
    (generation === 'thread' || rows >= THREAD_MIN_ROWS)
  )
}

const RECORD_COLUMNS: readonly WriteColumn[] = [
  { name: 'data_type', type: 'string' },
  { name: 'record_index', type: 'bigint' },
  { name: 'data', type: 'json-text' },
]
const DATASET_ID: WriteColumn = { name: 'dataset_id', type: 'integer' }
/** Rows a batch holds in memory at most with `storage: both`, which writes each batch to two tables. */
export const HELD_BATCH_ROWS = 50_000

/**
 * Seeds every dataset of a plan: facilities first (idempotently: a seed's facilities are shared by every run
 * with that seed), then each dataset, created `pending`, `generating` while it fills, then `completed` with
 * `records_written`, `completed_at` and a manifest, or `failed` with the error. Rows stream from the
 * generator to the engine's bulk path in transactions of `batchSize` rows; memory does not grow with the
 * dataset. With a shard, only that shard's facilities are written, into datasets shared by all shards.
 *
 * ### Examples
 * ```ts
 * const result = await seedPlan(db, resolvePlan(settings), { batchSize: 250_000 })
 * ```
 */
export async function seedPlan(db: Database, plan: SeedPlan, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now()
  const threads = new GenerationThreadSlot()
  if (plan.datasets.some((d) => generatesOnThread(db, d, plan.storage, options, d.count))) threads.warm()
  const results: DatasetResult[] = []
  try {
    await insertFacilities(db, plan.facilitySeed, plan.facilityCount)
    for (const [position, dataset] of plan.datasets.entries()) {
      const key =
        plan.runKey === undefined ? undefined : datasetKey(plan.runKey, position, dataset, plan.storage)
      const resumable = plan.resume ? await findResumable(db, dataset, plan.storage, key) : undefined
      const id = resumable ?? (await createDataset(db, dataset, plan.storage, options.owner, key))
      const mode = resumable !== undefined ? 'resume' : key !== undefined ? 'shared' : 'new'
      results.push(await continueDataset(db, id, dataset, plan, { ...options, threads }, mode))
    }
  } finally {
    await threads.close()
  }
  const method = options.writer === 'insert' ? 'multi-row INSERT' : db.adapter.bulkMethod
  return {
    datasets: results,
    facilities: plan.facilityCount,
    seconds: (performance.now() - started) / 1000,
    method,
  }
}

/**
 * Writes this process's part of dataset `id`: all of it, or what a crash left unwritten (`resume`), or
 * nothing when another shard of the run already completed it. Rows already in the table for the part are a
 * prefix of it (batches commit in record order), so their count says where to go on. The part's writer lease
 * is claimed first (or handed in), so rows are counted and written by one process only; a part another live
 * process writes throws `BUSY` before anything is written.
 */
async function continueDataset(
  db: Database,
  id: number,
  dataset: DatasetPlan,
  plan: Pick<SeedPlan, 'storage' | 'shard'>,
  options: RunSeedOptions,
  mode: 'new' | 'shared' | 'resume',
  lease?: WriterLease,
): Promise<DatasetResult> {
  if (lease === undefined) {
    return withWriterLease(db, id, writerPart(plan.shard), options, (claimed) =>
      continueDataset(db, id, dataset, plan, options, mode, claimed),
    )
  }
  if (mode === 'new') return fillDataset(db, id, dataset, plan, options, lease)
  const resume = mode === 'resume'
  const status = (await firstOf(tableOf(db.knex, db.tables.dataSets).where({ id }).select('status')))?.[
    'status'
  ]
  if (status === 'completed')
    return { id, type: dataset.type, name: dataset.name, status: 'completed', records: 0, seconds: 0 }
  const range = shardRange(plan.shard, dataset.facilities)
  const first = recordLayout(dataset).share(range.from).first
  const done = await rowsInRange(db, id, dataset, plan.storage, range)
  if (done > 0 && !resume) {
    return failedBeforeStart(
      id,
      dataset,
      `dataset ${id} already holds ${done} rows of this part; pass --resume to continue it, or clean it up`,
      options,
    )
  }
  if (resume) {
    // Recount from the rows themselves: the stored count may be one batch short after a crash.
    const table =
      plan.storage === 'generic' ? db.tables.records : await rowsTable(db, db.tables.typed[dataset.type], id)
    const all = await countOf(tableOf(db.knex, table).where({ dataset_id: id }))
    await claimDataset(db, id, ['pending', 'generating', 'failed'], { recordsWritten: all })
    options.logger?.info(`Resuming dataset ${id} (${dataset.type}) at record ${first + done}`)
  }
  return fillDataset(
    db,
    id,
    dataset,
    { storage: plan.storage, ...(plan.shard ? { shard: plan.shard } : {}), resumeFrom: first + done },
    options,
    lease,
  )
}

/**
 * Continues dataset `id` from its last committed row: generation is reproducible, so the rows that follow
 * are those an uninterrupted run would have written. Throws `BUSY` (before writing) when another live process
 * writes it; otherwise the outcome is in the result.
 */
export function resumeDataset(
  db: Database,
  id: number,
  dataset: DatasetPlan,
  storage: StorageMode,
  options: SeedOptions,
  lease?: WriterLease,
): Promise<DatasetResult> {
  return continueDataset(db, id, dataset, { storage }, options, 'resume', lease)
}

function failedBeforeStart(
  id: number,
  dataset: DatasetPlan,
  reason: string,
  options: SeedOptions,
): DatasetResult {
  options.logger?.warn(reason)
  return {
    id,
    type: dataset.type,
    name: dataset.name,
    status: 'failed',
    records: 0,
    seconds: 0,
    error: reason,
  }
}

/** Rows of a dataset within a facility range, counted in the table its storage writes first. */
async function rowsInRange(
  db: Database,
  id: number,
  dataset: DatasetPlan,
  storage: StorageMode,
  range: { from: number; to: number },
): Promise<number> {
  if (range.from >= range.to) return 0
  const layout = recordLayout(dataset)
  const first = layout.share(range.from).first
  const end = first + layout.countIn(range)
  const table =
    storage === 'generic' ? db.tables.records : await rowsTable(db, db.tables.typed[dataset.type], id)
  return countOf(
    tableOf(db.knex, table)
      .where({ dataset_id: id })
      .where('record_index', '>=', first)
      .where('record_index', '<', end),
  )
}

/**
 * The newest unfinished dataset (generating or failed, not deleted) that the same plan entry made: by run
 * key when the run has one, else by everything that determines its rows.
 */
export async function findResumable(
  db: Database,
  dataset: DatasetPlan,
  storage: StorageMode,
  runKey?: string,
): Promise<number | undefined> {
  const query = tableOf(db.knex, db.tables.dataSets)
    .where({ is_deleted: false })
    .whereIn('status', ['generating', 'failed', 'pending'])
  if (runKey !== undefined) query.where({ run_key: runKey })
  else {
    query.where({
      data_type: dataset.type,
      record_count: dataset.count,
      seed: dataset.seed,
      facility_seed: dataset.facilitySeed,
      facility_count: dataset.facilities,
      storage,
      generator_version: getGenerator(dataset.type).version,
    })
  }
  const candidates: { id: number; parameters: unknown }[] = await query
    .orderBy('id', 'desc')
    .select('id', 'parameters')
  const wanted = canonicalJson(dataset.params)
  const json: ColumnSpec = { name: 'parameters', type: 'json', description: '' }
  const match = candidates.find((c) => canonicalJson(db.adapter.decodeValue(json, c.parameters)) === wanted)
  return match === undefined ? undefined : Number(match.id)
}

/** Inserts the facilities `[0, count)` of a seed, skipping those already there. */
export async function insertFacilities(db: Database, seed: number, count: number): Promise<void> {
  const target: BulkTarget = {
    table: db.tables.facilities,
    fixed: [],
    columns: [...FACILITY_COLUMNS, { name: 'seed', type: 'bigint' }],
  }
  const rows = [...generateFacilities(seed, { from: 0, to: count })].map((f) => ({ ...f, seed }))
  await db.knex.transaction((trx) => db.adapter.insertIgnoringDuplicates(trx, target, rows))
}

/**
 * Creates the dataset row in `pending` and returns its id. With a `runKey`, creation is idempotent: the
 * first caller creates it, later ones (other shards of the run) get the same id.
 */
export async function createDataset(
  db: Database,
  dataset: DatasetPlan,
  storage: StorageMode,
  owner?: string,
  runKey?: string,
): Promise<number> {
  const row = {
    name: dataset.name,
    description: dataset.description ?? null,
    data_type: dataset.type,
    record_count: dataset.count,
    seed: dataset.seed,
    facility_seed: dataset.facilitySeed,
    facility_count: dataset.facilities,
    storage,
    generator_version: getGenerator(dataset.type).version,
    parameters: JSON.stringify(dataset.params),
    created_by: owner ?? null,
  }
  return insertPendingDataset(db, row, runKey)
}

/**
 * Fills dataset `id` (already created) with the rows of `dataset`, or of `where.shard`'s part of it, and moves
 * it through `generating` to `completed` or `failed`. The caller holds the part's writer `lease`
 * (`src/datasets/dataset-store.ts`); should another process take it over, writing stops without touching
 * the dataset's status, which is then the other process's. A whole dataset of at most one batch that the engine
 * takes into a shared partition (MySQL/MariaDB's DEFAULT) is written and completed in one transaction. Never
 * throws: the outcome is in the result.
 */
export async function fillDataset(
  db: Database,
  id: number,
  dataset: DatasetPlan,
  where: Pick<SeedPlan, 'storage' | 'shard'> & { readonly resumeFrom?: number },
  options: RunSeedOptions,
  lease?: WriterLease,
): Promise<DatasetResult> {
  // A dataset seeded on its own (not by a run) has a generation thread of its own, if any.
  if (options.threads === undefined) {
    const threads = new GenerationThreadSlot()
    try {
      return await fillDataset(db, id, dataset, where, { ...options, threads }, lease)
    } finally {
      await threads.close()
    }
  }
  const started = performance.now()
  const { storage } = where
  const range = shardRange(where.shard, dataset.facilities)
  const layout = recordLayout(dataset)
  const rangeFirst = layout.share(range.from).first
  const resumeFrom = where.resumeFrom ?? rangeFirst
  const rows = generateRecordsFrom({ ...dataset, facilityRange: range }, resumeFrom)
  const total = layout.countIn(range)
  const batchRows = options.batchSize ?? db.adapter.defaultBatchSize
  const write =
    options.writer === 'insert'
      ? db.adapter.insertWrite.bind(db.adapter)
      : db.adapter.bulkWrite.bind(db.adapter)
  const fixed = [{ column: DATASET_ID, value: id }]
  let load: LoadTarget | undefined
  let typedTarget: BulkTarget = {
    table: db.tables.typed[dataset.type],
    fixed,
    columns: columnsOf(dataset.type),
  }
  const recordsTarget: BulkTarget = { table: db.tables.records, fixed, columns: RECORD_COLUMNS }
  const toJson = createJsonSerializer(columnsOf(dataset.type))
  const asRecord = (row: Row): Row => ({
    data_type: dataset.type,
    record_index: row['record_index'],
    data: toJson(row),
  })
  // On resume, what was committed before counts as written.
  let written = resumeFrom - rangeFirst
  const meter = new ProgressMeter({
    committed: written,
    report: (streamed, committed) =>
      options.onProgress?.({
        datasetId: id,
        type: dataset.type,
        name: dataset.name,
        written: committed,
        streamed,
        total,
        seconds: (performance.now() - started) / 1000,
      }),
  })
  // One engine connection cannot run two bulk loads at once, so with both tables a batch is held (at most
  // HELD_BATCH_ROWS) and loaded into each in turn; otherwise rows stream straight through. Rows are counted as the
  // writer pulls them; with both tables each pass counts half.
  const writeRows = async (trx: Knex.Transaction, batch: Iterable<Row>): Promise<number> => {
    const held: Iterable<Row> = storage === 'both' ? [...batch] : batch
    const share = storage === 'both' ? 0.5 : 1
    const source = (): Iterable<Row> => (options.onProgress ? meter.count(held, share) : held)
    let n = 0
    if (storage !== 'generic') n = await write(trx, typedTarget, source())
    if (storage !== 'typed') n = await write(trx, recordsTarget, mapRows(source(), asRecord))
    return n
  }
  const writeBatch = (trx: Knex.Transaction, batch: Batch): Promise<number> =>
    'columns' in batch
      ? (db.adapter.bulkWriteColumns as NonNullable<typeof db.adapter.bulkWriteColumns>)(
          trx,
          typedTarget,
          batch.columns,
        )
      : writeRows(trx, batch.rows)
  const completed = (): DatasetResult => ({
    id,
    type: dataset.type,
    name: dataset.name,
    status: 'completed',
    records: written,
    seconds: (performance.now() - started) / 1000,
  })
  try {
    // A dataset another shard of the run has failed stays failed; this part is still written.
    await claimDataset(db, id, ['pending', 'generating'])
    if (storage !== 'generic') {
      // The whole dataset in one batch, by this process: an engine may take it into a shared partition.
      const whole = where.shard === undefined && resumeFrom === rangeFirst && total <= batchRows
      load = await loadTarget(db, typedTarget.table, id, whole ? total : undefined)
      // A table published when the dataset completes, written by this process alone (no shards: those of
      // PostgreSQL share the dataset's load table; the lease keeps any other writer of the dataset out).
      const exclusive = load.publish !== undefined && where.shard === undefined
      typedTarget = { ...typedTarget, table: load.table, ...(exclusive ? { exclusive } : {}) }
    }
    if (load?.withCompletion) {
      // Rows written where readers see them as they commit: written and completed in one transaction.
      await new Promise((resolve) => setImmediate(resolve))
      if (options.signal?.aborted) throw interrupted(options.signal)
      lease?.assertHeld()
      let count = 0
      const done = await completeDatasetWithRows(
        db,
        id,
        dataset.count,
        manifestOf(dataset, storage),
        async (trx) => (count = await writeRows(trx, rows)),
      )
      if (!done) throw (await isDeleted(db, id)) ? deletedWhileWriting(id) : notGenerating(id)
      written += count
      meter.commit(count)
      return completed()
    }
    const batchSize = storage === 'both' ? Math.min(batchRows, HELD_BATCH_ROWS) : batchRows
    const left = total - (resumeFrom - rangeFirst)
    const nextBatch = batchesOf(db, dataset, options, {
      storage,
      range,
      from: resumeFrom,
      count: left,
      target: typedTarget,
      rows,
      onRows: options.onProgress ? (n) => meter.add(n) : undefined,
    })
    // A long load lets the engine help from other threads (SQLite's WAL checkpoints).
    const bulkLoad =
      options.writer !== 'insert' && left >= THREAD_MIN_ROWS ? await db.adapter.startBulkLoad?.() : undefined
    try {
      for (let batch = await nextBatch(batchSize); batch !== undefined; batch = await nextBatch(batchSize)) {
        // SQLite runs synchronously and Knex resolves its queries in microtasks, so without this the event loop
        // would never turn during a run: no signal handler, no timer (progress bars) would get a chance.
        await new Promise((resolve) => setImmediate(resolve))
        if (options.signal?.aborted) throw interrupted(options.signal)
        lease?.assertHeld()
        const current = batch
        const count = await db.knex.transaction(async (trx: Knex.Transaction) => {
          // A shared lock on the dataset row for the batch. A cleanup or delete marks the row under an exclusive
          // lock, so it waits for this batch to commit, and the next batch sees the mark and stops: writes and a
          // cleanup of one dataset never interleave. Shards of one dataset share the lock and run side by side.
          if (!(await db.adapter.lockDatasetForWriting(trx, db.tables.dataSets, id))) {
            throw deletedWhileWriting(id)
          }
          return writeBatch(trx, current)
        })
        // Counted right after the commit, outside the batch: inside it, shards holding the shared lock would
        // deadlock upgrading it. A crash between the two leaves the count one batch short, which resume and
        // stats recount from the rows themselves.
        await recordProgress(db, id, count)
        bulkLoad?.committed()
        written += count
        meter.commit(count)
      }
    } finally {
      await bulkLoad?.end()
    }
    if (options.signal?.aborted) throw interrupted(options.signal)
    // The last writer in completes the dataset: a shard that finishes early leaves it `generating`.
    if (!(await completeDataset(db, id, dataset.count, manifestOf(dataset, storage), load?.publish))) {
      if (await isDeleted(db, id)) throw deletedWhileWriting(id)
    }
    return completed()
  } catch (error) {
    const reason = error instanceof TailingsiqError ? error.message : reasonOf(error)
    options.logger?.warn(`Dataset ${id} (${dataset.type}) failed after ${written} records: ${reason}`)
    if (lease?.lost) return failure(id, dataset, written, started, reason)
    await failDataset(db, id, reason).catch((markError: unknown) =>
      options.logger?.warn(`Could not mark dataset ${id} failed: ${reasonOf(markError)}`),
    )
    return failure(id, dataset, written, started, reason)
  }
}

/** A batch of rows: generated here, or column chunks from the generation thread. */
type Batch = { readonly rows: Iterable<Row> } | { readonly columns: ColumnBatch }

/**
 * The batches of a dataset's part, `size` rows at most each: from `rows` (generated in this thread), or, where
 * {@link generatesOnThread} says so, from the run's generation thread, which generates the same rows.
 */
function batchesOf(
  db: Database,
  dataset: DatasetPlan,
  options: RunSeedOptions,
  part: {
    readonly storage: StorageMode
    readonly range: FacilityRange
    /** The first record index to write. */
    readonly from: number
    /** Rows to write. */
    readonly count: number
    readonly target: BulkTarget
    /** The rows generated in this thread. */
    readonly rows: Iterable<Row>
    readonly onRows: ((rows: number) => void) | undefined
  },
): (size: number) => Promise<Batch | undefined> {
  if (options.threads === undefined || !generatesOnThread(db, dataset, part.storage, options, part.count)) {
    const batches = new RowBatches(part.rows)
    return (size) => {
      const rows = batches.next(size)
      return Promise.resolve(rows === undefined ? undefined : { rows })
    }
  }
  const job = {
    options: { ...dataset, facilityRange: part.range },
    from: part.from,
    table: part.target.table,
    columns: part.target.columns,
  }
  const batches = options.threads.take().rows(job, part.onRows)
  return async (size) => {
    const columns = await batches.next(size)
    return columns === undefined ? undefined : { columns }
  }
}

function deletedWhileWriting(id: number): TailingsiqError {
  return new TailingsiqError(
    'INTERRUPTED',
    `dataset ${id} was deleted (by a cleanup or \`datasets delete\`) while it was being written; stopped`,
  )
}

function notGenerating(id: number): TailingsiqError {
  return new TailingsiqError(
    'INTERRUPTED',
    `dataset ${id} stopped being generated (another process marked it) before its rows were written; stopped`,
  )
}

async function isDeleted(db: Database, id: number): Promise<boolean> {
  const row = await firstOf(tableOf(db.knex, db.tables.dataSets).where({ id }).select('is_deleted'))
  return row === undefined || Boolean(row['is_deleted'])
}

function failure(
  id: number,
  dataset: DatasetPlan,
  written: number,
  started: number,
  reason: string,
): DatasetResult {
  return {
    id,
    type: dataset.type,
    name: dataset.name,
    status: 'failed',
    records: written,
    seconds: (performance.now() - started) / 1000,
    error: reason,
  }
}

function interrupted(signal: AbortSignal): TailingsiqError {
  const reason: unknown = signal.reason
  return new TailingsiqError(
    'INTERRUPTED',
    `interrupted (${typeof reason === 'string' ? reason : 'aborted'})`,
  )
}

function* mapRows(rows: Iterable<Row>, map: (row: Row) => Row): Generator<Row> {
  for (const row of rows) yield map(row)
}

/** What is needed to reproduce and verify a dataset. */
export function manifestOf(dataset: DatasetPlan, storage: StorageMode): Record<string, unknown> {
  const generator = getGenerator(dataset.type)
  return {
    toolkit: { name: 'tailingsiq-seed', version: packageVersion() },
    generator: { name: dataset.type, version: generator.version },
    facilityGenerator: { version: FACILITY_GENERATOR_VERSION },
    faker: { version: FAKER_VERSION },
    seed: dataset.seed,
    facilitySeed: dataset.facilitySeed,
    facilities: dataset.facilities,
    count: dataset.count,
    parameters: dataset.params,
    storage,
    rows: {
      ...(storage !== 'generic' ? { typed: dataset.count } : {}),
      ...(storage !== 'typed' ? { records: dataset.count } : {}),
    },
  }
}
