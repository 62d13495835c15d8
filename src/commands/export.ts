import { access, stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import type { Writable } from 'node:stream'
import type { Actor } from '../access/actor.js'
import { ROW_BATCH, tableOf } from '../dialects/dialect-adapter-base.js'
import type { Database } from '../dialects/open-database.js'
import { TailingsiqError, UsageError } from '../errors.js'
import {
  resolveOutputTarget,
  writeRecords,
  writeRecordsFile,
  type FileFormat,
  type RowBatches,
} from '../formats/record-file-writer.js'
import type { ColumnSpec } from '../generators/columns.js'
import type { Row } from '../generators/generator.js'
import { columnsOf, type getGenerator } from '../generators/registry.js'
import { getDataset } from './datasets.js'
import type { DatasetRecord } from '../schema/dataset-columns.js'
import type { ExportSource } from '../choices.js'

export { EXPORT_SOURCES, type ExportSource } from '../choices.js'

/** Options of {@link exportDataset}. */
export interface ExportOptions {
  readonly format: FileFormat
  /**
   * Default: `typed`, or `records` for a `storage: generic` dataset. `records` of a `storage: typed` dataset
   * serialises its typed rows, byte for byte as from JSON records.
   */
  readonly source?: ExportSource
  /** A file to write (atomically), or a stream such as stdout. */
  readonly to: { readonly path: string; readonly force?: boolean } | { readonly stream: Writable }
  /** Export a soft-deleted dataset too. Default is `false`. */
  readonly includeDeleted?: boolean
}

/** What an export wrote. */
export interface ExportResult {
  readonly datasetId: number
  readonly source: ExportSource
  readonly format: FileFormat
  readonly records: number
  readonly bytes: number
  readonly seconds: number
  readonly path?: string
}

/**
 * Streams a dataset from the database to a file or stream as JSON (one array), NDJSON or RFC 4180 CSV, in
 * constant memory: rows come in batches through COPY BINARY (PostgreSQL), a row stream (MySQL/MariaDB) or a
 * lazy statement (SQLite). The records equal, field for field, what `generate` writes for the same seed and
 * parameters. A file is written beside its target (a symbolic link's target) and renamed when complete; a
 * character device or FIFO is written as a stream, never replaced; an existing target is refused unless `force`.
 *
 * ### Examples
 * ```ts
 * await exportDataset(db, actor, 12, { format: 'csv', to: { path: 'monitoring.csv' } })
 * ```
 */
export async function exportDataset(
  db: Database,
  actor: Actor,
  id: number,
  options: ExportOptions,
): Promise<ExportResult> {
  const started = performance.now()
  const dataset = await getDataset(db, actor, id, { includeDeleted: options.includeDeleted === true })
  const source = exportSourceOf(dataset, options.source)
  const columns = columnsOf(dataset.data_type)
  let records = 0
  const counted = async function* (batches: AsyncIterable<Row[]>): AsyncGenerator<Row[]> {
    for await (const batch of batches) {
      records += batch.length
      yield batch
    }
  }
  // A dataset stored `typed` has no JSON records: its typed rows are the records, serialised in Node.
  const fromJson = source === 'records' && dataset.storage !== 'typed'
  const rows: RowBatches = {
    batches: counted(
      fromJson ? batchesOf(jsonRows(db, id, columns)) : typedRows(db, id, dataset.data_type, columns),
    ),
  }
  let bytes: number
  let path: string | undefined
  if ('path' in options.to) {
    path = resolve(options.to.path)
    await checkTarget(path, options.to.force === true)
    bytes = await writeRecordsFile(path, options.format, columns, rows)
  } else {
    bytes = await writeRecords(options.format, columns, rows, options.to.stream, { end: false })
  }
  return {
    datasetId: id,
    source,
    format: options.format,
    records,
    bytes,
    seconds: (performance.now() - started) / 1000,
    ...(path ? { path } : {}),
  }
}

/**
 * The source an export of `dataset` reads: `source`, checked against how the dataset was stored, or by default
 * the typed table (the JSON records for a `storage: generic` dataset). `records` of a dataset stored `typed`
 * reads its typed rows: the bytes are the same as from JSON records.
 */
export function exportSourceOf(dataset: DatasetRecord, source?: ExportSource): ExportSource {
  const chosen = source ?? (dataset.storage === 'generic' ? 'records' : 'typed')
  if (chosen === 'typed' && dataset.storage === 'generic') {
    throw new UsageError(`Dataset ${dataset.id} was stored without typed rows (storage generic)`, {
      hint: 'export it with --source records',
    })
  }
  return chosen
}

function typedRows(
  db: Database,
  id: number,
  type: Parameters<typeof getGenerator>[0],
  columns: readonly ColumnSpec[],
): AsyncIterable<Row[]> {
  const query = tableOf(db.knex, db.tables.typed[type as keyof typeof db.tables.typed])
    .where({ dataset_id: id })
    .orderBy('record_index')
    .select(columns.map((c) => c.name))
  return db.adapter.streamRowBatches(query, columns)
}

/** Rows one at a time, handed on in batches of {@link ROW_BATCH}. */
async function* batchesOf(rows: AsyncIterable<Row>): AsyncGenerator<Row[]> {
  let batch: Row[] = []
  for await (const row of rows) {
    batch.push(row)
    if (batch.length === ROW_BATCH) {
      yield batch
      batch = []
    }
  }
  if (batch.length > 0) yield batch
}

async function* jsonRows(db: Database, id: number, columns: readonly ColumnSpec[]): AsyncGenerator<Row> {
  const query = tableOf(db.knex, db.tables.records)
    .where({ dataset_id: id })
    .orderBy('record_index')
    .select('data')
  const json: ColumnSpec = { name: 'data', type: 'json', description: '' }
  for await (const raw of db.adapter.streamRows(query)) {
    yield recordToRow(columns, db.adapter.decodeValue(json, raw['data']) as Record<string, unknown>)
  }
}

/** A stored JSON record back in row form (ISO timestamps and dates to epoch milliseconds), in column order. */
export function recordToRow(columns: readonly ColumnSpec[], record: Record<string, unknown>): Row {
  const row: Row = {}
  for (const column of columns) {
    const value = record[column.name] ?? null
    row[column.name] =
      value !== null && (column.type === 'timestamp' || column.type === 'date')
        ? Date.parse(column.type === 'date' ? `${value as string}T00:00:00Z` : (value as string))
        : value
  }
  return row
}

async function checkTarget(path: string, force: boolean): Promise<void> {
  const target = await resolveOutputTarget(path)
  if (target.exists && !force)
    throw new TailingsiqError('OUTPUT_EXISTS', `${path} already exists; pass --force to overwrite it`)
  // A device or FIFO is written in place; a file is written beside its (link-resolved) target.
  if (target.kind === 'stream') return
  const dir = dirname(target.path)
  const info = await stat(dir).catch(() => undefined)
  if (!info?.isDirectory())
    throw new TailingsiqError('OUTPUT_UNWRITABLE', `Cannot write ${path}: folder ${dir} does not exist`)
  try {
    await access(dir, 2)
  } catch (error) {
    throw new TailingsiqError('OUTPUT_UNWRITABLE', `Cannot write ${path}: folder ${dir} is not writable`, {
      cause: error,
    })
  }
}
