import { z } from 'zod'

/** The parameters that can trigger a TARP level, in the order that breaks ties. */
export const TRIGGER_PARAMETERS = [
  'freeboard_m',
  'pore_pressure_kpa',
  'seepage_l_s',
  'turbidity_ntu',
  'inclinometer_mm',
] as const
export type TriggerParameter = (typeof TRIGGER_PARAMETERS)[number]

/** Overall status of a reading: TARP level 0 is `normal`, 1 `warning`, 2 and 3 `critical`. */
export const MONITORING_STATUSES = ['normal', 'warning', 'critical'] as const
export type MonitoringStatus = (typeof MONITORING_STATUSES)[number]

const level = (alert: number, alarm: number, emergency: number) =>
  z.strictObject({
    alert: z.number().positive().default(alert),
    alarm: z.number().positive().default(alarm),
    emergency: z.number().positive().default(emergency),
  })

const descending = (t: { alert: number; alarm: number; emergency: number }) =>
  t.alert > t.alarm && t.alarm > t.emergency
const ascending = (t: { alert: number; alarm: number; emergency: number }) =>
  t.alert < t.alarm && t.alarm < t.emergency

/**
 * TARP trigger thresholds (levels 1 alert, 2 alarm, 3 emergency). Defaults follow the common four-tier
 * scheme of the domain reference [E]:
 * - `freeboard` (m): level reached when total freeboard falls *below* the value (2.0 / 1.0 / 0.3 m);
 * - `porePressureRatio`: reading over the expected (design) pore pressure, *above* (1.10 / 1.25 / 1.50);
 * - `seepageRatio`: seepage over the facility's baseline flow, *above* (1.25 / 1.50 / 2.00);
 * - `turbidity` (NTU): seepage turbidity *above* (10 / 50 / 200 NTU);
 * - `inclinometerRate` (mm/month): shear-zone displacement rate over the trailing window of
 *   {@link inclinometerWindow}, *above* (1 / 5 / 150 mm/month; 150 ≈ 5 mm/day), domain §A.3.
 */
export const thresholdsSchema = z
  .strictObject({
    freeboard: level(2.0, 1.0, 0.3)
      .refine(descending, 'freeboard levels must fall: alert > alarm > emergency')
      .prefault({}),
    porePressureRatio: level(1.1, 1.25, 1.5)
      .refine(ascending, 'levels must rise: alert < alarm < emergency')
      .prefault({}),
    seepageRatio: level(1.25, 1.5, 2.0)
      .refine(ascending, 'levels must rise: alert < alarm < emergency')
      .prefault({}),
    turbidity: level(10, 50, 200)
      .refine(ascending, 'levels must rise: alert < alarm < emergency')
      .prefault({}),
    inclinometerRate: level(1, 5, 150)
      .refine(ascending, 'levels must rise: alert < alarm < emergency')
      .prefault({}),
  })
  .prefault({})
export type MonitoringThresholds = z.output<typeof thresholdsSchema>

/** The raw TARP level of one reading and the parameter that set it; null values are not evaluated. */
export interface TarpEvaluation {
  readonly level: 0 | 1 | 2 | 3
  readonly trigger: TriggerParameter | null
}

const NONE: TarpEvaluation = { level: 0, trigger: null }

/**
 * Evaluates one reading against the thresholds: the highest level reached by any parameter wins, ties go
 * to the parameter listed first in {@link TRIGGER_PARAMETERS}.
 */
export function evaluateTarp(
  t: MonitoringThresholds,
  freeboard: number | null,
  porePressure: number | null,
  expectedPorePressure: number,
  seepage: number | null,
  baselineSeepage: number,
  turbidity: number | null,
  inclinometerRate: number | null = null,
): TarpEvaluation {
  let best: TarpEvaluation = NONE
  if (freeboard !== null) {
    const f = t.freeboard
    const l = freeboard < f.emergency ? 3 : freeboard < f.alarm ? 2 : freeboard < f.alert ? 1 : 0
    if (l > best.level) best = { level: l, trigger: 'freeboard_m' }
  }
  if (porePressure !== null)
    best = above(best, porePressure / expectedPorePressure, t.porePressureRatio, 'pore_pressure_kpa')
  if (seepage !== null) best = above(best, seepage / baselineSeepage, t.seepageRatio, 'seepage_l_s')
  if (turbidity !== null) best = above(best, turbidity, t.turbidity, 'turbidity_ntu')
  if (inclinometerRate !== null) best = above(best, inclinometerRate, t.inclinometerRate, 'inclinometer_mm')
  return best
}

function above(
  best: TarpEvaluation,
  value: number,
  t: { alert: number; alarm: number; emergency: number },
  trigger: TriggerParameter,
): TarpEvaluation {
  const l = value > t.emergency ? 3 : value > t.alarm ? 2 : value > t.alert ? 1 : 0
  return l > best.level ? { level: l, trigger } : best
}

/** The status word of a TARP level. */
export function statusOf(level: number): MonitoringStatus {
  return level === 0 ? 'normal' : level === 1 ? 'warning' : 'critical'
}

/** Days in the month of the inclinometer rate (mm/month). */
export const MONTH_DAYS = 365.25 / 12
/** Survey noise of an inclinometer reading at the shear zone (mm, 1σ) [E]. */
export const INCLINOMETER_NOISE_MM = 0.3
/** Days over which the inclinometer rate is taken, at least; longer where the readings are few. */
const RATE_SPAN_DAYS = 30
/** The 1σ noise (mm/month) the survey noise may leave in the rate. */
const RATE_NOISE = 0.1

/** The readings the inclinometer rate averages at each end of its span, and the span in readings. */
export interface InclinometerWindow {
  readonly block: number
  readonly span: number
}

/**
 * The trailing window of the inclinometer rate at `dtDays` per reading: the mean of the last `block` readings
 * (a day of them, at least 7) minus the mean of the `block` readings `span` readings earlier, over `span`
 * readings' time. The span is 30 days, or longer where so few readings are averaged that the survey noise
 * would leave more than 0.1 mm/month (1σ) in the rate (49 days at 1 d), and never under a block. Its weight on
 * each past day's displacement rises over the last block, stays flat, and falls over the block a span back: once
 * creep slows, the rate climbs for one block at most.
 */
export function inclinometerWindow(dtDays: number): InclinometerWindow {
  const block = Math.max(7, Math.round(1 / dtDays))
  const noiseDays = (INCLINOMETER_NOISE_MM * MONTH_DAYS * Math.SQRT2) / (RATE_NOISE * Math.sqrt(block))
  const span = Math.max(block, Math.round(Math.max(RATE_SPAN_DAYS, noiseDays) / dtDays))
  return { block, span }
}
