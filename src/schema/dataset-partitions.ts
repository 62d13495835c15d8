import type { LoadTarget, TableRef } from '../dialects/dialect.js'
import type { Database } from '../dialects/open-database.js'

// One partition per dataset of a typed table, where the engine keeps them (the adapter's `datasetPartitions`:
// PostgreSQL declarative partitions, MySQL/MariaDB LIST partitions): a dataset's rows are loaded apart, become
// visible whole as it completes, and are dropped whole when it is removed. Where the engine keeps none
// (SQLite), or the table is not partitioned (a registered type's own table), rows are written into the table
// and deleted row by row. These functions only hand over to the adapter.

export type { LoadTarget }

/** Whether `table` is partitioned by dataset, asked of the catalogue each time. */
export async function isPartitionedByDataset(db: Database, table: TableRef): Promise<boolean> {
  return (await db.adapter.datasetPartitions?.isPartitioned(table)) ?? false
}

/** Makes sure dataset `id` has its (empty) partition of `table`; a no-op when the table is not partitioned. */
export async function ensurePartition(db: Database, table: TableRef, id: number): Promise<void> {
  await db.adapter.datasetPartitions?.ensurePartition(table, id)
}

/**
 * Where to write dataset `id`'s rows of `table`, and what publishes them when it completes (see
 * `DatasetPartitions.loadTarget`; `rows` when one process writes the whole dataset in one transaction). A
 * table not partitioned takes them itself.
 */
export async function loadTarget(
  db: Database,
  table: TableRef,
  id: number,
  rows?: number,
): Promise<LoadTarget> {
  return (await db.adapter.datasetPartitions?.loadTarget(table, id, rows)) ?? { table }
}

/** The table that holds dataset `id`'s rows of `table` right now: its load table while loading, else `table`. */
export async function rowsTable(db: Database, table: TableRef, id: number): Promise<TableRef> {
  return (await db.adapter.datasetPartitions?.rowsTable(table, id)) ?? table
}

/**
 * The datasets that have a partition of `table`, a load table of it or rows in a shared partition (none where the
 * table is not partitioned).
 */
export async function partitionedDatasets(db: Database, table: TableRef): Promise<number[]> {
  return (await db.adapter.datasetPartitions?.partitionedDatasets(table)) ?? []
}

/**
 * Removes dataset `id`'s partition of `table` with its rows, in constant time. False when rows of it may remain
 * in `table` (not partitioned), so that the caller deletes them instead.
 */
export async function dropPartition(db: Database, table: TableRef, id: number): Promise<boolean> {
  return (await db.adapter.datasetPartitions?.dropPartition(table, id)) ?? false
}
