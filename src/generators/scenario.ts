import { z } from 'zod'
import { SCENARIOS, type Scenario } from '../choices.js'
import type { Facility } from './facility/facility-generator.js'

export { SCENARIOS, type Scenario } from '../choices.js'

/**
 * The `scenario` parameter every generator takes. Optional, and absent by default, so parameters (and the
 * manifests and digests made from them) without a scenario stay what they were; absent means `baseline`.
 */
export const scenarioParam = z
  .enum(SCENARIOS, { error: `expected one of ${SCENARIOS.join(', ')}` })
  .optional()
  .describe('Scenario preset: what the data shows (README, "Scenario presets"). Default is `baseline`.')

/** The scenario of a type's validated parameters; `baseline` when they name none. */
export function scenarioOf(params: unknown): Scenario {
  const value = (params as { scenario?: Scenario } | null | undefined)?.scenario
  return value ?? 'baseline'
}

/**
 * The facility as the records of a scenario see it. Under `closure` every facility is closed: no deposition,
 * so no rate of rise and no raises. Other scenarios leave it as it is. Every data type of a run applies the
 * same view, so they agree; the facilities table keeps the facility as its seed made it.
 */
export function scenarioFacility(facility: Facility, scenario: Scenario): Facility {
  if (scenario !== 'closure') return facility
  return { ...facility, status: 'closed', rate_of_rise_m_per_yr: 0 }
}

/** Days from the start of a monitoring series before the `extreme-storm` scenario's storm may fall. */
export const STORM_LEAD_DAYS = 14

/**
 * The epoch day of the `extreme-storm` storm of a series starting on `startDay`: the first 15th of a month
 * at least {@link STORM_LEAD_DAYS} days in whose precipitation falls as rain in the wet season
 * (`rainMonth[m]`, m = 0 for January).
 */
export function extremeStormDay(
  startDay: number,
  rainMonth: readonly boolean[],
  monthOf: (day: number) => number,
): number {
  for (let day = startDay + STORM_LEAD_DAYS; day < startDay + STORM_LEAD_DAYS + 400; day++) {
    if (new Date(day * 86_400_000).getUTCDate() === 15 && rainMonth[monthOf(day)] === true) return day
  }
  return startDay + STORM_LEAD_DAYS
}
