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

/**
 * Days from the start of a monitoring series to the `extreme-storm` scenario's storm: the 15th of the first
 * wet-season month that begins at least {@link STORM_LEAD_DAYS} days in.
 */
export const STORM_LEAD_DAYS = 14

/**
 * The epoch day of the `extreme-storm` storm of a series starting on `startDay`, given the site's wet months
 * (`wetMonth[m]`, m = 0 for January) and a month-of-epoch-day function.
 */
export function extremeStormDay(
  startDay: number,
  wetMonth: readonly boolean[],
  monthOf: (day: number) => number,
): number {
  for (let day = startDay + STORM_LEAD_DAYS; day < startDay + STORM_LEAD_DAYS + 400; day++) {
    const date = new Date(day * 86_400_000)
    if (date.getUTCDate() === 15 && wetMonth[monthOf(day)] === true) return day
  }
  return startDay + STORM_LEAD_DAYS
}
