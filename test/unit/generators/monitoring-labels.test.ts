import { beforeAll, describe, expect, it } from 'vitest'
import {
  ANOMALY_KINDS,
  type AnomalyKind,
  type MonitoringRow,
} from '../../../src/generators/monitoring/monitoring-generator.js'
import { evaluateTarp, thresholdsSchema } from '../../../src/generators/monitoring/monitoring-thresholds.js'
import { partitionRows } from '../../helpers/generators.js'
import { inclinometerRates } from '../../helpers/inclinometer.js'

// The machine-learning labels of the monitoring series over hundreds of facility-years at 1 h: sensor faults of
// each kind at their share (domain §A.2 data-quality artefacts), the clean value beside a corrupted one, and a
// TARP that never escalates on a stuck sensor or a step offset alone.

const FACILITIES = 60
const HOURS = 24 * 365
/** High, so that the runs of days (steps) number dozens in the sample. */
const RATE = 0.2
/** Each kind's share of the labelled readings, as the generator's FAULTS table sets them. */
const SHARES: Readonly<Record<AnomalyKind, number>> = {
  missing: 0.35,
  spike: 0.15,
  drift: 0.15,
  stuck: 0.15,
  step: 0.15,
  duplicate_timestamp: 0.05,
}
const FIELDS = [
  ['pore_pressure_kpa', 'pore_pressure_clean_kpa'],
  ['seepage_l_s', 'seepage_clean_l_s'],
  ['turbidity_ntu', 'turbidity_clean_ntu'],
] as const

interface Series {
  readonly rows: MonitoringRow[]
  readonly baselineSeepage: number
  /** The inclinometer rate the TARP reads, by record index. */
  readonly rates: (number | null)[]
}

let series: Series[]
beforeAll(() => {
  series = Array.from({ length: FACILITIES }, (_, i) => {
    const { rows, facility } = partitionRows<MonitoringRow>('monitoring', {
      seed: 11,
      facilityIndex: i,
      count: HOURS,
      params: { interval: '1h', anomalyRate: RATE },
    })
    return { rows, baselineSeepage: facility.baseline_seepage_l_s, rates: inclinometerRates(rows, 1 / 24) }
  })
}, 120_000)

/** The runs of consecutive readings labelled `kind` in one series, as [first, last] indexes. */
function runsOf(rows: readonly MonitoringRow[], kind: AnomalyKind): [number, number][] {
  const runs: [number, number][] = []
  for (let k = 0; k < rows.length; k++) {
    if (rows[k]!.anomaly !== kind) continue
    if (k > 0 && rows[k - 1]!.anomaly === kind) runs[runs.length - 1]![1] = k
    else runs.push([k, k])
  }
  return runs
}

/** The fields whose reading differs from its clean value. */
const corrupted = (r: MonitoringRow) => FIELDS.filter(([reading, clean]) => r[reading] !== r[clean])

describe('monitoring fault labels at 1 h', () => {
  it('labels anomalyRate of the readings, each kind near its share (domain §A.2: gaps the commonest)', () => {
    const counts = new Map<string, number>()
    let rows = 0
    for (const s of series) {
      rows += s.rows.length
      for (const r of s.rows) if (r.anomaly !== null) counts.set(r.anomaly, (counts.get(r.anomaly) ?? 0) + 1)
    }
    const labelled = [...counts.values()].reduce((a, b) => a + b, 0)
    expect(labelled / rows).toBeGreaterThan(RATE * 0.85)
    expect(labelled / rows).toBeLessThan(RATE * 1.15)
    expect([...counts.keys()].sort()).toEqual([...ANOMALY_KINDS].sort())
    for (const kind of ANOMALY_KINDS) {
      const share = (counts.get(kind) ?? 0) / labelled
      // Runs of days (steps, stuck sensors) make their shares vary more than one-reading kinds.
      expect(share, kind).toBeGreaterThan(SHARES[kind] * 0.6)
      expect(share, kind).toBeLessThan(SHARES[kind] * 1.4)
    }
  })

  it('keeps the clean value equal to the reading wherever no fault corrupts it, and present under a gap', () => {
    let unlabelled = 0
    const problems: string[] = []
    for (const { rows } of series) {
      for (const r of rows) {
        if (FIELDS.some(([, clean]) => r[clean] === null)) problems.push(`${r.record_index}: no clean value`)
        if (r.anomaly === null || r.anomaly === 'duplicate_timestamp') {
          unlabelled++
          if (corrupted(r).length > 0) problems.push(`${r.record_index}: ${JSON.stringify(r)}`)
        } else if (r.anomaly === 'missing' && FIELDS.some(([reading]) => r[reading] !== null)) {
          problems.push(`${r.record_index}: read during a gap`)
        }
      }
    }
    expect(problems.slice(0, 3)).toEqual([])
    expect(unlabelled).toBeGreaterThan((1 - RATE) * 0.95 * FACILITIES * HOURS)
  })

  it('corrupts one field per fault: a spike or a stuck sensor any of the three, a drift or a step the piezometer', () => {
    const hit = new Map<string, Set<string>>()
    for (const { rows } of series) {
      for (const r of rows) {
        if (r.anomaly === null || r.anomaly === 'missing' || r.anomaly === 'duplicate_timestamp') continue
        const fields = corrupted(r).map(([reading]) => reading)
        expect(fields.length).toBeLessThanOrEqual(1)
        const set = hit.get(r.anomaly) ?? new Set<string>()
        for (const f of fields) set.add(f)
        hit.set(r.anomaly, set)
      }
    }
    expect([...hit.get('spike')!].sort()).toEqual(['pore_pressure_kpa', 'seepage_l_s', 'turbidity_ntu'])
    expect([...hit.get('stuck')!].sort()).toEqual(['pore_pressure_kpa', 'seepage_l_s', 'turbidity_ntu'])
    expect([...hit.get('drift')!]).toEqual(['pore_pressure_kpa'])
    expect([...hit.get('step')!]).toEqual(['pore_pressure_kpa'])
  })

  it('repeats the last reading exactly through a stuck run (domain §A.2 flat-lining)', () => {
    let runs = 0
    let readings = 0
    for (const { rows } of series) {
      for (const [first, last] of runsOf(rows, 'stuck')) {
        // The sensor that stuck: the one whose reading differs from clean somewhere, else any (it stuck at a
        // value equal to the truth). Its readings repeat the last reading before the run.
        const before = rows
          .slice(0, first)
          .reverse()
          .find((r) => r.anomaly !== 'missing')
        if (before === undefined) continue
        const run = rows.slice(first, last + 1)
        const stuck = FIELDS.filter(([reading]) => run.every((r) => r[reading] === before[reading]))
        expect(stuck.length, `run at ${first}`).toBeGreaterThanOrEqual(1)
        runs++
        readings += run.length
      }
    }
    expect(runs).toBeGreaterThan(30)
    // Hours to days: 12–120 readings at 1 h.
    expect(readings / runs).toBeGreaterThan(20)
    expect(readings / runs).toBeLessThan(100)
  })

  it('holds a step at one offset from the clean value until it is corrected (domain §A.2 step offsets)', () => {
    let runs = 0
    let readings = 0
    for (const { rows } of series) {
      for (const [first, last] of runsOf(rows, 'step')) {
        const run = rows.slice(first, last + 1).filter((r) => (r.pore_pressure_kpa as number) > 0)
        const offsets = run.map(
          (r) => (r.pore_pressure_kpa as number) - (r.pore_pressure_clean_kpa as number),
        )
        for (const offset of offsets) expect(offset).toBeCloseTo(offsets[0]!, 6)
        expect(Math.abs(offsets[0]!)).toBeGreaterThanOrEqual(3)
        expect(Math.abs(offsets[0]!)).toBeLessThanOrEqual(14)
        // Corrected: the reading after the run is clean again.
        const after = rows[last + 1]
        if (after !== undefined && after.anomaly === null)
          expect(after.pore_pressure_kpa).toBe(after.pore_pressure_clean_kpa)
        runs++
        readings += last + 1 - first
      }
    }
    expect(runs).toBeGreaterThan(10)
    // Days to weeks: 72–720 readings at 1 h.
    expect(readings / runs).toBeGreaterThan(72)
    expect(readings / runs).toBeLessThan(720)
  })

  it("stamps a duplicate-timestamp reading with the previous row's timestamp, and every other row one interval on", () => {
    let duplicates = 0
    // Half a million readings: the wrong ones are collected, one expect() each would take seconds.
    const wrong: string[] = []
    for (const { rows } of series) {
      for (let k = 1; k < rows.length; k++) {
        const r = rows[k]!
        const expected =
          r.anomaly === 'duplicate_timestamp' ? rows[k - 1]!.timestamp : rows[0]!.timestamp + k * 3_600_000
        if (r.anomaly === 'duplicate_timestamp') duplicates++
        if (r.timestamp !== expected) wrong.push(`${k} ${r.anomaly}: ${r.timestamp}, expected ${expected}`)
      }
      expect(rows[0]!.anomaly).not.toBe('duplicate_timestamp')
    }
    expect(wrong.slice(0, 3)).toEqual([])
    expect(duplicates).toBeGreaterThan(100)
  })

  it('never escalates the TARP on a stuck sensor or a step offset: it reads their clean values (domain §A.3)', () => {
    let checked = 0
    let overThreshold = 0
    for (const { rows, baselineSeepage, rates } of series) {
      const read = rows.filter((r) => r.anomaly !== 'missing')
      const rawLevel = (r: MonitoringRow, which: 'reading' | 'clean') =>
        rawLevelOf(r, baselineSeepage, which, rates[r.record_index]!)
      for (let k = 1; k < read.length; k++) {
        const r = read[k]!
        if (r.anomaly !== 'stuck' && r.anomaly !== 'step') continue
        checked++
        if (rawLevel(r, 'reading') > rawLevel(r, 'clean')) overThreshold++
        if (r.tarp_level > read[k - 1]!.tarp_level)
          expect(rawLevel(r, 'clean')).toBeGreaterThanOrEqual(r.tarp_level)
      }
    }
    expect(checked).toBeGreaterThan(10_000)
    // Faults that do cross a threshold the clean value does not: the rule above is not vacuous.
    expect(overThreshold).toBeGreaterThan(10)
  })
})

// `clean_values` over two thousand facility-years at 1 d: the true values a gap hides (every channel without a
// clean column) and the true time of a duplicate timestamp, null on every other reading.

/** The fields a gap hides that have no clean column, in the order `clean_values` holds them (jsonb's). */
const GAP_FIELDS = [
  'ph',
  'freeboard_m',
  'rainfall_mm',
  'pond_level_m',
  'settlement_mm',
  'inclinometer_mm',
  'conductivity_us_cm',
] as const
const DAY_MS = 86_400_000

describe('monitoring clean_values at 1 d', () => {
  const facilities = 1000
  const days = 730
  /** Each facility's series with faults, and the same series without (`anomalyRate` 0). */
  let pairs: { faulty: MonitoringRow[]; clean: MonitoringRow[] }[]
  beforeAll(() => {
    const rows = (i: number, anomalyRate: number) =>
      partitionRows<MonitoringRow>('monitoring', {
        seed: 5,
        facilityIndex: i,
        count: days,
        params: { interval: '1d', anomalyRate },
      }).rows
    pairs = Array.from({ length: facilities }, (_, i) => ({ faulty: rows(i, 0.05), clean: rows(i, 0) }))
  }, 240_000)

  /** The true time of a reading: its own, or the one `clean_values` keeps under a duplicate timestamp. */
  const trueTime = (r: MonitoringRow) =>
    r.anomaly === 'duplicate_timestamp'
      ? Date.parse((r.clean_values as { timestamp: string }).timestamp)
      : r.timestamp

  it('is null on every reading but a gap or a duplicate timestamp', () => {
    let others = 0
    const problems: string[] = []
    for (const { faulty, clean } of pairs) {
      for (const rows of [faulty, clean]) {
        for (const r of rows) {
          if (r.anomaly === 'missing' || r.anomaly === 'duplicate_timestamp') continue
          if (r.anomaly !== null) others++
          if (r.clean_values !== null) problems.push(`${r.record_index} ${r.anomaly}: ${JSON.stringify(r)}`)
        }
      }
    }
    expect(problems.slice(0, 3)).toEqual([])
    expect(others).toBeGreaterThan(10_000)
  })

  it('keeps what the series without faults reads at the first fault of each series, and the same up to it', () => {
    const compared = { missing: 0, duplicate_timestamp: 0 }
    let redrawn = 0
    for (const { faulty, clean } of pairs) {
      const k = faulty.findIndex((r) => r.anomaly !== null)
      if (k < 0) continue
      // Up to the first fault the two series draw the same numbers: they are the same readings. Unless the
      // first reading drew a duplicate timestamp, which it cannot have (no earlier time): the kind was drawn
      // all the same, so the series part from the second reading on.
      const parted = faulty.findIndex((r, j) => JSON.stringify(r) !== JSON.stringify(clean[j]))
      if (parted === 1 && k > 1) {
        redrawn++
        continue
      }
      expect(faulty.slice(0, k)).toEqual(clean.slice(0, k))
      const r = faulty[k]!
      const truth = clean[k]!
      if (r.anomaly === 'missing') {
        compared.missing++
        expect(r.clean_values).toEqual(Object.fromEntries(GAP_FIELDS.map((f) => [f, truth[f]])))
      } else if (r.anomaly === 'duplicate_timestamp') {
        compared.duplicate_timestamp++
        expect(r.clean_values).toEqual({ timestamp: new Date(truth.timestamp).toISOString() })
      }
    }
    expect(compared.missing).toBeGreaterThan(200)
    expect(compared.duplicate_timestamp).toBeGreaterThan(10)
    expect(redrawn).toBeLessThan(facilities * 0.01)
  })

  it('holds every hidden channel of a gap, in a fixed key order, null exactly where the facility has no such channel and continuous with the readings around it', () => {
    let gaps = 0
    let settled = 0
    // Tens of thousands of gaps: what is wrong is collected, one expect() per check would take seconds.
    const problems: string[] = []
    for (const { faulty } of pairs) {
      const read = faulty.filter((r) => r.anomaly !== 'missing')
      for (let k = 0; k < faulty.length; k++) {
        const r = faulty[k]!
        if (r.anomaly !== 'missing') continue
        gaps++
        const problem = (what: string) => problems.push(`gap at ${k}: ${what} in ${JSON.stringify(r)}`)
        const values = r.clean_values as Record<(typeof GAP_FIELDS)[number], number | null>
        if (Object.keys(values).join() !== GAP_FIELDS.join()) problem('keys')
        for (const field of GAP_FIELDS) if (r[field] !== null) problem(`${field} read`)
        // The nearest readings before and after the gap.
        const before = faulty.findLast((q, j) => j < k && q.anomaly !== 'missing')
        const after = faulty.find((q, j) => j > k && q.anomaly !== 'missing')
        const neighbour = before ?? after ?? read[0]!
        for (const field of GAP_FIELDS)
          if ((values[field] === null) !== (neighbour[field] === null)) problem(`${field} null or not`)
        // Reported cumulative settlement never goes back, under a gap too.
        if (values.settlement_mm !== null && before !== undefined && after !== undefined) {
          settled++
          const [low, high] = [before.settlement_mm, after.settlement_mm]
          if (low === null || values.settlement_mm < low) problem('settlement below the reading before')
          if (high === null || values.settlement_mm > high) problem('settlement above the reading after')
        }
        // pH stays within its range, the conductivity positive.
        if (!(values.ph! >= 1 && values.ph! <= 14)) problem('pH')
        if (!(values.conductivity_us_cm! > 0)) problem('conductivity')
      }
    }
    expect(problems.slice(0, 3)).toEqual([])
    expect(gaps).toBeGreaterThan(10_000)
    expect(settled).toBeGreaterThan(gaps / 2)
  })

  it("keeps the true time of a duplicate timestamp: the previous reading's true time plus the interval", () => {
    let duplicates = 0
    for (const { faulty } of pairs) {
      for (let k = 1; k < faulty.length; k++) {
        const r = faulty[k]!
        if (r.anomaly !== 'duplicate_timestamp') continue
        duplicates++
        const previous = faulty[k - 1]!
        expect(r.timestamp).toBe(previous.timestamp)
        const time = (r.clean_values as { timestamp: string }).timestamp
        expect(Object.keys(r.clean_values as object)).toEqual(['timestamp'])
        // ISO-8601 with milliseconds, as the exports write timestamps.
        expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
        expect(trueTime(r)).toBe(trueTime(previous) + DAY_MS)
      }
    }
    expect(duplicates).toBeGreaterThan(300)
  })
})

const THRESHOLDS = thresholdsSchema.parse(undefined)

/**
 * The raw TARP level of a reading's values or of its clean values, by the default thresholds, with the
 * inclinometer rate of the readings (faults do not touch the inclinometer).
 */
function rawLevelOf(
  r: MonitoringRow,
  baselineSeepage: number,
  which: 'reading' | 'clean',
  inclinometerRate: number | null,
): number {
  const reading = which === 'reading'
  return evaluateTarp(
    THRESHOLDS,
    r.freeboard_m,
    reading ? r.pore_pressure_kpa : r.pore_pressure_clean_kpa,
    r.pore_pressure_expected_kpa,
    reading ? r.seepage_l_s : r.seepage_clean_l_s,
    baselineSeepage,
    reading ? r.turbidity_ntu : r.turbidity_clean_ntu,
    inclinometerRate,
  ).level
}
