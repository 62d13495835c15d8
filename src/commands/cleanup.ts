import type { Knex } from 'knex'
import { assertCanModify, type Actor } from '../access/actor.js'
import { countOf, firstOf, rowsOf, tableOf } from '../dialects/dialect-adapter-base.js'
import type { TableRef } from '../dialects/dialect.js'
import type { Database } from '../dialects/open-database.js'
import { UsageError } from '../errors.js'
import type { DatasetRecord } from '../schema/dataset-columns.js'
import type { Logger } from '../util/logger.js'
import { dropPartition, isPartitionedByDataset, partitionedDatasets } from '../schema/dataset-partitions.js'
import { markDeleted } from '../datasets/dataset-status.js'
import { decodeDataset } from './datasets.js'

/**
 * What {@link cleanup} removes. With no criterion (`deleted`, `failed`, `stale`, `olderThanMs`, `dataset`)
 * given, all apply: deleted, failed and stale datasets, and those older than `retentionMs`.
 */
export interface CleanupOptions {
  /** Datasets created more than this many milliseconds ago. */
  readonly olderThanMs?: number
  /** The age limit when no criterion is given (`SYNTHETIC_DATA_CLEANUP_DAYS`). */
  readonly retentionMs?: number
  /** Soft-deleted datasets. */
  readonly deleted?: boolean
  /** Failed datasets. */
  readonly failed?: boolean
  /** Datasets stuck in `generating` (no progress for `staleAfterMs`). */
  readonly stale?: boolean
  /** How long without progress makes a `generating` dataset stale. Default is one hour. */
  readonly staleAfterMs?: number
  /** Exactly this dataset, whatever its state. */
  readonly dataset?: number
  /** List what would go and change nothing. */
  readonly dryRun?: boolean
  /** Rows per DELETE statement (and transaction). Default is 10,000. */
  readonly batchSize?: number
  readonly logger?: Logger
  /** Called after each deleted batch. */
  readonly onProgress?: (event: { datasetId: number; table: string; deleted: number }) => void
}

/** One dataset that was (or, in a dry run, would be) removed, with its rows per table. */
export interface CleanupItem {
  readonly id: number
  readonly name: string
  readonly data_type: string
  readonly status: string
  readonly created_at: string
  readonly reasons: readonly string[]
  readonly rows: Readonly<Record<string, number>>
}

/** What a cleanup did (or would do). */
export interface CleanupResult {
  readonly dryRun: boolean
  readonly datasets: readonly CleanupItem[]
  readonly rows: number
  readonly facilitiesRemoved: number
}

/** Default age after which a `generating` dataset without progress counts as stale. */
export const DEFAULT_STALE_AFTER_MS = 60 * 60 * 1000

/** Parses `30d`, `12h`, `90m`, `2w` into milliseconds. */
export function parseDuration(text: string, flag = '--older-than'): number {
  const match = /^(\d+)\s*(m|h|d|w)$/.exec(text.trim())
  if (!match) throw new UsageError(`${flag} must be a duration such as 30d, 12h, 90m or 2w, got "${text}"`)
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2] as 'm' | 'h' | 'd' | 'w']
  return Number(match[1]) * unit
}

/**
 * Removes datasets and all their rows in every table: soft-deleted, failed, stale (stuck in `generating`)
 * and older than the retention, or one named dataset. Rows go in bounded batches (one DELETE of at most
 * `batchSize` rows per transaction), so no huge lock or transaction is ever held. A dataset is first marked
 * deleted, then emptied, then removed, so an interrupted cleanup hides it already and a second run finds it
 * and finishes the job. Facilities no dataset uses any more go last, when any dataset went. A dry run
 * reports exactly what the real run would remove, facilities included. Admins only.
 *
 * ### Examples
 * ```ts
 * const preview = await cleanup(db, admin, { failed: true, dryRun: true })
 * ```
 */
export async function cleanup(db: Database, actor: Actor, options: CleanupOptions): Promise<CleanupResult> {
  assertCanModify(actor, 'clean up datasets')
  const batchSize = options.batchSize ?? 10_000
  const candidates = await findCandidates(db, options)
  const items: CleanupItem[] = []
  let total = 0
  for (const { dataset, reasons } of candidates) {
    const rows = await countRows(db, dataset)
    items.push({
      id: dataset.id,
      name: dataset.name,
      data_type: dataset.data_type,
      status: dataset.status,
      created_at: dataset.created_at,
      reasons,
      rows,
    })
    total += Object.values(rows).reduce((a, b) => a + b, 0)
  }
  if (!options.dryRun) await removeOrphanPartitions(db, batchSize, options.logger)
  // Facilities go only along with datasets, so a dry run counts those its datasets would leave unused.
  if (options.dryRun || candidates.length === 0) {
    const removed = new Set(candidates.map((c) => c.dataset.id))
    return {
      dryRun: options.dryRun === true,
      datasets: items,
      rows: total,
      facilitiesRemoved: candidates.length === 0 ? 0 : await countFacilitiesLeftUnused(db, removed),
    }
  }

  for (const { dataset } of candidates) {
    await markDeleted(db, dataset.id)
    for (const table of [db.tables.typed[dataset.data_type], db.tables.records]) {
      if (await dropPartition(db, table, dataset.id)) {
        const deleted = items.find((item) => item.id === dataset.id)?.rows[table.name] ?? 0
        options.onProgress?.({ datasetId: dataset.id, table: table.name, deleted })
        continue
      }
      await deleteInBatches(db, table, dataset.id, batchSize, (deleted) =>
        options.onProgress?.({ datasetId: dataset.id, table: table.name, deleted }),
      )
    }
    await tableOf(db.knex, db.tables.dataSets).where({ id: dataset.id }).delete()
    options.logger?.info(`Removed dataset ${dataset.id} (${dataset.data_type}, ${dataset.name})`)
  }
  const facilitiesRemoved = await removeUnusedFacilities(db)
  await db.adapter.reclaimSpace()
  return { dryRun: false, datasets: items, rows: total, facilitiesRemoved }
}

/**
 * Drops the partitions (and load tables) of datasets whose row is gone: on MySQL/MariaDB the typed tables have no
 * foreign key to cascade a dataset row a host deleted itself. The toolkit never leaves any: it removes a dataset's
 * rows before its row.
 */
async function removeOrphanPartitions(db: Database, batchSize: number, logger?: Logger): Promise<void> {
  if (db.adapter.datasetPartitions === undefined) return
  for (const table of Object.values(db.tables.typed)) {
    const ids = await partitionedDatasets(db, table)
    if (ids.length === 0) continue
    const rows = await rowsOf(tableOf(db.knex, db.tables.dataSets).whereIn('id', ids).select('id'))
    const known = new Set(rows.map((r) => Number(r['id'])))
    for (const id of ids.filter((i) => !known.has(i))) {
      if (!(await dropPartition(db, table, id)))
        await deleteInBatches(db, table, id, batchSize, () => undefined)
      logger?.info(`Removed the rows of dataset ${id} from ${table.name}: the dataset no longer exists`)
    }
  }
}

async function findCandidates(
  db: Database,
  options: CleanupOptions,
): Promise<{ dataset: DatasetRecord; reasons: string[] }[]> {
  const raw = await rowsOf(
    options.dataset !== undefined
      ? tableOf(db.knex, db.tables.dataSets).where({ id: options.dataset })
      : tableOf(db.knex, db.tables.dataSets).orderBy('id'),
  )
  if (options.dataset !== undefined && raw.length === 0)
    throw new UsageError(`Dataset ${options.dataset} does not exist`)
  const datasets = raw.map((r) => decodeDataset(db, r))
  if (options.dataset !== undefined) return datasets.map((dataset) => ({ dataset, reasons: ['named'] }))

  const all = !options.deleted && !options.failed && !options.stale && options.olderThanMs === undefined
  const olderThan = all ? options.retentionMs : options.olderThanMs
  const now = Date.now()
  const staleAfter = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS
  const out: { dataset: DatasetRecord; reasons: string[] }[] = []
  for (const dataset of datasets) {
    const reasons: string[] = []
    if ((all || options.deleted) && dataset.is_deleted) reasons.push('deleted')
    if ((all || options.failed) && dataset.status === 'failed') reasons.push('failed')
    if (
      (all || options.stale) &&
      dataset.status === 'generating' &&
      now - Date.parse(dataset.updated_at) > staleAfter
    )
      reasons.push('stale')
    if (olderThan !== undefined && now - Date.parse(dataset.created_at) > olderThan) reasons.push('expired')
    if (reasons.length > 0) out.push({ dataset, reasons })
  }
  return out
}

/**
 * The rows of a dataset in each table. A completed dataset in a table partitioned by dataset holds exactly
 * `records_written` rows there (set as it completed), which is read instead of counting millions of rows, so
 * that removing it stays constant-time; any other dataset is counted.
 */
async function countRows(db: Database, dataset: DatasetRecord): Promise<Record<string, number>> {
  const rows: Record<string, number> = {}
  for (const table of [db.tables.typed[dataset.data_type], db.tables.records]) {
    const known =
      dataset.status === 'completed' && dataset.storage !== 'generic' && table !== db.tables.records
    if (known && (await isPartitionedByDataset(db, table))) {
      rows[table.name] = dataset.records_written
      continue
    }
    rows[table.name] = await countOf(tableOf(db.knex, table).where({ dataset_id: dataset.id }))
  }
  return rows
}

/**
 * Deletes a dataset's rows from one table in windows of `batchSize` record indexes, each window one short
 * transaction over the (dataset_id, record_index) key.
 */
async function deleteInBatches(
  db: Database,
  table: TableRef,
  datasetId: number,
  batchSize: number,
  onBatch: (deleted: number) => void,
): Promise<void> {
  const bounds = await firstOf(
    tableOf(db.knex, table)
      .where({ dataset_id: datasetId })
      .min({ low: 'record_index' })
      .max({ high: 'record_index' }),
  )
  if (bounds?.['low'] === null || bounds?.['low'] === undefined) return
  const low = Number(bounds['low'])
  const high = Number(bounds['high'])
  for (let from = low; from <= high; from += batchSize) {
    const deleted = await db.knex.transaction((trx: Knex.Transaction) =>
      tableOf(trx, table)
        .where({ dataset_id: datasetId })
        .where('record_index', '>=', from)
        .where('record_index', '<', from + batchSize)
        .delete(),
    )
    onBatch(deleted)
  }
}

/**
 * How many facilities no dataset would refer to once the datasets in `removed` are gone: what
 * {@link removeUnusedFacilities} would then delete, counted for a dry run.
 */
async function countFacilitiesLeftUnused(db: Database, removed: ReadonlySet<number>): Promise<number> {
  const used = new Map<number, number>()
  for (const row of await rowsOf(
    tableOf(db.knex, db.tables.dataSets).select('id', 'facility_seed', 'facility_count'),
  )) {
    if (removed.has(Number(row['id']))) continue
    const seed = Number(row['facility_seed'])
    used.set(seed, Math.max(used.get(seed) ?? 0, Number(row['facility_count'])))
  }
  const facilities = tableOf(db.knex, db.tables.facilities)
  let unused = await countOf(facilities.clone().whereNotIn('seed', [...used.keys()]))
  for (const [seed, count] of used)
    unused += await countOf(facilities.clone().where({ seed }).where('facility_index', '>=', count))
  return unused
}

/** Removes facilities that no remaining dataset refers to (by facility seed and index). */
async function removeUnusedFacilities(db: Database): Promise<number> {
  const facilities = tableOf(db.knex, db.tables.facilities)
  const dataSets = db.tables.dataSets
  const qualified = dataSets.schema ? `${dataSets.schema}.${dataSets.name}` : dataSets.name
  return facilities
    .whereNotExists(
      db.knex
        .select(db.knex.raw('1'))
        .from(`${qualified} as d`)
        .whereRaw('?? = ??', ['d.facility_seed', `${db.tables.facilities.name}.seed`])
        .whereRaw('?? > ??', ['d.facility_count', `${db.tables.facilities.name}.facility_index`]),
    )
    .delete()
}
