// The bulk-path benchmark, one run per engine, every case side by side: the toolkit's default `run` of
// 1,000,000 monitoring records (generators included), then the purge of that dataset and the database size
// before, seeded and after; the engine's own bulk load of the same rows encoded beforehand into a bare table of
// the same columns (the baseline every ratio is against: psql binary \copy, LOAD DATA LOCAL INFILE, a prepared
// statement loop) and into the dataset's keyed table; a faker loop + knex.batchInsert; the peer seeder
// drizzle-seed; the toolkit's peak RSS at 5,000,000 rows; the export of a dataset of BENCH_ROWS records to CSV and
// to NDJSON (export-child.js: rows/s and peak RSS); and `stats` and a query by dataset id over a database holding
// 1,000 datasets. Each case runs in its own process (so its peak RSS is its own) and its own fresh
// database. Ratios compare cases of the same run; absolute figures depend on the machine and its load, which is
// printed beside them. The baseline and the default run alternate BENCH_REPEAT times and the table takes the median
// of each, as the machines' speed swings within minutes.
//
//   npm run bench                                    # everything, all three engines (20-40 minutes)
//   BENCH_ROWS=200000 BENCH_DIALECTS=sqlite npm run bench
// Environment: BENCH_DIALECTS (pg,mysql,sqlite), BENCH_ROWS (1000000), BENCH_PEER_ROWS (rows of the
// batchInsert and drizzle-seed cases, which hold every row in memory and take minutes: BENCH_ROWS),
// BENCH_LARGE_ROWS (5 × BENCH_ROWS; 0 skips), BENCH_STATS_DATASETS (1000; 0 skips), BENCH_BOTH=1 adds
// `storage: both`, BENCH_REPEAT (3: runs of the baseline and of the default run, interleaved).
import { execFileSync } from 'node:child_process'
import { availableParallelism, loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MONITORING_COLUMNS } from '../src/generators/monitoring/monitoring-type.js'
import { BENCH_DIALECTS, DIALECT_LABELS, freshDatabase, type BenchDialect } from './bench-databases.js'
import { writeBenchResults } from './bench-results.js'

const ROWS = Number(process.env['BENCH_ROWS'] ?? 1_000_000)
const PEER_ROWS = Number(process.env['BENCH_PEER_ROWS'] ?? ROWS)
const LARGE_ROWS = Number(process.env['BENCH_LARGE_ROWS'] ?? ROWS * 5)
const STATS_DATASETS = Number(process.env['BENCH_STATS_DATASETS'] ?? 1000)
const BOTH = process.env['BENCH_BOTH'] === '1'
const REPEAT = Math.max(1, Math.trunc(Number(process.env['BENCH_REPEAT'] ?? 3)))
const CORES = availableParallelism()
const here = fileURLToPath(new URL('.', import.meta.url))
const BARE = {
  pg: 'psql binary `\\copy`',
  mysql: '`LOAD DATA LOCAL INFILE` (mysql CLI)',
  sqlite: 'prepared-statement loop',
}

interface Measurement {
  mode: string
  storage: string
  rows: number
  seconds: number
  rowsPerSecond: number
  cpuSeconds?: number
  /** CPU seconds of the local server during the case (PostgreSQL, MariaDB; see server-cpu.ts). */
  serverCpuSeconds?: number
  maxRssMb: number
  purgeSeconds?: number
  mbBefore?: number
  mbSeeded?: number
  mbAfter?: number
  /** The 1-minute load average when the case ended. */
  load: number
}

interface StatsMeasurement {
  datasets: number
  rowsPerDataset: number
  setupSeconds: number
  statsSummarySeconds: number
  statsDatasetSeconds: number
  rowsByDatasetSeconds: number
  load: number
}

/** One export of a dataset to a file (export-child.js). */
interface ExportMeasurement {
  format: string
  records: number
  seconds: number
  rowsPerSecond: number
  bytes: number
  maxRssMb: number
  load: number
}

const EXPORT_FORMATS = ['csv', 'ndjson'] as const

const load = () => Math.round(loadavg()[0]! * 10) / 10

/** Runs a child script; `$URL` and `$DIR` in its arguments name `db`. Returns the JSON of its last line. */
function run<T>(db: { url: string; dir: string }, script: string, args: readonly string[]): T {
  const stdout = execFileSync(
    process.execPath,
    [join(here, script), ...args.map((a) => (a === '$URL' ? db.url : a === '$DIR' ? db.dir : a))],
    { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  return { ...(JSON.parse(stdout.trim().split('\n').pop() as string) as T), load: load() }
}

/** Runs a child script on a fresh database; returns the JSON of its last line of output. */
async function child<T>(dialect: BenchDialect, script: string, args: readonly string[]): Promise<T> {
  const db = await freshDatabase(dialect, 'bench')
  try {
    return run<T>(db, script, args)
  } finally {
    await db.drop()
  }
}

/**
 * Seeds a dataset of {@link ROWS} monitoring records (the toolkit's default storage; not a measurement: the
 * toolkit case is), then exports it to each of {@link EXPORT_FORMATS}, each export in a process of its own.
 */
async function exportCases(dialect: BenchDialect): Promise<Record<string, ExportMeasurement>> {
  const db = await freshDatabase(dialect, 'bench')
  try {
    run(db, 'seed-child.js', ['seed', '$URL', String(ROWS), 'default'])
    const out: Record<string, ExportMeasurement> = {}
    for (const format of EXPORT_FORMATS) {
      const m = run<ExportMeasurement>(db, 'export-child.js', ['$URL', format, join(db.dir, `out.${format}`)])
      if (m.records !== ROWS) throw new Error(`${format} export wrote ${m.records} records, not ${ROWS}`)
      console.error(
        `  ${DIALECT_LABELS[dialect]} export ${format} ${fmt(ROWS)}: ${fmt(m.rowsPerSecond)} rows/s, ${m.maxRssMb} MB (load ${m.load})`,
      )
      out[format] = m
    }
    return out
  } finally {
    await db.drop()
  }
}

async function seedCase(dialect: BenchDialect, mode: string, rows: number, storage = 'typed') {
  const m = await child<Measurement>(dialect, 'seed-child.js', [mode, '$URL', String(rows), storage])
  console.error(
    `  ${DIALECT_LABELS[dialect]} ${mode} ${storage} ${fmt(rows)}: ${fmt(m.rowsPerSecond)} rows/s, ${m.maxRssMb} MB (load ${m.load})`,
  )
  return m
}

const fmt = (n: number) => n.toLocaleString('en-US')

/** The run of median rows/s (the upper one of an even number). */
const median = (runs: readonly Measurement[]): Measurement =>
  [...runs].sort((a, b) => a.rowsPerSecond - b.rowsPerSecond)[Math.floor(runs.length / 2)]!

interface EngineResults {
  loadAtStart: number
  cases: Record<string, Measurement>
  /** Cases that could not run on the engine, with the first line of their error. */
  failed: Record<string, string | undefined>
  /** Exports of a {@link ROWS}-record dataset, by format. */
  exports: Record<string, ExportMeasurement>
  /** Every run of the baseline and of the default run, in the order they ran (they alternate). */
  repeats: { bare: Measurement[]; toolkit: Measurement[] }
  stats?: StatsMeasurement
}

const results: Partial<Record<BenchDialect, EngineResults>> = {}
for (const dialect of BENCH_DIALECTS) {
  console.error(`${DIALECT_LABELS[dialect]} (load ${load()}):`)
  const engine: EngineResults = {
    loadAtStart: load(),
    cases: {},
    failed: {},
    exports: {},
    repeats: { bare: [], toolkit: [] },
  }
  results[dialect] = engine
  // The baseline, then the toolkit right after it, REPEAT times, so the ratio the table leads with is taken close in
  // time and a swing of the machine's speed shows in the runs instead of deciding the result.
  for (let i = 0; i < REPEAT; i++) {
    engine.repeats.bare.push(await seedCase(dialect, 'raw-bare', ROWS))
    engine.repeats.toolkit.push(await seedCase(dialect, 'toolkit', ROWS, 'default'))
  }
  engine.cases['bare'] = median(engine.repeats.bare)
  engine.cases['toolkit'] = median(engine.repeats.toolkit)
  // SQLite generates on a worker thread; the same run with every row generated on the main thread beside it.
  if (dialect === 'sqlite')
    engine.cases['toolkitMain'] = await seedCase(dialect, 'toolkit-main', ROWS, 'default')
  engine.cases['raw'] = await seedCase(dialect, 'raw', ROWS)
  engine.cases['batchInsert'] = await seedCase(dialect, 'batch-insert', PEER_ROWS)
  // A peer seeder that cannot drive an engine is reported in the table, not a reason to stop the run.
  try {
    engine.cases['drizzle'] = await seedCase(dialect, 'drizzle-seed', PEER_ROWS)
  } catch (error) {
    const stdout = ((error as { stdout?: string }).stdout ?? '').trim()
    engine.failed['drizzle'] = stdout.startsWith('{"error"')
      ? (JSON.parse(stdout.split('\n').pop() as string) as { error: string }).error
      : String(error).split('\n')[0]
    console.error(`  ${DIALECT_LABELS[dialect]} drizzle-seed failed: ${engine.failed['drizzle']}`)
  }
  if (BOTH) engine.cases['both'] = await seedCase(dialect, 'toolkit', ROWS, 'both')
  if (LARGE_ROWS > 0) engine.cases['large'] = await seedCase(dialect, 'toolkit', LARGE_ROWS, 'default')
  engine.exports = await exportCases(dialect)
  if (STATS_DATASETS > 0) {
    engine.stats = await child<StatsMeasurement>(dialect, 'stats-child.js', ['$URL', String(STATS_DATASETS)])
    console.error(`  ${DIALECT_LABELS[dialect]} stats: ${JSON.stringify(engine.stats)}`)
  }
}

const ms = (seconds: number) => `${fmt(Math.round(seconds * 1000))} ms`
const dialects = BENCH_DIALECTS
/** A cell of a load: rows/s, its ratio to the bare-table baseline of the same engine and run, and peak RSS. */
const loadCell = (d: BenchDialect, key: string) => {
  const m = results[d]!.cases[key]
  if (m === undefined) return key in results[d]!.failed ? `could not run: ${results[d]!.failed[key]}` : '—'
  const baseline = results[d]!.cases['bare']!.rowsPerSecond
  return `${fmt(m.rowsPerSecond)} rows/s (${(m.rowsPerSecond / baseline).toFixed(2)}×), ${fmt(m.maxRssMb)} MB`
}
const row = (label: string, cell: (d: BenchDialect) => string) =>
  `| ${label} | ${dialects.map(cell).join(' | ')} |`
/** A cell of an export: rows/s and peak RSS of the process. */
const exportCell = (d: BenchDialect, format: string) => {
  const m = results[d]!.exports[format]
  return m === undefined ? '—' : `${fmt(m.rowsPerSecond)} rows/s, ${fmt(m.maxRssMb)} MB`
}
/** CPU seconds of a case: the client's, the server's where it was read, and their sum. */
const cpuCell = (m: Measurement) =>
  m.cpuSeconds === undefined
    ? '—'
    : m.serverCpuSeconds === undefined
      ? `${m.cpuSeconds}`
      : `${m.cpuSeconds} + ${m.serverCpuSeconds} = ${(m.cpuSeconds + m.serverCpuSeconds).toFixed(2)}`
/**
 * Half the bare load's rate leaves the run `2 × bare` seconds; the run's CPU (client and server) cannot take
 * less than its sum over the machine's cores. Where the second figure is larger, half the rate is out of reach
 * on this machine whatever the run overlaps.
 */
const halfRateCell = (d: BenchDialect) => {
  const { bare, toolkit } = results[d]!.cases
  if (bare === undefined || toolkit?.cpuSeconds === undefined) return '—'
  const allowed = (2 * ROWS) / bare.rowsPerSecond
  const least = (toolkit.cpuSeconds + (toolkit.serverCpuSeconds ?? 0)) / CORES
  return `${allowed.toFixed(2)} s / ${least.toFixed(2)} s`
}
const peer = PEER_ROWS === ROWS ? '' : ` (${fmt(PEER_ROWS)} rows)`
const lines = [
  `${fmt(ROWS)} monitoring records (${MONITORING_COLUMNS.length} columns, the real generators included) per load, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; each case in its own process and fresh database.`,
  `Cells: rows/s, the ratio to the raw load into a bare table of the same engine in the same run, and the peak RSS of the process. The bare load and the default run alternated ${REPEAT} time(s): their rows show the median run of each.`,
  '',
  `| case | ${dialects.map((d) => DIALECT_LABELS[d]).join(' | ')} |`,
  `|---|${dialects.map(() => '---:|').join('')}`,
  row('toolkit `run`, default storage', (d) => loadCell(d, 'toolkit')),
  row('the same, generated on the main thread (`generation: main`)', (d) =>
    d === 'sqlite' ? loadCell(d, 'toolkitMain') : '— (always)',
  ),
  row(
    'raw load of pre-encoded rows into a bare table (baseline)',
    (d) => `${BARE[d]}: ${loadCell(d, 'bare')}`,
  ),
  ...(REPEAT > 1
    ? [
        row(
          `each of the ${REPEAT} runs of the bare load / of the default \`run\`, in the order they ran (rows/s)`,
          (d) =>
            `${results[d]!.repeats.bare.map((m) => fmt(m.rowsPerSecond)).join(' · ')} / ${results[d]!.repeats.toolkit.map((m) => fmt(m.rowsPerSecond)).join(' · ')}`,
        ),
      ]
    : []),
  row("the same raw load into the dataset's keyed table", (d) => loadCell(d, 'raw')),
  row(`faker loop + \`knex.batchInsert\`, keyed table${peer}`, (d) => loadCell(d, 'batchInsert')),
  row(`drizzle-seed 0.3.1, bare table${peer}`, (d) => loadCell(d, 'drizzle')),
  ...(BOTH ? [row('toolkit `run --storage both`', (d) => loadCell(d, 'both'))] : []),
  ...(LARGE_ROWS > 0 ? [row(`toolkit \`run\`, ${fmt(LARGE_ROWS)} rows`, (d) => loadCell(d, 'large'))] : []),
  row(`\`export\` of the ${fmt(ROWS)}-record dataset to CSV (rows/s, peak RSS)`, (d) => exportCell(d, 'csv')),
  row(`\`export\` of it to NDJSON`, (d) => exportCell(d, 'ndjson')),
  row(
    'CPU seconds of the default `run`: client (generation, encoding; SQLite: the engine too) + server',
    (d) => cpuCell(results[d]!.cases['toolkit']!),
  ),
  row('CPU seconds of the bare-table load: loader + server', (d) => cpuCell(results[d]!.cases['bare']!)),
  row(
    `the default \`run\` at half the bare load's rate: time allowed / the least its CPU takes on ${CORES} cores`,
    (d) => halfRateCell(d),
  ),
  row(`purge of the ${fmt(ROWS)}-record dataset (\`cleanup --dataset\`)`, (d) =>
    ms(results[d]!.cases['toolkit']!.purgeSeconds ?? NaN),
  ),
  row('database size before / seeded / after the purge', (d) => {
    const t = results[d]!.cases['toolkit']!
    return `${t.mbBefore} / ${t.mbSeeded} / ${t.mbAfter} MB`
  }),
  ...(STATS_DATASETS > 0
    ? [
        row(`\`stats\` (summary) over ${fmt(STATS_DATASETS)} datasets`, (d) =>
          ms(results[d]!.stats!.statsSummarySeconds),
        ),
        row('`stats <id>` of one of them', (d) => ms(results[d]!.stats!.statsDatasetSeconds)),
        row(
          'making those datasets (`run` of every type, 20 records each; 3 at a time on a server)',
          (d) => `${results[d]!.stats!.setupSeconds} s`,
        ),
        row("one dataset's rows by `dataset_id` (20 rows)", (d) =>
          ms(results[d]!.stats!.rowsByDatasetSeconds),
        ),
      ]
    : []),
  row('load average (1 min) at the start / end of each case', (d) =>
    [
      results[d]!.loadAtStart,
      ...results[d]!.repeats.bare.flatMap((m, i) => [m.load, results[d]!.repeats.toolkit[i]!.load]),
      ...Object.entries(results[d]!.cases)
        .filter(([key]) => key !== 'bare' && key !== 'toolkit')
        .map(([, m]) => m.load),
      ...Object.values(results[d]!.exports).map((m) => m.load),
      ...(results[d]!.stats ? [results[d]!.stats.load] : []),
    ].join(' / '),
  ),
]
const table = lines.join('\n')
console.log(table)
writeBenchResults('seed', table, {
  node: process.version,
  rows: ROWS,
  peerRows: PEER_ROWS,
  largeRows: LARGE_ROWS,
  statsDatasets: STATS_DATASETS,
  repeat: REPEAT,
  results,
})
