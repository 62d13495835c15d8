// Where a load's time goes, stage by stage, in a process of its own. Prints one JSON line with wall and CPU
// seconds (CPU is what to compare on a shared machine: the load average inflates it much less).
//   node dist/bench/stage-child.js generate [rows]                 generation alone
//   node dist/bench/stage-child.js encode-mysql [rows]             generation + LOAD DATA text encoding
//   node dist/bench/stage-child.js sqlite <variant> [rows] [perRun]
//   node dist/bench/stage-child.js encode-pg [rows]                generation + binary COPY encoding
//   (STAGE_WARM=1: generate and encode the rows once before the measured pass; the output splits the CPU into
//   the main thread's and the other threads', where V8 compiles)
//   node dist/bench/stage-child.js pg <url> [rows]                 a default `run`'s steps on PostgreSQL, one by one
//                                                                  (PGSTAGE_PUBLISH=split: the keys one at a time)
// sqlite variants, joined with `+`: keyed (the migrated typed table), nofk (foreign keys off), noidx (without the
// (facility_id, timestamp) index), bare (a rowid table without any key or check), norun (bind values only).
// The SQLite file is /work/tmp/stage-<variant>.sqlite, or under STAGE_DIR; it is removed afterwards.
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import knexFactory, { type Knex } from 'knex'
import { createToolkit } from '../src/commands/toolkit.js'
import { BinaryCopyEncoder, copyRows } from '../src/dialects/pg/pg-copy-writer.js'
import { loadDataChunks } from '../src/dialects/mysql/mysql-load-data-writer.js'
import { formatIsoTimestamp } from '../src/formats/iso-time.js'
import { generateRecords } from '../src/generators/generate-records.js'
import { columnsOf } from '../src/generators/registry.js'
import { createDataset } from '../src/seeding/seed-runner.js'
import { RowBatches } from '../src/seeding/row-batches.js'
import { loadTarget } from '../src/schema/dataset-partitions.js'
import { monitoringSpec, sqliteMonitoringDataset } from './monitoring-bench.js'

const [mode = 'generate', ...rest] = process.argv.slice(2)
const variant = mode === 'sqlite' ? (rest.shift() ?? 'keyed') : mode === 'pg' ? rest.shift()! : mode
const rows = Number(rest[0] ?? 1_000_000)
const perRun = Number(rest[1] ?? 1)
const columns = columnsOf('monitoring')
const spec = monitoringSpec(rows)

interface SqliteConnection {
  prepare(sql: string): { run(values: unknown[]): void }
  exec(sql: string): void
  pragma(sql: string): void
}

async function sqliteStage(run: (count: () => void) => void): Promise<void> {
  const file = join(process.env['STAGE_DIR'] ?? '/work/tmp', `stage-${variant}.sqlite`)
  const remove = () => ['', '-wal', '-shm'].forEach((s) => rmSync(file + s, { force: true }))
  remove()
  const id = await sqliteMonitoringDataset(file, rows)
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
        values[at++] =
          v === null || v === undefined
            ? null
            : column.type === 'timestamp'
              ? formatIsoTimestamp(v as number)
              : column.type === 'json'
                ? JSON.stringify(v)
                : v
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

/** CPU seconds a process of this machine has used so far (its own, and its children's that have exited). */
function processCpu(pid: number): { own: number; children: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  const tick = (i: number) => Number(fields[i - 3]) / 100
  return { own: tick(14) + tick(15), children: tick(16) + tick(17) }
}

/**
 * A default `run` of the monitoring rows on PostgreSQL, step by step: generation, binary encoding, COPY in
 * transactions of 50,000 rows into the dataset's own table, then its publication (keys, foreign-key check,
 * attach, commit). Each step with its wall time, this process's CPU, the server backend's CPU and that of the
 * server's parallel workers (the postmaster's exited children) and background processes (WAL writer,
 * checkpointer, background writer). PGSTAGE_PUBLISH=split builds the keys one statement at a time first.
 */
async function pgStages(url: string): Promise<Record<string, unknown>> {
  const toolkit = await createToolkit({
    db: url,
    config: { seed: 42, facilities: 10, storage: 'typed', maxRecords: 100_000_000 },
    useEnvironment: false,
  })
  try {
    await toolkit.migrate.latest()
    const db = await toolkit.database()
    const id = await createDataset(
      db,
      toolkit.plan({ types: ['monitoring'], count: rows }).datasets[0]!,
      'typed',
    )
    const server = await db.knex.raw<{ rows: { pid: number; type: string }[] }>(
      `select pid, backend_type as type from pg_stat_activity
        where backend_type in ('walwriter', 'checkpointer', 'background writer')`,
    )
    const background = server.rows.map((r) => r.pid)
    const backendPid = async (trx: Knex.Transaction) =>
      (await trx.raw<{ rows: { pid: number }[] }>('select pg_backend_pid() as pid')).rows[0]!.pid
    const stages: Record<string, Record<string, number>> = {}
    const round = (n: number) => Math.round(n * 100) / 100
    // One step: wall and CPU seconds of the client, the backend `pid` (while it runs), the postmaster's children.
    const measure = async (name: string, pid: number | undefined, step: () => Promise<void>) => {
      const postmaster =
        pid === undefined
          ? undefined
          : Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1])
      const sample = () => ({
        wall: performance.now() / 1000,
        client: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
        backend: pid === undefined ? 0 : processCpu(pid).own,
        workers: postmaster === undefined ? 0 : processCpu(postmaster).children,
        background: background.reduce((sum, p) => sum + processCpu(p).own, 0),
      })
      const before = sample()
      await step()
      const after = sample()
      const total = stages[name] ?? {}
      for (const key of Object.keys(after) as (keyof typeof after)[])
        total[key] = round((total[key] ?? 0) + after[key] - before[key])
      stages[name] = total
    }
    const loadTable = db.tables.typed.monitoring
    await measure('generate', undefined, () => {
      for (const _row of generateRecords(spec));
      return Promise.resolve()
    })
    const fixed = [{ column: { name: 'dataset_id', type: 'integer' as const }, value: id }]
    await measure('generate+encode', undefined, () => {
      const encoder = new BinaryCopyEncoder({ table: loadTable, fixed, columns }, () => {})
      for (const row of generateRecords(spec)) encoder.write(row)
      encoder.end()
      return Promise.resolve()
    })
    const load = await loadTarget(db, loadTable, id)
    const target = { table: load.table, fixed, columns }
    const batches = new RowBatches(generateRecords(spec))
    for (let batch = batches.next(50_000); batch !== undefined; batch = batches.next(50_000)) {
      const trx = await db.knex.transaction()
      const pid = await backendPid(trx)
      await measure('copy', pid, async () => {
        await copyRows(trx, target, batch)
      })
      await measure('copy commit', pid, async () => {
        await trx.commit()
      })
    }
    const trx = await db.knex.transaction()
    const pid = await backendPid(trx)
    const name = load.table.name
    if (process.env['PGSTAGE_PUBLISH'] === 'split') {
      await measure('primary key', pid, async () => {
        await trx.raw(`alter table ?? add constraint ?? primary key (dataset_id, record_index)`, [
          name,
          `${name}_pkey`,
        ])
      })
      await measure('(facility, time) index', pid, async () => {
        await trx.raw(`create index ?? on ?? (facility_id, "timestamp")`, [
          `${name}_facility_id_timestamp_idx`,
          name,
        ])
      })
    }
    // The attach alone: the dataset row is left as it is.
    const completion = {
      table: db.tables.dataSets,
      ready: () => Promise.resolve(true),
      mark: () => Promise.resolve(true),
    }
    await measure('attach', pid, async () => {
      await load.publish!(trx, completion)
    })
    await measure('attach commit', pid, async () => {
      await trx.commit()
    })
    const total: Record<string, number> = {}
    for (const [key, stage] of Object.entries(stages)) {
      if (key === 'generate' || key === 'generate+encode') continue
      for (const [k, v] of Object.entries(stage)) total[k] = round((total[k] ?? 0) + v)
    }
    await db.knex.raw(`alter table ?? detach partition ??`, [loadTable.name, name])
    await db.knex.raw(`drop table ??`, [name])
    return {
      mode,
      rows,
      publish: process.env['PGSTAGE_PUBLISH'] ?? 'attach',
      stages,
      total,
      loadavg: (await import('node:os')).loadavg()[0],
    }
  } finally {
    await toolkit.close()
  }
}

/**
 * CPU seconds so far of this process's main thread and of its other threads (V8's compiler and garbage
 * collector threads, libuv's pool), from /proc (Linux). The main thread is the one whose id is the process's.
 */
function threadCpu(): { main: number; others: number } | undefined {
  try {
    let main = 0
    let others = 0
    for (const task of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      const seconds = (Number(fields[11]) + Number(fields[12])) / 100
      if (Number(task) === process.pid) main += seconds
      else others += seconds
    }
    return { main, others }
  } catch {
    return undefined
  }
}

// STAGE_WARM=1: the generation modes generate (and encode) the rows once before the clock starts, so the
// measured pass runs code the JIT has already compiled with complete type feedback.
if (process.env['STAGE_WARM'] === '1' && (mode === 'generate' || mode === 'encode-pg')) {
  for (const _row of generateRecords(spec));
}
const threadsStarted = threadCpu()
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
} else if (mode === 'encode-pg') {
  const target = {
    table: { name: 'stage' },
    fixed: [{ column: { name: 'dataset_id', type: 'integer' as const }, value: 1 }],
    columns,
  }
  const encoder = new BinaryCopyEncoder(target, () => {})
  for (const row of generateRecords(spec)) encoder.write(row)
  encoder.end()
} else if (mode === 'pg') {
  process.stdout.write(`${JSON.stringify(await pgStages(variant))}\n`)
  process.exit(0)
} else {
  throw new Error(`unknown mode ${mode}: generate, encode-mysql, encode-pg, sqlite or pg`)
}
const cpu = process.cpuUsage(cpuStarted)
const seconds = (performance.now() - started - setUp.wall) / 1000
const cpuSeconds = (cpu.user + cpu.system - setUp.cpu) / 1e6
const threadsEnded = threadCpu()
// Main thread and other threads (the JIT compiler's among them) over the measured pass, set-up included.
const threads =
  threadsStarted === undefined || threadsEnded === undefined
    ? {}
    : {
        mainThreadCpu: +(threadsEnded.main - threadsStarted.main).toFixed(2),
        otherThreadsCpu: +(threadsEnded.others - threadsStarted.others).toFixed(2),
      }
process.stdout.write(
  `${JSON.stringify({ mode, variant, rows, perRun, seconds: +seconds.toFixed(2), rowsPerSecond: Math.round(rows / seconds), cpuSeconds: +cpuSeconds.toFixed(2), ...threads, warm: process.env['STAGE_WARM'] === '1', loadavg: (await import('node:os')).loadavg()[0] })}\n`,
)
