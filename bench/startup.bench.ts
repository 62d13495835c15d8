// Start-up of `tailingsiq-seed --help` and `--version` against bare `node -e 0`, measured in the same run:
// each command runs BENCH_RUNS times (default 15), interleaved so that load from elsewhere hits every
// command alike; the medians and their ratio to bare Node are the figures. Peak RSS comes from
// `/usr/bin/time` where it exists.
//
//   npm run bench:startup
//   BENCH_COMPARE_BIN=/path/to/other/checkout/bin/tailingsiq-seed.js npm run bench:startup   # also time another build
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { writeBenchResults } from './bench-results.js'

const RUNS = Number(process.env['BENCH_RUNS'] ?? 15)
const BIN = fileURLToPath(new URL('../../bin/tailingsiq-seed.js', import.meta.url))
const COMPARE_BIN = process.env['BENCH_COMPARE_BIN']
const TIME = '/usr/bin/time'

interface Subject {
  readonly name: string
  readonly args: readonly string[]
}

const subjects: Subject[] = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'tailingsiq-seed --help', args: [BIN, '--help'] },
  { name: 'tailingsiq-seed --version', args: [BIN, '--version'] },
  { name: 'tailingsiq-seed run --help', args: [BIN, 'run', '--help'] },
  ...(COMPARE_BIN ? [{ name: 'compared build: --help', args: [COMPARE_BIN, '--help'] }] : []),
]

function seconds(args: readonly string[]): number {
  const started = process.hrtime.bigint()
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] })
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${String(result.status)}`)
  return elapsed
}

/** Peak RSS in MB, from GNU time's `%M` (KB); undefined without it. */
function peakRssMb(args: readonly string[]): number | undefined {
  if (!existsSync(TIME)) return undefined
  const result = spawnSync(TIME, ['-f', '%M', process.execPath, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  })
  const kb = Number(result.stderr.trim().split('\n').at(-1))
  return Number.isFinite(kb) ? Math.round(kb / 1024) : undefined
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

for (const subject of subjects) seconds(subject.args) // warm-up: file cache, not the figure
const times = new Map(subjects.map((s) => [s.name, [] as number[]]))
for (let i = 0; i < RUNS; i++) for (const s of subjects) times.get(s.name)!.push(seconds(s.args))

const bare = median(times.get('node -e 0')!)
const rows = subjects.map((s) => {
  const m = median(times.get(s.name)!)
  return {
    name: s.name,
    medianMs: Math.round(m * 1000),
    ratio: Number((m / bare).toFixed(2)),
    peakRssMb: peakRssMb(s.args),
  }
})

const table = [
  `Start-up, median of ${RUNS} interleaved runs each (Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)}).`,
  '',
  '| command | median | vs `node -e 0` | peak RSS |',
  '|---|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${r.medianMs} ms | ${r.ratio}× | ${r.peakRssMb === undefined ? '–' : `${r.peakRssMb} MB`} |`,
  ),
].join('\n')
console.log(table)
writeBenchResults('startup', table, { node: process.version, runs: RUNS, rows })
