import { beforeAll, describe, expect, it } from 'vitest'
import type { MonitoringRow } from '../../../src/generators/monitoring/monitoring-generator.js'
import { facilityRaises } from '../../../src/generators/events/raise-schedule.js'
import { idfDepth, siteClimate } from '../../../src/generators/monitoring/monitoring-climate.js'
import { partitionRows } from '../../helpers/generators.js'
import { inclinometerRates } from '../../helpers/inclinometer.js'

// Properties of the monitoring series over thousands of facility-years, each checked against the relation or
// range of the domain reference (/work/shared/domain.md, cited by section) that it names.

const FACILITIES = 400
const YEARS = 10
const DAYS = Math.round(YEARS * 365.25)
const MONTH = (t: number) => new Date(t).getUTCMonth() + 1

/** Raise readings found as a jump up of the freeboard (the crest rises, the pond does not). */
interface Raise {
  readonly method: string
  readonly lift: number
  readonly porePerMetre: number | null
  /** Pore pressure 90 days after the raise minus right after, where no other event intervened. */
  readonly dissipation: number | null
  readonly jump: number
  /** Settlement in years 1, 2 and 3 after the raise, where no other raise followed within 3 years. */
  readonly settlementByYear: readonly [number, number, number] | null
}

interface Stats {
  facilityYears: number
  levels: number[]
  alarmRows: number
  alarmWithEvent: number
  alarmWithAnomaly: number
  cleanOver110: number
  cleanOver110WithEvent: number
  rainOverCap: number
  maxDayRain: number
  semiAridMaxDay: number
  rain: Map<string, { wet: number; total: number }>
  snowMonthRain: number
  snowFacilities: number
  frozenPondChanges: number
  frozenPondReadings: number
  freshetOutsideSpring: number
  freshetRows: number
  raises: Raise[]
  /** Per facility that raises: its settlement over the ten years and the bound its raises allow. */
  settlement: { total: number; bound: number }[]
}

let stats: Stats

/** The shares of readings at TARP levels 0–3 within domain §A.3 (green 90–97 %, amber 2–8 %, red 0.1–1 %, emergency ≈ 0). */
function expectLevelShares(levels: readonly number[]): void {
  const rows = levels.reduce((a, b) => a + b, 0)
  const share = levels.map((n) => n / rows)
  expect(share[0]).toBeGreaterThan(0.9)
  expect(share[0]).toBeLessThan(0.985)
  expect(share[1]).toBeGreaterThan(0.01)
  expect(share[1]).toBeLessThan(0.08)
  expect(share[2]).toBeGreaterThan(0.0005)
  expect(share[2]).toBeLessThan(0.01)
  expect(share[3]).toBeLessThan(0.001)
}

beforeAll(() => {
  const s: Stats = {
    facilityYears: 0,
    levels: [0, 0, 0, 0],
    alarmRows: 0,
    alarmWithEvent: 0,
    alarmWithAnomaly: 0,
    cleanOver110: 0,
    cleanOver110WithEvent: 0,
    rainOverCap: 0,
    maxDayRain: 0,
    semiAridMaxDay: 0,
    rain: new Map(),
    snowMonthRain: 0,
    snowFacilities: 0,
    frozenPondChanges: 0,
    frozenPondReadings: 0,
    freshetOutsideSpring: 0,
    freshetRows: 0,
    raises: [],
    settlement: [],
  }
  for (let i = 0; i < FACILITIES; i++) {
    const { rows, facility: f } = partitionRows<MonitoringRow>('monitoring', {
      seed: 42,
      facilityIndex: i,
      count: DAYS,
      params: { interval: '1d', start: '2015-01-01' },
    })
    const site = siteClimate(f.climate, f.latitude, f.annual_rainfall_mm)
    s.facilityYears += YEARS
    const seasonKey = `${f.country_code}:${f.climate}:${f.latitude < 0 ? 'S' : 'N'}`
    const season = s.rain.get(seasonKey) ?? { wet: 0, total: 0 }
    s.rain.set(seasonKey, season)
    const snowy = site.snowMonths.length > 0
    if (snowy) s.snowFacilities++
    let previous: MonitoringRow | null = null
    for (const [k, r] of rows.entries()) {
      s.levels[r.tarp_level]!++
      if (r.tarp_level > 0) {
        s.alarmRows++
        if (r.event !== null) s.alarmWithEvent++
        else if (r.anomaly !== null) s.alarmWithAnomaly++
      }
      if (r.pore_pressure_kpa !== null && r.anomaly === null) {
        if (r.pore_pressure_kpa / r.pore_pressure_expected_kpa > 1.1) {
          s.cleanOver110++
          if (r.event !== null) s.cleanOver110WithEvent++
        }
      }
      const month = MONTH(r.timestamp)
      if (r.rainfall_mm !== null) {
        if (r.rainfall_mm > site.p24Max + 0.1) s.rainOverCap++
        s.maxDayRain = Math.max(s.maxDayRain, r.rainfall_mm)
        if (f.climate === 'semi_arid' && f.annual_rainfall_mm <= 600)
          s.semiAridMaxDay = Math.max(s.semiAridMaxDay, r.rainfall_mm)
        season.total += r.rainfall_mm
        if (wetMonthsOf(f.country_code, f.latitude)?.includes(month)) season.wet += r.rainfall_mm
        if (snowy && [11, 12, 1, 2, 3].includes(month)) s.snowMonthRain += r.rainfall_mm
      }
      if (snowy && f.has_pond && [1, 2, 3].includes(month) && previous?.pond_level_m != null) {
        s.frozenPondReadings++
        if (r.pond_level_m !== null && r.pond_level_m !== previous.pond_level_m) s.frozenPondChanges++
      }
      if (r.event === 'freshet') {
        s.freshetRows++
        if (![4, 5, 6, 7].includes(month)) s.freshetOutsideSpring++
      }
      if (previous !== null && r.freeboard_m !== null && previous.freeboard_m !== null) {
        const jump = r.freeboard_m - previous.freeboard_m
        if (jump > 0.9) s.raises.push(raiseAt(rows, k, jump, f.construction_method))
      }
      if (r.anomaly !== 'missing') previous = r
    }
    // Each raise of the shared schedule still settling (the series counts those of the five years before it)
    // adds at most 200 mm in its first three years, continuing with log-time: at most 268 mm by fifteen years;
    // base creep adds at most 60 mm per log-cycle of age (under 70 mm here).
    const t0Day = Date.UTC(2015, 0, 1) / 86_400_000
    const raises = facilityRaises(42, f, t0Day - 5 * 365.25, t0Day + DAYS).length
    const plates = rows.filter((r) => r.settlement_mm !== null)
    if (raises > 0 && plates.length > 1) {
      const total = plates[plates.length - 1]!.settlement_mm! - plates[0]!.settlement_mm!
      s.settlement.push({ total, bound: 268 * raises + 70 })
    }
  }
  stats = s
}, 120_000)

/** The domain's wet seasons of some of the generated countries (§A.2 seasonality), as months. */
function wetMonthsOf(country: string, latitude: number): number[] | undefined {
  if (country === 'BR') return [10, 11, 12, 1, 2, 3] // Minas Gerais Oct–Mar
  if (country === 'ES') return [10, 11, 12, 1, 2, 3, 4] // Mediterranean winter rain, northern hemisphere
  if (country === 'MX') return [5, 6, 7, 8, 9, 10] // North American monsoon, summer
  if (country === 'ZM' || country === 'ZA') return [10, 11, 12, 1, 2, 3, 4] // southern African summer
  if (country === 'CL' && latitude > -25) return [12, 1, 2, 3] // Altiplano "invierno altiplánico"
  if (country === 'MN') return [5, 6, 7, 8, 9] // East Asian summer monsoon: the year's rain in May–September
  return undefined
}

function raiseAt(rows: readonly MonitoringRow[], k: number, jump: number, method: string): Raise {
  const before = rows[k - 1] as MonitoringRow
  const at = rows[k] as MonitoringRow
  const clean = (r: MonitoringRow | undefined) =>
    r !== undefined && r.anomaly === null && r.pore_pressure_kpa !== null
  const porePerMetre =
    clean(before) && clean(at)
      ? ((at.pore_pressure_kpa as number) - (before.pore_pressure_kpa as number)) / jump
      : null
  const later = rows[k + 90]
  const quiet = rows.slice(k, k + 91).every((r) => r.event === null || r.event === 'raise')
  const dissipation =
    clean(at) && clean(later) && quiet
      ? (later!.pore_pressure_kpa as number) - (at.pore_pressure_kpa as number)
      : null
  let settlementByYear: [number, number, number] | null = null
  const year = 365
  const end = rows[k + 3 * year]
  const nextJump = rows
    .slice(k + 1, k + 3 * year + 1)
    .some(
      (r, j) => r.freeboard_m !== null && r.freeboard_m - (rows[k + j]?.freeboard_m ?? r.freeboard_m) > 0.9,
    )
  const previousJump = rows.slice(Math.max(1, k - 3 * year), k).some((r, j) => {
    const prior = rows[Math.max(1, k - 3 * year) + j - 1]
    return r.freeboard_m !== null && r.freeboard_m - (prior?.freeboard_m ?? r.freeboard_m) > 0.9
  })
  if (end !== undefined && !nextJump && !previousJump && k > 3 * year) {
    const s = (j: number): number => {
      // The last reading at or before the day (telemetry gaps read nothing).
      for (let m = k - 1 + j; m >= 0; m--) {
        const v = rows[m]?.settlement_mm
        if (v !== null && v !== undefined) return v
      }
      return Number.NaN
    }
    // The embankment's own creep, measured over the year before the raise, bounds its share after it.
    const creep = s(0) - s(-year)
    settlementByYear = [
      s(year) - s(0) - creep,
      s(2 * year) - s(year) - creep,
      s(3 * year) - s(2 * year) - creep,
    ]
  }
  return { method, lift: jump, jump, porePerMetre, dissipation, settlementByYear }
}

describe('monitoring realism over thousands of facility-years', () => {
  it('covers thousands of facility-years', () => {
    expect(stats.facilityYears).toBeGreaterThanOrEqual(4000)
  })

  it('keeps TARP levels at the frequencies of domain §A.3 (green 90–97 %, amber 2–8 %, red 0.1–1 %, emergency ≈ 0)', () => {
    expectLevelShares(stats.levels)
  })

  describe('at the default hourly interval (60 facilities × 2 years, about a million readings)', () => {
    const levels = [0, 0, 0, 0]
    let hourOverCap = 0
    let maxHour = 0
    let semiAridMaxHour = 0
    beforeAll(() => {
      for (let i = 0; i < 60; i++) {
        const { rows: series, facility: f } = partitionRows<MonitoringRow>('monitoring', {
          seed: 7,
          facilityIndex: i,
          count: Math.round(2 * 365.25 * 24),
          params: { interval: '1h', start: '2019-01-01' },
        })
        const site = siteClimate(f.climate, f.latitude, f.annual_rainfall_mm)
        // The wettest hour of the climate's 100-year day, plus the 0.2 mm of the tipping bucket.
        const hourCap = idfDepth(site, site.p24Max, 1) + 0.2
        for (const r of series) {
          levels[r.tarp_level]!++
          if (r.rainfall_mm === null) continue
          if (r.rainfall_mm > hourCap) hourOverCap++
          maxHour = Math.max(maxHour, r.rainfall_mm)
          if (f.annual_rainfall_mm <= 600) semiAridMaxHour = Math.max(semiAridMaxHour, r.rainfall_mm)
        }
      }
    })

    it('keeps the TARP level frequencies of domain §A.3, where a 3-reading confirmation is hours, not days', () => {
      expectLevelShares(levels)
    })

    it('caps each hour by the IDF shape of the climate (domain §A.1 rainfall intensity), a semi-arid hour far under 105 mm', () => {
      expect(hourOverCap).toBe(0)
      expect(maxHour).toBeGreaterThan(10)
      expect(semiAridMaxHour).toBeGreaterThan(2)
      expect(semiAridMaxHour).toBeLessThan(60)
    })
  })

  it('raises most alarms from labelled physical events, few from sensor anomalies (domain §A.3: TARPs act on persistent, physically caused change)', () => {
    expect(stats.alarmRows).toBeGreaterThan(10_000)
    expect(stats.alarmWithEvent / stats.alarmRows).toBeGreaterThan(0.8)
    expect(stats.alarmWithAnomaly / stats.alarmRows).toBeLessThan(0.03)
  })

  it('lets pore pressure exceed the 1.10 alert ratio without any injected fault, and only during a physical event (domain §A.3 piezometer triggers)', () => {
    expect(stats.cleanOver110).toBeGreaterThan(1000)
    expect(stats.cleanOver110WithEvent).toBe(stats.cleanOver110)
  })

  it('caps daily rain by the 100-year depth of the climate (domain §A.1 rainfall: daily max 100–400 mm)', () => {
    expect(stats.rainOverCap).toBe(0)
    expect(stats.maxDayRain).toBeLessThanOrEqual(400)
    expect(stats.maxDayRain).toBeGreaterThan(100)
    // A semi-arid site of ≤ 600 mm/yr: about 110 mm in its wettest day of a century, not 335 mm.
    expect(stats.semiAridMaxDay).toBeGreaterThan(30)
    expect(stats.semiAridMaxDay).toBeLessThanOrEqual(4.5 * Math.sqrt(600) + 0.1)
  })

  it('puts the wet season where the hemisphere and climate put it (domain §A.2 seasonality)', () => {
    const checked: string[] = []
    for (const [key, { wet, total }] of stats.rain) {
      const [country, , hemisphere] = key.split(':')
      if (wetMonthsOf(country!, hemisphere === 'S' ? -30 : 30) === undefined || total < 500) continue
      expect(wet / total, key).toBeGreaterThan(0.7)
      checked.push(key)
    }
    expect(checked.length).toBeGreaterThanOrEqual(3)
    expect(checked.some((key) => key.startsWith('MN:'))).toBe(true)
  })

  it('holds winter precipitation as snow at boreal and continental sites, with a flat pond under ice and a spring freshet (domain §A.2 seasonality)', () => {
    expect(stats.snowFacilities).toBeGreaterThan(20)
    expect(stats.snowMonthRain).toBe(0)
    expect(stats.frozenPondReadings).toBeGreaterThan(1000)
    expect(stats.frozenPondChanges / stats.frozenPondReadings).toBeLessThan(0.01)
    expect(stats.freshetRows).toBeGreaterThan(500)
    expect(stats.freshetOutsideSpring).toBe(0)
  })

  it('settles each raising facility by no more than its raises allow, and slows between them (domain §A.1: 10–200 mm per raise in its first 1–3 years, log-time decay)', () => {
    expect(stats.settlement.length).toBeGreaterThan(100)
    for (const { total, bound } of stats.settlement) expect(total).toBeLessThanOrEqual(bound)
    const perYear = stats.settlement.map((f) => f.total / YEARS).sort((a, b) => a - b)
    // Not a steady 100–270 mm a year at every raising dam: half of them settle under 60 mm a year.
    expect(perYear[Math.floor(perYear.length / 2)]).toBeLessThan(60)
    expect(perYear[perYear.length - 1]).toBeLessThan(300)
  })

  it('raises crests in lifts of 1–5 m upstream and stages of 5–20 m downstream (domain §A.2 long-term trends)', () => {
    const lifts = (methods: string[]) =>
      stats.raises.filter((r) => methods.includes(r.method)).map((r) => r.lift)
    const upstream = lifts(['upstream'])
    const downstream = lifts(['downstream', 'water_retention'])
    expect(upstream.length).toBeGreaterThan(100)
    expect(downstream.length).toBeGreaterThan(10)
    // A day's pond change (rain, drawdown) moves the measured jump by a few centimetres.
    expect(Math.min(...upstream)).toBeGreaterThan(0.9)
    expect(Math.max(...upstream)).toBeLessThan(5.2)
    expect(Math.min(...downstream)).toBeGreaterThan(4.8)
    expect(Math.max(...downstream)).toBeLessThan(20.2)
  })

  it('answers each raise with excess pore pressure of B̄·Δσ_v, B̄ 0.3–1.0, which then dissipates (domain §A.2 raise → piezometers, saw-tooth)', () => {
    const perMetre = stats.raises.map((r) => r.porePerMetre).filter((v): v is number => v !== null)
    expect(perMetre.length).toBeGreaterThan(100)
    // Δσ_v = γ·lift with γ 18–21 kN/m³: B̄ 0.3–1.0 gives 5.4–21 kPa per metre; reading noise and a day of pond
    // movement add about ±1 kPa per metre.
    const outside = perMetre.filter((v) => v < 0.3 * 18 - 1 || v > 1.0 * 21 + 1)
    expect(outside.length / perMetre.length).toBeLessThan(0.01)
    // Downstream stages are far apart and the pond rises slowly under them: the saw-tooth's fall shows.
    const falls = stats.raises
      .filter((r) => ['downstream', 'water_retention'].includes(r.method) && r.dissipation !== null)
      .map((r) => r.dissipation as number)
    expect(falls.length).toBeGreaterThan(10)
    expect(falls.filter((d) => d < 0).length / falls.length).toBeGreaterThan(0.9)
  })

  it('settles 10–200 mm per raise over its first three years, decaying with log-time (domain §A.1 settlement)', () => {
    const isolated = stats.raises
      .map((r) => r.settlementByYear)
      .filter((v): v is [number, number, number] => v !== null)
    expect(isolated.length).toBeGreaterThan(10)
    for (const [y1, y2, y3] of isolated) {
      // Net of the embankment's creep (survey noise ±1 mm per reading).
      expect(y1 + y2 + y3).toBeGreaterThan(10 - 5)
      expect(y1 + y2 + y3).toBeLessThan(200 + 5)
      expect(y1).toBeGreaterThan(2 * y2)
      expect(y2).toBeGreaterThan(y3)
    }
  })
})

/** The raw TARP level of a reading under the default thresholds (domain §A.3 defaults). */
function rawLevelOf(r: MonitoringRow, baselineSeepage: number, inclinometerRate: number | null): number {
  const levels: number[] = []
  if (inclinometerRate !== null) {
    const v = inclinometerRate
    levels.push(v > 150 ? 3 : v > 5 ? 2 : v > 1 ? 1 : 0)
  }
  if (r.freeboard_m !== null) {
    const f = r.freeboard_m
    levels.push(f < 0.3 ? 3 : f < 1 ? 2 : f < 2 ? 1 : 0)
  }
  const ratio = (r.pore_pressure_kpa as number) / r.pore_pressure_expected_kpa
  levels.push(ratio > 1.5 ? 3 : ratio > 1.25 ? 2 : ratio > 1.1 ? 1 : 0)
  const seepage = (r.seepage_l_s as number) / baselineSeepage
  levels.push(seepage > 2 ? 3 : seepage > 1.5 ? 2 : seepage > 1.25 ? 1 : 0)
  const t = r.turbidity_ntu as number
  levels.push(t > 200 ? 3 : t > 50 ? 2 : t > 10 ? 1 : 0)
  return Math.max(...levels)
}

describe('monitoring sensor anomalies at 1 h', () => {
  it('never escalates a TARP level on a single-reading spike: three readings in a row must exceed (domain §A.3: N consecutive exceedances)', () => {
    let spikes = 0
    let spikesAboveLevel = 0
    let escalations = 0
    for (let i = 0; i < 60; i++) {
      const { rows, facility } = partitionRows<MonitoringRow>('monitoring', {
        seed: 7,
        facilityIndex: i,
        count: 24 * 365,
        params: { interval: '1h', anomalyRate: 0.03 },
      })
      const rates = inclinometerRates(rows, 1 / 24)
      const rawLevel = (r: MonitoringRow) =>
        rawLevelOf(r, facility.baseline_seepage_l_s, rates[r.record_index]!)
      const read = rows.filter((r) => r.anomaly !== 'missing')
      for (let k = 1; k < read.length; k++) {
        const r = read[k]!
        const before = read[k - 1]!.tarp_level
        if (r.anomaly === 'spike') {
          spikes++
          if (rawLevel(r) > before) spikesAboveLevel++
        }
        if (r.tarp_level <= before) continue
        escalations++
        // The escalating reading and the two before it all reached the new level.
        for (const w of read.slice(Math.max(0, k - 2), k + 1))
          expect(rawLevel(w)).toBeGreaterThanOrEqual(r.tarp_level)
      }
    }
    expect(spikes).toBeGreaterThan(1000)
    // Spikes do exceed thresholds, and still escalate nothing on their own.
    expect(spikesAboveLevel).toBeGreaterThan(100)
    expect(escalations).toBeGreaterThan(50)
  }, 60_000)
})
