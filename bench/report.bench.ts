// `report` build time and size: a 1,000,000-row monitoring dataset (typed table) on PostgreSQL, against
// `stats` of the same dataset (SQL aggregates over every row, measured in the same run, interleaved), so
// the result reads as a ratio that other load on the machine does not skew as much as a time.
//
//   npm run bench:report
//   BENCH_ROWS=200000 BENCH_DIALECTS=pg,mysql,sqlite npm run bench:report
import { execFileSync } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createToolkit } from '../src/commands/toolkit.js'
import { DIALECT_LABELS, freshDatabase, type BenchDialect } from './bench-databases.js'
import { writeBenchResults } from './bench-results.js'

const ROWS = Number(process.env['BENCH_ROWS'] ?? 1_000_000)
const DIALECTS = (process.env['BENCH_DIALECTS'] ?? 'pg').split(',') as BenchDialect[]
const RUNS = 5
const here = fileURLToPath(new URL('.', import.meta.url))

interface Measurement {
  reportSeconds: number
  statsSeconds: number
  bytes: number
  charts: number
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function measure(dialect: BenchDialect): Promise<Measurement> {
  const db = await freshDatabase(dialect, 'report')
  try {
    execFileSync(process.execPath, [join(here, 'seed-child.js'), 'seed', db.url, String(ROWS), 'typed'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    const toolkit = await createToolkit({
      db: db.url,
      config: { tablePrefix: 'synthetic_' },
      useEnvironment: false,
    })
    try {
      const [dataset] = (await toolkit.datasets.list()).datasets
      const id = dataset!.id
      const report: number[] = []
      const stats: number[] = []
      let bytes = 0
      let charts = 0
      for (let run = 0; run < RUNS; run++) {
        let started = performance.now()
        const built = await toolkit.report({ ids: [id] })
        report.push((performance.now() - started) / 1000)
        bytes = built.bytes
        charts = built.data.datasets[0]!.charts.length
        started = performance.now()
        await toolkit.stats(id)
        stats.push((performance.now() - started) / 1000)
        console.error(
          `  ${DIALECT_LABELS[dialect]} run ${run + 1}: report ${report.at(-1)!.toFixed(2)} s, stats ${stats.at(-1)!.toFixed(2)} s`,
        )
      }
      return { reportSeconds: median(report), statsSeconds: median(stats), bytes, charts }
    } finally {
      await toolkit.close()
    }
  } finally {
    await db.drop()
  }
}

const results: Partial<Record<BenchDialect, Measurement>> = {}
for (const dialect of DIALECTS) {
  console.error(`${DIALECT_LABELS[dialect]}:`)
  results[dialect] = await measure(dialect)
}
const fmt = (n: number) => n.toLocaleString('en-US')
const table = [
  `Building the report of a ${fmt(ROWS)}-row monitoring dataset (10 facilities, typed table); median of ${RUNS} runs, interleaved with \`stats\` of the same dataset; Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
  `Machine: ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at the end.`,
  '',
  '| database | report | `stats` (every row aggregated once) | report / stats | HTML size |',
  '|---|---:|---:|---:|---:|',
  ...DIALECTS.map((d) => {
    const m = results[d]!
    return `| ${DIALECT_LABELS[d]} | ${m.reportSeconds.toFixed(2)} s | ${m.statsSeconds.toFixed(2)} s | ${(m.reportSeconds / m.statsSeconds).toFixed(2)} | ${(m.bytes / 1e6).toFixed(2)} MB |`
  }),
].join('\n')
console.log(table)
writeBenchResults('report', table, { node: process.version, rows: ROWS, results })
