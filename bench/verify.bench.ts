// `verify` throughput: a 1,000,000-row monitoring dataset (typed table) verified on each engine, against two
// baselines measured in the same run on the same rows, each in its own process: reading the rows in the same
// order and form with no comparison (on PostgreSQL the bare COPY BINARY), and regenerating the records alone.
// Verify does both, so its time is bounded below by the slower of the two. A third baseline, regenerating and
// encoding, splits verify's own CPU time into reading, regenerating, encoding and comparing. Every measurement
// is repeated BENCH_ROUNDS times (default 3) with the load average noted, because the machine is shared.
//
//   npm run bench:verify
//   BENCH_ROWS=200000 BENCH_ROUNDS=1 BENCH_DIALECTS=sqlite npm run bench:verify
import { execFileSync } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BENCH_DIALECTS, DIALECT_LABELS, freshDatabase, type BenchDialect } from './bench-databases.js'
import { writeBenchResults } from './bench-results.js'

const ROWS = Number(process.env['BENCH_ROWS'] ?? 1_000_000)
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3)
const MODES = ['read', 'generate', 'encode', 'verify'] as const
type Mode = (typeof MODES)[number]
const here = fileURLToPath(new URL('.', import.meta.url))

interface Measurement {
  mode: string
  rows: number
  seconds: number
  cpuSeconds: number
  rowsPerSecond: number
  rowsPerCpuSecond: number
  maxRssMb: number
}

/** One round: each mode once, in its own process, with the 1-minute load average before and after. */
interface Round extends Record<Mode, Measurement> {
  loadStart: number
  loadEnd: number
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

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
const load = () => loadavg()[0]!

async function measure(dialect: BenchDialect): Promise<Round[]> {
  const db = await freshDatabase(dialect, 'verify')
  try {
    child('seed-child.js', ['seed', db.url, String(ROWS), 'typed'])
    const rounds: Round[] = []
    for (let r = 0; r < ROUNDS; r++) {
      const loadStart = load()
      const round = { loadStart } as Round
      for (const mode of MODES)
        round[mode] = JSON.parse(child('verify-child.js', [mode, db.url])) as Measurement
      round.loadEnd = load()
      rounds.push(round)
      console.error(
        `  ${DIALECT_LABELS[dialect]} round ${r + 1} (load ${loadStart.toFixed(1)} → ${round.loadEnd.toFixed(1)}): verify ${fmt(round.verify.rowsPerSecond)} rows/s, ${ratio(round).toFixed(2)} of reading alone (${fmt(round.read.rowsPerSecond)} rows/s)`,
      )
    }
    return rounds
  } finally {
    await db.drop()
  }
}

/** Verify's rate as a share of reading the same rows alone, in the same round. */
const ratio = (round: Round) => round.verify.rowsPerSecond / round.read.rowsPerSecond

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

const results: Record<string, Round[]> = {}
for (const dialect of BENCH_DIALECTS) {
  console.error(`${DIALECT_LABELS[dialect]}:`)
  results[dialect] = await measure(dialect)
}
const perMillion = (seconds: number) => (seconds * (1_000_000 / ROWS)).toFixed(2)
const table = [
  `Verifying a ${fmt(ROWS)}-row monitoring dataset (typed table and facilities), ${ROUNDS} rounds; each measurement in its own process; Node ${process.version}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${cpus().length} cores.`,
  'Each round measures, on the same rows: reading them alone (in order, in canonical form, compared with nothing: on PostgreSQL the bare COPY BINARY, the fastest read the engine offers), regenerating them alone, regenerating and encoding them, and verify. "of reading alone" is verify\'s rate over the read\'s in the same round. The load average (1 minute) is taken before and after each round: the machine is shared.',
  '',
  '| database | round | load average | verify | of reading alone | reading alone | regenerating alone | verify CPU | peak RSS |',
  '|---|---:|---|---:|---:|---:|---:|---:|---:|',
  ...BENCH_DIALECTS.flatMap((d) =>
    results[d]!.map(
      (r, i) =>
        `| ${DIALECT_LABELS[d]} | ${i + 1} | ${r.loadStart.toFixed(1)} → ${r.loadEnd.toFixed(1)} | ${fmt(r.verify.rowsPerSecond)} rows/s | ${ratio(r).toFixed(2)} | ${fmt(r.read.rowsPerSecond)} rows/s | ${fmt(r.generate.rowsPerSecond)} rows/s | ${r.verify.cpuSeconds.toFixed(2)} s | ${r.verify.maxRssMb} MB |`,
    ),
  ),
  '',
  `Where the time goes (medians over the rounds, seconds per 1,000,000 rows). The CPU columns are this process's own CPU time (all its threads), which other load inflates far less than elapsed time; the database server's work is not in them but bounds "reading alone, elapsed".`,
  '',
  '| database | reading (CPU) | regenerating (CPU) | encoding (CPU) | comparing and hashing (CPU) | verify (CPU) | reading alone, elapsed | verify, elapsed |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  ...BENCH_DIALECTS.map((d) => {
    const rounds = results[d]!
    const m = (f: (r: Round) => number) => median(rounds.map(f))
    const read = m((r) => r.read.cpuSeconds)
    const generate = m((r) => r.generate.cpuSeconds)
    const encode = m((r) => r.encode.cpuSeconds - r.generate.cpuSeconds)
    const verify = m((r) => r.verify.cpuSeconds)
    const rest = m((r) => r.verify.cpuSeconds - r.read.cpuSeconds - r.encode.cpuSeconds)
    return `| ${DIALECT_LABELS[d]} | ${perMillion(read)} | ${perMillion(generate)} | ${perMillion(encode)} | ${perMillion(rest)} | ${perMillion(verify)} | ${perMillion(m((r) => r.read.seconds))} | ${perMillion(m((r) => r.verify.seconds))} |`
  }),
].join('\n')
console.log(table)
writeBenchResults('verify', table, { node: process.version, rows: ROWS, results })
