// Export throughput and memory: a 1,000,000-row monitoring dataset exported from each engine to NDJSON and
// CSV (each export in its own process), against the peak RSS of exporting a 100,000-row dataset, to show
// that memory does not grow with the dataset.
//
//   npm run bench:export
//   BENCH_ROWS=200000 BENCH_DIALECTS=sqlite npm run bench:export
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeBenchResults } from './bench-results.js'
import {
  BENCH_DIALECTS,
  DIALECT_LABELS,
  freshDatabase,
  type BenchDatabase,
  type BenchDialect,
} from './bench-databases.js'

const ROWS = Number(process.env['BENCH_ROWS'] ?? 1_000_000)
const SMALL = Math.floor(ROWS / 10)
const here = fileURLToPath(new URL('.', import.meta.url))

interface Exported {
  format: string
  records: number
  rowsPerSecond: number
  bytes: number
  maxRssMb: number
}

function child(script: string, args: string[], nodeFlags: string[] = []): string {
  return execFileSync(process.execPath, [...nodeFlags, join(here, script), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  })
    .trim()
    .split('\n')
    .pop() as string
}

/** V8 grows its heap lazily, so RSS rises with run time even when nothing is retained; a capped heap shows the bound. */
const CAPPED_HEAP_MB = 64

async function withDatabase<T>(dialect: BenchDialect, fn: (db: BenchDatabase) => T): Promise<T> {
  const db = await freshDatabase(dialect, 'export')
  try {
    return fn(db)
  } finally {
    await db.drop()
  }
}

function measure(dialect: BenchDialect, rows: number, formats: string[]): Promise<Exported[]> {
  return withDatabase(dialect, ({ url, dir }) => {
    child('seed-child.js', ['seed', url, String(rows), 'typed'])
    return formats.map((format) => {
      const capped = format.endsWith('@capped')
      const real = format.replace('@capped', '')
      const flags = capped ? [`--max-old-space-size=${CAPPED_HEAP_MB}`] : []
      const result = JSON.parse(
        child('export-child.js', [url, real, join(dir, `out.${real}`)], flags),
      ) as Exported
      console.error(
        `  ${DIALECT_LABELS[dialect]} ${rows} → ${format}: ${result.rowsPerSecond.toLocaleString('en-US')} rows/s, ${result.maxRssMb} MB`,
      )
      return result
    })
  })
}

const results: Record<string, { large: Exported[]; small: Exported[] }> = {}
for (const dialect of BENCH_DIALECTS) {
  console.error(`${DIALECT_LABELS[dialect]}:`)
  results[dialect] = {
    large: await measure(dialect, ROWS, ['ndjson', 'csv', 'ndjson@capped']),
    small: await measure(dialect, SMALL, ['ndjson']),
  }
}
const fmt = (n: number) => n.toLocaleString('en-US')
const table = [
  `Exporting a ${fmt(ROWS)}-row monitoring dataset (typed table), each export in its own process; Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
  '',
  '| database | NDJSON | CSV | peak RSS, NDJSON of 100k / 1M rows | 1M rows in a 64 MB heap |',
  '|---|---:|---:|---:|---:|',
  ...BENCH_DIALECTS.map((d) => {
    const { large, small } = results[d]!
    const [ndjson, csv, capped] = large as [Exported, Exported, Exported]
    return `| ${DIALECT_LABELS[d]} | ${fmt(ndjson.rowsPerSecond)} rows/s | ${fmt(csv.rowsPerSecond)} rows/s | ${small[0]!.maxRssMb} / ${ndjson.maxRssMb} MB | completes: ${capped.maxRssMb} MB RSS, ${fmt(capped.rowsPerSecond)} rows/s |`
  }),
].join('\n')
console.log(table)
writeBenchResults('export', table, { node: process.version, rows: ROWS, results })
