import { createHash } from 'node:crypto'
import { visibleOwner, type Actor } from '../access/actor.js'
import { rowsOf, tableOf } from '../dialects/dialect-adapter-base.js'
import type { Database } from '../dialects/open-database.js'
import { InternalError } from '../errors.js'
import { CanonicalRowEncoder, type CanonicalRowBatch } from '../formats/canonical-row.js'
import type { ColumnSpec } from '../generators/columns.js'
import { FACILITY_COLUMNS, FACILITY_GENERATOR_VERSION } from '../generators/facility/facility-generator.js'
import { FAKER_VERSION } from '../generators/faker.js'
import { generateFacilities, generateRecords } from '../generators/generate-records.js'
import type { Row } from '../generators/generator.js'
import { columnsOf, getGenerator } from '../generators/registry.js'
import type { DatasetRecord } from '../schema/dataset-columns.js'
import { getDataset, planOf } from './datasets.js'
import { recordToRow } from './export.js'
import { mergeCompare, newCounts, type Counts } from './verify-compare.js'

/**
 * How a table compares with what its dataset's manifest regenerates: `ok`, or the kind of its first
 * difference in record order. `incomplete`: the dataset is not completed and rows are missing, but every row
 * present is right.
 */
export type TableVerdict = 'ok' | 'missing rows' | 'extra rows' | 'changed rows' | 'incomplete'

/** One table of a dataset compared row by row with the regenerated records. */
export interface TableVerification {
  /** `typed` (the type's table), `records` (the generic JSON records) or `facilities`. */
  readonly kind: 'typed' | 'records' | 'facilities'
  readonly table: string
  readonly status: TableVerdict
  /** Rows the manifest gives the table. */
  readonly expected: number
  /** Rows the table holds for the dataset. */
  readonly actual: number
  /** Regenerated rows the table lacks (for an incomplete dataset: not written yet). */
  readonly missing: number
  /** Rows whose record index the dataset does not have. */
  readonly extra: number
  /** Rows present on both sides that differ in any field. */
  readonly changed: number
  /** Record index (facility index for facilities) of the first difference, or `null`. */
  readonly firstDifference: number | null
  /** SHA-256 of the regenerated rows in canonical form: the same on every engine. */
  readonly expectedDigest: string
  /** SHA-256 of the table's rows in the same form; equal to `expectedDigest` when `ok`. */
  readonly actualDigest: string
  readonly seconds: number
}

/** The outcome of verifying one dataset. */
export interface DatasetVerification {
  readonly id: number
  readonly name: string
  readonly type: DatasetRecord['data_type']
  /** The dataset's own status: `completed`, or `pending`/`generating`/`failed` for an incomplete one. */
  readonly datasetStatus: DatasetRecord['status']
  readonly storage: DatasetRecord['storage']
  /**
   * `ok`: every table holds exactly the regenerated rows. `differs`: some row is missing, extra or changed.
   * `incomplete`: the dataset is not completed; the rows present are right. `unverifiable`: this toolkit cannot
   * regenerate it (another generator or faker version); `reason` says which.
   */
  readonly result: 'ok' | 'differs' | 'incomplete' | 'unverifiable'
  readonly reason?: string
  readonly tables: readonly TableVerification[]
  /** Rows read from the database, all tables together. */
  readonly rows: number
  readonly seconds: number
}

/** The outcome of `verify --all`: `ok` only when every dataset is. */
export interface VerifyResult {
  readonly ok: boolean
  readonly datasets: readonly DatasetVerification[]
  readonly rows: number
  readonly seconds: number
}

/** Options of {@link verifyDataset} and {@link verifyAll}. */
export interface VerifyOptions {
  /** Verify soft-deleted datasets too. Default is `false`: a deleted dataset is "not found". */
  readonly includeDeleted?: boolean
}

/**
 * Regenerates a dataset from what its row records (generator version, seed, facility seed and count,
 * parameters, storage) and compares it, row by row in record order, with the typed table, the generic JSON
 * records (storage `both` or `generic`) and the facilities. Both sides stream: memory does not grow with the
 * dataset. Rows are compared in a canonical binary form made from the decoded values (see
 * `CanonicalRowEncoder`), so the digests are the same on every engine. A user may verify only its own datasets.
 *
 * ### Examples
 * ```ts
 * const report = await verifyDataset(db, { id: 'ci', role: 'admin' }, 12)
 * if (report.result !== 'ok') console.error(report.tables.filter((t) => t.status !== 'ok'))
 * ```
 */
export async function verifyDataset(
  db: Database,
  actor: Actor,
  id: number,
  options: VerifyOptions = {},
): Promise<DatasetVerification> {
  const started = performance.now()
  const dataset = await getDataset(db, actor, id, { includeDeleted: options.includeDeleted === true })
  const base = {
    id: dataset.id,
    name: dataset.name,
    type: dataset.data_type,
    datasetStatus: dataset.status,
    storage: dataset.storage,
  }
  const reason = unverifiableReason(dataset)
  if (reason !== undefined)
    return { ...base, result: 'unverifiable', reason, tables: [], rows: 0, seconds: seconds(started) }
  const complete = dataset.status === 'completed'
  const tables: TableVerification[] = []
  if (dataset.storage !== 'generic') tables.push(await verifyTyped(db, dataset, complete))
  if (dataset.storage !== 'typed') tables.push(await verifyRecords(db, dataset, complete))
  tables.push(await verifyFacilities(db, dataset))
  const differs = tables.some((t) => t.status !== 'ok' && t.status !== 'incomplete')
  const result = differs ? 'differs' : complete ? 'ok' : 'incomplete'
  return {
    ...base,
    result,
    ...(result === 'incomplete' ? { reason: `the dataset is ${dataset.status}, not completed` } : {}),
    tables,
    rows: tables.reduce((n, t) => n + t.actual, 0),
    seconds: seconds(started),
  }
}

/**
 * Verifies every dataset the actor can see (not soft-deleted ones unless `includeDeleted`), oldest first,
 * one at a time. See {@link verifyDataset}.
 */
export async function verifyAll(
  db: Database,
  actor: Actor,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const started = performance.now()
  const query = tableOf(db.knex, db.tables.dataSets).orderBy('id').select('id')
  if (!options.includeDeleted) query.where({ is_deleted: false })
  const owner = visibleOwner(actor)
  if (owner !== undefined) query.where({ created_by: owner })
  const datasets: DatasetVerification[] = []
  for (const row of await rowsOf(query))
    datasets.push(await verifyDataset(db, actor, Number(row['id']), options))
  return {
    ok: datasets.every((d) => d.result === 'ok'),
    datasets,
    rows: datasets.reduce((n, d) => n + d.rows, 0),
    seconds: seconds(started),
  }
}

function unverifiableReason(dataset: DatasetRecord): string | undefined {
  const generator = getGenerator(dataset.data_type)
  if (dataset.generator_version !== generator.version) {
    return `it was made by ${dataset.data_type} generator version ${dataset.generator_version}; this toolkit has version ${generator.version}`
  }
  const manifest = dataset.manifest as {
    faker?: { version?: unknown }
    facilityGenerator?: { version?: unknown }
  } | null
  const faker = manifest?.faker?.version
  if (typeof faker === 'string' && faker !== FAKER_VERSION)
    return `it was made with faker ${faker}; this toolkit has faker ${FAKER_VERSION}`
  // Every record carries its facility's names and codes: another facility generator makes other records.
  const facilities = manifest?.facilityGenerator?.version
  if (typeof facilities === 'number' && facilities !== FACILITY_GENERATOR_VERSION)
    return `it was made by facility generator version ${facilities}; this toolkit has version ${FACILITY_GENERATOR_VERSION}`
  return undefined
}

function seconds(started: number): number {
  return (performance.now() - started) / 1000
}

/** The regenerated records of a dataset, in record order. */
function expectedRecords(dataset: DatasetRecord): Iterable<Row> {
  const { type, count, facilities, seed, facilitySeed, params } = planOf(dataset)
  return generateRecords({ type, count, facilities, seed, facilitySeed, params })
}

async function verifyTyped(
  db: Database,
  dataset: DatasetRecord,
  complete: boolean,
): Promise<TableVerification> {
  const columns = columnsOf(dataset.data_type)
  if (columns[0]?.name !== 'record_index')
    throw new InternalError(`The ${dataset.data_type} columns do not start with record_index`)
  const table = db.tables.typed[dataset.data_type]
  const query = tableOf(db.knex, table)
    .where({ dataset_id: dataset.id })
    .orderBy('record_index')
    .select(columns.map((c) => c.name))
  const live = db.adapter.streamCanonicalRows(query, columns)
  const counts = await mergeCompare(expectedRecords(dataset), live, columns, complete)
  return verdict('typed', table.name, dataset.record_count, counts, complete)
}

async function verifyRecords(
  db: Database,
  dataset: DatasetRecord,
  complete: boolean,
): Promise<TableVerification> {
  const columns = columnsOf(dataset.data_type)
  const table = db.tables.records
  const query = tableOf(db.knex, table)
    .where({ dataset_id: dataset.id })
    .orderBy('record_index')
    .select('record_index', 'data')
  const json: ColumnSpec = { name: 'data', type: 'json', description: '' }
  // The record's place comes from its record_index column, its content from its JSON, in the typed form
  // export gives it: so the digest equals the typed table's.
  async function* batches(): AsyncGenerator<CanonicalRowBatch> {
    const encoder = new CanonicalRowEncoder(columns)
    for await (const raw of db.adapter.streamRows(query)) {
      const record = db.adapter.decodeValue(json, raw['data'])
      const row =
        record !== null && typeof record === 'object' && !Array.isArray(record)
          ? recordToRow(columns, record as Record<string, unknown>)
          : { record_index: record }
      encoder.write(row, Number(raw['record_index']))
      if (encoder.length >= 1 << 16) yield encoder.takeBatch()
    }
    if (encoder.rows > 0) yield encoder.takeBatch()
  }
  const counts = await mergeCompare(expectedRecords(dataset), batches(), columns, complete)
  return verdict('records', table.name, dataset.record_count, counts, complete)
}

/** The dataset's facilities, looked up by id among those of its facility seed (at most 10,000). */
async function verifyFacilities(db: Database, dataset: DatasetRecord): Promise<TableVerification> {
  const columns = FACILITY_COLUMNS
  const live = new Map<string, Row>()
  const rows = await rowsOf(
    tableOf(db.knex, db.tables.facilities)
      .where({ seed: dataset.facility_seed })
      .select(columns.map((c) => c.name)),
  )
  for (const raw of rows) {
    const row = db.adapter.decodeRow(columns, raw)
    live.set(String(row['id']), row)
  }
  const counts = newCounts()
  const expected = new CanonicalRowEncoder(columns)
  const actual = new CanonicalRowEncoder(columns)
  const expectedHash = createHash('sha256')
  const actualHash = createHash('sha256')
  for (const facility of generateFacilities(dataset.facility_seed, { from: 0, to: dataset.facility_count })) {
    counts.expected++
    expected.reset()
    expected.write(facility as unknown as Row, facility.facility_index)
    expectedHash.update(expected.buffer.subarray(0, expected.length))
    const found = live.get(facility.id)
    if (found === undefined) {
      counts.note('missing rows', facility.facility_index)
      continue
    }
    counts.actual++
    actual.reset()
    actual.write(found, facility.facility_index)
    actualHash.update(actual.buffer.subarray(0, actual.length))
    if (actual.buffer.compare(expected.buffer, 0, expected.length, 0, actual.length) !== 0)
      counts.note('changed rows', facility.facility_index)
  }
  counts.expectedDigest = expectedHash.digest('hex')
  counts.actualDigest = actualHash.digest('hex')
  return verdict('facilities', db.tables.facilities.name, dataset.facility_count, counts, true)
}

function verdict(
  kind: TableVerification['kind'],
  table: string,
  expected: number,
  counts: Counts,
  complete: boolean,
): TableVerification {
  const took = seconds(counts.started)
  const status: TableVerdict = counts.first?.kind ?? (!complete && counts.missing > 0 ? 'incomplete' : 'ok')
  return {
    kind,
    table,
    status,
    expected,
    actual: counts.actual,
    missing: counts.missing,
    extra: counts.extra,
    changed: counts.changed,
    firstDifference: counts.first?.index ?? null,
    expectedDigest: `sha256:${counts.expectedDigest}`,
    actualDigest: `sha256:${counts.actualDigest}`,
    seconds: took,
  }
}
