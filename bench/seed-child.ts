// One measured load, in a process of its own so that its peak RSS is its own. Prints one JSON line.
//   node dist/bench/seed-child.js <mode> <url> <rows> [storage]   (BENCH_BATCH_SIZE=n: rows per transaction)
// mode: toolkit (the real run: generation + bulk path, then the dataset's purge, timed too; with the process's
// CPU seconds during the run, which on SQLite include the engine's own work; storage `default` leaves it to
// the toolkit's default), toolkit-main (the same with every row generated on the main thread, as SQLite did
// before its generation thread), seed (the real run, keeping the dataset for a bench that reads it), batch-insert
// (a faker loop making rows of the same columns, then knex.batchInsert into the dataset's table, chunk 1000,
// holding every row as the naive approach does), raw (the engine's own bulk load of the toolkit's rows encoded
// beforehand: psql \copy, LOAD DATA LOCAL INFILE, or a prepared-statement loop, into the dataset's table),
// raw-bare (the same into a bare table of the same columns: no key, index, constraint or partition), and
// drizzle-seed (the peer seeder, into such a bare table; see drizzle-seed-load.ts).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import knexFactory, { type Knex } from 'knex'
import { createToolkit } from '../src/commands/toolkit.js'
import { childrenCpuSeconds, serverCpuSeconds, settledServerCpuSeconds } from './server-cpu.js'
import { formatIsoDate, formatIsoTimestamp } from '../src/formats/iso-time.js'
import { resolveDatasetSpec } from '../src/generators/dataset-spec.js'
import { generateRecords } from '../src/generators/generate-records.js'
import { columnsOf } from '../src/generators/registry.js'
import type { BulkTarget } from '../src/dialects/dialect.js'
import { encodeRowsToFile, rawLoad } from './raw-load.js'

const [mode, url, rowsText, storage = 'typed'] = process.argv.slice(2) as [string, string, string, string?]
const rows = Number(rowsText)
const FACILITIES = 10
const SEED = 42
const columns = columnsOf('monitoring')
const spec = resolveDatasetSpec({
  type: 'monitoring',
  count: rows,
  defaultCount: rows,
  facilities: FACILITIES,
  seed: SEED,
})

async function withToolkit<T>(
  fn: (toolkit: Awaited<ReturnType<typeof createToolkit>>) => Promise<T>,
): Promise<T> {
  const toolkit = await createToolkit({
    db: url,
    config: {
      seed: SEED,
      facilities: FACILITIES,
      maxRecords: 100_000_000,
      ...(storage === 'default' ? {} : { storage: storage as 'typed' }),
      // Rows per transaction other than the engine's default, to compare batch sizes.
      ...(process.env['BENCH_BATCH_SIZE'] ? { batchSize: Number(process.env['BENCH_BATCH_SIZE']) } : {}),
    },
    useEnvironment: false,
  })
  try {
    return await fn(toolkit)
  } finally {
    await toolkit.close()
  }
}

/** An empty dataset row for the baselines to load into, so they face the same foreign key and indexes. */
async function emptyDataset(): Promise<{ id: number; knex: Knex; table: string; dialect: string }> {
  return withToolkit(async (toolkit) => {
    await toolkit.migrate.latest()
    const db = await toolkit.database()
    const { createDataset } = await import('../src/seeding/seed-runner.js')
    const plan = toolkit.plan({ types: ['monitoring'], count: rows })
    const id = await createDataset(db, plan.datasets[0]!, 'typed')
    // Where the typed table keeps one partition per dataset, the dataset's partition, keys included.
    const { ensurePartition } = await import('../src/schema/dataset-partitions.js')
    await ensurePartition(db, db.tables.typed.monitoring, id)
    const knex = knexFactory({ ...db.dialect.knexConfig(db.target), pool: { min: 0, max: 1 } })
    return { id, knex, table: db.tables.typed.monitoring.name, dialect: db.dialect.name }
  })
}

/** Bytes the database takes: PostgreSQL's database size, InnoDB's data and index length, SQLite's pages. */
async function databaseBytes(knex: Knex, dialect: string): Promise<number> {
  if (dialect === 'pg') {
    const r = await knex.raw<{ rows: { n: string }[] }>('select pg_database_size(current_database()) as n')
    return Number(r.rows[0]!.n)
  }
  if (dialect === 'mysql') {
    // InnoDB's sizes are statistics: refresh those of the tables a run fills first.
    await knex.raw('analyze table synthetic_monitoring_data, synthetic_data_records')
    const [r] = await knex.raw<[{ n: string }[]]>(
      'select sum(data_length + index_length) as n from information_schema.tables where table_schema = database()',
    )
    return Number(r?.[0]?.n)
  }
  const r = await knex.raw<{ n: number }[]>(
    'select page_count * page_size as n from pragma_page_count(), pragma_page_size()',
  )
  return Number(r[0]?.n)
}

interface Purge {
  /** `cleanup --dataset` of the dataset just seeded. */
  readonly purgeSeconds: number
  readonly mbBefore: number
  readonly mbSeeded: number
  readonly mbAfter: number
}

/** CPU time of this process during the timed run (toolkit modes): comparable on a busy machine, unlike wall time. */
let cpuSeconds: number | undefined
/** CPU time of the local server during the timed run or load, where it can be read (see server-cpu.ts). */
let serverSeconds: number | undefined

async function measure(): Promise<{ seconds: number; purge?: Purge }> {
  if (mode === 'toolkit' || mode === 'toolkit-main' || mode === 'seed') {
    // Migrations and connection set-up are not seeding: they run before the clock starts.
    const result = await withToolkit(async (toolkit) => {
      await toolkit.migrate.latest()
      const db = await toolkit.database()
      const mb = async () => Math.round((await databaseBytes(db.knex, db.dialect.name)) / 1048576)
      const mbBefore = await mb()
      const started = performance.now()
      const cpuStarted = process.cpuUsage()
      const serverStarted = serverCpuSeconds(db.dialect.name)
      const outcome = await toolkit.run({
        types: ['monitoring'],
        count: rows,
        ...(mode === 'toolkit-main' ? { generation: 'main' as const } : {}),
      })
      const elapsed = (performance.now() - started) / 1000
      const cpu = process.cpuUsage(cpuStarted)
      cpuSeconds = (cpu.user + cpu.system) / 1e6
      const serverEnded = await settledServerCpuSeconds(db.dialect.name)
      if (serverStarted !== undefined && serverEnded !== undefined)
        serverSeconds = serverEnded - serverStarted
      const mbSeeded = await mb()
      if (mode === 'seed') return { ...outcome, elapsed, purge: undefined }
      const purgeStarted = performance.now()
      await toolkit.cleanup({ dataset: outcome.datasets[0]!.id })
      const purgeSeconds = (performance.now() - purgeStarted) / 1000
      return { ...outcome, elapsed, purge: { purgeSeconds, mbBefore, mbSeeded, mbAfter: await mb() } }
    })
    if (result.datasets[0]?.status !== 'completed')
      throw new Error(`run failed: ${result.datasets[0]?.error}`)
    return { seconds: result.elapsed, purge: result.purge }
  }
  const empty = await emptyDataset()
  const { id, knex, dialect } = empty
  let table = empty.table
  if (mode === 'raw-bare' || mode === 'drizzle-seed') {
    // The same columns in a table without any key, index, constraint or partition.
    table = 'bench_bare_monitoring'
    await knex.raw('create table ?? as select * from ?? where 1 = 0', [table, empty.table])
  }
  try {
    if (mode === 'drizzle-seed') {
      const { drizzleSeedLoad } = await import('./drizzle-seed-load.js')
      return { seconds: await drizzleSeedLoad(dialect as 'pg', url, table, columns, id, rows) }
    }
    if (mode === 'batch-insert') {
      // What a hand-written seeder does: a faker loop over the columns, every row kept, then knex.batchInsert.
      const { faker } = await import('@faker-js/faker')
      faker.seed(SEED)
      const started = performance.now()
      const facilityIds = Array.from({ length: FACILITIES }, () => faker.string.uuid())
      const from = Date.UTC(2024, 0, 1)
      const timestamp = (ms: number) => {
        const iso = formatIsoTimestamp(ms)
        return dialect === 'mysql' ? iso.slice(0, 23).replace('T', ' ') : iso
      }
      const all: Record<string, unknown>[] = []
      for (let i = 0; i < rows; i++) {
        const out: Record<string, unknown> = { dataset_id: id }
        for (const column of columns) {
          const name = column.name
          out[name] =
            name === 'record_index'
              ? i
              : column.type === 'json'
                ? null // optional JSON a hand-written seeder leaves out
                : column.type === 'uuid'
                  ? faker.helpers.arrayElement(facilityIds)
                  : column.type === 'timestamp'
                    ? timestamp(from + i * 60_000)
                    : column.type === 'date'
                      ? formatIsoDate(from + i * 86_400_000)
                      : column.values !== undefined
                        ? faker.helpers.arrayElement(column.values)
                        : column.type === 'integer'
                          ? faker.number.int({ min: 0, max: 3 })
                          : column.type === 'float'
                            ? faker.number.float({ min: 0, max: 1000, fractionDigits: 3 })
                            : faker.lorem.word()
        }
        all.push(out)
      }
      await knex.batchInsert(table, all, dialect === 'sqlite' ? 500 : 1000)
      return { seconds: (performance.now() - started) / 1000 }
    }
    // raw: encode beforehand (not timed), then time the engine's own load.
    const target: BulkTarget = {
      table: { name: table },
      fixed: [{ column: { name: 'dataset_id', type: 'integer' }, value: id }],
      columns,
    }
    const dir = mkdtempSync(join(tmpdir(), 'tailingsiq-raw-'))
    try {
      const names = ['dataset_id', ...columns.map((c) => c.name)]
      if (dialect === 'pg' || dialect === 'mysql') {
        const file = await encodeRowsToFile(dialect, target, generateRecords(spec), dir)
        const serverStarted = serverCpuSeconds(dialect)
        const clientStarted = childrenCpuSeconds()
        const seconds = rawLoad(dialect, url, table, names, file)
        // The loader (psql, mysql) is a child process: its CPU is the client's.
        cpuSeconds = childrenCpuSeconds() - clientStarted
        const serverEnded = await settledServerCpuSeconds(dialect)
        if (serverStarted !== undefined && serverEnded !== undefined)
          serverSeconds = serverEnded - serverStarted
        return { seconds }
      }
      // SQLite: the prepared-statement loop over rows already encoded in memory.
      const values = [...generateRecords(spec)].map((row) => [
        id,
        ...columns.map((c) => {
          const v = row[c.name]
          if (v === null || v === undefined) return null
          if (c.type === 'timestamp') return formatIsoTimestamp(v as number)
          return c.type === 'json' ? JSON.stringify(v) : v
        }),
      ])
      const pool = knex.client as {
        acquireConnection(): Promise<unknown>
        releaseConnection(connection: unknown): Promise<void>
      }
      const connection = (await pool.acquireConnection()) as {
        prepare(sql: string): { run(v: unknown[]): void }
        exec(sql: string): void
      }
      const statement = connection.prepare(
        `insert into ${table} (${names.join(', ')}) values (${values[0]!.map(() => '?').join(', ')})`,
      )
      try {
        const started = performance.now()
        const cpuStarted = process.cpuUsage()
        connection.exec('begin')
        for (const [i, v] of values.entries()) {
          statement.run(v)
          if ((i + 1) % 50_000 === 0) {
            connection.exec('commit')
            connection.exec('begin')
          }
        }
        connection.exec('commit')
        const seconds = (performance.now() - started) / 1000
        const cpu = process.cpuUsage(cpuStarted)
        cpuSeconds = (cpu.user + cpu.system) / 1e6
        return { seconds }
      } finally {
        // Given back however the load ends: knex.destroy() waits for it.
        await pool.releaseConnection(connection)
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  } finally {
    await knex.destroy()
  }
}

// A case that fails says why on stdout, as its one JSON line, for the benchmark's table.
const { seconds, purge } = await measure().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error)
  process.stdout.write(`${JSON.stringify({ error: message.split('\n')[0]?.slice(0, 160) })}\n`)
  process.exit(1)
})
process.stdout.write(
  `${JSON.stringify({ mode, storage, rows, seconds, rowsPerSecond: Math.round(rows / seconds), ...(cpuSeconds === undefined ? {} : { cpuSeconds: Math.round(cpuSeconds * 100) / 100 }), ...(serverSeconds === undefined ? {} : { serverCpuSeconds: Math.round(serverSeconds * 100) / 100 }), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), ...purge })}\n`,
)
