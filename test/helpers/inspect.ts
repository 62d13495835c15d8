import { createHash } from 'node:crypto'
import type { Knex } from 'knex'
import { createToolkit } from '../../src/commands/toolkit.js'
import { tableOf } from '../../src/dialects/dialect-adapter-base.js'
import type { DialectName } from '../../src/dialects/dialect.js'
import { loadDialect } from '../../src/dialects/dialect-registry.js'
import type { Database } from '../../src/dialects/open-database.js'
import type { DataType } from '../../src/generators/generator.js'
import { createRecordSerializer } from '../../src/formats/record-serializer.js'
import { resolveDatasetSpec } from '../../src/generators/dataset-spec.js'
import { generateRecords } from '../../src/generators/generate-records.js'
import { columnsOf } from '../../src/generators/registry.js'

/** Every user table of the connected database (and PostgreSQL schema), as the dialect adapter lists them. */
export async function listTables(knex: Knex, dialect: DialectName, schema?: string): Promise<string[]> {
  return (await loadDialect(dialect)).createAdapter(knex).listTables(schema)
}

/** `select count(*)` as a number. */
export async function countRows(
  knex: Knex,
  table: string,
  where: Record<string, unknown> = {},
  schema?: string,
): Promise<number> {
  const query = schema ? knex.withSchema(schema).table(table) : knex.table(table)
  const rows: { n: number | string }[] = await query.where(where).count({ n: '*' })
  return Number(rows[0]?.n)
}

/** A dataset's row and its monitoring rows as records (decoded as `export` does), read through the toolkit. */
export async function readMonitoringDataset(
  url: string,
  id: number,
): Promise<{ dataset: Record<string, unknown> | undefined; rows: Record<string, unknown>[] }> {
  const toolkit = await createToolkit({ db: url, config: {}, useEnvironment: false })
  try {
    const db = await toolkit.database()
    const dataset = (await tableOf(db.knex, db.tables.dataSets).where({ id }).first()) as
      Record<string, unknown> | undefined
    const columns = columnsOf('monitoring')
    const toRecord = createRecordSerializer(columns)
    const raw: Record<string, unknown>[] = await tableOf(db.knex, db.tables.typed.monitoring)
      .where({ dataset_id: id })
      .orderBy('record_index')
    return { dataset, rows: raw.map((r) => toRecord(db.adapter.decodeRow(columns, r))) }
  } finally {
    await toolkit.close()
  }
}

/** The records an uninterrupted `run --types monitoring --count N --facilities F` (seed 42) writes. */
export function expectedMonitoringRecords(count: number, facilities: number): Record<string, unknown>[] {
  const toRecord = createRecordSerializer(columnsOf('monitoring'))
  return [
    ...generateRecords(
      resolveDatasetSpec({ type: 'monitoring', count, defaultCount: 1, facilities, seed: 42 }),
    ),
  ].map(toRecord)
}

/**
 * A digest of a dataset's typed rows in record order (decoded, without `dataset_id`), streamed from the
 * database: two datasets with the same digest hold the same records, whatever their size.
 */
export async function digestTypedRows(
  db: Database,
  type: DataType,
  id: number,
): Promise<{ rows: number; digest: string }> {
  const columns = columnsOf(type)
  const hash = createHash('sha256')
  let rows = 0
  const query = tableOf(db.knex, db.tables.typed[type]).where({ dataset_id: id }).orderBy('record_index')
  for await (const raw of db.adapter.streamRows(query)) {
    hash.update(`${JSON.stringify(db.adapter.decodeRow(columns, raw))}\n`)
    rows++
  }
  return { rows, digest: hash.digest('hex') }
}

/** A digest of records as {@link monitoringDigest} computes it from the database. */
export function digestRecords(records: Iterable<Record<string, unknown>>): { rows: number; digest: string } {
  const hash = createHash('sha256')
  let rows = 0
  for (const record of records) {
    hash.update(`${JSON.stringify(record)}\n`)
    rows++
  }
  return { rows, digest: hash.digest('hex') }
}

/**
 * A dataset's row and a digest of its monitoring rows as records (decoded as `export` does), streamed in
 * record order: equal to {@link digestRecords} of the expected records when the stored rows are those records.
 */
export async function monitoringDigest(
  url: string,
  id: number,
): Promise<{ dataset: Record<string, unknown> | undefined; rows: number; digest: string }> {
  const toolkit = await createToolkit({ db: url, config: {}, useEnvironment: false })
  try {
    const db = await toolkit.database()
    const dataset = (await tableOf(db.knex, db.tables.dataSets).where({ id }).first()) as
      Record<string, unknown> | undefined
    const columns = columnsOf('monitoring')
    const toRecord = createRecordSerializer(columns)
    const query = tableOf(db.knex, db.tables.typed.monitoring)
      .where({ dataset_id: id })
      .orderBy('record_index')
    const hash = createHash('sha256')
    let rows = 0
    for await (const raw of db.adapter.streamRows(query)) {
      hash.update(`${JSON.stringify(toRecord(db.adapter.decodeRow(columns, raw)))}\n`)
      rows++
    }
    return { dataset, rows, digest: hash.digest('hex') }
  } finally {
    await toolkit.close()
  }
}

/**
 * Calls `start` (which launches a writer of `type` rows) and resolves with its result once the database
 * holds more rows of `type` than before: the moment the writer has committed its first batch, seen by
 * polling every few milliseconds rather than by waiting for its progress output.
 */
export async function afterFirstCommit<T>(url: string, type: DataType, start: () => T): Promise<T> {
  // The database, its file or its tables may not exist until the writer has migrated: they count as 0 rows.
  let toolkit: Awaited<ReturnType<typeof createToolkit>> | undefined
  let missing = false
  const count = async (): Promise<number> => {
    missing = false
    try {
      toolkit ??= await createToolkit({ db: url, config: {}, useEnvironment: false })
      const db = await toolkit.database()
      const rows: { n: number | string }[] = await tableOf(db.knex, db.tables.typed[type]).count({ n: '*' })
      return Number(rows[0]?.n)
    } catch {
      await toolkit?.close()
      toolkit = undefined
      missing = true
      return 0
    }
  }
  try {
    const baseline = await count()
    const started = start()
    const deadline = Date.now() + 60_000
    while (Date.now() < deadline) {
      if ((await count()) > baseline) return started
      // Quick polls once the table is there; slower ones while the writer starts and migrates.
      await new Promise((resolve) => setTimeout(resolve, missing ? 100 : 5))
    }
    throw new Error(`no ${type} rows were committed within 60 s`)
  } finally {
    await toolkit?.close()
  }
}
