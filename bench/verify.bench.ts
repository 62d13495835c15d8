// `verify` throughput: a 1,000,000-row monitoring dataset (typed table) verified on each engine, against two
// baselines measured in the same run on the same rows, each in its own process: reading the rows in the same
// order and form with no comparison (on PostgreSQL the bare COPY BINARY), and regenerating the records alone.
// Verify does both, so its time is bounded below by the slower of the two.
//
//   npm run bench:verify
//   BENCH_ROWS=200000 BENCH_DIALECTS=sqlite npm run bench:verify
import { execFileSync } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BENCH_DIALECTS, DIALECT_LABELS, freshDatabase, type BenchDialect } from './bench-databases.js'
import { writeBenchResults } from './bench-results.js'

const ROWS = Number(process.env['BENCH_ROWS'] ?? 1_000_000)
const here = fileURLToPath(new URL('.', import.meta.url))

interface Measurement {
  mode: string
  rows: number
  seconds: number
  rowsPerSecond: number
  rowsPerCpuSecond: number
  maxRssMb: number
}

function child(script: string, args: string[]): string {
  return execFileSync(process.execPath, [join(here, script), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  })
    .trim()
    .split('\n')
    .pop() as string
}

async function measure(dialect: BenchDialect): Promise<Record<string, Measurement>> {
  const db = await freshDatabase(dialect, 'verify')
  try {
    child('seed-child.js', ['toolkit', db.url, String(ROWS), 'typed'])
    const out: Record<string, Measurement> = {}
    for (const mode of ['read', 'generate', 'verify']) {
      out[mode] = JSON.parse(child('verify-child.js', [mode, db.url])) as Measurement
      console.error(
        `  ${DIALECT_LABELS[dialect]} ${mode}: ${out[mode].rowsPerSecond.toLocaleString('en-US')} rows/s, ${out[mode].maxRssMb} MB`,
      )
    }
    return out
  } finally {
    await db.drop()
  }
}

const results: Record<string, Record<string, Measurement>> = {}
for (const dialect of BENCH_DIALECTS) {
  console.error(`${DIALECT_LABELS[dialect]}:`)
  results[dialect] = await measure(dialect)
}
const fmt = (n: number) => n.toLocaleString('en-US')
const load = loadavg()[0]!.toFixed(1)
const table = [
  `Verifying a ${fmt(ROWS)}-row monitoring dataset (typed table and facilities), each measurement in its own process; Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
  'Baselines measured in the same run on the same rows: reading them (in order, canonical form, no comparison) and regenerating them.',
  `Machine: ${cpus().length} cores, load average ${load} at the end; "per CPU second" divides by this process's own CPU time, which other load does not inflate (the database server's work is not in it).`,
  '',
  '| database | verify | per CPU second | vs reading the rows alone | vs regenerating them alone | peak RSS |',
  '|---|---:|---:|---:|---:|---:|',
  ...BENCH_DIALECTS.map((d) => {
    const { verify, read, generate } = results[d] as Record<'verify' | 'read' | 'generate', Measurement>
    const ratio = (m: Measurement) =>
      `${(verify.rowsPerSecond / m.rowsPerSecond).toFixed(2)} (${fmt(m.rowsPerSecond)} rows/s)`
    return `| ${DIALECT_LABELS[d]} | ${fmt(verify.rowsPerSecond)} rows/s | ${fmt(verify.rowsPerCpuSecond)} rows/s | ${ratio(read)} | ${ratio(generate)} | ${verify.maxRssMb} MB |`
  }),
].join('\n')
console.log(table)
writeBenchResults('verify', table, { node: process.version, rows: ROWS, results })
