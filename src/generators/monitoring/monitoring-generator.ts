import { z } from 'zod'
import { UsageError } from '../../errors.js'
import { clamp, monthOfEpochDay, round } from '../../util/numbers.js'
import { CLIMATE_PROFILES, type Commodity } from '../facility/facility-datasets.js'
import type { RowOf } from '../columns.js'
import type { DataGenerator, Partition } from '../generator.js'
import type { MONITORING_COLUMNS } from './monitoring-type.js'
import {
  DEFAULT_START,
  END_AFTER_START,
  dateParam,
  endAfterStart,
  endDateParam,
  intervalParam,
  parseInterval,
} from '../params.js'
import { Prng, weightedTable } from '../prng.js'
import { deriveSeed } from '../derive-seed.js'
import { designStormShare, idfDepth, siteClimate } from './monitoring-climate.js'
import type { MonitoringEvent } from './monitoring-events.js'
import type { LinkedEvent } from '../events/event-timeline.js'
import {
  INCLINOMETER_NOISE_MM,
  MONTH_DAYS,
  evaluateTarp,
  inclinometerWindow,
  statusOf,
  thresholdsSchema,
  type TriggerParameter,
} from './monitoring-thresholds.js'
import { createRateWindow, pushReading } from './inclinometer-rate.js'
import { scenarioOf, scenarioParam } from '../scenario.js'
import { EVENT_LABELS, facilityEvents } from '../events/event-timeline.js'
import { RAISE_LIFTS, facilityRaises, raisePlan } from '../events/raise-schedule.js'

export const ANOMALY_KINDS = ['spike', 'drift', 'missing', 'stuck', 'step', 'duplicate_timestamp'] as const
export type AnomalyKind = (typeof ANOMALY_KINDS)[number]

/** One reading of a facility's instruments at one timestamp. */
export type MonitoringRow = RowOf<typeof MONITORING_COLUMNS>

export const monitoringParamsSchema = z
  .strictObject({
    start: dateParam.default(DEFAULT_START),
    /**
     * Optional: without it the series runs as long as the count needs. Inclusive of its day (a date-only end
     * runs through 23:59:59.999 UTC). With a count, the readings are spread over the period (see `fitToCount`).
     */
    end: endDateParam.optional(),
    interval: intervalParam.default('1h'),
    /**
     * Share of readings labelled with an injected sensor anomaly (a spike, each reading of a drift, a stuck sensor
     * or a step offset, a telemetry gap, a duplicate timestamp).
     */
    anomalyRate: z.number().min(0).max(0.5).default(0.01),
    /** Readings in a row at or above a higher band before a TARP level escalates (one spike never does). */
    confirmAfter: z.number().int().min(1).max(1000).default(3),
    /** Readings back inside a lower band before a TARP level clears (hysteresis). */
    clearAfter: z.number().int().min(1).max(1000).default(3),
    thresholds: thresholdsSchema,
    scenario: scenarioParam,
  })
  .refine(endAfterStart, END_AFTER_START)
export type MonitoringParams = z.output<typeof monitoringParamsSchema>

const DAY_MS = 86_400_000
const YEAR_DAYS = 365.25
const GAMMA_WATER = 9.81 // kPa per m of water head

/** Pond-water pH and electrical conductivity (µS/cm) bands by commodity [E, domain reference §E.2]. */
const WATER_CHEMISTRY: Readonly<Record<Commodity, { ph: number; ec: readonly [number, number] }>> = {
  gold: { ph: 9.0, ec: [2000, 20000] },
  copper: { ph: 9.5, ec: [1500, 6000] },
  coal: { ph: 7.5, ec: [1000, 8000] },
  iron_ore: { ph: 7.8, ec: [300, 2000] },
  pgm: { ph: 8.2, ec: [1500, 6000] },
  zinc_lead: { ph: 8.5, ec: [1500, 6000] },
  nickel: { ph: 8.3, ec: [2000, 15000] },
  diamonds: { ph: 8.0, ec: [500, 3000] },
  uranium: { ph: 7.0, ec: [2000, 10000] },
  bauxite: { ph: 11.5, ec: [10000, 50000] },
  phosphate: { ph: 7.2, ec: [1000, 5000] },
  oil_sands: { ph: 8.2, ec: [1500, 4000] },
  lithium: { ph: 8.5, ec: [5000, 40000] },
}

/** A drift's days; a stuck sensor (frozen, a dry standpipe, a hung logger channel) flat-lines hours to days. */
const DRIFT_DAYS: readonly [number, number] = [0.5, 3]
const STUCK_DAYS: readonly [number, number] = [0.5, 5]
/** A calibration offset (re-zeroing, a logger swap) stays until it is found and corrected: days to weeks. */
const STEP_DAYS: readonly [number, number] = [3, 30]
/**
 * Sensor faults [domain §A.2 data-quality artefacts]: each kind's share of the labelled readings, and how many
 * days a run of it lasts (none: one reading). The domain gives the kinds (gaps of 1–5 % of samples, EMI spikes,
 * drift, step offsets after re-zeroing or a logger swap, flat-lining when frozen or dry, duplicate timestamps)
 * but no mix; the shares are engineering judgement: telemetry gaps the commonest, steps and stuck sensors long
 * but rare events (a few a year per instrument), so a fair share of readings; duplicate timestamps rare.
 */
const FAULTS: Readonly<Record<AnomalyKind, { share: number; days?: readonly [number, number] }>> = {
  missing: { share: 0.35 },
  spike: { share: 0.15 },
  drift: { share: 0.15, days: DRIFT_DAYS },
  stuck: { share: 0.15, days: STUCK_DAYS },
  step: { share: 0.15, days: STEP_DAYS },
  duplicate_timestamp: { share: 0.05 },
}
/** Readings a run of a fault lasts at `dtDays` per reading: its days at that interval, at least one. */
const runReadings = (days: number, dtDays: number): number => Math.max(1, Math.round(days / dtDays))
/** The sensor a spike or a stuck run hits: 0 pore pressure, 1 turbidity, 2 seepage. */
const FAULT_TARGETS = weightedTable({ pore: 50, turbidity: 25, seepage: 25 })
const TARGET_CODES = { pore: 0, turbidity: 1, seepage: 2 } as const
/** A step's calibration offset of the piezometer (kPa): zero-reading shifts of ±0.5–2 % of a 700 kPa range [E]. */
const STEP_OFFSET_KPA: readonly [number, number] = [3, 14]

/** The fault kinds' start weights and start chance that make `anomalyRate` the share of labelled readings. */
function faultStarts(anomalyRate: number, dtDays: number) {
  const readings = (kind: AnomalyKind): number => {
    const days = FAULTS[kind].days
    return days === undefined ? 1 : Math.max(1, (days[0] + days[1]) / 2 / dtDays)
  }
  // A kind starts in proportion to its share over its run length; a start labels E[L] readings on average.
  const weights = Object.fromEntries(ANOMALY_KINDS.map((k) => [k, FAULTS[k].share / readings(k)]))
  const meanRun = 1 / Object.values(weights).reduce((a, b) => a + b, 0)
  // Runs start only between runs: the chance per free reading that leaves `anomalyRate` of readings labelled.
  const chance = anomalyRate / (meanRun * (1 - anomalyRate) + anomalyRate)
  return { table: weightedTable(weights as Record<AnomalyKind, number>), chance }
}

/** Unit weight of raise fill (kN/m³) [E]. */
const FILL_UNIT_WEIGHT: readonly [number, number] = [18, 21]

/** Days after a raise by which its settlement has reached the per-raise total; log-time reference t0 (days). */
const SETTLEMENT_SPAN_DAYS = 3 * 365.25
const SETTLEMENT_T0_DAYS = 10

/** Physical events per facility-year, by construction method: blocked drains, rising phreatic surface [E]. */
const DRAIN_BLOCKAGE_RATE: Readonly<Record<string, number>> = {
  upstream: 0.3,
  centreline: 0.2,
  hybrid: 0.2,
  downstream: 0.15,
  water_retention: 0.15,
  dry_stack: 0.15,
  in_pit: 0.05,
}
const PHREATIC_RISE_RATE = 0.2
/** Storms per facility-year; each has a return period drawn as 1/U, so its depth is the T-year depth. */
const STORM_RATE = 1

/** One physical event's pore-pressure (kPa) and seepage (share of baseline) excursion, with its label. */
interface Excursion {
  readonly start: number
  readonly rampEnd: number
  readonly holdEnd: number
  readonly end: number
  readonly pore: number
  readonly seepage: number
}

/** How an excursion unfolds: ramp, plateau and recovery lengths (days), and its peak effects. */
interface ExcursionKind {
  readonly ramp: readonly [number, number]
  readonly hold: readonly [number, number]
  readonly recovery: readonly [number, number]
  /** Pore pressure added, as a share of the expected static value. */
  readonly pore: readonly [number, number]
  /** Seepage change as a share of the flow; `seepageSign` -1 for a drop. */
  readonly seepage: readonly [number, number]
  readonly seepageSign: 1 | -1
}

/** A blocked drain: pore pressure up, seepage at the weirs down. */
const DRAIN_BLOCKAGE: ExcursionKind = {
  ramp: [14, 60],
  hold: [7, 30],
  recovery: [10, 45],
  pore: [0.05, 0.3],
  seepage: [0.1, 0.3],
  seepageSign: -1,
}
/** A rising phreatic surface: pore pressure and seepage up, slowly. */
const PHREATIC_RISE: ExcursionKind = {
  ramp: [30, 120],
  hold: [15, 60],
  recovery: [30, 120],
  pore: [0.04, 0.2],
  seepage: [0.1, 0.5],
  seepageSign: 1,
}

/** Scenario `drought`: share of the normal rainfall that falls [E: a 1-in-20-year drought year]. */
const DROUGHT_RAIN_SHARE = 0.35
/** Pond drawdown (m/yr) of `drought` (reclaim and evaporation over inflow) and of `closure` (dewatering) [E]. */
const DROUGHT_DRAWDOWN: readonly [number, number] = [0.5, 1.5]
const CLOSURE_DRAWDOWN: readonly [number, number] = [0.5, 2]
/**
 * The scenario events (`extreme-storm`'s 100-year storm and its recharge, `progressive-failure`'s climb from
 * day 30, or a tenth of a shorter series, over at most 60 % of the series) and the regular linked events come
 * from the facility's event timeline (`events/event-timeline.ts`), which the other data types read too.
 */
const PROGRESSIVE_ONSET_DAYS = 30

/**
 * The creep rate's growth per unit of pore pressure over its expected value: ×2 at 1.10 (the piezometer's alert),
 * ×5.8 at 1.25 (its alarm), ×33 at 1.50 (its emergency) [E]. So a level-2 event of weeks takes the rate to amber,
 * one of months on a fast-creeping (upstream) embankment to red.
 */
const CREEP_STRESS_GAIN = 7
/**
 * Creep labelled `creep`: at 1 mm/month at least (domain §A.3's green limit) and 1.5 times the facility's base rate
 * (the base rate stays under 0.7 mm/month), over the TARP's rate window of the true displacement. Fixed, so the
 * label does not move with the TARP thresholds.
 */
const CREEP_RATE = 1
const CREEP_ACCELERATION = 1.5

/**
 * `value` below `limit`: unchanged up to `knee`, compressed above it so it approaches `limit` and never
 * reaches it.
 */
function belowLimit(value: number, knee: number, limit: number): number {
  if (value <= knee) return value
  const room = limit - knee
  return knee + room * (1 - Math.exp(-(value - knee) / room))
}

/**
 * One facility's linked events as the series reads them (days from the series start), and the effect of those
 * in progress on the last reading asked. One shape for every facility, so the step's calls stay monomorphic.
 */
interface LinkedSeries {
  readonly count: number
  readonly start: Float64Array
  readonly rampEnd: Float64Array
  readonly holdEnd: Float64Array
  readonly end: Float64Array
  readonly pore: Float64Array
  readonly seepageRatio: Float64Array
  readonly seepageShare: Float64Array
  readonly levels: Uint8Array
  readonly labels: readonly MonitoringEvent[]
  readonly ids: readonly string[]
  /** The first event not yet over. */
  first: number
  // The effect on the last reading asked: pore pressure, seepage, label, id and the highest level in progress.
  porePressure: number
  seepage: number
  label: MonitoringEvent | null
  id: string | null
  level: number
}

function linkedSeries(events: readonly LinkedEvent[], t0Day: number, seriesDays: number): LinkedSeries {
  const n = events.length
  const s: LinkedSeries = {
    count: n,
    start: new Float64Array(n),
    rampEnd: new Float64Array(n),
    holdEnd: new Float64Array(n),
    end: new Float64Array(n),
    pore: new Float64Array(n),
    seepageRatio: new Float64Array(n),
    seepageShare: new Float64Array(n),
    levels: new Uint8Array(n),
    labels: events.map((e) => EVENT_LABELS[e.kind]),
    ids: events.map((e) => e.id),
    first: 0,
    porePressure: 0,
    seepage: 0,
    label: null,
    id: null,
    level: 0,
  }
  for (let j = 0; j < n; j++) {
    const e = events[j] as LinkedEvent
    let start = e.start - t0Day
    let rampEnd = e.rampEnd - t0Day
    if (e.scenario && e.kind === 'phreatic') {
      // A series shorter than 300 days starts the climb at a tenth of it, and climbs over at most 60 % of it.
      start = Math.min(PROGRESSIVE_ONSET_DAYS, 0.1 * seriesDays)
      rampEnd = start + Math.min(e.rampEnd - e.start, 0.6 * seriesDays)
    }
    s.start[j] = start
    s.rampEnd[j] = rampEnd
    s.holdEnd[j] = e.holdEnd - e.rampEnd + rampEnd
    s.end[j] = e.end - e.rampEnd + rampEnd
    s.pore[j] = e.poreRatio
    s.seepageRatio[j] = e.seepageRatio
    s.seepageShare[j] = e.seepage
    s.levels[j] = e.level
  }
  return s
}

/**
 * The linked events in progress at `tDays` drive pore pressure and seepage towards their peak ratios (reached
 * at the plateau whatever the reading was), a seepage change on top; the result, label, id and level go
 * into `s`.
 */
function linkedEvents(
  s: LinkedSeries,
  tDays: number,
  pore: number,
  seepage: number,
  expected: number,
  baselineSeepage: number,
): void {
  while (s.first < s.count && (s.end[s.first] as number) < tDays) s.first++
  s.label = null
  s.id = null
  s.level = 0
  for (let j = s.first; j < s.count && (s.start[j] as number) <= tDays; j++) {
    const end = s.end[j] as number
    if (tDays > end) continue
    const start = s.start[j] as number
    const rampEnd = s.rampEnd[j] as number
    const holdEnd = s.holdEnd[j] as number
    const share =
      tDays < rampEnd
        ? (tDays - start) / (rampEnd - start)
        : tDays < holdEnd
          ? 1
          : (end - tDays) / (end - holdEnd)
    const poreGap = (s.pore[j] as number) * expected - pore
    if (poreGap > 0) pore += share * poreGap
    const seepageGap = (s.seepageRatio[j] as number) * baselineSeepage - seepage
    if (seepageGap > 0) seepage += share * seepageGap
    seepage *= 1 + share * (s.seepageShare[j] as number)
    s.label = s.labels[j] as MonitoringEvent
    s.id = s.ids[j] as string
    s.level = Math.max(s.level, s.levels[j] as number)
  }
  s.porePressure = pore
  s.seepage = seepage
}

/** An excursion of `kind` starting at `tDays`, drawn in a fixed order (ramp, hold, recovery, pore, seepage). */
function startExcursion(rng: Prng, tDays: number, kind: ExcursionKind): Excursion {
  const ramp = rng.range(...kind.ramp)
  const hold = rng.range(...kind.hold)
  const end = tDays + ramp + hold + rng.range(...kind.recovery)
  const pore = rng.range(...kind.pore)
  const seepage = kind.seepageSign * rng.range(...kind.seepage)
  return { start: tDays, rampEnd: tDays + ramp, holdEnd: tDays + ramp + hold, end, pore, seepage }
}

/** The share of an excursion's peak reached `tDays` into the series: ramp, plateau, linear recovery. */
function excursionShare(e: Excursion | null, tDays: number): number {
  if (e === null || tDays < e.start || tDays > e.end) return 0
  if (tDays < e.rampEnd) return (tDays - e.start) / (e.rampEnd - e.start)
  if (tDays < e.holdEnd) return 1
  return (e.end - tDays) / (e.end - e.holdEnd)
}

/**
 * One facility's series as a function of the step number `k` (0, 1, 2, … in order). The set-up runs once per
 * facility; the step, called once per reading, is a closure whose compiled code all facilities share. Kept
 * apart so the set-up's per-facility table lookups (climate, commodity, construction method) and the
 * facility object's shape never deoptimise the hot code: it reads only locals.
 */
function monitoringSeries(p: Partition<MonitoringParams>): (k: number) => MonitoringRow {
  const { rng, facility: f, params } = p
  const thresholds = params.thresholds
  const dtMs = parseInterval(params.interval) as number
  const dtDays = dtMs / DAY_MS
  const t0 = Date.parse(params.start)
  const startYear = new Date(t0).getUTCFullYear()
  // A scenario draws from its own stream, so the rest of the series is the baseline's where it can be.
  const scenario = scenarioOf(params)
  const scenarioRng = new Prng(deriveSeed(p.seed, 'monitoring', f.facility_index, 'scenario'))
  const drought = scenario === 'drought'

  // Weather: a wet/dry day Markov chain with persistence and exponential daily totals scaled to the
  // facility's annual rainfall, kept under the 2-year depth; storms on top, each the depth of its return period
  // and never above the 100-year depth; sub-daily steps share a day's rain within the IDF shape [E, §A.1].
  const climate = CLIMATE_PROFILES[f.climate]
  const site = siteClimate(f.climate, f.latitude, f.annual_rainfall_mm)
  const monthSet = (months: readonly number[]) => Array.from({ length: 12 }, (_, m) => months.includes(m + 1))
  const wetMonth = monthSet(site.wetMonths)
  const snowMonth = monthSet(site.snowMonths)
  const iceMonth = monthSet(site.iceMonths)
  const [pWetSeason, pDrySeason] = climate.wetDayChance
  const nWet = site.wetMonths.length
  const wetDaysPerYear = 30.44 * (nWet * pWetSeason + (12 - nWet) * pDrySeason)
  const meanWetDayRain = (0.9 * f.annual_rainfall_mm * (drought ? DROUGHT_RAIN_SHARE : 1)) / wetDaysPerYear
  const stormStartChance = drought ? 0 : STORM_RATE / (30.44 * nWet)
  const persistence = 0.3
  const rainyStepShare = 0.25
  const subDaily = dtDays < 1
  const stepHours = dtDays * 24
  const daysPerStep = subDaily ? 1 : Math.round(dtDays)
  const panCoefficient = rng.range(0.7, 0.8)
  const wetDayDepth = (): number => {
    const x = rng.exponential(meanWetDayRain)
    return site.p24Common * (1 - Math.exp(-x / site.p24Common))
  }
  const stormDepth = (): number => {
    const returnYears = 1 / rng.range(0.01, 1)
    return Math.min(site.p24Max, site.p24Common * (1 + 0.35 * Math.log(returnYears / 2)))
  }

  // Pond: managed towards an operating level that rises with the tailings surface; the crest is raised in
  // lifts ahead of it, so the freeboard is a saw-tooth that falls to the operating minimum before each raise
  // [E, domain §A.2].
  const hasPond = f.has_pond
  const inPit = f.construction_method === 'in_pit'
  const opFreeboard = f.operating_freeboard_m ?? 0
  // An in-pit pond rises with the pit fill but stays below the rim over the series.
  const pitDrop = inPit ? rng.range(5, 30) : 0
  const risePerDay = inPit
    ? Math.min(f.rate_of_rise_m_per_yr / YEAR_DAYS, pitDrop / Math.max(1, p.count * dtDays))
    : f.rate_of_rise_m_per_yr / YEAR_DAYS
  // The raises come from the facility's raise schedule (events/raise-schedule.ts), which the other data types
  // read too: the lift keeps pace with the tailings over a cycle, so the pond rises `lift` between raises.
  const liftSpec = RAISE_LIFTS[f.construction_method]
  const plan = inPit ? null : raisePlan(p.seed, f)
  // The lift and phase the series drew before the schedule was shared: drawn still, so the rest of the series
  // keeps its values.
  if (!inPit && risePerDay > 0 && liftSpec !== undefined) {
    rng.float()
    rng.float()
  }
  const lift = plan === null ? 0 : plan.lift
  const t0Day = t0 / DAY_MS
  const seriesDays = p.count * dtDays
  // How far into its raise cycle the series starts.
  const raisePhase =
    plan === null ? 0 : (((t0Day - plan.firstDay) % plan.periodDays) + plan.periodDays) % plan.periodDays
  // The raises after the first reading: their days from the series start, and their event ids.
  const raises =
    plan === null ? [] : facilityRaises(p.seed, f, t0Day, t0Day + seriesDays).filter((r) => r.day > t0Day)
  const raiseDays = Float64Array.from(raises, (r) => r.day - t0Day)
  const raiseIds = raises.map((r) => r.id)
  // Drought and closure draw the pond down instead of letting it rise with the tailings.
  const drawdown = drought ? DROUGHT_DRAWDOWN : scenario === 'closure' ? CLOSURE_DRAWDOWN : null
  const hOpSlope = drawdown === null ? risePerDay : -scenarioRng.range(...drawdown) / YEAR_DAYS
  const seasonalAmplitude = rng.range(0.15, 0.6)
  const hOp0 =
    f.crest_elevation_m - opFreeboard - lift - seasonalAmplitude - pitDrop + risePerDay * raisePhase
  const rainGain = rng.range(2, 6) // pond rise per unit rain depth: (A_pond + C_r·A_catchment) / A_pond
  // The operating level also follows the seasons: ponds are let rise through the wet season and drawn down
  // through the dry one [E]. Peak at the end of the last wet month.
  const lastWetMonth = site.wetMonths[site.wetMonths.length - 1] as number
  const seasonalPhase = 30.44 * (lastWetMonth - 0.5) - YEAR_DAYS / 4
  const seasonalOmega = (2 * Math.PI) / YEAR_DAYS
  const manageRate = rng.range(0.05, 0.2)
  const managePerStep = 1 - Math.exp(-manageRate * dtDays)
  const pondNoise = 0.01 * Math.sqrt(dtDays)

  // Piezometer: follows the pond with a lag; each raise adds B̄·Δσ_v of excess pore pressure that dissipates
  // (c_v-controlled, months), the saw-tooth of domain §A.2. The expected value carries the design's prediction
  // of that response, which under-estimates B̄ a little and so lets some raises trigger.
  const upstream = f.construction_method === 'upstream'
  const beta = upstream ? rng.range(0.5, 0.9) : rng.range(0.3, 0.7)
  const baseRatio = upstream ? rng.range(0.9, 1.0) : rng.range(0.8, 0.95)
  const porePressureLag = 1 - Math.exp(-dtDays / rng.range(0.5, 5))
  const bBar = upstream ? rng.range(0.5, 1) : rng.range(0.3, 0.7)
  const bBarDesign = bBar * rng.range(0.75, 1)
  const fillUnitWeight = rng.range(FILL_UNIT_WEIGHT[0], FILL_UNIT_WEIGHT[1])
  const dissipationDays = upstream ? rng.range(60, 365) : rng.range(30, 180)
  const raiseDissipation = Math.exp(-dtDays / dissipationDays)
  const designDissipation = Math.exp(-dtDays / (dissipationDays * rng.range(0.9, 1.1)))
  const infiltrationDecay = Math.exp(-dtDays / rng.range(5, 20))
  // Rain infiltration: +3 % of design per 50 mm of antecedent rain without a pond; where a pond sets the
  // phreatic surface, infiltration adds little [E].
  const infiltrationGain = ((hasPond ? 0.003 : 0.03) * f.design_pore_pressure_kpa) / 50
  const closedDecline = f.status === 'closed' ? rng.range(0.01, 0.04) : 0 // share of design lost per year

  // Settlement: 10–200 mm per raise over its first 1–3 years, decaying with log-time, on a slow base creep
  // [E, domain §A.1].
  const hasEmbankment = !inPit
  const settlementPerM = liftSpec === undefined ? 0 : rng.range(liftSpec.mmPerM[0], liftSpec.mmPerM[1])
  const raiseSettlement =
    clamp(lift * settlementPerM, 10, 200) / Math.log10(1 + SETTLEMENT_SPAN_DAYS / SETTLEMENT_T0_DAYS)
  const creepC = rng.range(10, 60)
  const ageDays = Math.max(1, startYear - f.construction_year) * YEAR_DAYS
  // The raises of the last five years, oldest first: `raiseTimes[firstRaise … raiseCount)`. A typed array, so
  // its reads in the step never change representation (a plain array of numbers deoptimised it).
  const raiseTimes = new Float64Array(raises.length)
  let firstRaise = 0
  let raiseCount = 0
  // Inclinometer: creep at the shear zone (mm/month) at 1–8 mm/yr upstream, 0.5–4 mm/yr otherwise [E, domain §A.2:
  // 0–10 mm/yr], which speeds up exponentially as pore pressure rises over its expected value: the effective stress
  // falls, the stress level rises, and the creep rate grows as exp(α·stress level) (rate-process theory [E]).
  const baseCreep = ((upstream ? rng.range(1, 8) : rng.range(0.5, 4)) / YEAR_DAYS) * MONTH_DAYS

  // Seepage: follows the pond with a longer lag, plus quickflow after rain.
  const seepageLag = 1 - Math.exp(-dtDays / rng.range(5, 20))
  const seepageGain = rng.range(0.1, 0.5) // share of baseline per metre of head
  const quickflowDecay = Math.exp(-dtDays / 0.25)
  const quickflowGain = f.baseline_seepage_l_s * rng.range(0.002, 0.008)
  const closedSeepageTau = rng.range(5, 15) * YEAR_DAYS
  const turbidityBase = rng.range(1, 5)

  // Snow: winter precipitation stays in the snowpack and melts in a spring freshet of 30–60 days [E, §A.2].
  const freshetDays = rng.range(30, 60)
  const freshetDelay = rng.range(0, 45)

  // Physical events: blocked drains and a rising phreatic surface raise pore pressure over weeks to months
  // (a blocked drain cuts the measured seepage, a rising phreatic surface adds to it) [E, §A.3].
  const drainChance = ((DRAIN_BLOCKAGE_RATE[f.construction_method] ?? 0.1) * dtDays) / YEAR_DAYS
  const phreaticChance = (PHREATIC_RISE_RATE * dtDays) / YEAR_DAYS

  // Water chemistry.
  const chemistry = WATER_CHEMISTRY[f.commodity]
  const phMean = chemistry.ph + rng.gaussian(0, 0.3)
  const ecBase = rng.range(chemistry.ec[0], chemistry.ec[1])
  const phPersistence = Math.exp(-dtDays / 3)
  const dilutionDecay = Math.exp(-dtDays / 10)

  // Sensor faults start at a rate that makes `anomalyRate` the share of readings labelled: a drift, a stuck
  // sensor and a step label every reading they last.
  const faults = faultStarts(params.anomalyRate, dtDays)
  const anomalyTable = faults.table
  const anomalyStartChance = faults.chance

  // State.
  let wetDay = false
  let dayRain = 0
  let dayLeft = 0
  let currentDay = Number.NaN
  let monthWet = false
  let stormDaysLeft = 0
  let stormPeak = 0
  let stormLabelUntil = Number.NEGATIVE_INFINITY
  let snowpack = 0
  let freshetStart = Number.NaN
  let freshetMelt = 0
  let iced = false
  let icedLevel = 0
  let h = hOp0 + rng.gaussian(0, 0.1)
  let hLagged = h
  let hSeep = h
  let raiseIndex = 0
  let raiseId: string | null = null
  let excessPressure = 0
  let predictedExcess = 0
  let raiseLabelUntil = Number.NEGATIVE_INFINITY
  let drain: Excursion | null = null
  let phreatic: Excursion | null = null
  // Linked events (events/event-timeline.ts): the TARP level-2 events the other data types record too, the
  // scenario's own among them (the extreme storm's recharge, the progressive failure's climb). Each drives
  // pore pressure to its peak ratio or seepage by its share; days are counted from the series start.
  const linked = facilityEvents(p.seed, f, scenario, Math.floor(t0Day), t0Day, t0Day + seriesDays)
  const ev = linkedSeries(linked, t0Day, seriesDays)
  // The storms among them, by the day their rain falls.
  const rainDays: number[] = []
  const rainEvents: number[] = []
  for (let j = 0; j < linked.length; j++) {
    const e = linked[j] as LinkedEvent
    if (e.kind === 'storm' && e.rainDay >= Math.floor(t0Day)) {
      rainDays.push(e.rainDay)
      rainEvents.push(j)
    }
  }
  let rainNext = 0
  // The linked storm whose rain fell last, and the day its design storm fell (sub-daily steps follow its IDF shape).
  let stormEventId: string | null = null
  let designDay = Number.NaN
  // Outside a linked event the operation's routine controls (pumping, drain maintenance, the TARP's level-1
  // actions) hold each reading below the level-2 threshold: values above a knee are compressed towards it
  // (the linked events are the level-2 and level-3 events of the facility).
  const poreLimit = thresholds.porePressureRatio.alarm - 0.015
  const poreKnee = Math.min(poreLimit - 0.01, (thresholds.porePressureRatio.alert + poreLimit) / 2)
  const seepageLimit = thresholds.seepageRatio.alarm - 0.015
  const seepageKnee = Math.min(seepageLimit - 0.01, (thresholds.seepageRatio.alert + seepageLimit) / 2)
  const turbidityLimit = thresholds.turbidity.alarm * 0.98
  const turbidityKnee = Math.min(turbidityLimit * 0.99, (thresholds.turbidity.alert + turbidityLimit) / 2)
  // Inside a level-2 event, likewise below level 3.
  const poreLimit3 = thresholds.porePressureRatio.emergency - 0.015
  const poreKnee3 = Math.min(poreLimit3 - 0.01, (thresholds.porePressureRatio.alarm + poreLimit3) / 2)
  const seepageLimit3 = thresholds.seepageRatio.emergency - 0.015
  const seepageKnee3 = Math.min(seepageLimit3 - 0.01, (thresholds.seepageRatio.alarm + seepageLimit3) / 2)
  const turbidityLimit3 = thresholds.turbidity.emergency * 0.98
  const turbidityKnee3 = Math.min(turbidityLimit3 * 0.99, (thresholds.turbidity.alarm + turbidityLimit3) / 2)
  let antecedent = 0
  let quickflow = 0
  let settlement = rng.range(20, 400)
  let settlementReported = Number.NEGATIVE_INFINITY
  let inclinometer = rng.range(0, 30)
  // The TARP's rate window over the readings, and the same window over the true displacement (for the label).
  const rateWindow = inclinometerWindow(dtDays)
  const readRate = createRateWindow(rateWindow)
  const trueRate = createRateWindow(rateWindow)
  const perMonth = MONTH_DAYS / dtDays
  // Outside a linked event the creep rate is held below level 2 too (the TARP's level-1 actions: pumping down
  // the phreatic surface, a buttress), inside a level-2 event below level 3: a knee and a limit as for the
  // readings, the limit under the threshold by a margin for the survey noise in the rate.
  const rateT = thresholds.inclinometerRate
  const creepLimit = rateT.alarm * 0.9
  const creepKnee = Math.min(creepLimit * 0.9, (rateT.alert + creepLimit) / 2)
  const creepLimit3 = rateT.emergency * 0.9
  const creepKnee3 = Math.min(creepLimit3 * 0.9, (rateT.alarm + creepLimit3) / 2)
  const rateWindowDays = (rateWindow.span + rateWindow.block) * dtDays
  let creepCause: string | null = null
  let lastLinkedId: string | null = null
  let lastLinkedDay = Number.NEGATIVE_INFINITY
  let phDeviation = 0
  let dilution = 0
  // The fault run in progress: its kind and readings left; a drift's rate and offset, a step's offset, the
  // stuck sensor and the value it repeats. The last reported values and timestamp, which a fault repeats.
  let runKind: AnomalyKind | null = null
  let runLeft = 0
  let driftRate = 0
  let driftOffset = 0
  let stepOffset = 0
  let stuckTarget = 0
  let stuckValue = 0
  let lastPore = Number.NaN
  let lastTurbidity = Number.NaN
  let lastSeepage = Number.NaN
  let lastTimestamp = Number.NaN
  let level = 0
  let trigger: TriggerParameter | null = null
  let belowCount = 0
  const recent = new Uint8Array(params.confirmAfter)
  let readings = 0

  const newDay = (day: number, month: number): number => {
    monthWet = wetMonth[month] as boolean
    if (rainNext < rainDays.length && day >= (rainDays[rainNext] as number)) {
      // A linked storm (the extreme-storm scenario's 100-year storm among them): the depth of its return
      // period, two more days of rain, and the recharge of the phreatic surface that lifts pore pressure to
      // its peak ratio; the recharge begins 6–18 hours into the storm day, so the pore-pressure peak follows
      // the rain by hours to days.
      const j = rainEvents[rainNext++] as number
      const e = linked[j] as LinkedEvent
      designDay = day
      stormEventId = e.id
      stormDaysLeft = 2
      stormPeak = Math.min(site.p24Max, site.p24Common * (1 + 0.35 * Math.log(e.returnYears / 2)))
      stormLabelUntil = Math.max(
        day + stormDaysLeft + Math.min(45, 3 / manageRate),
        t0Day + (ev.end[j] as number),
      )
      wetDay = true
      return stormPeak
    }
    if (stormDaysLeft === 0 && monthWet && rng.chance(stormStartChance)) {
      stormEventId = null
      stormDaysLeft = rng.int(1, 3)
      stormPeak = stormDepth()
      stormLabelUntil = day + stormDaysLeft + Math.min(45, 3 / manageRate)
      wetDay = true
      stormDaysLeft--
      return stormPeak
    }
    if (stormDaysLeft > 0) {
      // The days after a storm's peak day carry a fraction of its depth.
      stormDaysLeft--
      return stormPeak * rng.range(0.2, 0.6)
    }
    const pBase = monthWet ? pWetSeason : pDrySeason
    wetDay = rng.chance(wetDay ? pBase + persistence * (1 - pBase) : pBase * (1 - persistence))
    return wetDay ? wetDayDepth() : 0
  }
  // The facility's values the step reads, as locals: facilities' objects need not share one shape.
  const crestBase = f.crest_elevation_m
  const designPore = f.design_pore_pressure_kpa
  const baselineSeepage = f.baseline_seepage_l_s
  const closed = f.status === 'closed'
  const facilityId = f.id
  return (k: number): MonitoringRow => {
    const index = p.firstRecordIndex + k
    const t = t0 + k * dtMs
    const tDays = k * dtDays

    // Precipitation for this step: liquid rain, or snow into the snowpack in snow months.
    let precipitation = 0
    const day = Math.floor(t / DAY_MS)
    const month = monthOfEpochDay(day)
    if (subDaily) {
      if (day !== currentDay) {
        currentDay = day
        dayRain = newDay(day, month)
        dayLeft = dayRain
      }
      if (day === designDay) {
        // The scenario's design storm falls on the IDF mass curve: all of its depth, peaking at noon.
        const hour = (t - day * DAY_MS) / 3_600_000
        precipitation = dayRain * designStormShare(site, hour, hour + stepHours)
      } else if (dayLeft > 0 && rng.chance(rainyStepShare)) {
        const burst = (dayRain * dtDays * rng.exponential(1)) / rainyStepShare
        precipitation = Math.min(burst, idfDepth(site, dayRain, stepHours), dayLeft)
        dayLeft -= precipitation
      }
    } else {
      for (let d = 0; d < daysPerStep; d++) precipitation += newDay(day, month)
    }
    let rain = precipitation
    if (snowMonth[month]) {
      snowpack += precipitation
      rain = 0
    }
    // The freshet: the snowpack melts over 30–60 days from early spring.
    let melt = 0
    if (
      site.freshetMonth > 0 &&
      month === site.freshetMonth - 1 &&
      Number.isNaN(freshetStart) &&
      snowpack > 0
    ) {
      freshetStart = tDays + freshetDelay
      freshetMelt = snowpack / freshetDays
    }
    if (!Number.isNaN(freshetStart) && tDays >= freshetStart) {
      melt = Math.min(snowpack, freshetMelt * dtDays)
      snowpack -= melt
      if (snowpack <= 1e-9) {
        snowpack = 0
        freshetStart = Number.NaN
      }
    }
    const freshet = melt > 0
    rain = Math.round(rain * 5) / 5 // 0.2 mm tipping bucket
    const water = rain + melt
    const evaporation = climate.evaporation[monthWet ? 0 : 1] * panCoefficient * dtDays

    // Raises.
    let raisedNow = false
    while (raiseIndex < raiseDays.length && tDays >= (raiseDays[raiseIndex] as number)) {
      raiseId = raiseIds[raiseIndex++] as string
      raisedNow = true
      excessPressure += bBar * fillUnitWeight * lift
      predictedExcess += bBarDesign * fillUnitWeight * lift
      raiseTimes[raiseCount++] = tDays
      if (raiseCount - firstRaise > 1 && tDays - (raiseTimes[firstRaise] as number) > 5 * YEAR_DAYS)
        firstRaise++
      // Labelled (and tied to the raise's event id) for two dissipation times, while its excess pore pressure
      // still shows in the piezometers.
      raiseLabelUntil = tDays + Math.min(2 * dissipationDays, 270)
    }
    const crest = crestBase + lift * raiseIndex
    const hOp =
      hOp0 + hOpSlope * tDays + seasonalAmplitude * Math.sin(seasonalOmega * (t / DAY_MS - seasonalPhase))

    // Physical events starting now.
    if (drain === null && rng.chance(drainChance)) drain = startExcursion(rng, tDays, DRAIN_BLOCKAGE)
    if (phreatic === null && rng.chance(phreaticChance)) phreatic = startExcursion(rng, tDays, PHREATIC_RISE)
    const drainShare = excursionShare(drain, tDays)
    const phreaticShare = excursionShare(phreatic, tDays)

    // Pond, piezometer and seepage state.
    antecedent = antecedent * infiltrationDecay + water
    quickflow = quickflow * quickflowDecay + rain * quickflowGain
    excessPressure *= raiseDissipation
    predictedExcess *= designDissipation
    dilution = dilution * dilutionDecay + (water / 1000) * 2
    const years = tDays / YEAR_DAYS
    let pond: number | null = null
    let freeboard: number | null = null
    let expected = designPore + predictedExcess
    let pore: number
    let seepage: number
    if (hasPond) {
      h += (rainGain * water - evaporation) / 1000 + managePerStep * (hOp - h) + pondNoise * rng.normal()
      hLagged += (h - hLagged) * porePressureLag
      hSeep += (h - hSeep) * seepageLag
      // Under ice the level gauge reads the ice surface: flat until the thaw.
      const frozen = iceMonth[month] as boolean
      if (frozen && !iced) icedLevel = round(h, 2)
      iced = frozen
      pond = iced ? icedLevel : round(h + 0.004 * rng.normal(), 2)
      freeboard = round(crest - pond, 2)
      const designStatic = designPore + beta * GAMMA_WATER * (hOp - hOp0)
      expected = designStatic + predictedExcess
      pore =
        baseRatio * designStatic +
        beta * GAMMA_WATER * (hLagged - hOp) +
        excessPressure +
        infiltrationGain * antecedent
      seepage = baselineSeepage * (1 + seepageGain * (hSeep - hOp) + 0.1 * (1 - Math.exp(-years / 10)))
    } else {
      pore = designPore * (baseRatio - closedDecline * years) + excessPressure + infiltrationGain * antecedent
      seepage = baselineSeepage * (1 + 0.002 * antecedent)
    }
    const staticExpected = expected - predictedExcess
    pore += staticExpected * (drainShare * (drain?.pore ?? 0) + phreaticShare * (phreatic?.pore ?? 0))
    seepage *= 1 + drainShare * (drain?.seepage ?? 0) + phreaticShare * (phreatic?.seepage ?? 0)
    // The linked events in progress (out of line: most readings have none, and the step stays small).
    let linkedLabel: MonitoringEvent | null = null
    let linkedId: string | null = null
    let linkedLevel = 0
    if (ev.first < ev.count && (ev.start[ev.first] as number) <= tDays) {
      linkedEvents(ev, tDays, pore, seepage, expected, baselineSeepage)
      pore = ev.porePressure
      seepage = ev.seepage
      linkedLabel = ev.label
      linkedId = ev.id
      linkedLevel = ev.level
    }
    if (stormEventId !== null && day <= stormLabelUntil) linkedId = stormEventId
    if (closed) seepage *= Math.exp(-tDays / closedSeepageTau)
    pore += 0.3 * rng.normal()
    seepage = seepage * (1 + 0.03 * rng.normal()) + quickflow
    let turbidity = turbidityBase * Math.exp(0.15 * rng.normal()) + (30 * quickflow) / baselineSeepage
    if (linkedLevel < 3) {
      // Held below level 2, or a level-2 event below level 3: values above a knee are compressed.
      const low = linkedLevel === 0
      pore = belowLimit(
        pore,
        (low ? poreKnee : poreKnee3) * expected,
        (low ? poreLimit : poreLimit3) * expected,
      )
      seepage = belowLimit(
        seepage,
        (low ? seepageKnee : seepageKnee3) * baselineSeepage,
        (low ? seepageLimit : seepageLimit3) * baselineSeepage,
      )
      turbidity = belowLimit(
        turbidity,
        low ? turbidityKnee : turbidityKnee3,
        low ? turbidityLimit : turbidityLimit3,
      )
    }

    // Settlement and inclinometer.
    let settlementValue: number | null = null
    let inclinometerValue: number | null = null
    let creeping = false
    if (hasEmbankment) {
      let rate = creepC / (Math.LN10 * (ageDays + tDays))
      for (let i = firstRaise; i < raiseCount; i++) {
        rate += raiseSettlement / (Math.LN10 * (SETTLEMENT_T0_DAYS + tDays - (raiseTimes[i] as number)))
      }
      settlement += rate * dtDays
      // Survey noise, but a reported cumulative settlement never goes back.
      settlementReported = Math.max(settlementReported, round(settlement + 0.5 * rng.normal(), 1))
      settlementValue = settlementReported
      let creep = baseCreep * Math.exp(CREEP_STRESS_GAIN * Math.max(0, pore / expected - 1))
      if (linkedLevel < 3) {
        const low = linkedLevel === 0
        creep = belowLimit(creep, low ? creepKnee : creepKnee3, low ? creepLimit : creepLimit3)
      }
      inclinometer += (creep / MONTH_DAYS) * dtDays
      inclinometerValue = round(inclinometer + INCLINOMETER_NOISE_MM * rng.normal(), 1)
      const shearRate = pushReading(trueRate, inclinometer) * perMonth
      creeping = shearRate >= CREEP_RATE && shearRate >= CREEP_ACCELERATION * baseCreep
    }

    phDeviation = phDeviation * phPersistence + 0.05 * rng.normal()
    const ph = clamp(round(phMean + phDeviation - 0.5 * Math.min(dilution, 0.3), 2), 1, 14)
    const season = monthWet ? 0.95 : 1.1
    const conductivity = Math.round(
      ecBase * season * (1 - Math.min(dilution, 0.3)) * Math.exp(0.01 * rng.normal()),
    )

    // The physical event in progress, the acute before the slow.
    let event: MonitoringEvent | null = null
    // The reading the crest is raised at is the raise's, unless a linked event holds it.
    if (raisedNow && linkedId === null) event = 'raise'
    else if (day <= stormLabelUntil || linkedLabel === 'storm') event = 'storm'
    else if (drainShare > 0 || linkedLabel === 'drain_blockage') event = 'drain_blockage'
    else if (phreaticShare > 0 || linkedLabel === 'phreatic_rise') event = 'phreatic_rise'
    else if (freshet) event = 'freshet'
    // Creep is movement in progress; a raise's label afterwards is the long tail of its pore pressure.
    else if (creeping) event = 'creep'
    else if (raisedNow || tDays <= raiseLabelUntil) event = 'raise'
    // Accelerated creep ties a reading to the linked event whose pore pressure set it off (the last one in the
    // rate's window) while it lasts, whatever the label: the TARP level its rate holds after the event is the
    // event's. A raise's readings keep the raise's id.
    if (linkedId !== null) {
      lastLinkedId = linkedId
      lastLinkedDay = tDays
    }
    if (!creeping) creepCause = null
    else if (tDays - lastLinkedDay <= rateWindowDays) creepCause = lastLinkedId
    if (creeping && linkedId === null) linkedId = creepCause
    // The raise's readings carry its event id, as its design, inspection, as-built and capex records do.
    if (event === 'raise') linkedId = raiseId
    if (drain !== null && tDays >= drain.end) drain = null
    if (phreatic !== null && tDays >= phreatic.end) phreatic = null

    // Injected sensor faults [E, domain §A.2 data-quality artefacts]; the clean values stay beside the readings.
    let anomaly: AnomalyKind | null = null
    if (runLeft > 0) {
      runLeft--
      anomaly = runKind
      driftOffset += driftRate * dtDays
    } else if (rng.chance(anomalyStartChance)) {
      anomaly = rng.weighted(anomalyTable)
      runKind = anomaly
      driftRate = 0
      if (anomaly === 'drift') {
        runLeft = runReadings(rng.range(...DRIFT_DAYS), dtDays) - 1
        driftRate = (rng.chance(0.7) ? 1 : -1) * rng.range(1, 5)
        driftOffset = driftRate * dtDays
      } else if (anomaly === 'stuck') {
        runLeft = runReadings(rng.range(...STUCK_DAYS), dtDays) - 1
        stuckTarget = TARGET_CODES[rng.weighted(FAULT_TARGETS)]
        stuckValue = stuckTarget === 0 ? lastPore : stuckTarget === 1 ? lastTurbidity : lastSeepage
      } else if (anomaly === 'step') {
        runLeft = runReadings(rng.range(...STEP_DAYS), dtDays) - 1
        stepOffset = round((rng.chance(0.5) ? 1 : -1) * rng.range(...STEP_OFFSET_KPA), 1)
      } else if (anomaly === 'duplicate_timestamp' && Number.isNaN(lastTimestamp)) {
        anomaly = null // the first reading has no earlier timestamp to repeat
      }
    }
    const poreClean = round(Math.max(0, pore), 1)
    const seepageClean = round(Math.max(0.01, seepage), 2)
    const turbidityClean = round(turbidity, 1)
    let poreValue = poreClean
    let seepageValue = seepageClean
    let turbidityValue = turbidityClean
    // A duplicate timestamp: the logger stamps this reading with the previous one's time; the values are this
    // reading's own (true) ones, and its true time is the previous reading's plus the interval.
    const timestamp = anomaly === 'duplicate_timestamp' ? lastTimestamp : t
    lastTimestamp = timestamp
    if (anomaly === 'spike') {
      const target = rng.weighted(FAULT_TARGETS)
      if (target === 'pore') {
        const jump = (rng.chance(0.7) ? 1 : -1) * Math.min(50, rng.range(0.05, 0.35) * expected)
        poreValue = round(Math.max(0, pore + jump), 1)
      } else if (target === 'turbidity') turbidityValue = round(turbidity * rng.range(3, 20), 1)
      else seepageValue = round(Math.max(0.01, seepage * rng.range(1.3, 1.9)), 2)
    } else if (anomaly === 'drift') {
      poreValue = round(Math.max(0, pore + driftOffset), 1)
    } else if (anomaly === 'step') {
      poreValue = round(Math.max(0, poreClean + stepOffset), 1)
    } else if (anomaly === 'stuck') {
      // A stuck sensor repeats its last reading (its own reading, on the first reading of a series).
      if (stuckTarget === 0) poreValue = stuckValue = Number.isNaN(stuckValue) ? poreClean : stuckValue
      else if (stuckTarget === 1)
        turbidityValue = stuckValue = Number.isNaN(stuckValue) ? turbidityClean : stuckValue
      else seepageValue = stuckValue = Number.isNaN(stuckValue) ? seepageClean : stuckValue
    }

    if (anomaly === 'missing') {
      // A telemetry gap: nothing was read, so the TARP level cannot change.
      belowCount = 0
      if (inclinometerValue !== null) pushReading(readRate, Number.NaN)
      return {
        record_index: index,
        facility_id: facilityId,
        timestamp,
        rainfall_mm: null,
        pond_level_m: null,
        freeboard_m: null,
        pore_pressure_kpa: null,
        pore_pressure_expected_kpa: round(expected, 1),
        settlement_mm: null,
        seepage_l_s: null,
        turbidity_ntu: null,
        ph: null,
        conductivity_us_cm: null,
        inclinometer_mm: null,
        status: statusOf(level),
        tarp_level: level,
        trigger_parameter: trigger,
        anomaly,
        event,
        pore_pressure_clean_kpa: poreClean,
        seepage_clean_l_s: seepageClean,
        turbidity_clean_ntu: turbidityClean,
        // The true values the gap hides that have no clean column. Keys in the order jsonb stores them (shorter
        // first, then bytewise), so what is read back and exported is the same text on every engine.
        clean_values: {
          ph,
          freeboard_m: freeboard,
          rainfall_mm: rain,
          pond_level_m: pond,
          settlement_mm: settlementValue,
          inclinometer_mm: inclinometerValue,
          conductivity_us_cm: conductivity,
        },
        event_id: linkedId,
      }
    }
    lastPore = poreValue
    lastTurbidity = turbidityValue
    lastSeepage = seepageValue

    // The TARP acts on the readings, which a spike or a drift corrupts (the confirmation rule keeps a spike from
    // escalating); a stuck sensor and a step offset are caught by the data checks (a flat line, the re-zeroing
    // log) before the TARP acts, so it reads the clean values there [E].
    const checked = anomaly === 'stuck' || anomaly === 'step'
    const inclinometerRate =
      inclinometerValue === null ? Number.NaN : pushReading(readRate, inclinometerValue) * perMonth
    const raw = evaluateTarp(
      thresholds,
      freeboard,
      checked ? poreClean : poreValue,
      round(expected, 1),
      checked ? seepageClean : seepageValue,
      baselineSeepage,
      checked ? turbidityClean : turbidityValue,
      Number.isNaN(inclinometerRate) ? null : inclinometerRate,
    )
    // Escalation needs `confirmAfter` readings in a row at or above the new level, so a one-reading spike
    // never escalates; clearing needs `clearAfter` readings below (hysteresis) [domain §A.3].
    // The lowest raw level of the last `confirmAfter` readings (a ring buffer).
    recent[readings++ % params.confirmAfter] = raw.level
    let sustained = 0
    if (readings >= params.confirmAfter) {
      sustained = 3
      for (let r = 0; r < params.confirmAfter; r++) sustained = Math.min(sustained, recent[r] as number)
    }
    if (raw.level === level) {
      trigger = raw.trigger
      belowCount = 0
    } else if (raw.level > level) {
      belowCount = 0
      if (sustained > level) {
        level = sustained
        trigger = raw.trigger
      }
    } else if (++belowCount >= params.clearAfter) {
      level = raw.level
      trigger = raw.trigger
      belowCount = 0
    }

    return {
      record_index: index,
      facility_id: facilityId,
      timestamp,
      rainfall_mm: rain,
      pond_level_m: pond,
      freeboard_m: freeboard,
      pore_pressure_kpa: poreValue,
      pore_pressure_expected_kpa: round(expected, 1),
      settlement_mm: settlementValue,
      seepage_l_s: seepageValue,
      turbidity_ntu: turbidityValue,
      ph,
      conductivity_us_cm: conductivity,
      inclinometer_mm: inclinometerValue,
      status: statusOf(level),
      tarp_level: level,
      trigger_parameter: trigger,
      anomaly,
      event,
      pore_pressure_clean_kpa: poreClean,
      seepage_clean_l_s: seepageClean,
      turbidity_clean_ntu: turbidityClean,
      // A duplicate timestamp hides the true time (the values are true); the other faults change only fields
      // with a clean column of their own.
      clean_values: anomaly === 'duplicate_timestamp' ? { timestamp: new Date(t).toISOString() } : null,
      event_id: linkedId,
    }
  }
}

function* generateMonitoring(p: Partition<MonitoringParams>): Generator<MonitoringRow> {
  const step = monitoringSeries(p)
  for (let k = 0; k < p.count; k++) yield step(k)
}

function stepsInRange(params: MonitoringParams): number | undefined {
  if (params.end === undefined) return undefined
  const dtMs = parseInterval(params.interval) as number
  return Math.floor((Date.parse(params.end) - Date.parse(params.start)) / dtMs) + 1
}

/**
 * With both an end and a count that leaves room to spare, the readings are spread over the whole period, as
 * every other type spreads its records: the interval widens (in whole minutes) so the last reading falls near
 * the end. Without an end, or with a count that fills the period, the parameters stay as they are.
 */
function fitToCount(params: MonitoringParams, perFacility: number): MonitoringParams {
  const steps = stepsInRange(params)
  if (params.end === undefined || steps === undefined || perFacility >= steps || perFacility < 2)
    return params
  const period = Date.parse(params.end) - Date.parse(params.start)
  const minutes = Math.min(366 * 1440, Math.floor(period / (perFacility - 1) / 60_000))
  return { ...params, interval: `${minutes}m` }
}

/**
 * Instrument time series per facility: rainfall, pond level, freeboard, piezometer pore pressure,
 * settlement, seepage, inclinometer and water quality, with TARP status from configurable thresholds.
 */
export const monitoringGenerator: DataGenerator<MonitoringRow, MonitoringParams> = {
  // 2: a date-only end includes its day, and a count with an end spreads the readings over the period.
  // 3: alarms from physical events (labelled in `event`), escalation confirmed over `confirmAfter` readings,
  // seasons by hemisphere with snow and pond ice, IDF-capped rain, raise lifts, B̄ response, log-time settlement.
  // 4: stuck, step and duplicate-timestamp faults; clean values of pore pressure, seepage and turbidity.
  // 5: TARP level-2 events from the facility's event timeline, with their `event_id`; outside them routine
  // controls hold readings below level 2.
  // 6: raises from the facility's shared raise schedule (a lift that keeps pace with the tailings, one every 1–3
  // years), each raise's response labelled for two dissipation times with the raise's `event_id`. The inclinometer
  // creeps faster as pore pressure exceeds its expected value (exponentially); its rate over a trailing window
  // (30 days, longer at coarse intervals) triggers the TARP as `inclinometer_mm`, and accelerated creep with no
  // other event in progress is labelled `creep`. `clean_values` holds the true values a fault hides that have no
  // clean column: every other channel under a gap (`missing`), the true time of a duplicate timestamp.
  version: 6,
  description: 'Instrument readings per facility at a fixed interval, with TARP status',
  paramsSchema: monitoringParamsSchema,
  impliedCount(params, facilities) {
    const steps = stepsInRange(params)
    return steps === undefined ? undefined : steps * facilities
  },
  fitToCount,
  assertCount(params, perFacility) {
    const steps = stepsInRange(params)
    if (steps !== undefined && perFacility > steps) {
      throw new UsageError(
        `${perFacility} monitoring readings per facility at ${params.interval} from ${params.start} run past --end ${params.end} (room for ${steps}); lower --count, widen --interval or move --end`,
      )
    }
  },
  generate: generateMonitoring,
}
