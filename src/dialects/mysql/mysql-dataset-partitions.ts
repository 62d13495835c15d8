import type { Knex } from 'knex'
import { TailingsiqError } from '../../errors.js'
import type { Completion, DatasetPartitions, LoadTarget, TableRef } from '../dialect.js'

// MySQL/MariaDB LIST partitioning (since the migration 20261208000100_partition_typed_tables_mysql): each typed
// table is `PARTITION BY LIST (dataset_id)`, one partition `p<id>` per dataset and a DEFAULT partition that
// holds the rows of datasets without one (small datasets, those past the partition limit, a host's own). A
// dataset written whole by one process loads into a plain table of its own, `<table>_p<id>`, made LIKE the
// parent with its partitioning removed; when the dataset completes, the parent gets its empty partition (ADD
// PARTITION), the two swap contents (EXCHANGE PARTITION: MariaDB 10.11 checks every row belongs to the
// partition, one scan, no copy; it has no WITHOUT VALIDATION) and the emptied table is dropped. Shards of one dataset write into its
// partition added empty beforehand. Removing a dataset is DROP PARTITION: its .ibd file goes, whatever size.
// A small dataset written whole in one transaction (at most SMALL_DATASET_ROWS rows) skips all of that: its rows
// go straight into the DEFAULT partition in the transaction that completes it, and removing it deletes them.
//
// MySQL commits each DDL statement at once, so no step can be undone by a rollback: every step is re-runnable
// instead, and what a crash left is read back from the catalogue (see `state`).

/** MySQL's identifier limit. */
const MAX_NAME = 64
/** The partition that takes rows of datasets without one of their own. */
const DEFAULT_PARTITION = 'pdefault'
/**
 * The most rows a dataset written whole in one transaction may have to go straight into the DEFAULT partition,
 * in the transaction that completes it, instead of a partition of its own. Publishing a partition costs about
 * 0.2 s of DDL whatever the size; deleting rows from DEFAULT costs time in proportion to them.
 */
export const SMALL_DATASET_ROWS = 50_000
/** A statement the server's grammar does not know. */
const ER_PARSE_ERROR = 1064
/** EXCHANGE PARTITION refused: the table's definition differs from the partitioned table's. */
const ER_TABLES_DIFFERENT_METADATA = 1736
/** More partitions than the engine allows. */
const ER_TOO_MANY_PARTITIONS = 1499
/** Seconds a process waits for another one making the same dataset's partition. */
const LOCK_SECONDS = 600
/** A lock wait that timed out. */
const ER_LOCK_WAIT_TIMEOUT = 1205
/** A lock wait the server ended as one side of a deadlock. */
const ER_LOCK_DEADLOCK = 1213
/** Seconds publishing waits for the typed table while it holds the datasets table, before letting go and retrying. */
const TABLE_LOCK_SECONDS = 2

/** The name of dataset `id`'s partition (partition names are the table's own, so they need no prefix). */
const partitionName = (id: number) => `p${Math.trunc(id)}`

/** The name of the table dataset `id`'s rows of `table` are loaded into: the table's name and `_p<id>`. */
export function loadTableName(table: string, id: number): string {
  const suffix = `_p${Math.trunc(id)}`
  return `${table.slice(0, MAX_NAME - suffix.length)}${suffix}`
}

type Connection = Knex | Knex.Transaction

/** The most partitions a partitioned InnoDB table takes. */
export const MAX_PARTITIONS = 8192

export interface MysqlDatasetPartitionsProps {
  /**
   * The most partitions a typed table gets, DEFAULT included (default: InnoDB's {@link MAX_PARTITIONS}); the
   * rows of datasets past it go into the DEFAULT partition.
   */
  readonly maxPartitions?: number
}

export class MysqlDatasetPartitions implements DatasetPartitions {
  readonly #knex: Knex
  /** Whether the server takes EXCHANGE … WITHOUT VALIDATION (MySQL 8, MariaDB 11.4); learnt on first use. */
  readonly #exchange = { withoutValidation: true }
  readonly #maxPartitions: number

  constructor(knex: Knex, props: MysqlDatasetPartitionsProps = {}) {
    this.#knex = knex
    this.#maxPartitions = props.maxPartitions ?? MAX_PARTITIONS
  }

  /** A table partitioned BY LIST on `dataset_id`. */
  async isPartitioned(table: TableRef): Promise<boolean> {
    return isListPartitioned(this.#knex, table.name)
  }

  async ensurePartition(table: TableRef, id: number): Promise<void> {
    if (!(await this.isPartitioned(table))) return
    await withLock(this.#knex, table, id, async (trx) => {
      if (!(await hasPartition(trx, table.name, partitionName(id))))
        await addPartition(trx, table, id, this.#maxPartitions)
    })
  }

  async loadTarget(table: TableRef, id: number, rows?: number): Promise<LoadTarget> {
    if (!(await this.isPartitioned(table))) return { table }
    const state = await loadState(this.#knex, table, id)
    if (
      rows !== undefined &&
      rows <= SMALL_DATASET_ROWS &&
      state === 'none' &&
      (await hasPartition(this.#knex, table.name, DEFAULT_PARTITION))
    ) {
      return { table, withCompletion: true }
    }
    if (state === 'attached') {
      // A crash after the exchange may have left the emptied load table.
      await withLock(this.#knex, table, id, async (trx) => {
        if ((await loadState(trx, table, id)) === 'attached')
          await dropLoadTable(trx, loadTableName(table.name, id))
      })
    }
    if (state === 'attached') {
      await this.ensurePartition(table, id)
      return { table }
    }
    const name = loadTableName(table.name, id)
    await withLock(this.#knex, table, id, async (trx) => {
      if ((await loadState(trx, table, id)) === 'attached') return
      // Created LIKE the parent, without its partitions; its indexes kept, as the exchange wants the same
      // definition (building the secondary index after the load instead measured slower on a quiet machine:
      // 85,707–117,068 rows/s, median 107,277, against 107,588–117,306, median 112,149, five pairs at load 1.3–2.3).
      // Each step is re-run until the table is plain: a crash may fall between them.
      await trx.raw('create table if not exists ?? like ??', [name, table.name])
      if (await isListPartitioned(trx, name)) await trx.raw('alter table ?? remove partitioning', [name])
    })
    if ((await loadState(this.#knex, table, id)) === 'attached') {
      await this.ensurePartition(table, id)
      return { table }
    }
    return {
      table: { name },
      publish: (trx, completion) =>
        withLock(
          this.#knex,
          table,
          id,
          (locked) => publish(this.#knex, locked, table, id, this.#exchange, completion, this.#maxPartitions),
          trx,
        ),
    }
  }

  async rowsTable(table: TableRef, id: number): Promise<TableRef> {
    if (!(await this.isPartitioned(table))) return table
    if ((await loadState(this.#knex, table, id)) !== 'loading') return table
    return { name: loadTableName(table.name, id) }
  }

  /** DROP PARTITION (the partition's .ibd file goes) and DROP TABLE of a load never published. */
  async dropPartition(table: TableRef, id: number): Promise<boolean> {
    if (!(await this.isPartitioned(table))) return false
    return withLock(this.#knex, table, id, async (trx) => {
      if (await hasPartition(trx, table.name, partitionName(id)))
        await trx.raw(`alter table ?? drop partition ${partitionName(id)}`, [table.name])
      await trx.raw('drop table if exists ??', [loadTableName(table.name, id)])
      // Rows of the dataset in the shared partition (written without a partition of their own) remain.
      return !(
        (await hasPartition(trx, table.name, DEFAULT_PARTITION)) && (await hasDefaultRows(trx, table, id))
      )
    })
  }

  async partitionedDatasets(table: TableRef): Promise<number[]> {
    if (!(await this.isPartitioned(table))) return []
    const ids = new Set<number>()
    const partitions = await partitionsOf(this.#knex, table.name)
    for (const name of partitions) {
      const match = /^p(\d+)$/.exec(name)
      if (match) ids.add(Number(match[1]))
    }
    if (partitions.has(DEFAULT_PARTITION)) {
      // Small datasets share the DEFAULT partition: one read of its primary key per dataset (a loose index scan).
      const [rows] = await this.#knex.raw<[{ id: number }[]]>(
        `select distinct dataset_id as id from ?? partition (${DEFAULT_PARTITION})`,
        [table.name],
      )
      for (const { id } of rows ?? []) ids.add(Number(id))
    }
    const [rows] = await this.#knex.raw<[{ name: string }[]]>(
      "select table_name as name from information_schema.tables where table_schema = database() and table_name regexp '_p[0-9]+$'",
    )
    for (const { name } of rows ?? []) {
      const id = Number(/_p(\d+)$/.exec(name)?.[1])
      if (loadTableName(table.name, id) === name) ids.add(id)
    }
    return [...ids].sort((a, b) => a - b)
  }
}

/**
 * Makes dataset `id`'s loaded table its partition of `table` and marks the dataset completed, readers seeing both
 * at once or neither, re-runnably: adds the (empty) partition if it is missing, then, with the typed table, the
 * load table and the datasets table locked against every other session, swaps the loaded rows in if the partition
 * is still empty and marks the dataset completed; drops the emptied table once the locks are gone. False, with
 * the rows left in the load table, when the dataset may not be completed (deleted meanwhile, or no longer
 * `generating`). A crash at any point leaves a state the next call finishes from.
 */
async function publish(
  knex: Knex,
  trx: Knex.Transaction,
  table: TableRef,
  id: number,
  exchange: { withoutValidation: boolean },
  completion: Completion,
  maxPartitions: number,
): Promise<boolean> {
  const name = loadTableName(table.name, id)
  // A crash after the emptied table was dropped: the rows are in their partition already.
  if (!(await tableExists(knex, name))) return completion.mark(trx)
  // The partition is added before any table is locked: readers see it empty. The catalogue is read through the
  // pool, so that `trx` holds no lock of the typed table while it waits for the datasets table.
  const own =
    (await hasPartition(knex, table.name, partitionName(id))) ||
    (await addPartition(knex, table, id, maxPartitions))
  const completed = await withTablesLocked(
    knex,
    trx,
    completion.table,
    [table.name, name],
    async (status) => {
      if (!(await completion.ready(status))) return false
      const exchanged = await moveRows(trx, table, id, own, exchange)
      const undo = () =>
        trx.raw(`alter table ?? exchange partition ${partitionName(id)} with table ??`, [table.name, name])
      let marked: boolean
      try {
        marked = await completion.mark(status)
      } catch (error) {
        // The mark failed (a server error): the rows go back to the load table before anyone sees them.
        if (exchanged) await undo()
        throw error
      }
      if (!marked && exchanged) await undo()
      return marked
    },
  )
  if (completed) await dropLoadTable(trx, name)
  return completed
}

/**
 * Moves dataset `id`'s rows from its load table into `table`, under the locks {@link publish} holds: into its
 * partition (`own`) by EXCHANGE PARTITION when the partition is still empty, else (no partition to be had: the
 * table has as many as InnoDB allows) into the DEFAULT partition by a copy. True when the two were exchanged.
 */
async function moveRows(
  trx: Knex.Transaction,
  table: TableRef,
  id: number,
  own: boolean,
  exchange: { withoutValidation: boolean },
): Promise<boolean> {
  const name = loadTableName(table.name, id)
  if (!own) {
    await trx.raw('insert into ?? select * from ??', [table.name, name])
    return false
  }
  if (await hasRows(trx, `${quoteName(table.name)} partition (${partitionName(id)})`)) {
    if (await hasRows(trx, quoteName(name)))
      throw new TailingsiqError(
        'DATABASE',
        `dataset ${id} has rows both in its partition of ${table.name} and in ${name}; remove the dataset and seed it again`,
      )
    return false
  }
  const sql = `alter table ?? exchange partition ${partitionName(id)} with table ??`
  // The loader wrote `dataset_id = id` in every row: the server's check that each row belongs to the
  // partition (a scan of the table) is skipped where it can be. MariaDB 10.11 has no such option.
  if (exchange.withoutValidation) {
    try {
      await trx.raw(`${sql} without validation`, [table.name, name])
      return true
    } catch (error) {
      if ((error as { errno?: number }).errno !== ER_PARSE_ERROR) throw error
      exchange.withoutValidation = false
    }
  }
  try {
    await trx.raw(sql, [table.name, name])
    return true
  } catch (error) {
    if ((error as { errno?: number }).errno !== ER_TABLES_DIFFERENT_METADATA) throw error
    // The server found the load table's definition different from the partitioned table's (seen once
    // with two processes publishing datasets of one type at once): the rows are copied into the
    // partition instead, in one statement, so readers still see none or all of them.
    await trx.raw('insert into ?? select * from ??', [table.name, name])
    return false
  }
}

/**
 * Runs `fn` with the datasets table locked WRITE on a connection of its own (handed to `fn`) and `tables` locked
 * WRITE on `trx`'s: no other session reads or writes any of them until `fn` is done, so what `fn` changes in
 * them is seen at once. Two connections, because MariaDB 10.11's EXCHANGE PARTITION waits for ever on its own
 * session when LOCK TABLES also holds a third InnoDB table.
 *
 * The datasets table is taken first, as one LOCK TABLES would take it (its name sorts before the typed tables'),
 * so a writer that locks its dataset's row and then writes the typed table never waits on `tables` while holding
 * it. A reader may still hold the typed table while it waits for the datasets table (a join that opens the typed
 * table first): for the server to see that deadlock, and back the reader off, the datasets table's connection
 * waits on a named lock `trx` holds until it has `tables`. Readers of the typed table are waited out first
 * without holding the datasets table; one arriving in between is waited for TABLE_LOCK_SECONDS at most (or until
 * the server ends the wait as a deadlock), then both tables are let go and taken again.
 */
async function withTablesLocked<T>(
  knex: Knex,
  trx: Knex.Transaction,
  statusTable: TableRef,
  tables: readonly string[],
  fn: (status: Knex.Transaction) => Promise<T>,
): Promise<T> {
  const lockTables = `lock tables ${tables.map(() => '?? write').join(', ')}`
  const [rows] = await trx.raw<[{ key: string }[]]>("select concat('tsqpublish', connection_id()) as `key`")
  const handoff = String(rows?.[0]?.key)
  const deadline = Date.now() + LOCK_SECONDS * 1000
  for (;;) {
    // Waits for readers of the typed table as DDL would, holding nothing else.
    await trx.raw(lockTables, [...tables])
    await trx.raw('unlock tables')
    await trx.raw('select get_lock(?, 0)', [handoff])
    const result = await knex.transaction(async (status) => {
      // LOCK TABLES commits the transaction knex opened: the statements under it commit one by one.
      await status.raw('lock tables ?? write', [statusTable.name])
      let handedOff = false
      const waiting = status.raw('select get_lock(?, ?)', [handoff, LOCK_SECONDS]).then(
        () => true,
        () => false,
      )
      try {
        await trx.raw(`set session lock_wait_timeout = ${TABLE_LOCK_SECONDS}`)
        try {
          await trx.raw(lockTables, [...tables])
        } catch (error) {
          const errno = (error as { errno?: number }).errno
          if ((errno !== ER_LOCK_WAIT_TIMEOUT && errno !== ER_LOCK_DEADLOCK) || Date.now() > deadline)
            throw error
          return undefined
        } finally {
          await trx.raw('set session lock_wait_timeout = default')
          await trx.raw('select release_lock(?)', [handoff])
          handedOff = await waiting
        }
        try {
          return { value: await fn(status) }
        } finally {
          await trx.raw('unlock tables')
        }
      } finally {
        if (handedOff) await status.raw('select release_lock(?)', [handoff])
        await status.raw('unlock tables')
      }
    })
    if (result !== undefined) return result.value
    await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 400))
  }
}

async function dropLoadTable(trx: Knex.Transaction, name: string): Promise<void> {
  await trx.raw('drop table if exists ??', [name])
}

/**
 * Where dataset `id`'s rows of `table` are: `loading` in its load table (not visible through `table`; its
 * partition may exist, empty, after a crash in the middle of publishing), `attached` in its partition (an
 * emptied load table may be left beside it), or `none` yet.
 */
async function loadState(
  knex: Connection,
  table: TableRef,
  id: number,
): Promise<'attached' | 'loading' | 'none'> {
  const attached = await hasPartition(knex, table.name, partitionName(id))
  const name = loadTableName(table.name, id)
  if (await tableExists(knex, name)) {
    if (!attached || (await hasRows(knex, quoteName(name)))) return 'loading'
  }
  return attached ? 'attached' : 'none'
}

/**
 * Adds dataset `id`'s empty partition to `table`; false when the table has `maxPartitions` partitions already (at
 * most InnoDB's 8,192), in which case the dataset's rows go into the DEFAULT partition. MariaDB adds a LIST
 * partition beside a DEFAULT one without moving the DEFAULT partition's rows of that value (they would no longer
 * be found), so when it holds some, the DEFAULT partition is split instead, which moves them.
 */
async function addPartition(
  trx: Connection,
  table: TableRef,
  id: number,
  maxPartitions: number,
): Promise<boolean> {
  const name = partitionName(id)
  // An integer id, not input text: DDL takes no bound parameters.
  const definition = `partition ${name} values in (${Math.trunc(id)})`
  const withDefault = await hasPartition(trx, table.name, DEFAULT_PARTITION)
  // Counted from the catalogue only below InnoDB's own limit, which the server enforces (ER_TOO_MANY_PARTITIONS).
  if (
    withDefault &&
    maxPartitions < MAX_PARTITIONS &&
    (await partitionsOf(trx, table.name)).size >= maxPartitions
  )
    return false
  try {
    if (withDefault && (await hasDefaultRows(trx, table, id))) {
      await trx.raw(
        `alter table ?? reorganize partition ${DEFAULT_PARTITION} into (${definition}, partition ${DEFAULT_PARTITION} default)`,
        [table.name],
      )
    } else {
      await trx.raw(`alter table ?? add partition (${definition})`, [table.name])
    }
    return true
  } catch (error) {
    if ((error as { errno?: number }).errno === ER_TOO_MANY_PARTITIONS && withDefault) return false
    throw error
  }
}

/**
 * Runs `fn` holding a named lock on dataset `id`'s partition of `table` (GET_LOCK, server-wide, so its name
 * includes the database), on one connection (a transaction of its own unless `trx` is given): shards of a
 * dataset making its partition, the process publishing it and a cleanup dropping it take turns.
 */
async function withLock<T>(
  knex: Knex,
  table: TableRef,
  id: number,
  fn: (trx: Knex.Transaction) => Promise<T>,
  trx?: Knex.Transaction,
): Promise<T> {
  if (trx === undefined) return knex.transaction((own) => withLock(knex, table, id, fn, own))
  const key = `tailingsiq:${table.name}:${Math.trunc(id)}`
  const [rows] = await trx.raw<[{ got: number | null }[]]>(
    `select get_lock(concat('tsq', md5(concat(database(), ':', ?))), ${LOCK_SECONDS}) as got`,
    [key],
  )
  if (Number(rows?.[0]?.got) !== 1)
    throw new TailingsiqError(
      'BUSY',
      `another process held the partition of dataset ${id} in ${table.name} for ${LOCK_SECONDS} s`,
    )
  try {
    return await fn(trx)
  } finally {
    await trx.raw("select release_lock(concat('tsq', md5(concat(database(), ':', ?))))", [key])
  }
}

// The catalogue is read with SHOW and with queries on the table itself, not from information_schema: those
// wait for another process's ALTER of the table to finish, where information_schema skips a table being
// altered and answers as if it had no partitions or indexes.

/** information_schema skipped a table another session's DDL is changing. */
const ER_I_S_SKIPPED_TABLE = 1684

/** Runs `query` again (every 50 ms, for up to a minute) while the server skips the table for concurrent DDL. */
async function retrySkipped<T>(query: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await query()
    } catch (error) {
      if ((error as { errno?: number }).errno !== ER_I_S_SKIPPED_TABLE || attempt >= 1200) throw error
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
}

/** A table that does not exist. */
const ER_NO_SUCH_TABLE = 1146
/** A partition name the table does not have. */
const ER_UNKNOWN_PARTITION = 1735

async function isListPartitioned(knex: Connection, table: string): Promise<boolean> {
  try {
    const [rows] = await retrySkipped(() =>
      knex.raw<[Record<string, string>[]]>('show create table ??', [table]),
    )
    const sql = rows?.[0]?.['Create Table'] ?? ''
    return /PARTITION BY LIST\s*\(\s*`?dataset_id`?\s*\)/i.test(sql)
  } catch (error) {
    if ((error as { errno?: number }).errno === ER_NO_SUCH_TABLE) return false
    throw error
  }
}

/** Whether `table` has a partition of that name: a query of that partition, refused when there is none. */
async function hasPartition(knex: Connection, table: string, name: string): Promise<boolean> {
  try {
    await knex.raw(`select 1 from ?? partition (${quoteName(name)}) limit 0`, [table])
    return true
  } catch (error) {
    if ((error as { errno?: number }).errno === ER_UNKNOWN_PARTITION) return false
    throw error
  }
}

/** The names of `table`'s partitions. */
async function partitionsOf(knex: Connection, table: string): Promise<Set<string>> {
  const [rows] = await retrySkipped(() =>
    knex.raw<[{ name: string }[]]>(
      `select partition_name as name from information_schema.partitions
      where table_schema = database() and table_name = ? and partition_name is not null`,
      [table],
    ),
  )
  return new Set((rows ?? []).map((r) => r.name))
}

async function tableExists(knex: Connection, table: string): Promise<boolean> {
  const [rows] = await knex.raw<[unknown[]]>(
    'select 1 from information_schema.tables where table_schema = database() and table_name = ?',
    [table],
  )
  return (rows ?? []).length > 0
}

/** Whether the DEFAULT partition of `table` holds rows of dataset `id`: one probe of its primary key. */
async function hasDefaultRows(knex: Connection, table: TableRef, id: number): Promise<boolean> {
  const [rows] = await knex.raw<[unknown[]]>(
    `select 1 from ?? partition (${DEFAULT_PARTITION}) where dataset_id = ? limit 1`,
    [table.name, id],
  )
  return (rows ?? []).length > 0
}

/** Whether `from` (SQL, quoted already) holds any row. */
async function hasRows(knex: Connection, from: string): Promise<boolean> {
  const [rows] = await knex.raw<[unknown[]]>(`select 1 from ${from} limit 1`)
  return (rows ?? []).length > 0
}

const quoteName = (name: string) => `\`${name.replace(/`/g, '``')}\``
