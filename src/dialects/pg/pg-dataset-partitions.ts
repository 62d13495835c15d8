import type { Knex } from 'knex'
import type { DatasetPartitions, LoadTarget, TableRef } from '../dialect.js'

// PostgreSQL declarative partitioning (since the migration 20261206000100_partition_typed_tables): each typed
// table is partitioned by LIST (dataset_id), one partition per dataset. A dataset written whole loads into a
// table of its own without keys, attached as its partition in the transaction that completes it; shards write
// into a partition attached empty beforehand; removing a dataset is DETACH + DROP TABLE.

/** PostgreSQL's identifier limit: longer names are cut silently, so partition names are cut here first. */
const MAX_NAME = 63

/** The name of a dataset's partition of a table: the table's name and `_p<id>`, cut to fit. */
export function partitionName(table: string, datasetId: number): string {
  const suffix = `_p${datasetId}`
  return `${table.slice(0, MAX_NAME - suffix.length)}${suffix}`
}

const qualified = (table: TableRef, name = table.name) => (table.schema ? `${table.schema}.${name}` : name)

export class PgDatasetPartitions implements DatasetPartitions {
  readonly #knex: Knex

  constructor(knex: Knex) {
    this.#knex = knex
  }

  /** A PostgreSQL table of kind `p`. */
  async isPartitioned(table: TableRef): Promise<boolean> {
    const result = await this.#knex.raw<{ rows: { kind: string }[] }>(
      `select c.relkind as kind from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relname = ? and n.nspname = coalesce(?, current_schema())`,
      [table.name, table.schema ?? null],
    )
    return result.rows[0]?.kind === 'p'
  }

  /**
   * The partition is created with a `CHECK (dataset_id = id)`, so attaching it skips the validation scan, and
   * attached empty: it gets the parent's keys and indexes as it is attached. Shards of one dataset serialize
   * on an advisory lock and the first one creates it.
   */
  async ensurePartition(table: TableRef, id: number): Promise<void> {
    if (!(await this.isPartitioned(table))) return
    const name = partitionName(table.name, id)
    await this.#knex.transaction(async (trx) => {
      await lock(trx, table, id)
      if ((await findPartition(trx, table, id)) !== undefined) return
      await createChecked(trx, table, id)
      await trx.raw(`alter table ?? attach partition ?? for values in (${Math.trunc(id)})`, [
        qualified(table),
        qualified(table, name),
      ])
    })
  }

  /**
   * The dataset's rows (of every shard) go into a table without keys or indexes, attached when it completes:
   * the load runs at the engine's bulk speed and the keys and indexes are built once, sorted, before the attach
   * (see {@link buildIndexes}).
   */
  async loadTarget(table: TableRef, id: number): Promise<LoadTarget> {
    if (!(await this.isPartitioned(table))) return { table }
    const state = await partitionState(this.#knex, table, id)
    if (state === 'attached') {
      await this.ensurePartition(table, id)
      return { table }
    }
    const name = partitionName(table.name, id)
    if (state === 'none') {
      await this.#knex.transaction(async (trx) => {
        await lock(trx, table, id)
        if ((await partitionState(trx, table, id)) === 'none') await createChecked(trx, table, id)
      })
    }
    return {
      table: { name, ...(table.schema ? { schema: table.schema } : {}) },
      publish: async (trx, completion) => {
        // Two shards finishing at once may both complete the dataset: the second waits here, then finds it attached.
        await lock(trx, table, id)
        if ((await partitionState(trx, table, id)) === 'loading') {
          await buildIndexes(this.#knex, trx, table, qualified(table, name))
          await trx.raw(`alter table ?? attach partition ?? for values in (${Math.trunc(id)})`, [
            qualified(table),
            qualified(table, name),
          ])
        }
        // In the same transaction: a mark that does not apply rolls the attach back.
        return completion.mark(trx)
      },
    }
  }

  async rowsTable(table: TableRef, id: number): Promise<TableRef> {
    if (!(await this.isPartitioned(table))) return table
    if ((await partitionState(this.#knex, table, id)) !== 'loading') return table
    return { name: partitionName(table.name, id), ...(table.schema ? { schema: table.schema } : {}) }
  }

  /** DETACH + DROP TABLE: milliseconds whatever the partition holds, and the space goes back to the system. */
  async dropPartition(table: TableRef, id: number): Promise<boolean> {
    if (!(await this.isPartitioned(table))) return false
    await this.#knex.transaction(async (trx) => {
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

  async partitionedDatasets(table: TableRef): Promise<number[]> {
    if (!(await this.isPartitioned(table))) return []
    const attached = await this.#knex.raw<{ rows: { bound: string }[] }>(
      `select pg_get_expr(c.relpartbound, c.oid) as bound
         from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = ?::regclass`,
      [qualified(table)],
    )
    const loading = await this.#knex.raw<{ rows: { name: string }[] }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = coalesce(?, current_schema()) and c.relkind = 'r' and not c.relispartition
          and c.relname ~ '_p[0-9]+$'`,
      [table.schema ?? null],
    )
    const ids = new Set<number>()
    for (const { bound } of attached.rows) {
      const match = /^FOR VALUES IN \((\d+)\)$/.exec(bound)
      if (match) ids.add(Number(match[1]))
    }
    for (const { name } of loading.rows) {
      const id = Number(/_p(\d+)$/.exec(name)?.[1])
      if (partitionName(table.name, id) === name) ids.add(id)
    }
    return [...ids].sort((a, b) => a - b)
  }
}

/** Serializes the processes that make dataset `id`'s partition of `table`, until the transaction ends. */
async function lock(trx: Knex.Transaction, table: TableRef, id: number): Promise<void> {
  await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`tailingsiq:${qualified(table)}:${id}`])
}

/** Creates dataset `id`'s table of `table`'s columns, with a `CHECK (dataset_id = id)`, not attached. */
async function createChecked(trx: Knex.Transaction, table: TableRef, id: number): Promise<void> {
  const name = partitionName(table.name, id)
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

/** Raises `maintenance_work_mem` to 256 MB for the transaction (never lowers it): the sort of 1,000,000 keys fits. */
const SORT_MEMORY = `select set_config('maintenance_work_mem', '256MB', true)
  where pg_size_bytes(current_setting('maintenance_work_mem')) < 268435456`

/**
 * Builds `parent`'s primary key and plain indexes on the loaded table `ref` before it is attached, which then
 * adopts them instead of building them one after the other: the primary key in the attach's transaction and
 * the other indexes at the same time on a second connection of `knex` (the client is idle then, so both cores
 * work), with the memory for an in-memory sort. The names are the ones the attach would give. A table that
 * already has an index (a publication that failed after building some) is left to the attach.
 */
async function buildIndexes(knex: Knex, trx: Knex.Transaction, parent: TableRef, ref: string): Promise<void> {
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
      : knex.transaction(async (other) => {
          await other.raw(SORT_MEMORY)
          for (const index of plain)
            await other.raw(`create ${index.unique ? 'unique ' : ''}index on ?? ${method(index.def)}`, [ref])
        }),
  ])
  for (const result of built) if (result.status === 'rejected') throw result.reason
  if (primary !== undefined)
    await trx.raw('alter table ?? add constraint ?? primary key using index ??', [ref, pkName, pkName])
}
