// The bulk-path benchmark: on each database, the same 1,000,000 monitoring records seeded by the toolkit
// (typed table only, then storage "both"), against baselines measured in the same run into the same empty
// table: (a) knex.batchInsert, chunk 1000, (b) the engine's raw bulk load of the rows encoded beforehand, and
// (c) that raw load into a bare table of the same columns. Also the purge of the typed run's dataset.
// Also the peak RSS of a 1,000,000- and a 5,000,000-row run. Each measurement runs in its own process and
// its own fresh database.
//
//   npm run bench                                  # everything (about 10 minutes)
//   BENCH_ROWS=200000 BENCH_DIALECTS=sqlite npm run bench
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BENCH_DIALECTS, DIALECT_LABELS, freshDatabase, type BenchDialect } from './bench-databases.js'
import { writeBenchResults } from './bench-results.js'

const ROWS = Number(process.env['BENCH_ROWS'] ?? 1_000_000)
const LARGE_ROWS = Number(process.env['BENCH_LARGE_ROWS'] ?? ROWS * 5)
const here = fileURLToPath(new URL('.', import.meta.url))
const RAW = {
  pg: 'psql \\copy (binary)',
  mysql: 'LOAD DATA LOCAL INFILE (mysql CLI)',
  sqlite: 'prepared-statement loop',
}

interface Measurement {
  mode: string
  storage: string
  rows: number
  seconds: number
  rowsPerSecond: number
  maxRssMb: number
  purgeSeconds?: number
  mbBefore?: number
  mbSeeded?: number
  mbAfter?: number
}

async function run(
  dialect: BenchDialect,
  mode: string,
  rows: number,
  storage = 'typed',
): Promise<Measurement> {
  const db = await freshDatabase(dialect, 'bench')
  try {
    const stdout = execFileSync(
      process.execPath,
      [join(here, 'seed-child.js'), mode, db.url, String(rows), storage],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      },
    )
    const measurement = JSON.parse(stdout.trim().split('\n').pop() as string) as Measurement
    console.error(
      `  ${DIALECT_LABELS[dialect]} ${mode} ${storage} ${rows}: ${measurement.rowsPerSecond.toLocaleString('en-US')} rows/s, ${measurement.maxRssMb} MB`,
    )
    return measurement
  } finally {
    await db.drop()
  }
}

const results: Record<string, Record<string, Measurement>> = {}
for (const dialect of BENCH_DIALECTS) {
  console.error(`${DIALECT_LABELS[dialect]}:`)
  results[dialect] = {
    typed: await run(dialect, 'toolkit', ROWS, 'typed'),
    both: await run(dialect, 'toolkit', ROWS, 'both'),
    batchInsert: await run(dialect, 'batch-insert', ROWS),
    raw: await run(dialect, 'raw', ROWS),
    bare: await run(dialect, 'raw-bare', ROWS),
    large: await run(dialect, 'toolkit', LARGE_ROWS, 'typed'),
  }
}

const fmt = (n: number) => n.toLocaleString('en-US')
const ratio = (a: number, b: number) => (a / b).toFixed(2)
const lines = [
  `Seeding ${fmt(ROWS)} monitoring records (the real generators included), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
  "Ratios are against baselines measured in the same run: into the dataset's table (keys, foreign key and indexes included; on PostgreSQL the dataset's partition), and into a bare table of the same columns without any key.",
  "Purge: `cleanup --dataset` of the typed run's dataset, and the database size before the seed, after it, and after the purge.",
  '',
  '| database | toolkit, typed table | vs knex.batchInsert | vs raw load into the keyed table | vs raw load into a bare table | toolkit, storage both | peak RSS 1M / 5M rows | purge | size before / seeded / after |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...BENCH_DIALECTS.map((d) => {
    const r = results[d]!
    const t = r['typed']!
    return `| ${DIALECT_LABELS[d]} | ${fmt(t.rowsPerSecond)} rows/s | ${ratio(t.rowsPerSecond, r['batchInsert']!.rowsPerSecond)}× (${fmt(r['batchInsert']!.rowsPerSecond)}) | ${ratio(t.rowsPerSecond, r['raw']!.rowsPerSecond)} of ${RAW[d]} (${fmt(r['raw']!.rowsPerSecond)}) | ${ratio(t.rowsPerSecond, r['bare']!.rowsPerSecond)} (${fmt(r['bare']!.rowsPerSecond)}) | ${fmt(r['both']!.rowsPerSecond)} rows/s | ${t.maxRssMb} / ${r['large']!.maxRssMb} MB (${ratio(r['large']!.maxRssMb, t.maxRssMb)}×; batchInsert ${r['batchInsert']!.maxRssMb} MB) | ${t.purgeSeconds?.toFixed(2)} s | ${t.mbBefore} / ${t.mbSeeded} / ${t.mbAfter} MB |`
  }),
]
const table = lines.join('\n')
console.log(table)
writeBenchResults('seed', table, { node: process.version, rows: ROWS, largeRows: LARGE_ROWS, results })
