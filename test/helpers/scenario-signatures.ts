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
 * `extreme-storm`: the wettest day is a 15th and holds the site's 100-year 24-hour depth, labelled `storm`. The
 * TARP peak (the first reading at the highest level from a day before the storm on) is level 2–3 and falls
 * after the storm's peak hour (its reading of maximum rain), by at most 5 days; the pond rises by 0.1 m or more within 3 days of that hour
 * (where there is a pond); pore pressure peaks after the rain at level 2 or more (1.25 × expected), and the
 * reading of its peak is at TARP 2–3 triggered by `pore_pressure_kpa`; the level is back to 0–1 45–60 days
 * after the storm day.
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
    const rainAt = rainPeakOf(series, start)
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
    else if (at <= rainAt || at > rainAt + 5 * DAY)
      problems.push(`${f.code}: TARP peak ${(at - rainAt) / HOUR} h after the hour of maximum rain`)
    if (f.has_pond) {
      const before = series.filter((r) => num(r, 'timestamp')! < start && num(r, 'pond_level_m') !== null)
      const after = series
        .filter((r) => num(r, 'timestamp')! > rainAt && num(r, 'timestamp')! <= rainAt + 3 * DAY)
        .map((r) => num(r, 'pond_level_m'))
        .filter((v): v is number => v !== null)
      const from = before.length > 0 ? num(before[before.length - 1]!, 'pond_level_m')! : Number.NaN
      if (!(Math.max(...after) - from >= 0.1))
        problems.push(`${f.code}: pond rose ${Math.max(...after) - from} m`)
    }
    // The pore-pressure peak: the true (clean) value over its expected value.
    const ratio = (r: Row) => num(r, 'pore_pressure_clean_kpa')! / num(r, 'pore_pressure_expected_kpa')!
    let porePeak = window[0]!
    for (const r of window) if (ratio(r) > ratio(porePeak)) porePeak = r
    const poreAt = num(porePeak, 'timestamp')!
    if (poreAt <= rainAt || poreAt > rainAt + 10 * DAY)
      problems.push(`${f.code}: pore pressure peaks ${(poreAt - rainAt) / HOUR} h after the rain`)
    if (ratio(porePeak) < 1.25)
      problems.push(`${f.code}: pore pressure peaks at ${ratio(porePeak)} × expected`)
    if (num(porePeak, 'tarp_level')! < 2 || porePeak['trigger_parameter'] !== 'pore_pressure_kpa')
      problems.push(
        `${f.code}: TARP ${String(porePeak['tarp_level'])} by ${String(porePeak['trigger_parameter'])} at the pore-pressure peak`,
      )
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

/** The time of the reading of maximum rain in the day starting at `day` (epoch ms): the storm's peak hour. */
function rainPeakOf(series: readonly Row[], day: number): number {
  let at = Number.NaN
  let most = -1
  for (const r of series) {
    const t = num(r, 'timestamp')!
    if (t >= day && t < day + DAY && (num(r, 'rainfall_mm') ?? -1) > most)
      [at, most] = [t, num(r, 'rainfall_mm')!]
  }
  return at
}

/**
 * The `extreme-storm` storm of each facility, by facility id: the `event_id` of the reading of maximum rain on
 * the wettest day, and that reading's time (the hour of maximum rain).
 */
export function stormPeaks(rows: readonly Row[]): Map<string, { eventId: string | null; at: number }> {
  const out = new Map<string, { eventId: string | null; at: number }>()
  for (const [id, series] of byFacility(rows)) {
    const daily = new Map<number, number>()
    for (const r of series) {
      const day = Math.floor(num(r, 'timestamp')! / DAY)
      daily.set(day, (daily.get(day) ?? 0) + (num(r, 'rainfall_mm') ?? 0))
    }
    const wettest = [...daily].reduce((a, b) => (b[1] > a[1] ? b : a))[0]
    const at = rainPeakOf(series, wettest * DAY)
    const peak = series.find((r) => num(r, 'timestamp') === at)
    out.set(id, { eventId: (peak?.['event_id'] as string | null) ?? null, at })
  }
  return out
}

/**
 * TARP level shares within the domain's suggested frequencies (§A.3: green 90–97 %, amber 2–8 %, red 0.1–1 %):
 * a property of many facility-years (a few facilities can sit in one event for months).
 */
export function tarpShareProblems(rows: readonly Row[]): string[] {
  const problems: string[] = []
  const levels = [0, 0, 0, 0]
  for (const r of rows) levels[num(r, 'tarp_level')!]!++
  const share = (n: number) => n / rows.length
  const [green, amber, red] = [share(levels[0]!), share(levels[1]!), share(levels[2]! + levels[3]!)]
  if (green < 0.9 || green > 0.97) problems.push(`green ${green}`)
  if (amber < 0.02 || amber > 0.08) problems.push(`amber ${amber}`)
  if (red < 0.001 || red > 0.01) problems.push(`red ${red}`)
  return problems
}

/**
 * `baseline`: no event of a scenario (the `progressive-failure` climb, `phreatic`; raises are baseline events too), and every rise to level 2 or 3
 * inside a linked event (a reading with an `event_id`).
 */
export function baselineProblems(rows: readonly Row[]): string[] {
  const problems: string[] = []
  for (const r of rows) {
    const id = r['event_id'] as string | null
    if (id !== null && !/-(storm|seepage|drain|raise)$/.test(id)) problems.push(`scenario event ${id}`)
  }
  for (const series of byFacility(rows).values()) {
    for (let k = 1; k < series.length; k++) {
      const r = series[k]!
      if (num(r, 'tarp_level')! >= 2 && num(series[k - 1]!, 'tarp_level')! < 2 && r['event_id'] === null)
        problems.push(`${String(r['facility_id'])}: TARP ${String(r['tarp_level'])} outside a linked event`)
    }
  }
  return [...new Set(problems)]
}

/**
 * `drought`: under half the normal rain over the series, no storm, and the pond lower at the end. Against the
 * `baseline` readings of the same facilities and period (`baseline`, when given): pore pressure (the clean value)
 * no more than 0.5 kPa above it in any quarter, and more than 0.5 kPa below it in the last quarter where a pond
 * is drawn down; the pond at least 0.3 m below the baseline's over the last 30 days.
 */
export function droughtProblems(
  rows: readonly Row[],
  facilities: readonly Facility[],
  baseline?: readonly Row[],
): string[] {
  const problems: string[] = []
  const normal = baseline === undefined ? undefined : byFacility(baseline)
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
    const base = normal?.get(id)
    if (normal === undefined) continue
    if (base === undefined || base.length !== series.length) {
      problems.push(`${f.code}: no baseline of the same readings`)
      continue
    }
    // No pond: only infiltration falls, within the noise of a different rain series; a pond drawn down lowers
    // the phreatic surface.
    const n = series.length
    for (let q = 0; q < 4; q++) {
      const part = (list: readonly Row[]) =>
        list.slice(Math.floor((q * n) / 4), Math.floor(((q + 1) * n) / 4))
      const gap = mean(part(series), 'pore_pressure_clean_kpa') - mean(part(base), 'pore_pressure_clean_kpa')
      if (gap > 0.5 || (q === 3 && f.has_pond && !(gap < -0.5)))
        problems.push(`${f.code}: pore pressure ${gap} kPa from the baseline in quarter ${q + 1}`)
    }
    if (f.has_pond) {
      const drop = mean(ends(base, 30)[1], 'pond_level_m') - mean(ends(series, 30)[1], 'pond_level_m')
      if (!(drop >= 0.3)) problems.push(`${f.code}: pond ${drop} m below the baseline at the end`)
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

/** A date, timestamp or date text as a driver returns it from raw SQL, in epoch ms (UTC). */
export function epochMs(value: unknown): number {
  if (value instanceof Date) return value.getTime()
  if (typeof value === 'number') return value
  const text = String(value)
  return Date.parse(
    /[zZ]|[+-]\d\d:?\d\d$/.test(text)
      ? text
      : `${text.replace(' ', 'T')}${text.length > 10 ? 'Z' : 'T00:00:00Z'}`,
  )
}

/**
 * A scenario event's linked records, one row per event as a join by `event_id` returns them (`escalated`: the
 * first reading at TARP 2+; `notified`/`inspected`: the TARP notification and DSI issue dates, `inspection` the DSI number;
 * `reviewed`, `due`, `evidence`: the compliance finding; `sampled`: the first sample of the campaign; `booked`:
 * the last day of the quarter of the remediation cost), in causal order: (the rain of `after`, by event id <)
 * TARP 2 < notification ≤ sampling (that local day: within 12 h of the UTC day) < inspection < finding (citing
 * the inspection report) < corrective action due, and the cost booked in a quarter ending after the finding.
 * Every id of `expected` has its chain.
 */
export function linkedChainProblems(
  chain: readonly Row[],
  expected: readonly string[],
  after: ReadonlyMap<string, number> = new Map(),
): string[] {
  const problems: string[] = []
  const found = new Map(chain.map((r) => [r['event_id'] as string, r]))
  for (const id of expected) {
    const r = found.get(id)
    if (!r) {
      problems.push(`${id}: no notification/DSI/finding chain`)
      continue
    }
    const t = (column: string) => (r[column] === null ? Number.NaN : epochMs(r[column]))
    const [escalated, notified, sampled, inspected] = [
      t('escalated'),
      t('notified'),
      t('sampled'),
      t('inspected'),
    ]
    const [reviewed, due, booked] = [t('reviewed'), t('due'), t('booked')]
    const cause = after.get(id)
    if (cause !== undefined && !(escalated > cause)) problems.push(`${id}: TARP 2 before the rain peak`)
    if (!(escalated < notified)) problems.push(`${id}: notified before TARP 2`)
    if (!(sampled >= notified - 12 * HOUR && sampled < notified + 36 * HOUR && sampled > escalated))
      problems.push(`${id}: sampled ${String(r['sampled'])}, notified ${String(r['notified'])}`)
    if (!(inspected > notified)) problems.push(`${id}: inspected before notification`)
    if (!(reviewed > inspected)) problems.push(`${id}: reviewed before inspection`)
    if (!(due > reviewed)) problems.push(`${id}: corrective action due before the review`)
    if (r['evidence'] !== r['inspection']) problems.push(`${id}: evidence ${String(r['evidence'])}`)
    if (!(booked > reviewed)) problems.push(`${id}: cost booked ${String(r['booked'])}`)
  }
  return problems
}

/**
 * Overdue dam safety reviews by dates: each compliance row whose finding says the review is overdue (GISTM 10.5
 * and the national DSR requirements) has an interval N (`next_review_date` − `assessment_date`; GISTM 10.5: 5
 * years at Very High and Extreme facilities, 10 otherwise) and must have no Dam Safety Review document (`DSR`, first
 * issue of each number, from `reviews`: the register of the same seed over the N years before) issued in the N
 * years before the assessment, and must not come before the due date its requirement's previous row set.
 */
export function overdueReviewProblems(
  compliance: readonly Row[],
  reviews: readonly Row[],
  facilities: readonly Facility[],
): string[] {
  const problems: string[] = []
  const year = 365.25 * DAY
  const issued = new Map<string, number[]>()
  for (const r of reviews) {
    if (r['doc_type_code'] !== 'DSR' || r['revision'] !== '0') continue
    const list = issued.get(r['facility_id'] as string) ?? []
    list.push(num(r, 'issue_date')!)
    issued.set(r['facility_id'] as string, list)
  }
  const overdue = compliance.filter((r) => String(r['finding']).includes(' overdue: '))
  if (overdue.length === 0) problems.push('no overdue review')
  const rounds = new Map<string, Row[]>()
  for (const r of compliance) {
    const key = `${String(r['facility_id'])}|${String(r['framework'])}|${String(r['requirement_id'])}`
    rounds.set(key, [...(rounds.get(key) ?? []), r])
  }
  for (const r of overdue) {
    const f = facilityOf(facilities, r['facility_id'] as string)
    const at = num(r, 'assessment_date')!
    const n = Math.round((num(r, 'next_review_date')! - at) / year)
    const label = `${f.code} ${String(r['requirement_id'])} ${new Date(at).toISOString().slice(0, 10)}`
    if (r['framework'] === 'GISTM' && n !== (['Very High', 'Extreme'].includes(f.consequence_class) ? 5 : 10))
      problems.push(`${label}: ${n}-year interval at a ${f.consequence_class} facility`)
    const last = (issued.get(f.id) ?? []).filter((d) => d <= at).sort((a, b) => b - a)[0]
    if (last !== undefined && at - last < n * year)
      problems.push(`${label}: DSR issued ${((at - last) / year).toFixed(1)} years before (interval ${n})`)
    const key = `${String(r['facility_id'])}|${String(r['framework'])}|${String(r['requirement_id'])}`
    const earlier = (rounds.get(key) ?? []).filter((x) => num(x, 'assessment_date')! < at)
    const previousDue = Math.max(...earlier.map((x) => num(x, 'next_review_date')!))
    if (earlier.length > 0 && at < previousDue)
      problems.push(`${label}: before its due date ${new Date(previousDue).toISOString().slice(0, 10)}`)
  }
  return problems
}
