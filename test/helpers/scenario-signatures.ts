import type { Facility } from '../../src/generators/facility/facility-generator.js'
import { siteClimate } from '../../src/generators/monitoring/monitoring-climate.js'

// The signature of each scenario preset in its records, as a list of problems (empty when the data shows
// it). Shared by the unit tests (records in memory) and the database test (records loaded and read back).

type Row = Record<string, unknown>
const DAY = 86_400_000
const HOUR = 3_600_000

const num = (row: Row, column: string): number | null => row[column] as number | null

/** Rows per facility id, in time order. */
function byFacility(rows: readonly Row[], time = 'timestamp'): Map<string, Row[]> {
  const out = new Map<string, Row[]>()
  for (const row of rows) {
    const id = row['facility_id'] as string
    let list = out.get(id)
    if (!list) out.set(id, (list = []))
    list.push(row)
  }
  for (const list of out.values()) list.sort((a, b) => num(a, time)! - num(b, time)!)
  return out
}

function mean(rows: readonly Row[], column: string): number {
  const values = rows.map((r) => num(r, column)).filter((v): v is number => v !== null)
  return values.reduce((s, v) => s + v, 0) / values.length
}

/** The rows of the first and the last `days` of a series. */
function ends(rows: readonly Row[], days: number): [Row[], Row[]] {
  const first = num(rows[0]!, 'timestamp')!
  const last = num(rows[rows.length - 1]!, 'timestamp')!
  return [
    rows.filter((r) => num(r, 'timestamp')! < first + days * DAY),
    rows.filter((r) => num(r, 'timestamp')! > last - days * DAY),
  ]
}

function facilityOf(facilities: readonly Facility[], id: string): Facility {
  const f = facilities.find((x) => x.id === id)
  if (!f) throw new Error(`no facility ${id}`)
  return f
}

/**
 * `extreme-storm`: the wettest day is a 15th and holds the site's 100-year 24-hour depth; TARP reaches 2–3
 * 6 hours to 5 days after that day begins, the readings of that day are labelled `storm`, and the level is
 * back to 0–1 45–60 days later.
 */
export function extremeStormProblems(rows: readonly Row[], facilities: readonly Facility[]): string[] {
  const problems: string[] = []
  for (const [id, series] of byFacility(rows)) {
    const f = facilityOf(facilities, id)
    const p24Max = siteClimate(f.climate, f.latitude, f.annual_rainfall_mm).p24Max
    const daily = new Map<number, number>()
    for (const r of series) {
      const day = Math.floor(num(r, 'timestamp')! / DAY)
      daily.set(day, (daily.get(day) ?? 0) + (num(r, 'rainfall_mm') ?? 0))
    }
    let peakDay = 0
    let peak = -1
    for (const [day, total] of daily) if (total > peak) [peakDay, peak] = [day, total]
    const start = peakDay * DAY
    if (new Date(start).getUTCDate() !== 15)
      problems.push(`${f.code}: wettest day ${new Date(start).toISOString()}`)
    // Each reading's rain is rounded to the 0.2 mm tip of the gauge.
    if (Math.abs(peak - p24Max) > 0.1 * 24 + 0.01) problems.push(`${f.code}: ${peak} mm, 100-year ${p24Max}`)
    const window = series.filter(
      (r) => num(r, 'timestamp')! >= start - DAY && num(r, 'timestamp')! < start + 30 * DAY,
    )
    let level = 0
    let at = 0
    for (const r of window)
      if (num(r, 'tarp_level')! > level) [level, at] = [num(r, 'tarp_level')!, num(r, 'timestamp')!]
    if (level < 2) problems.push(`${f.code}: TARP peak ${level}`)
    else if (at < start + 6 * HOUR || at > start + 5 * DAY)
      problems.push(`${f.code}: TARP peak ${(at - start) / HOUR} h after the storm day began`)
    const stormDay = series.filter((r) => num(r, 'timestamp')! >= start && num(r, 'timestamp')! < start + DAY)
    if (!stormDay.every((r) => r['event'] === 'storm')) problems.push(`${f.code}: storm day not labelled`)
    const later = series.filter(
      (r) => num(r, 'timestamp')! >= start + 45 * DAY && num(r, 'timestamp')! < start + 60 * DAY,
    )
    if (later.length === 0 || later.some((r) => num(r, 'tarp_level')! > 1))
      problems.push(`${f.code}: no recovery 45–60 days after the storm`)
  }
  return problems
}

/** `drought`: under half the normal rain over the series, no storm, and the pond lower at the end. */
export function droughtProblems(rows: readonly Row[], facilities: readonly Facility[]): string[] {
  const problems: string[] = []
  for (const [id, series] of byFacility(rows)) {
    const f = facilityOf(facilities, id)
    const years =
      (num(series[series.length - 1]!, 'timestamp')! - num(series[0]!, 'timestamp')!) / (365.25 * DAY)
    const rain = series.reduce((s, r) => s + (num(r, 'rainfall_mm') ?? 0), 0)
    if (rain > 0.5 * f.annual_rainfall_mm * years)
      problems.push(`${f.code}: ${rain} mm of ${f.annual_rainfall_mm}/yr`)
    if (series.some((r) => r['event'] === 'storm')) problems.push(`${f.code}: a storm`)
    if (f.has_pond) {
      const [first, last] = ends(series, 30)
      if (!(mean(last, 'pond_level_m') < mean(first, 'pond_level_m')))
        problems.push(`${f.code}: pond did not fall`)
    }
  }
  return problems
}

/**
 * `closure`: no raise (the crest, freeboard + pond, stays put), the pond and the expected pore pressure
 * fall where there is a pond, and the pore pressure falls at three facilities in four or more.
 */
export function closureProblems(rows: readonly Row[], facilities: readonly Facility[]): string[] {
  const problems: string[] = []
  let falling = 0
  let all = 0
  for (const [id, series] of byFacility(rows)) {
    const f = facilityOf(facilities, id)
    if (series.some((r) => r['event'] === 'raise')) problems.push(`${f.code}: a raise`)
    const [first, last] = ends(series, 30)
    if (f.has_pond) {
      const crest = series
        .filter((r) => num(r, 'freeboard_m') !== null && num(r, 'pond_level_m') !== null)
        .map((r) => num(r, 'freeboard_m')! + num(r, 'pond_level_m')!)
      if (Math.max(...crest) - Math.min(...crest) > 0.03) problems.push(`${f.code}: the crest moved`)
      if (!(mean(last, 'pond_level_m') < mean(first, 'pond_level_m')))
        problems.push(`${f.code}: pond did not fall`)
      if (!(mean(last, 'pore_pressure_expected_kpa') < mean(first, 'pore_pressure_expected_kpa')))
        problems.push(`${f.code}: expected pore pressure did not fall`)
    }
    all++
    if (mean(last, 'pore_pressure_kpa') < mean(first, 'pore_pressure_kpa')) falling++
  }
  if (falling < 0.75 * all) problems.push(`pore pressure fell at ${falling} of ${all} facilities`)
  return problems
}

/**
 * `progressive-failure`: pore pressure starts near its expected value, climbs over months to 1.25 × or more,
 * and reaches TARP 2 on a clean reading (no sensor fault) labelled `phreatic_rise`, two months in or later;
 * the inclinometer moves faster at the end than at the start.
 */
export function progressiveFailureProblems(rows: readonly Row[], facilities: readonly Facility[]): string[] {
  const problems: string[] = []
  // The true pore pressure: a sensor fault (a step offset over the last weeks) is not the scenario's signature.
  const ratio = (list: readonly Row[]) =>
    mean(list, 'pore_pressure_clean_kpa') / mean(list, 'pore_pressure_expected_kpa')
  for (const [id, series] of byFacility(rows)) {
    const f = facilityOf(facilities, id)
    const [first, last] = ends(series, 20)
    if (ratio(first) > 1.1) problems.push(`${f.code}: starts at ${ratio(first)}`)
    if (ratio(last) < 1.25) problems.push(`${f.code}: ends at ${ratio(last)}`)
    const t0 = num(series[0]!, 'timestamp')!
    const alarm = series.find(
      (r) => num(r, 'tarp_level')! >= 2 && r['anomaly'] === null && r['event'] === 'phreatic_rise',
    )
    if (!alarm) problems.push(`${f.code}: no clean TARP 2`)
    else if (num(alarm, 'timestamp')! < t0 + 60 * DAY) problems.push(`${f.code}: TARP 2 within two months`)
    if (f.construction_method !== 'in_pit') {
      const [a, b] = ends(series, 90)
      const move = (list: readonly Row[]) =>
        num(list[list.length - 1]!, 'inclinometer_mm')! - num(list[0]!, 'inclinometer_mm')!
      if (!(move(b) > move(a))) problems.push(`${f.code}: inclinometer did not speed up`)
    }
  }
  return problems
}

/**
 * `non-compliant-operator` and `progressive-failure` in compliance: every dam safety review (GISTM 10.5)
 * not met and overdue, and open findings still open at the next round (9 in 10 or more).
 */
export function complianceNeglectProblems(rows: readonly Row[]): string[] {
  const problems: string[] = []
  const reviews = rows.filter((r) => r['framework'] === 'GISTM' && r['requirement_id'] === '10.5')
  if (reviews.length === 0) problems.push('no dam safety review assessed')
  for (const r of reviews) {
    if (r['status'] !== 'Does not meet' || !String(r['finding']).includes('overdue:'))
      problems.push(`10.5 ${String(r['status'])}: ${String(r['finding'])}`)
  }
  const { reopened, open } = repeatFindings(rows)
  if (open < 20 || reopened < 0.85 * open) problems.push(`${reopened} of ${open} open findings still open`)
  return problems
}

/** Of the findings open at one round of a requirement (partially met or not met), how many are at the next. */
export function repeatFindings(rows: readonly Row[]): { open: number; reopened: number } {
  const rounds = new Map<string, Row[]>()
  for (const r of rows) {
    const key = `${String(r['facility_id'])}|${String(r['framework'])}|${String(r['requirement_id'])}`
    let list = rounds.get(key)
    if (!list) rounds.set(key, (list = []))
    list.push(r)
  }
  const isOpen = (r: Row) => r['status'] === 'Partially meets' || r['status'] === 'Does not meet'
  let open = 0
  let reopened = 0
  for (const list of rounds.values()) {
    list.sort((a, b) => num(a, 'assessment_round')! - num(b, 'assessment_round')!)
    for (let i = 0; i + 1 < list.length; i++) {
      if (!isOpen(list[i]!)) continue
      open++
      if (isOpen(list[i + 1]!)) reopened++
    }
  }
  return { open, reopened }
}

/** The share of assessed rows (neither not applicable nor not yet assessed) that meet their requirement. */
export function meetsShare(rows: readonly Row[]): number {
  const assessed = rows.filter((r) => r['status'] !== 'Not applicable' && r['status'] !== 'Not yet assessed')
  return assessed.filter((r) => r['status'] === 'Meets').length / assessed.length
}

/** `closure` in financial: no raise capital or operating cost, a closure estimate every year per facility. */
export function closureCostProblems(rows: readonly Row[], facilities: number, years: number): string[] {
  const problems: string[] = []
  const categories = new Set(rows.map((r) => r['category']))
  for (const c of ['capex_raise', 'opex_operations']) if (categories.has(c)) problems.push(`a ${c} line`)
  const estimates = rows.filter((r) => r['category'] === 'closure_cost_estimate').length
  if (estimates < facilities * years) problems.push(`${estimates} closure estimates`)
  return problems
}

/** Days from the end of the month or quarter a report covers (`2024-07`, `2024-Q3`) to `day` (epoch ms). */
function daysAfterPeriod(period: string, issued: number): number | null {
  const month = /^(\d{4})-(\d\d)$/.exec(period)
  const quarter = /^(\d{4})-Q(\d)$/.exec(period)
  if (month) return (issued - Date.UTC(Number(month[1]), Number(month[2]), 1)) / DAY
  if (quarter) return (issued - Date.UTC(Number(quarter[1]), 3 * Number(quarter[2]), 1)) / DAY
  return null
}

/**
 * `non-compliant-operator` in documents: at least half of the monthly and quarterly reports issued more than 60
 * days after the period they cover (on time: within 45 days), and a quarter of the reviewed editions issued more
 * than 60 days after the next review date of the edition they supersede (on time: about 1 in 20, a water balance
 * updated less often than its review date says).
 */
export function lateDocumentProblems(rows: readonly Row[]): string[] {
  const first = new Map<string, Row>()
  for (const r of rows) {
    const seen = first.get(r['doc_id'] as string)
    if (!seen || num(r, 'issue_date')! < num(seen, 'issue_date')!) first.set(r['doc_id'] as string, r)
  }
  let reports = 0
  let late = 0
  let editions = 0
  let overdueEditions = 0
  for (const r of first.values()) {
    const lag = r['period_covered']
      ? daysAfterPeriod(r['period_covered'] as string, num(r, 'issue_date')!)
      : null
    if (lag !== null) {
      reports++
      if (lag > 60) late++
    }
    const previous = r['supersedes'] ? first.get(r['supersedes'] as string) : undefined
    const due = previous ? num(previous, 'next_review_date') : null
    if (due === null) continue
    editions++
    if (num(r, 'issue_date')! > due + 60 * DAY) overdueEditions++
  }
  const problems: string[] = []
  if (reports < 20 || late < 0.5 * reports) problems.push(`${late} of ${reports} reports late`)
  if (editions < 10 || overdueEditions < 0.25 * editions)
    problems.push(
      `${overdueEditions} of ${editions} editions issued 60 days after their predecessor's review date`,
    )
  return problems
}
