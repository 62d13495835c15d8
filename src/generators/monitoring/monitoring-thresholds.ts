import { z } from 'zod'

/** The parameters that can trigger a TARP level, in the order that breaks ties. */
export const TRIGGER_PARAMETERS = [
  'freeboard_m',
  'pore_pressure_kpa',
  'seepage_l_s',
  'turbidity_ntu',
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
 * - `turbidity` (NTU): seepage turbidity *above* (10 / 50 / 200 NTU).
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
