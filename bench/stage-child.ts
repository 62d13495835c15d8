// Where a load's time goes, stage by stage, in a process of its own. Prints one JSON line with wall and CPU
// seconds (CPU is what to compare on a shared machine: the load average inflates it much less).
//   node dist/bench/stage-child.js generate [rows]                 generation alone
//   node dist/bench/stage-child.js encode-mysql [rows]             generation + LOAD DATA text encoding
//   node dist/bench/stage-child.js sqlite <variant> [rows] [perRun]
// sqlite variants, joined with `+`: keyed (the migrated typed table), nofk (foreign keys off), noidx (without the
// (facility_id, timestamp) index), bare (a rowid table without any key or check), norun (bind values only).
// The SQLite file is /work/tmp/stage-<variant>.sqlite, or under STAGE_DIR; it is removed afterwards.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import knexFactory from 'knex'
import { createToolkit } from '../src/commands/toolkit.js'
import { loadDataChunks } from '../src/dialects/mysql/mysql-load-data-writer.js'
import { formatIsoTimestamp } from '../src/formats/iso-time.js'
import { resolveDatasetSpec } from '../src/generators/dataset-spec.js'
import { generateRecords } from '../src/generators/generate-records.js'
import { columnsOf } from '../src/generators/registry.js'
import { createDataset } from '../src/seeding/seed-runner.js'

const [mode = 'generate', ...rest] = process.argv.slice(2)
const variant = mode === 'sqlite' ? (rest.shift() ?? 'keyed') : mode
const rows = Number(rest[0] ?? 1_000_000)
const perRun = Number(rest[1] ?? 1)
const columns = columnsOf('monitoring')
const spec = resolveDatasetSpec({
  type: 'monitoring',
  count: rows,
  defaultCount: rows,
  facilities: 10,
  seed: 42,
})

interface SqliteConnection {
  prepare(sql: string): { run(values: unknown[]): void }
  exec(sql: string): void
  pragma(sql: string): void
}

/** A fresh SQLite file at the latest schema with one empty dataset; returns its file and the dataset's id. */
async function sqliteDataset(file: string): Promise<number> {
  const toolkit = await createToolkit({
    db: `sqlite://${file}`,
    config: { seed: 42, facilities: 10, maxRecords: 100_000_000 },
    useEnvironment: false,
  })
  try {
    await toolkit.migrate.latest()
    const db = await toolkit.database()
    return await createDataset(db, toolkit.plan({ types: ['monitoring'], count: rows }).datasets[0]!, 'typed')
  } finally {
    await toolkit.close()
  }
}

async function sqliteStage(run: (count: () => void) => void): Promise<void> {
  const file = join(process.env['STAGE_DIR'] ?? '/work/tmp', `stage-${variant}.sqlite`)
  const remove = () => ['', '-wal', '-shm'].forEach((s) => rmSync(file + s, { force: true }))
  remove()
  const id = await sqliteDataset(file)
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
  })
  const pool = knex.client as {
    acquireConnection(): Promise<SqliteConnection>
    releaseConnection(connection: SqliteConnection): Promise<void>
  }
  const db = await pool.acquireConnection()
  try {
    const options = new Set(variant.split('+'))
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma(`foreign_keys = ${options.has('nofk') ? 'OFF' : 'ON'}`)
    let table = 'synthetic_monitoring_data'
    if (options.has('noidx') || options.has('bare')) db.exec('drop index synthetic_mon_fac_time_idx')
    if (options.has('bare')) {
      table = 'stage_bare'
      db.exec(`create table ${table} as select * from synthetic_monitoring_data where 0`)
    }
    const names = ['dataset_id', ...columns.map((c) => c.name)]
    const tuple = `(${names.map(() => '?').join(',')})`
    const statement = db.prepare(
      `insert into ${table} (${names.join(',')}) values ${Array.from({ length: perRun }, () => tuple).join(',')}`,
    )
    const values: unknown[] = new Array<unknown>(perRun * names.length)
    let pending = 0
    db.exec('begin')
    run(() => {})
    let n = 0
    for (const row of generateRecords(spec)) {
      let at = pending * names.length
      values[at++] = id
      for (const column of columns) {
        const v = row[column.name]
        values[at++] = v === null ? null : column.type === 'timestamp' ? formatIsoTimestamp(v as number) : v
      }
      if (++pending === perRun) {
        if (!options.has('norun')) statement.run(values)
        pending = 0
      }
      // The toolkit's default batch: one transaction per 50,000 rows.
      if (++n % 50_000 === 0) {
        db.exec('commit')
        db.exec('begin')
      }
    }
    db.exec('commit')
  } finally {
    await pool.releaseConnection(db)
    await knex.destroy()
    remove()
  }
}

const started = performance.now()
const cpuStarted = process.cpuUsage()
let setUp = { wall: 0, cpu: 0 }
if (mode === 'generate') {
  for (const _row of generateRecords(spec));
} else if (mode === 'encode-mysql') {
  const target = {
    table: { name: 'stage' },
    fixed: [{ column: { name: 'dataset_id', type: 'integer' as const }, value: 1 }],
    columns,
  }
  for (const _chunk of loadDataChunks(target, generateRecords(spec), { rows: 0 }));
} else if (mode === 'sqlite') {
  // The schema is made before the clock that counts: `run` is called once it is ready.
  await sqliteStage(() => {
    const cpu = process.cpuUsage(cpuStarted)
    setUp = { wall: performance.now() - started, cpu: cpu.user + cpu.system }
  })
} else {
  throw new Error(`unknown mode ${mode}: generate, encode-mysql or sqlite`)
}
const cpu = process.cpuUsage(cpuStarted)
const seconds = (performance.now() - started - setUp.wall) / 1000
const cpuSeconds = (cpu.user + cpu.system - setUp.cpu) / 1e6
process.stdout.write(
  `${JSON.stringify({ mode, variant, rows, perRun, seconds: +seconds.toFixed(2), rowsPerSecond: Math.round(rows / seconds), cpuSeconds: +cpuSeconds.toFixed(2), loadavg: (await import('node:os')).loadavg()[0] })}\n`,
)
