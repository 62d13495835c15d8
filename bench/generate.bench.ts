// Generation throughput per data type on one core, against two baselines measured in the same run, and
// the peak memory of writing 100,000 vs 1,000,000 monitoring records to CSV (each in its own process).
//
//   npm run bench:generate            # full run (about a minute)
//   BENCH_RECORDS=200000 npm run bench:generate
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeBenchResults } from './bench-results.js'
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

/** The floor: monitoring-shaped rows (16 fields) from the arithmetic PRNG alone, yielded like a generator's. */
function* prngRows(n: number): Generator<Record<string, unknown>> {
  const rng = new Prng(1)
  for (let i = 0; i < n; i++) {
    yield {
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
  }
}

/** A faker-heavy row: 4 faker calls per record, the rest as above. */
function* fakerRows(n: number): Generator<Record<string, unknown>> {
  const faker = createFaker()
  faker.seed(1)
  for (let i = 0; i < n; i++) {
    yield {
      record_index: i,
      first: faker.person.firstName(),
      last: faker.person.lastName(),
      n: faker.number.int(1000),
      x: faker.number.float({ min: 0, max: 100, fractionDigits: 2 }),
    }
  }
}

function drain(rows: Iterable<unknown>): number {
  let n = 0
  for (const _ of rows) n++
  return n
}

function typeRate(type: (typeof DATA_TYPES)[number]): () => number {
  const spec = resolveDatasetSpec({
    type,
    count: RECORDS,
    defaultCount: RECORDS,
    facilities: FACILITIES,
    seed: 42,
  })
  return () => drain(generateRecords(spec))
}

function writeCsv(records: number): { maxRssBytes: number; seconds: number } {
  const out = mkdtempSync(join(tmpdir(), 'tailingsiq-bench-'))
  try {
    const stdout = execFileSync(
      process.execPath,
      [join(here, 'generate-csv.child.js'), String(records), out],
      { encoding: 'utf8' },
    )
    return JSON.parse(stdout) as { maxRssBytes: number; seconds: number }
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}

const results: Record<string, number> = {}
results['baseline: arithmetic PRNG, monitoring-shaped rows'] = rate(() => drain(prngRows(RECORDS)))
results['baseline: faker, 4 calls per row'] = rate(() => drain(fakerRows(Math.floor(RECORDS / 4))))
for (const type of DATA_TYPES) results[type] = rate(typeRate(type))

const prng = results['baseline: arithmetic PRNG, monitoring-shaped rows']
const rows = Object.entries(results).map(([name, perSecond]) => ({
  name,
  recordsPerSecond: Math.round(perSecond),
  ratioToPrngBaseline: Number((perSecond / prng).toFixed(3)),
}))
const small = writeCsv(Math.floor(RECORDS / 10))
const large = writeCsv(RECORDS)
const memory = {
  records: [Math.floor(RECORDS / 10), RECORDS],
  peakRssMb: [Math.round(small.maxRssBytes / 1e6), Math.round(large.maxRssBytes / 1e6)],
  ratio: Number((large.maxRssBytes / small.maxRssBytes).toFixed(3)),
  csvRecordsPerSecond: Math.round(RECORDS / large.seconds),
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
  `Peak RSS writing monitoring CSV: ${memory.peakRssMb[0]} MB for ${memory.records[0]!.toLocaleString('en-US')} records, ${memory.peakRssMb[1]} MB for ${memory.records[1]!.toLocaleString('en-US')} (ratio ${memory.ratio}); ${memory.csvRecordsPerSecond.toLocaleString('en-US')} records/s to CSV`,
].join('\n')
console.log(table)
writeBenchResults('generate', table, { node: process.version, records: RECORDS, rows, memory })
