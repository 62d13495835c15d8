import type { Knex } from 'knex'
import type { TableRef } from '../dialects/dialect.js'
import type { Database } from '../dialects/open-database.js'

// One partition per dataset of a typed table, where the table is partitioned (PostgreSQL, since the migration
// 20261206000100_partition_typed_tables): a dataset's rows then live in a table of their own, which is dropped
// whole when the dataset is removed. Tables that are not partitioned (MySQL, SQLite, a registered type's own
// table) are left to the row-by-row paths.

/** PostgreSQL's identifier limit: longer names are cut silently, so partition names are cut here first. */
const MAX_NAME = 63

/** The name of a dataset's partition of a table: the table's name and `_p<id>`, cut to fit. */
export function partitionName(table: string, datasetId: number): string {
  const suffix = `_p${datasetId}`
  return `${table.slice(0, MAX_NAME - suffix.length)}${suffix}`
}

const qualified = (table: TableRef, name = table.name) => (table.schema ? `${table.schema}.${name}` : name)

/**
 * Whether `table` is partitioned by dataset: a PostgreSQL table of kind `p`. Asked of the catalogue each time
 * (once per dataset written or removed), so a migration or rollback in the same process is seen at once.
 */
export async function isPartitionedByDataset(db: Database, table: TableRef): Promise<boolean> {
  if (!db.adapter.supportsListPartitions) return false
  const result = await db.knex.raw<{ rows: { kind: string }[] }>(
    `select c.relkind as kind from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relname = ? and n.nspname = coalesce(?, current_schema())`,
    [table.name, table.schema ?? null],
  )
  return result.rows[0]?.kind === 'p'
}

/** The partition of `table` that holds dataset `id`, found by its bound (whatever its name), if there is one. */
async function findPartition(
  trx: Knex | Knex.Transaction,
  table: TableRef,
  id: number,
): Promise<string | undefined> {
  const result = await trx.raw<{ rows: { name: string }[] }>(
    `select c.relname as name
       from pg_inherits i
       join pg_class c on c.oid = i.inhrelid
      where i.inhparent = ?::regclass
        and pg_get_expr(c.relpartbound, c.oid) = ?`,
    [qualified(table), `FOR VALUES IN (${id})`],
  )
  return result.rows[0]?.name
}

/**
 * Makes sure dataset `id` has its partition of `table` (a no-op when the table is not partitioned). The
 * partition is created with a `CHECK (dataset_id = id)`, so attaching it skips the validation scan, and
 * attached empty: it gets the parent's keys and indexes as it is attached. Safe to call from several
 * processes at once (shards of one dataset): they serialize on an advisory lock and the first one creates it.
 */
export async function ensurePartition(db: Database, table: TableRef, id: number): Promise<void> {
  if (!(await isPartitionedByDataset(db, table))) return
  const name = partitionName(table.name, id)
  await db.knex.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`tailingsiq:${qualified(table)}:${id}`])
    if ((await findPartition(trx, table, id)) !== undefined) return
    const ref = qualified(table, name)
    await trx.raw('create table ?? (like ?? including defaults including constraints including storage)', [
      ref,
      qualified(table),
    ])
    // An integer id, not input text: DDL takes no bound parameters.
    await trx.raw(`alter table ?? add constraint ?? check (dataset_id = ${Math.trunc(id)})`, [
      ref,
      `${name.slice(0, MAX_NAME - 3)}_ck`,
    ])
    await trx.raw(`alter table ?? attach partition ?? for values in (${Math.trunc(id)})`, [
      qualified(table),
      ref,
    ])
  })
}

/**
 * Whether dataset `id`'s table of rows exists under its partition name: `attached` as a partition of `table`,
 * `loading` while it is filled on its own (not yet visible through `table`), or `none`.
 */
async function partitionState(
  trx: Knex | Knex.Transaction,
  table: TableRef,
  id: number,
): Promise<'attached' | 'loading' | 'none'> {
  const result = await trx.raw<{ rows: { attached: boolean }[] }>(
    `select c.relispartition as attached from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relname = ? and n.nspname = coalesce(?, current_schema()) and c.relkind = 'r'`,
    [partitionName(table.name, id), table.schema ?? null],
  )
  const row = result.rows[0]
  return row === undefined ? 'none' : row.attached ? 'attached' : 'loading'
}

/** Where a dataset's rows are written, and what makes them visible once it is complete. */
export interface LoadTarget {
  readonly table: TableRef
  /** Attaches the loaded table as the dataset's partition, inside the transaction that completes it. */
  readonly publish?: (trx: Knex.Transaction) => Promise<void>
}

/**
 * Where to write dataset `id`'s rows of `table`. A table not partitioned takes them itself. When one process
 * writes the whole dataset (`whole`), its rows go into a table of their own, without keys or indexes, that
 * nobody reads until `publish` attaches it as the dataset's partition when the dataset completes: the load
 * runs at the engine's bulk speed, the keys and indexes are built once, sorted, at the attach, and readers
 * see either none or all of the dataset. Shards of one dataset write into its partition attached beforehand.
 * A load a crash interrupted goes on in the same table.
 */
export async function loadTarget(
  db: Database,
  table: TableRef,
  id: number,
  whole: boolean,
): Promise<LoadTarget> {
  if (!(await isPartitionedByDataset(db, table))) return { table }
  const state = await partitionState(db.knex, table, id)
  if (state === 'attached' || (!whole && state === 'none')) {
    await ensurePartition(db, table, id)
    return { table }
  }
  const name = partitionName(table.name, id)
  const ref = qualified(table, name)
  if (state === 'none') {
    await db.knex.transaction(async (trx) => {
      await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`tailingsiq:${qualified(table)}:${id}`])
      if ((await partitionState(trx, table, id)) !== 'none') return
      await trx.raw('create table ?? (like ?? including defaults including constraints including storage)', [
        ref,
        qualified(table),
      ])
      await trx.raw(`alter table ?? add constraint ?? check (dataset_id = ${Math.trunc(id)})`, [
        ref,
        `${name.slice(0, MAX_NAME - 3)}_ck`,
      ])
    })
  }
  return {
    table: { name, ...(table.schema ? { schema: table.schema } : {}) },
    publish: async (trx) => {
      if ((await partitionState(trx, table, id)) !== 'loading') return
      await buildIndexes(db, trx, table, ref)
      await trx.raw(`alter table ?? attach partition ?? for values in (${Math.trunc(id)})`, [
        qualified(table),
        ref,
      ])
    },
  }
}

/** Raises `maintenance_work_mem` to 256 MB for the transaction (never lowers it): the sort of 1,000,000 keys fits. */
const SORT_MEMORY = `select set_config('maintenance_work_mem', '256MB', true)
  where pg_size_bytes(current_setting('maintenance_work_mem')) < 268435456`

/**
 * Builds `parent`'s primary key and plain indexes on the loaded table `ref` before it is attached, which then
 * adopts them instead of building them one after the other: the primary key in the attach's transaction and
 * the other indexes at the same time on a second connection (the client is idle then, so both cores work),
 * with the memory for an in-memory sort. The names are the ones the attach would give. A table that already
 * has an index (a publication that failed after building some) is left to the attach.
 */
async function buildIndexes(
  db: Database,
  trx: Knex.Transaction,
  parent: TableRef,
  ref: string,
): Promise<void> {
  const { rows } = await trx.raw<{
    rows: { def: string; primary: boolean; unique: boolean; owned: boolean }[]
  }>(
    `select pg_get_indexdef(i.indexrelid) as def, i.indisprimary as primary, i.indisunique as unique,
            exists (select 1 from pg_constraint k where k.conindid = i.indexrelid) as owned
       from pg_index i where i.indrelid = ?::regclass
     union all
     select '', false, false, true from pg_index where indrelid = ?::regclass`,
    [qualified(parent), ref],
  )
  // An index of the loaded table itself (the second query) means a publication already began.
  if (rows.some((r) => r.def === '')) return
  // The definition after the table: `USING btree (…)`, with any INCLUDE or WHERE; `?` escaped for Knex.
  const method = (def: string) => def.slice(def.indexOf(' USING ')).replaceAll('?', '\\?')
  const name = ref.slice(ref.lastIndexOf('.') + 1)
  const primary = rows.find((r) => r.primary)
  const plain = rows.filter((r) => !r.owned)
  const pkName = `${name.slice(0, MAX_NAME - 5)}_pkey`
  const built = await Promise.allSettled([
    (async () => {
      if (primary === undefined) return
      await trx.raw(SORT_MEMORY)
      await trx.raw(`create unique index ?? on ?? ${method(primary.def)}`, [pkName, ref])
    })(),
    plain.length === 0
      ? undefined
      : db.knex.transaction(async (other) => {
          await other.raw(SORT_MEMORY)
          for (const index of plain)
            await other.raw(`create ${index.unique ? 'unique ' : ''}index on ?? ${method(index.def)}`, [ref])
        }),
  ])
  for (const result of built) if (result.status === 'rejected') throw result.reason
  if (primary !== undefined)
    await trx.raw('alter table ?? add constraint ?? primary key using index ??', [ref, pkName, pkName])
}

/**
 * The table that holds dataset `id`'s rows of `table` right now: its own table while it is being loaded
 * (see {@link loadTarget}), else `table`.
 */
export async function rowsTable(db: Database, table: TableRef, id: number): Promise<TableRef> {
  if (!(await isPartitionedByDataset(db, table))) return table
  if ((await partitionState(db.knex, table, id)) !== 'loading') return table
  return { name: partitionName(table.name, id), ...(table.schema ? { schema: table.schema } : {}) }
}

/**
 * Removes dataset `id`'s partition of `table` with its rows: DETACH + DROP TABLE, which takes milliseconds
 * whatever the partition holds and gives the space back to the system. Returns false (and changes nothing)
 * when the table is not partitioned, so that the caller deletes the rows instead.
 */
export async function dropPartition(db: Database, table: TableRef, id: number): Promise<boolean> {
  if (!(await isPartitionedByDataset(db, table))) return false
  await db.knex.transaction(async (trx) => {
    const name = await findPartition(trx, table, id)
    if (name !== undefined) {
      await trx.raw('alter table ?? detach partition ??', [qualified(table), qualified(table, name)])
      await trx.raw('drop table ??', [qualified(table, name)])
    }
    // A load that never completed left its table unattached.
    if ((await partitionState(trx, table, id)) === 'loading')
      await trx.raw('drop table ??', [qualified(table, partitionName(table.name, id))])
  })
  return true
}
