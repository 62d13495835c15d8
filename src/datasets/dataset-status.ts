import type { Knex } from 'knex'
import { tableOf } from '../dialects/dialect-adapter-base.js'
import type { Completion } from '../dialects/dialect.js'
import type { Database } from '../dialects/open-database.js'
import { InternalError } from '../errors.js'
import type { DatasetStatus } from '../schema/dataset-columns.js'

// The only code that changes a dataset's `status` (and its soft-delete mark). One function per statement,
// each a conditional update that says whether it applied; the statuses each may start from are checked
// against DATASET_TRANSITIONS, so a transition missing from that table cannot be written anywhere.

/**
 * The allowed status changes, from → to. `generating → generating` is a writer taking over a dataset whose
 * writer died (or another shard of the run joining it). `completed` is final. Soft deletion is a mark beside
 * the status ({@link markDeleted}, {@link restoreDataset}); a deleted dataset is neither claimed nor completed.
 */
export const DATASET_TRANSITIONS: Readonly<Record<DatasetStatus, readonly DatasetStatus[]>> = {
  pending: ['generating', 'failed'],
  generating: ['generating', 'completed', 'failed'],
  failed: ['generating'],
  completed: [],
}

/** True when {@link DATASET_TRANSITIONS} allows `from → to`. */
export function canTransition(from: DatasetStatus, to: DatasetStatus): boolean {
  return DATASET_TRANSITIONS[from].includes(to)
}

type Executor = Knex | Knex.Transaction

/** The dataset row, limited to the given statuses, each checked to allow `to`. */
function inStatus(
  db: Database,
  executor: Executor,
  id: number,
  from: readonly DatasetStatus[],
  to: DatasetStatus,
) {
  const refused = from.filter((status) => !canTransition(status, to))
  if (refused.length > 0) {
    throw new InternalError(`Dataset status cannot change from ${refused.join(', ')} to ${to}`)
  }
  return tableOf(executor, db.tables.dataSets).where({ id }).whereIn('status', from)
}

/**
 * Inserts a dataset row in `pending` and returns its id. With a `runKey` the insert is idempotent: the first
 * caller creates it, later ones (other shards of the run) get the same id.
 */
export async function insertPendingDataset(
  db: Database,
  row: Record<string, unknown>,
  runKey?: string,
): Promise<number> {
  const pending = { ...row, status: 'pending', records_written: 0, run_key: runKey ?? null }
  if (runKey === undefined) return db.adapter.insertReturningId(db.knex, db.tables.dataSets, pending)
  await tableOf(db.knex, db.tables.dataSets).insert(pending).onConflict('run_key').ignore()
  const existing: { id: number } | undefined = await tableOf(db.knex, db.tables.dataSets)
    .where({ run_key: runKey })
    .first('id')
  if (existing === undefined)
    throw new InternalError(`Dataset with run key ${runKey} vanished after creation`)
  return Number(existing.id)
}

/**
 * Moves a dataset that is not deleted from one of `from` to `generating`, clearing its error; with
 * `recordsWritten`, also sets that count (a resume recounts it from the rows). True when it applied.
 */
export async function claimDataset(
  db: Database,
  id: number,
  from: readonly DatasetStatus[],
  options: { readonly recordsWritten?: number } = {},
): Promise<boolean> {
  const n = await inStatus(db, db.knex, id, from, 'generating')
    .where({ is_deleted: false })
    .update({
      status: 'generating',
      error: null,
      ...(options.recordsWritten === undefined ? {} : { records_written: options.recordsWritten }),
      updated_at: db.knex.raw(db.adapter.nowSql),
    })
  return Number(n) === 1
}

/** Adds `count` committed rows to the dataset's `records_written`. True when the dataset exists. */
export async function recordProgress(db: Database, id: number, count: number): Promise<boolean> {
  const n = await tableOf(db.knex, db.tables.dataSets)
    .where({ id })
    .update({
      records_written: db.knex.raw('records_written + ?', [count]),
      updated_at: db.knex.raw(db.adapter.nowSql),
    })
  return Number(n) === 1
}

/**
 * Completes a `generating`, not deleted dataset once `records_written` reaches `recordCount`, with its
 * manifest. False when another part is still being written (shards: the last one in completes it), when the
 * dataset was deleted, or when it is not `generating`.
 */
export async function completeDataset(
  db: Database,
  id: number,
  recordCount: number,
  manifest: unknown,
  /** Makes the dataset's rows visible and marks it completed with `completion`, readers seeing both at once. */
  publish?: (trx: Knex.Transaction, completion: Completion) => Promise<boolean>,
): Promise<boolean> {
  const notApplied = new Error('dataset not completed')
  const completion: Completion = {
    table: db.tables.dataSets,
    ready: async (executor) => {
      const rows: unknown[] = await completable(db, executor, id, recordCount).select('id')
      return rows.length > 0
    },
    mark: (executor) => markCompleted(db, executor, id, recordCount, manifest, 0),
  }
  // A shard that finishes before the others neither publishes nor completes: publishing builds keys over the
  // rows (on connections of their own, outside this transaction) while other shards still load them.
  if (!(await completion.ready(db.knex))) return false
  try {
    return await db.knex.transaction(async (trx) => {
      // Publish first: attaching a partition locks the datasets table (the partition's foreign key) before this
      // transaction holds a row of it, so two processes completing datasets at once queue instead of deadlocking
      // (each holding its dataset's row and waiting for the table lock behind the other's). Not completed
      // (deleted meanwhile, or no longer generating): the rows stay unpublished.
      if (!(await (publish ? publish(trx, completion) : completion.mark(trx)))) throw notApplied
      return true
    })
  } catch (error) {
    if (error === notApplied) return false
    throw error
  }
}

/** The dataset row if it may be completed: `generating`, not deleted, with `recordCount` rows written. */
function completable(db: Database, executor: Executor, id: number, recordCount: number) {
  return inStatus(db, executor, id, ['generating'], 'completed')
    .where({ is_deleted: false })
    .where('records_written', '>=', recordCount)
}

/**
 * Writes a dataset's rows and completes it in one transaction, so that readers see none of them until it is
 * completed, then all: where its rows go straight into a shared table (a small dataset in MySQL/MariaDB's
 * DEFAULT partition). `write` resolves with the rows it wrote, which become `records_written`. The dataset row
 * is locked first, so a cleanup or delete waits for the commit. False, and nothing written, when the dataset is
 * deleted or not `generating`.
 */
export async function completeDatasetWithRows(
  db: Database,
  id: number,
  recordCount: number,
  manifest: unknown,
  write: (trx: Knex.Transaction) => Promise<number>,
): Promise<boolean> {
  const notApplied = new Error('dataset not completed')
  try {
    return await db.knex.transaction(async (trx) => {
      await db.adapter.lockRowForUpdate(trx, db.tables.dataSets, id)
      const found: unknown[] = await inStatus(db, trx, id, ['generating'], 'completed')
        .where({ is_deleted: false })
        .select('id')
      if (found.length === 0) throw notApplied
      const written = await write(trx)
      if (!(await markCompleted(db, trx, id, recordCount, manifest, written))) throw notApplied
      return true
    })
  } catch (error) {
    if (error === notApplied) return false
    throw error
  }
}

/**
 * Marks dataset `id` completed in `trx`, with its manifest, when it is `generating`, not deleted, and its rows
 * with the `written` ones just added reach `recordCount`; `written` is added to `records_written`. True when it
 * applied.
 */
async function markCompleted(
  db: Database,
  trx: Executor,
  id: number,
  recordCount: number,
  manifest: unknown,
  written: number,
): Promise<boolean> {
  const now = () => trx.raw(db.adapter.nowSql)
  const n = await inStatus(db, trx, id, ['generating'], 'completed')
    .where({ is_deleted: false })
    .where(trx.raw('records_written + ? >= ?', [written, recordCount]))
    .update({
      status: 'completed',
      records_written: trx.raw('records_written + ?', [written]),
      completed_at: now(),
      updated_at: now(),
      manifest: JSON.stringify(manifest),
    })
  return Number(n) === 1
}

/** Marks a `pending` or `generating` dataset failed with `reason` (cut to 2000 characters). True when it applied. */
export async function failDataset(db: Database, id: number, reason: string): Promise<boolean> {
  const n = await inStatus(db, db.knex, id, ['pending', 'generating'], 'failed').update({
    status: 'failed',
    error: reason.slice(0, 2000),
    updated_at: db.knex.raw(db.adapter.nowSql),
  })
  return Number(n) === 1
}

/**
 * Marks failed a dataset left `generating` by a writer found dead (a server job whose instance stopped), inside
 * the caller's transaction. A `pending` dataset (its job never started) stays `pending`. True when it applied.
 */
export async function failAbandonedDataset(
  db: Database,
  trx: Knex.Transaction,
  id: number,
  reason: string,
): Promise<boolean> {
  const n = await inStatus(db, trx, id, ['generating'], 'failed').update({
    status: 'failed',
    error: reason,
    updated_at: trx.raw(db.adapter.nowSql),
  })
  return Number(n) === 1
}

/**
 * Marks a dataset deleted under an exclusive row lock: a writer's batch in flight (holding the shared lock)
 * commits first, and the writer's next batch sees the mark and stops. Marking a deleted dataset again keeps
 * its `deleted_at`. True when the dataset was not deleted before.
 */
export async function markDeleted(db: Database, id: number): Promise<boolean> {
  return db.knex.transaction(async (trx: Knex.Transaction) => {
    await db.adapter.lockRowForUpdate(trx, db.tables.dataSets, id)
    const fresh = await tableOf(trx, db.tables.dataSets)
      .where({ id, is_deleted: false })
      .update({
        is_deleted: true,
        deleted_at: trx.raw(db.adapter.nowSql),
        updated_at: trx.raw(db.adapter.nowSql),
      })
    return Number(fresh) === 1
  })
}

/** Undoes {@link markDeleted}. False (and nothing changes) when the dataset is not deleted. */
export async function restoreDataset(db: Database, id: number): Promise<boolean> {
  const n = await tableOf(db.knex, db.tables.dataSets)
    .where({ id, is_deleted: true })
    .update({ is_deleted: false, deleted_at: null, updated_at: db.knex.raw(db.adapter.nowSql) })
  return Number(n) === 1
}
