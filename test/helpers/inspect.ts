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
import { rowsTable } from '../../src/schema/dataset-partitions.js'

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

/** How many rows were digested, and the digest: equal digests mean the same records in the same order. */
export interface Digest {
  readonly rows: number
  readonly digest: string
}

/** The running hash of {@link digestDataset} and {@link expectedDigest}: one JSON line per record. */
function digester(): { add(record: Record<string, unknown>): void; done(): Digest } {
  const hash = createHash('sha256')
  let rows = 0
  return {
    add(record) {
      hash.update(`${JSON.stringify(record)}\n`)
      rows++
    },
    done: () => ({ rows, digest: hash.digest('hex') }),
  }
}

/**
 * A dataset's row (undefined once deleted) and a digest of its `type` rows as records (decoded as `export`
 * does), streamed from the database in record order, so it costs no memory whatever the dataset's size. Equal
 * to {@link expectedDigest} of the dataset's spec when the stored rows are the records an uninterrupted run
 * writes. `source` is a database URL (opened and closed here) or an open database.
 */
export async function digestDataset(
  source: string | Database,
  id: number,
  type: DataType = 'monitoring',
): Promise<{ dataset: Record<string, unknown> | undefined } & Digest> {
  const toolkit =
    typeof source === 'string'
      ? await createToolkit({ db: source, config: {}, useEnvironment: false })
      : undefined
  try {
    const db = toolkit ? await toolkit.database() : (source as Database)
    const dataset = (await tableOf(db.knex, db.tables.dataSets).where({ id }).first()) as
      Record<string, unknown> | undefined
    const columns = columnsOf(type)
    const toRecord = createRecordSerializer(columns)
    // An unfinished dataset's rows may still be in a table of their own (see src/schema/dataset-partitions.ts).
    const query = tableOf(db.knex, await rowsTable(db, db.tables.typed[type], id))
      .where({ dataset_id: id })
      .orderBy('record_index')
    const digest = digester()
    for await (const raw of db.adapter.streamRows(query))
      digest.add(toRecord(db.adapter.decodeRow(columns, raw)))
    return { dataset, ...digest.done() }
  } finally {
    await toolkit?.close()
  }
}

/**
 * The digest of the first `rows` (default: all) records that an uninterrupted run of this spec writes, as
 * {@link digestDataset} computes it from the database; generated one at a time, never held in memory.
 * `run --types monitoring --count N --facilities F` (default seed 42) is `{ count: N, facilities: F }`.
 */
export function expectedDigest(
  spec: { type?: DataType; count: number; facilities: number; seed?: number },
  rows = spec.count,
): Digest {
  const type = spec.type ?? 'monitoring'
  const toRecord = createRecordSerializer(columnsOf(type))
  const digest = digester()
  const records = generateRecords(
    resolveDatasetSpec({
      type,
      count: spec.count,
      defaultCount: 1,
      facilities: spec.facilities,
      seed: spec.seed ?? 42,
    }),
  )
  let left = rows
  for (const record of records) {
    if (left-- === 0) break
    digest.add(toRecord(record))
  }
  return digest.done()
}

/**
 * Calls `start` (which launches a writer of `type` rows) and resolves with its result once the database
 * counts more committed rows of `type` than before: the moment the writer has committed its first batch, seen by
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
      // Committed rows, wherever they are: a dataset being loaded into a table of its own shows none in the
      // typed table until it completes, so the datasets' own counts tell.
      const rows: { n: number | string | null }[] = await tableOf(db.knex, db.tables.dataSets)
        .where({ data_type: type })
        .sum({ n: 'records_written' })
      return Number(rows[0]?.n ?? 0)
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
