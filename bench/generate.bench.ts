// Generation throughput per data type on one core, against two baselines measured in the same run, and
// the peak memory of writing 100,000 vs 1,000,000 monitoring records to CSV (each in its own process).
//
//   npm run bench:generate            # full run (about a minute)
//   BENCH_RECORDS=200000 npm run bench:generate
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createFaker } from '../src/generators/faker.js'
import { resolveDatasetSpec } from '../src/generators/dataset-spec.js'
import { generateRecords } from '../src/generators/generate-records.js'
import { DATA_TYPES } from '../src/generators/generator.js'
import { Prng } from '../src/generators/prng.js'

const RECORDS = Number(process.env['BENCH_RECORDS'] ?? 1_000_000)
const FACILITIES = 10
const here = fileURLToPath(new URL('.', import.meta.url))

function rate(run: () => number): number {
  run() // warm-up
  const started = performance.now()
  const n = run()
  return n / ((performance.now() - started) / 1000)
}

/** The floor: monitoring-shaped rows (16 fields) from the arithmetic PRNG alone. */
function prngBaseline(): number {
  const rng = new Prng(1)
  let sink = 0
  for (let i = 0; i < RECORDS; i++) {
    const row = {
      record_index: i,
      facility_id: 'f',
      timestamp: i * 3_600_000,
      a: rng.float(),
      b: rng.float(),
      c: rng.float(),
      d: rng.float(),
      e: rng.float(),
      f: rng.float(),
      g: rng.float(),
      h: rng.float(),
      j: rng.float(),
      k: rng.normal(),
      status: 'normal',
      level: 0,
      trigger: null,
    }
    sink += row.a
  }
  return sink > 0 ? RECORDS : 0
}

/** A faker-heavy row: 4 faker calls per record. */
function fakerBaseline(): number {
  const faker = createFaker()
  faker.seed(1)
  const n = Math.floor(RECORDS / 5)
  let sink = 0
  for (let i = 0; i < n; i++) {
    const row = {
      name: faker.person.fullName(),
      company: faker.company.name(),
      city: faker.location.city(),
      n: faker.number.int(100),
    }
    sink += row.n
  }
  return sink >= 0 ? n : 0
}

function typeRate(type: (typeof DATA_TYPES)[number]): () => number {
  const spec = resolveDatasetSpec({
    type,
    count: RECORDS,
    defaultCount: RECORDS,
    facilities: FACILITIES,
    seed: 42,
  })
  return () => {
    let n = 0
    for (const _ of generateRecords(spec)) n++
    return n
  }
}

function csvPeakRss(records: number): number {
  const out = mkdtempSync(join(tmpdir(), 'tailingsiq-bench-'))
  try {
    const stdout = execFileSync(
      process.execPath,
      [join(here, 'generate-csv.child.js'), String(records), out],
      { encoding: 'utf8' },
    )
    return (JSON.parse(stdout) as { maxRssBytes: number }).maxRssBytes
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}

const results: Record<string, number> = {}
results['baseline: arithmetic PRNG, monitoring-shaped rows'] = rate(prngBaseline)
results['baseline: faker, 4 calls per row'] = rate(fakerBaseline)
for (const type of DATA_TYPES) results[type] = rate(typeRate(type))

const prng = results['baseline: arithmetic PRNG, monitoring-shaped rows']
const rows = Object.entries(results).map(([name, perSecond]) => ({
  name,
  recordsPerSecond: Math.round(perSecond),
  ratioToPrngBaseline: Number((perSecond / prng).toFixed(3)),
}))
const small = csvPeakRss(Math.floor(RECORDS / 10))
const large = csvPeakRss(RECORDS)
const memory = {
  records: [Math.floor(RECORDS / 10), RECORDS],
  peakRssMb: [Math.round(small / 1e6), Math.round(large / 1e6)],
  ratio: Number((large / small).toFixed(3)),
}

const table = [
  `Generation on one core, ${RECORDS.toLocaleString('en-US')} records over ${FACILITIES} facilities (Node ${process.version}, ${new Date().toISOString().slice(0, 10)})`,
  '',
  '| generator | records/s | ratio to PRNG baseline |',
  '|---|---:|---:|',
  ...rows.map(
    (r) => `| ${r.name} | ${r.recordsPerSecond.toLocaleString('en-US')} | ${r.ratioToPrngBaseline} |`,
  ),
  '',
  `Peak RSS writing monitoring CSV: ${memory.peakRssMb[0]} MB for ${memory.records[0]!.toLocaleString('en-US')} records, ${memory.peakRssMb[1]} MB for ${memory.records[1]!.toLocaleString('en-US')} (ratio ${memory.ratio})`,
].join('\n')
console.log(table)
const resultsDir = join(here, '../../bench/results')
mkdirSync(resultsDir, { recursive: true })
writeFileSync(
  join(resultsDir, 'generate.json'),
  `${JSON.stringify({ node: process.version, records: RECORDS, rows, memory }, null, 2)}\n`,
)
writeFileSync(join(resultsDir, 'generate.md'), `${table}\n`)
