import { deriveSeed } from '../derive-seed.js'
import { workingDay } from '../document/document-datasets.js'
import type { Facility } from '../facility/facility-generator.js'
import { Prng } from '../prng.js'
import { compactDate } from './event-timeline.js'

/**
 * The raise schedule of a facility: the embankment raises every data type sees, each a linked event with its
 * own `event_id` (the monitoring readings of its pore-pressure response, the design report before it, the EOR's
 * inspection and the as-built report after it, its capital cost). A pure function of (seed, facility): the
 * raises do not depend on the period asked, the count or the types generated, so the records of one type never
 * depend on those of another and still join by `event_id`.
 *
 * Only active facilities raise (the others have no rate of rise); in-pit facilities and dry stacks have no
 * raised embankment (a dry stack is placed and compacted in thin layers as it is filtered).
 */

/** Raise lift heights (m) by construction method [E, domain §G.2], and settlement per metre of lift (mm) over
 * the first three years after a raise [E, domain §A.1]: upstream lifts of 1–5 m, downstream stages of 5–20 m,
 * centreline in between. */
export const RAISE_LIFTS: Readonly<
  Record<string, { lift: readonly [number, number]; mmPerM: readonly [number, number] }>
> = {
  upstream: { lift: [1, 5], mmPerM: [25, 40] },
  centreline: { lift: [2, 6], mmPerM: [10, 25] },
  downstream: { lift: [5, 20], mmPerM: [5, 10] },
  water_retention: { lift: [5, 20], mmPerM: [5, 10] },
  hybrid: { lift: [2, 10], mmPerM: [10, 25] },
  // A dry stack is not raised (see above): its row gives the settlement of its placed layers.
  dry_stack: { lift: [1, 5], mmPerM: [4, 10] },
}

/** One raise every 1–3 years (domain §G.2 raise schedule), where the lift range allows it at the rate of rise. */
const RAISE_EVERY_YEARS: readonly [number, number] = [1, 3]
const YEAR_DAYS = 365.25

/** A facility's raise cycle: every raise lifts the crest by `lift`, `periodDays` apart, the first on `firstDay`. */
export interface RaisePlan {
  readonly lift: number
  readonly periodDays: number
  /** Epoch day (fractional) of the cycle's first raise after the facility's construction year. A series asked
   * before it still sees raises at the same pace: the pond rises with the tailings whatever the period. */
  readonly firstDay: number
}

/** One raise and the days of its traces, in causal order. */
export interface Raise {
  /** `EV-<facility id>-<yyyymmdd of the raise>-raise`: the join key across types. */
  readonly id: string
  /** The raise's place in the cycle counted from `RaisePlan.firstDay` (0 there): the key of its random stream. */
  readonly cycle: number
  readonly lift: number
  /** Epoch days: the design report issued for construction, construction start, the crest raised (the new fill
   * loads the foundation), the EOR's post-raise inspection, the as-built (construction records) report. */
  readonly designDay: number
  readonly constructionStart: number
  readonly day: number
  readonly inspectionDay: number
  readonly asBuiltDay: number
}

/** The facility's raise cycle, or null when it does not raise. */
export function raisePlan(seed: number, f: Facility): RaisePlan | null {
  const spec = RAISE_LIFTS[f.construction_method]
  if (spec === undefined || f.construction_method === 'dry_stack' || f.rate_of_rise_m_per_yr <= 0) return null
  const rng = new Prng(deriveSeed(seed, 'raises', f.facility_index))
  // The lift that keeps pace with the tailings over a raise cycle, inside the method's range; the cycle follows.
  const years = rng.range(...RAISE_EVERY_YEARS)
  const lift = Math.min(spec.lift[1], Math.max(spec.lift[0], f.rate_of_rise_m_per_yr * years))
  const periodDays = (lift / f.rate_of_rise_m_per_yr) * YEAR_DAYS
  const firstDay = Date.UTC(f.construction_year + 1, 0, 1) / 86_400_000 + rng.range(0, periodDays)
  return { lift, periodDays, firstDay }
}

/** The raise of cycle `cycle`, its trace days drawn from its own stream. */
function raiseOf(seed: number, f: Facility, plan: RaisePlan, cycle: number): Raise {
  const day = Math.round(plan.firstDay + cycle * plan.periodDays)
  const rng = new Prng(deriveSeed(seed, 'raises', f.facility_index, cycle))
  // Construction takes about a month per metre of lift [E], and ends well before the next raise begins.
  const build = Math.min(0.5 * plan.periodDays, Math.max(30, 30 * plan.lift) * rng.range(0.8, 1.2))
  const constructionStart = Math.round(day - build)
  return {
    id: `EV-${f.id}-${compactDate(day)}-raise`,
    cycle,
    lift: plan.lift,
    // Issued for construction 1–4 months before work starts; inspected 1–6 weeks after; as-built in 2–5 months.
    designDay: workingDay(constructionStart - rng.int(30, 120)),
    constructionStart,
    day,
    inspectionDay: workingDay(day + rng.int(7, 45)),
    asBuiltDay: workingDay(day + rng.int(60, 150)),
  }
}

/** The facility's raises whose crest is raised on an epoch day in [fromDay, toDay], in order. */
export function facilityRaises(seed: number, f: Facility, fromDay: number, toDay: number): Raise[] {
  const plan = raisePlan(seed, f)
  if (plan === null) return []
  const out: Raise[] = []
  for (let cycle = Math.floor((fromDay - plan.firstDay) / plan.periodDays) - 1; ; cycle++) {
    const day = Math.round(plan.firstDay + cycle * plan.periodDays)
    if (day > toDay) break
    if (day >= fromDay) out.push(raiseOf(seed, f, plan, cycle))
  }
  return out
}
