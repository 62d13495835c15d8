import { col } from '../columns.js'
import { monthOfEpochDay } from '../../util/numbers.js'
import { deriveSeed } from '../derive-seed.js'
import type { Facility } from '../facility/facility-generator.js'
import { siteClimate } from '../monitoring/monitoring-climate.js'
import type { MonitoringEvent } from '../monitoring/monitoring-events.js'
import { Prng } from '../prng.js'
import { extremeStormDay, type Scenario } from '../scenario.js'

/**
 * The linked events of a facility: physical events that push the monitoring TARP to level 2 or 3 and leave
 * their traces where a real operation records them (a notification, an EOR inspection, a compliance finding
 * with its corrective action, a sampling campaign, a remediation cost). Every data type reads the same
 * timeline, a pure function of (seed, facility, scenario, period start), so the records of one type never
 * depend on those of another and still join by `event_id`.
 *
 * Regular events come from one random stream per (facility, civil year): a year's events do not depend on
 * the period asked, the count or the interval. The `extreme-storm` and `progressive-failure` scenarios add
 * their own event, placed from the period's start as the monitoring series places it.
 */

/** What happened: a storm's recharge of the phreatic surface, a seepage increase, a blocked drain, a slow rise. */
export const LINKED_EVENT_KINDS = ['storm', 'seepage', 'drain', 'phreatic'] as const
export type LinkedEventKind = (typeof LINKED_EVENT_KINDS)[number]

/** The monitoring label of each kind's readings. */
export const EVENT_LABELS: Readonly<Record<LinkedEventKind, MonitoringEvent>> = {
  storm: 'storm',
  seepage: 'phreatic_rise',
  drain: 'drain_blockage',
  phreatic: 'phreatic_rise',
}

/** Words for titles and findings. */
export const EVENT_NAMES: Readonly<Record<LinkedEventKind, string>> = {
  storm: 'storm',
  seepage: 'seepage increase',
  drain: 'drain blockage',
  phreatic: 'phreatic surface rise',
}

export interface LinkedEvent {
  /** `EV-<facility id>-<yyyymmdd of onset>-<kind>`: stable text, the join key across types. */
  readonly id: string
  readonly kind: LinkedEventKind
  readonly scenario: boolean
  /** Epoch days (fractional) of the excursion: onset, end of ramp (the peak), end of plateau, end of recovery. */
  readonly start: number
  readonly rampEnd: number
  readonly holdEnd: number
  readonly end: number
  /** Storms: the epoch day of the storm's rain, and its depth as a return period (years). */
  readonly rainDay: number
  readonly returnYears: number
  /** Peak pore-pressure ratio (reading / expected) the excursion drives, or 0 when it drives seepage. */
  readonly poreRatio: number
  /** Peak seepage ratio (flow / baseline) a seepage increase drives, or 0 for the other kinds. */
  readonly seepageRatio: number
  /** Peak seepage change as a share of the baseline flow (negative: a blocked drain cuts the flow at the weirs). */
  readonly seepage: number
  /** The TARP level the event is sized to reach at the default thresholds. */
  readonly level: 2 | 3
  /** Epoch days of the traces, in causal order: notification ≤ inspection ≤ finding ≤ corrective action due. */
  readonly notificationDay: number
  readonly inspectionDay: number
  readonly findingDay: number
  readonly correctiveDueDay: number
  /** Epoch ms of the sampling campaign (the day of the notification, in daylight). */
  readonly samplingAt: number
  /** Epoch day the remediation is booked, and its cost in US dollars. */
  readonly costDay: number
  readonly costUsd: number
}

const DAY_MS = 86_400_000
/** Longest excursion of a regular event (days): the timeline looks this far before a period for events in progress. */
export const MAX_EVENT_DAYS = 200

/** Regular events per facility-year, by kind [E]: TARP level-2 events are rare, a few a decade per facility. */
const STORM_RATE: Readonly<Record<string, number>> = {
  tropical: 0.15,
  temperate: 0.12,
  mediterranean: 0.1,
  semi_arid: 0.08,
  arid: 0.05,
  boreal: 0.08,
}
const SEEPAGE_RATE = 0.05
const DRAIN_RATE: Readonly<Record<string, number>> = { upstream: 0.06, in_pit: 0.01 }
const DRAIN_RATE_OTHER = 0.03

interface Shape {
  readonly ramp: readonly [number, number]
  readonly hold: readonly [number, number]
  readonly recovery: readonly [number, number]
}
/** Days of ramp, plateau and recovery of each regular kind [E]. */
const SHAPES: Readonly<Record<'storm' | 'seepage' | 'drain', Shape>> = {
  storm: { ramp: [0.25, 2], hold: [2, 5], recovery: [10, 30] },
  seepage: { ramp: [2, 10], hold: [5, 20], recovery: [20, 60] },
  drain: { ramp: [5, 20], hold: [7, 25], recovery: [15, 45] },
}
/** Peak pore-pressure ratio: clearly inside level 2 (1.25–1.50), or inside level 3 for one event in ten. */
const LEVEL_2_RATIO: readonly [number, number] = [1.3, 1.38]
const LEVEL_3_RATIO: readonly [number, number] = [1.6, 1.7]
/** Peak seepage ratio of a seepage increase: level 2 (1.5–2.0) or 3 (above 2.0). */
const LEVEL_2_SEEPAGE: readonly [number, number] = [1.6, 1.75]
const LEVEL_3_SEEPAGE: readonly [number, number] = [2.3, 2.6]
/** Remediation cost (US$) by kind [E]: erosion repair and desilting, seepage filters and relief wells, drain jetting or a new drain. */
const COST_USD: Readonly<Record<LinkedEventKind, readonly [number, number]>> = {
  storm: [80_000, 1_500_000],
  seepage: [150_000, 2_500_000],
  drain: [50_000, 800_000],
  phreatic: [300_000, 5_000_000],
}

/** The scenario storm's recharge and the progressive failure's climb (moved here from the monitoring series). */
export const STORM_SURGE_DELAY: readonly [number, number] = [0.25, 0.75]
const STORM_SURGE: Shape = { ramp: [0.25, 3], hold: [1, 4], recovery: [10, 30] }
const STORM_SURGE_SEEPAGE: readonly [number, number] = [0.3, 0.8]
export const STORM_PEAK_RATIO: readonly [number, number] = [1.3, 1.6]
export const PROGRESSIVE_ONSET_DAYS = 30
export const PROGRESSIVE_RAMP_DAYS: readonly [number, number] = [150, 240]
export const PROGRESSIVE_PEAK_RATIO: readonly [number, number] = [1.3, 1.45]
export const PROGRESSIVE_SEEPAGE: readonly [number, number] = [0.2, 0.5]

/** `yyyymmdd` of an epoch day. */
export function compactDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '')
}

/** The event id of a facility's event of `kind` whose onset falls on epoch day `day`. */
export function eventId(facilityId: string, day: number, kind: LinkedEventKind): string {
  return `EV-${facilityId}-${compactDate(day)}-${kind}`
}

/** Saturday moves back to Friday, Sunday on to Monday (as document issue days do). */
function workingDay(day: number): number {
  const dow = (((day + 4) % 7) + 7) % 7
  return dow === 6 ? day - 1 : dow === 0 ? day + 1 : day
}

interface Draft {
  readonly kind: LinkedEventKind
  readonly scenario: boolean
  readonly start: number
  readonly ramp: number
  readonly hold: number
  readonly recovery: number
  readonly rainDay: number
  readonly returnYears: number
  readonly poreRatio: number
  readonly seepageRatio: number
  readonly seepage: number
  readonly level: 2 | 3
}

/** The traces of an event, drawn from its own stream in a fixed order. */
function complete(d: Draft, facilityId: string, rng: Prng, longitude: number): LinkedEvent {
  const rampEnd = d.start + d.ramp
  const holdEnd = rampEnd + d.hold
  const onsetDay = Math.floor(d.kind === 'storm' ? d.rainDay : d.start)
  // Notified 1–4 days after the peak (the TARP confirms a level over a few readings, then the notice goes
  // out); the EOR inspects 2–10 days later; the compliance review follows the inspection report.
  const notificationDay = Math.floor(rampEnd) + 2 + rng.int(0, 2)
  const inspectionDay = workingDay(notificationDay + rng.int(2, 10))
  const findingDay = workingDay(inspectionDay + rng.int(7, 30))
  const correctiveDueDay = workingDay(findingDay + rng.int(30, 90))
  // Sampled in daylight, local solar time 08:00–16:00, on the day of the notification.
  const localNoonOffset = Math.round(longitude / 15) / 24
  const samplingAt = Math.round((notificationDay + rng.range(8, 16) / 24 - localNoonOffset) * 1440) * 60_000
  const [low, high] = COST_USD[d.kind]
  const costUsd = Math.round(Math.exp(rng.range(Math.log(low), Math.log(high))) / 100) * 100
  const costDay = workingDay(findingDay + rng.int(14, 60))
  return {
    id: eventId(facilityId, onsetDay, d.kind),
    kind: d.kind,
    scenario: d.scenario,
    start: d.start,
    rampEnd,
    holdEnd,
    end: holdEnd + d.recovery,
    rainDay: d.rainDay,
    returnYears: d.returnYears,
    poreRatio: d.poreRatio,
    seepageRatio: d.seepageRatio,
    seepage: d.seepage,
    level: d.level,
    notificationDay,
    inspectionDay,
    findingDay,
    correctiveDueDay,
    samplingAt,
    costDay,
    costUsd,
  }
}

/** The regular event of a civil year, or null: at most one a year. */
function yearEvent(
  seed: number,
  f: Facility,
  year: number,
  scenario: Scenario,
  wetRain: readonly number[],
): LinkedEvent | null {
  const rng = new Prng(deriveSeed(seed, 'events', f.facility_index, year))
  const storm = STORM_RATE[f.climate] ?? 0.1
  const drain = DRAIN_RATE[f.construction_method] ?? DRAIN_RATE_OTHER
  const u = rng.float()
  const kind: LinkedEventKind | null =
    u < storm
      ? 'storm'
      : u < storm + SEEPAGE_RATE
        ? 'seepage'
        : u < storm + SEEPAGE_RATE + drain
          ? 'drain'
          : null
  if (kind === null) return null
  // A storm falls on a day of a wet month whose rain is not snow; the other kinds on any day of the year.
  const month =
    kind === 'storm' && wetRain.length > 0
      ? (wetRain[rng.int(0, wetRain.length - 1)] as number)
      : rng.int(1, 12)
  const first = Date.UTC(year, month - 1, 1) / DAY_MS
  const daysInMonth = Date.UTC(year, month, 1) / DAY_MS - first
  const day = first + rng.int(0, daysInMonth - 1)
  const shape = SHAPES[kind]
  const delay = rng.range(0.25, 0.75)
  const ramp = rng.range(...shape.ramp)
  const hold = rng.range(...shape.hold)
  const recovery = rng.range(...shape.recovery)
  const level: 2 | 3 = rng.chance(0.1) ? 3 : 2
  const ratio = rng.range(...(level === 3 ? LEVEL_3_RATIO : LEVEL_2_RATIO))
  const seepageRatio = rng.range(...(level === 3 ? LEVEL_3_SEEPAGE : LEVEL_2_SEEPAGE))
  const returnYears = 1 / rng.range(0.01, 0.1) // a 10- to 100-year storm
  const drainCut = rng.range(0.1, 0.3)
  // Drought: no storm falls (the draws above are made all the same, so the other kinds stay put).
  if (kind === 'storm' && (scenario === 'drought' || wetRain.length === 0)) return null
  const draft: Draft = {
    kind,
    scenario: false,
    start: kind === 'storm' ? day + delay : day + delay - 0.25,
    ramp,
    hold,
    recovery,
    rainDay: kind === 'storm' ? day : Number.NaN,
    returnYears: kind === 'storm' ? returnYears : 0,
    poreRatio: kind === 'seepage' ? 0 : ratio,
    seepageRatio: kind === 'seepage' ? seepageRatio : 0,
    seepage: kind === 'seepage' ? 0 : kind === 'drain' ? -drainCut : 0.3 * drainCut,
    level,
  }
  return complete(draft, f.id, rng, f.longitude)
}

/**
 * The linked events of a facility whose excursion overlaps [fromDay, toDay] (epoch days), in onset order.
 * `startDay` is the first day of the generated period: the scenario events are placed from it.
 */
export function facilityEvents(
  seed: number,
  f: Facility,
  scenario: Scenario,
  startDay: number,
  fromDay: number,
  toDay: number,
): LinkedEvent[] {
  const site = siteClimate(f.climate, f.latitude, f.annual_rainfall_mm)
  const wetRain = site.wetMonths.filter((m) => !site.snowMonths.includes(m))
  const out: LinkedEvent[] = []
  const scenarioEvent = scenarioEventOf(seed, f, scenario, startDay, wetRain)
  const y0 = new Date((fromDay - MAX_EVENT_DAYS) * DAY_MS).getUTCFullYear()
  const y1 = new Date(toDay * DAY_MS).getUTCFullYear()
  for (let y = y0; y <= y1; y++) {
    const e = yearEvent(seed, f, y, scenario, wetRain)
    if (e === null || e.end < fromDay || e.start > toDay) continue
    // A regular event close to the scenario's own gives way to it.
    if (scenarioEvent !== null && Math.abs(e.start - scenarioEvent.start) < 90) continue
    out.push(e)
  }
  if (scenarioEvent !== null && scenarioEvent.end >= fromDay && scenarioEvent.start <= toDay)
    out.push(scenarioEvent)
  return out.sort((a, b) => a.start - b.start)
}

/**
 * The scenario's own event: the `extreme-storm` 100-year storm and its recharge, or the `progressive-failure`
 * climb from day 30 of the period. Drawn from the monitoring series' scenario stream in the order the series
 * drew them, so the series is what it was.
 */
function scenarioEventOf(
  seed: number,
  f: Facility,
  scenario: Scenario,
  startDay: number,
  wetRain: readonly number[],
): LinkedEvent | null {
  if (scenario !== 'extreme-storm' && scenario !== 'progressive-failure') return null
  const rng = new Prng(deriveSeed(seed, 'monitoring', f.facility_index, 'scenario'))
  const traces = new Prng(deriveSeed(seed, 'events', f.facility_index, 'scenario'))
  if (scenario === 'progressive-failure') {
    const ramp = rng.range(...PROGRESSIVE_RAMP_DAYS)
    const ratio = rng.range(...PROGRESSIVE_PEAK_RATIO)
    const seepage = rng.range(...PROGRESSIVE_SEEPAGE)
    const start = startDay + PROGRESSIVE_ONSET_DAYS
    return complete(
      {
        kind: 'phreatic',
        scenario: true,
        start,
        ramp,
        hold: Number.POSITIVE_INFINITY,
        recovery: 0,
        rainDay: Number.NaN,
        returnYears: 0,
        poreRatio: ratio,
        seepageRatio: 0,
        seepage,
        level: 2,
      },
      f.id,
      traces,
      f.longitude,
    )
  }
  const rainMonth = Array.from({ length: 12 }, (_, m) => wetRain.includes(m + 1))
  const day = extremeStormDay(startDay, rainMonth, monthOfEpochDay)
  const delay = rng.range(...STORM_SURGE_DELAY)
  const ramp = rng.range(...STORM_SURGE.ramp)
  const hold = rng.range(...STORM_SURGE.hold)
  const recovery = rng.range(...STORM_SURGE.recovery)
  rng.range(0, 0) // the pore share the series drew, set from the peak ratio below
  const seepage = rng.range(...STORM_SURGE_SEEPAGE)
  const ratio = rng.range(...STORM_PEAK_RATIO)
  return complete(
    {
      kind: 'storm',
      scenario: true,
      start: Math.max(startDay, day + delay),
      ramp,
      hold,
      recovery,
      rainDay: day,
      returnYears: 100,
      poreRatio: ratio,
      seepageRatio: 0,
      seepage,
      level: ratio > 1.5 ? 3 : 2,
    },
    f.id,
    traces,
    f.longitude,
  )
}

/** The `event_id` column of every data type whose records an event leaves: null on records of no event. */
export const EVENT_ID_COLUMN = col.string(
  'event_id',
  'Linked event the record belongs to (`EV-<facility id>-<yyyymmdd>-<kind>`): the join key across data types; null otherwise',
  { nullable: true, length: 64 },
)
