// What SQLite itself takes to store 1,000,000 monitoring rows, with nothing generated while the clock runs: the
// rows are generated and bound to values beforehand, then a prepared statement inserts them (transactions of
// 250,000 rows, WAL, synchronous = NORMAL, as the toolkit writes) into
//   migrated: the typed table as the migrations make it (a `WITHOUT ROWID` table keyed on (dataset_id,
//             record_index), the (facility_id, timestamp) index, the foreign key to the dataset, enum checks,
//             declared column types), foreign keys on, as `run` writes it;
//   keyed:    the same keys without the foreign key, the checks and the declared types;
//   bare:     a rowid table without any key, the two keys built after the load.
// CPU seconds of this (the only) thread per variant, and rows per CPU second.
//   node dist/bench/sqlite-floor.js [rows] [dir]
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { formatIsoTimestamp } from '../src/formats/iso-time.js'
import { generateRecords } from '../src/generators/generate-records.js'
import { columnsOf } from '../src/generators/registry.js'
import { monitoringSpec, sqliteMonitoringDataset } from './monitoring-bench.js'

const rows = Number(process.argv[2] ?? 1_000_000)
const dir = process.argv[3] ?? '/tmp'
const columns = columnsOf('monitoring')
const spec = monitoringSpec(rows)
// The values the toolkit binds: ISO text for timestamps, JSON text for JSON.
const values = Array.from(generateRecords(spec), (row) => [
  1,
  ...columns.map((c) => {
    const v = row[c.name]
    if (v === null || v === undefined) return null
    if (c.type === 'timestamp') return formatIsoTimestamp(v as number)
    if (c.type === 'json') return JSON.stringify(v)
    return typeof v === 'boolean' ? Number(v) : v
  }),
])
const names = ['dataset_id', ...columns.map((c) => c.name)].map((n) => `"${n}"`).join(', ')
const cpu = () => {
  const used = process.cpuUsage()
  return (used.user + used.system) / 1e6
}
const round = (n: number) => Math.round(n * 100) / 100

const VARIANTS = (process.env['FLOOR_VARIANTS'] ?? 'migrated,keyed,bare').split(',')
for (const variant of VARIANTS) {
  const file = join(dir, `tailingsiq-sqlite-floor-${process.pid}.sqlite`)
  const remove = () => ['', '-wal', '-shm'].forEach((suffix) => rmSync(file + suffix, { force: true }))
  remove()
  const id = variant.startsWith('migrated') ? await sqliteMonitoringDataset(file, rows) : 1
  const table = variant.startsWith('migrated') ? 'synthetic_monitoring_data' : 't'
  for (const row of values) row[0] = id
  const db = new Database(file)
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma(`foreign_keys = ${variant === 'migrated-nofk' ? 'OFF' : 'ON'}`)
    if (variant === 'keyed') {
      db.exec(`create table t (${names}, primary key (dataset_id, record_index)) without rowid`)
      db.exec('create index t_facility_time on t (facility_id, "timestamp")')
    } else {
      db.exec(`create table t (${names})`)
    }
    const insert = db.prepare(
      `insert into ${table} (${names}) values (${values[0]!.map(() => '?').join(', ')})`,
    )
    const started = cpu()
    db.exec('begin')
    for (let i = 0; i < values.length; i++) {
      insert.run(values[i]!)
      if ((i + 1) % 250_000 === 0) {
        db.exec('commit')
        db.exec('begin')
      }
    }
    db.exec('commit')
    const loaded = cpu()
    const result: Record<string, unknown> = { variant, rows, loadCpuSeconds: round(loaded - started) }
    let ended = loaded
    if (variant === 'bare') {
      db.exec('create unique index t_key on t (dataset_id, record_index)')
      const keyed = cpu()
      db.exec('create index t_facility_time on t (facility_id, "timestamp")')
      ended = cpu()
      Object.assign(result, {
        primaryKeyCpuSeconds: round(keyed - loaded),
        indexCpuSeconds: round(ended - keyed),
      })
    }
    Object.assign(result, {
      cpuSeconds: round(ended - started),
      rowsPerCpuSecond: Math.round(rows / (ended - started)),
    })
    process.stdout.write(`${JSON.stringify(result)}\n`)
  } finally {
    db.close()
    remove()
  }
}
