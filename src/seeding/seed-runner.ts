import type { Knex } from 'knex'
import type { StorageMode } from '../config/config-schema.js'
import type { Database } from '../dialects/open-database.js'
import { reasonOf } from '../dialects/open-database.js'
import { tableOf } from '../dialects/dialect-adapter-base.js'
import { TailingsiqError } from '../errors.js'
import { col, type ColumnSpec } from '../generators/columns.js'
import { FAKER_VERSION } from '../generators/faker.js'
import { FACILITY_COLUMNS, FACILITY_GENERATOR_VERSION } from '../generators/facility/facility-generator.js'
import { generateFacilities, generateRecords } from '../generators/generate-records.js'
import type { Row } from '../generators/generator.js'
import { getGenerator } from '../generators/registry.js'
import { createRecordSerializer } from '../formats/record-serializer.js'
import type { Logger } from '../util/logger.js'
import { packageVersion } from '../util/package-info.js'
import type { DatasetPlan, SeedPlan } from './seed-plan.js'

/** Options of {@link seedPlan}. */
export interface SeedOptions {
  /** Stored as `created_by`. */
  readonly owner?: string
  /** Rows per transaction. */
  readonly batchSize: number
  readonly logger?: Logger
  /** Called after each committed batch. */
  readonly onProgress?: (event: SeedProgress) => void
  /** Stops between batches; the dataset is marked `failed` with the reason. */
  readonly signal?: AbortSignal
}

/** Progress of one dataset, after a committed batch. */
export interface SeedProgress {
  readonly datasetId: number
  readonly type: string
  readonly name: string
  readonly written: number
  readonly total: number
  readonly seconds: number
}

/** The outcome of one dataset of a run. */
export interface DatasetResult {
  readonly id: number
  readonly type: string
  readonly name: string
  readonly status: 'completed' | 'failed'
  readonly records: number
  readonly seconds: number
  readonly error?: string
}

/** The outcome of a run: never throws part-way; look at each dataset's `status`. */
export interface SeedResult {
  readonly datasets: readonly DatasetResult[]
  readonly facilities: number
  readonly seconds: number
}

const RECORD_TABLE_COLUMNS: readonly ColumnSpec[] = [
  col.string('data_type', 'Data type of the record'),
  col.bigint('record_index', 'Position in the dataset'),
  col.json('data', 'The record, as files hold it'),
]

/**
 * Seeds every dataset of a plan: facilities first (idempotently: a seed's facilities are shared by every run
 * with that seed), then each dataset, created `pending`, `generating` while it fills, then `completed` with
 * `records_written` and `completed_at`, or `failed` with the error. Rows go in transactions of `batchSize`.
 *
 * ### Examples
 * ```ts
 * const result = await seedPlan(db, resolvePlan(settings), { batchSize: 1000 })
 * ```
 */
export async function seedPlan(db: Database, plan: SeedPlan, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now()
  await insertFacilities(db, plan.facilitySeed, plan.facilityCount)
  const results: DatasetResult[] = []
  for (const dataset of plan.datasets) {
    const id = await createDataset(db, dataset, plan.storage, options.owner)
    results.push(await fillDataset(db, id, dataset, plan.storage, options))
  }
  return { datasets: results, facilities: plan.facilityCount, seconds: (performance.now() - started) / 1000 }
}

async function insertFacilities(db: Database, seed: number, count: number): Promise<void> {
  const rows = [...generateFacilities(seed, { from: 0, to: count })] as unknown as Row[]
  await db.knex.transaction((trx) =>
    db.adapter.insertRowsIgnoringDuplicates(trx, {
      table: db.tables.facilities,
      columns: FACILITY_COLUMNS,
      rows,
      fixed: { seed },
    }),
  )
}

/** Creates the dataset row in `pending` and returns its id. */
export async function createDataset(
  db: Database,
  dataset: DatasetPlan,
  storage: StorageMode,
  owner?: string,
): Promise<number> {
  return db.adapter.insertReturningId(db.knex, db.tables.dataSets, {
    name: dataset.name,
    description: dataset.description ?? null,
    data_type: dataset.type,
    status: 'pending',
    record_count: dataset.count,
    records_written: 0,
    seed: dataset.seed,
    facility_seed: dataset.facilitySeed,
    facility_count: dataset.facilities,
    storage,
    generator_version: getGenerator(dataset.type).version,
    parameters: JSON.stringify(dataset.params),
    created_by: owner ?? null,
  })
}

async function fillDataset(
  db: Database,
  id: number,
  dataset: DatasetPlan,
  storage: StorageMode,
  options: SeedOptions,
): Promise<DatasetResult> {
  const started = performance.now()
  const generator = getGenerator(dataset.type)
  const toRecord = createRecordSerializer(generator.columns)
  const typed = storage !== 'generic'
  const generic = storage !== 'typed'
  const datasets = () => tableOf(db.knex, db.tables.dataSets).where({ id })
  let written = 0
  try {
    await datasets().update({ status: 'generating', updated_at: db.knex.raw(db.adapter.nowSql) })
    const writeBatch = async (rows: Row[]) => {
      if (options.signal?.aborted)
        throw new TailingsiqError('INTERRUPTED', `interrupted (${String(options.signal.reason ?? 'signal')})`)
      await db.knex.transaction(async (trx: Knex.Transaction) => {
        if (typed) {
          await db.adapter.insertRows(trx, {
            table: db.tables.typed[dataset.type],
            columns: generator.columns,
            rows,
            fixed: { dataset_id: id },
          })
        }
        if (generic) {
          const records = rows.map((row) => ({
            data_type: dataset.type,
            record_index: row['record_index'],
            data: toRecord(row),
          }))
          await db.adapter.insertRows(trx, {
            table: db.tables.records,
            columns: RECORD_TABLE_COLUMNS,
            rows: records,
            fixed: { dataset_id: id },
          })
        }
        await tableOf(trx, db.tables.dataSets)
          .where({ id })
          .update({ records_written: written + rows.length, updated_at: trx.raw(db.adapter.nowSql) })
      })
      written += rows.length
      options.onProgress?.({
        datasetId: id,
        type: dataset.type,
        name: dataset.name,
        written,
        total: dataset.count,
        seconds: (performance.now() - started) / 1000,
      })
    }
    let batch: Row[] = []
    for (const row of generateRecords(dataset)) {
      batch.push(row)
      if (batch.length >= options.batchSize) {
        await writeBatch(batch)
        batch = []
      }
    }
    if (batch.length > 0) await writeBatch(batch)
    await datasets().update({
      status: 'completed',
      records_written: written,
      completed_at: db.knex.raw(db.adapter.nowSql),
      updated_at: db.knex.raw(db.adapter.nowSql),
      manifest: JSON.stringify(manifestOf(dataset, storage, written)),
    })
    return {
      id,
      type: dataset.type,
      name: dataset.name,
      status: 'completed',
      records: written,
      seconds: (performance.now() - started) / 1000,
    }
  } catch (error) {
    const reason = error instanceof TailingsiqError ? error.message : reasonOf(error)
    options.logger?.warn(`Dataset ${id} (${dataset.type}) failed after ${written} records: ${reason}`)
    await datasets()
      .update({ status: 'failed', error: reason.slice(0, 2000), updated_at: db.knex.raw(db.adapter.nowSql) })
      .catch((markError: unknown) =>
        options.logger?.warn(`Could not mark dataset ${id} failed: ${reasonOf(markError)}`),
      )
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
}

/** What is needed to reproduce and verify a dataset. */
export function manifestOf(
  dataset: DatasetPlan,
  storage: StorageMode,
  written: number,
): Record<string, unknown> {
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
      ...(storage !== 'generic' ? { typed: written } : {}),
      ...(storage !== 'typed' ? { records: written } : {}),
    },
  }
}
