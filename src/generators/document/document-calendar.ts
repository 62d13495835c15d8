import { GISTM_LAUNCH } from '../compliance/compliance-datasets.js'
import { deriveSeed } from '../derive-seed.js'
import type { Facility } from '../facility/facility-generator.js'
import { Prng } from '../prng.js'
import {
  DOCUMENT_TYPES,
  civilOfEpochDay,
  workingDay,
  type DocumentTypeSpec,
  type FacilityOrganisations,
} from './document-datasets.js'

const YEAR_DAYS = 365.25
const GISTM_LAUNCH_DAY = GISTM_LAUNCH / 86_400_000
/** Reviewed documents slip up to this many days past their interval, never earlier. */
const REVIEW_SLIP_DAYS = 15
/**
 * Under `non-compliant-operator`, the share of documents with a due date (periodic reports, reviewed documents)
 * issued late, and how late: reports 45–240 days past the day they were due, reviewed editions 90–720 days.
 */
export const LATE_SHARE = 0.7
const LATE_REPORT_DAYS = [45, 240] as const
const LATE_REVIEW_DAYS = [90, 720] as const

/** Register numbers of documents outside the calendar (the extra ones of a large count) start here in a year. */
export const EXTRA_ORDINAL = 500

/**
 * Under `progressive-failure` and `non-compliant-operator` the operator lets its dam safety reviews lapse: no DSR
 * (nor, in Brazil, RPSB) is issued from this many days before GISTM's launch less the GISTM interval of the
 * class (the RPSB's own interval), so every review assessed from the launch on finds the last one older than its
 * interval. The half year of margin keeps even the issued revision of the last one before it.
 */
const LAPSE_MARGIN_DAYS = 180
/** Days in a month of a review interval: an interval of m months is older than m × this many days. */
export const REVIEW_MONTH_DAYS = 365.25 / 12

/** What a scenario does to a facility's document calendar: late documents, lapsed dam safety reviews. */
export interface CalendarOptions {
  readonly late?: boolean
  readonly lapse?: boolean
}
export function calendarOptions(scenario: string): CalendarOptions {
  return {
    late: scenario === 'non-compliant-operator',
    lapse: scenario === 'non-compliant-operator' || scenario === 'progressive-failure',
  }
}

/** Documents a year of this type at this facility [E]: the type's base rate shaped by status and class. */
export function facilityWeight(type: DocumentTypeSpec, f: Facility, orgs: FacilityOrganisations): number {
  if (type.countries && !type.countries.includes(f.country_code)) return 0
  const highPlus =
    f.consequence_class === 'High' || f.consequence_class === 'Very High' || f.consequence_class === 'Extreme'
  const veryHigh = f.consequence_class === 'Very High' || f.consequence_class === 'Extreme'
  const active = f.status === 'active'
  switch (type.code) {
    case 'DDR':
    case 'CRR':
      // Design and as-built reports come with raises: none once closed.
      return active ? type.perYear : f.status === 'inactive' ? 0.05 : 0
    case 'MAA':
      return active && f.construction_year >= 2015 ? 0.3 : type.perYear
    case 'CLP':
      return f.status === 'closed' ? 1 : f.status === 'inactive' ? 0.5 : type.perYear
    case 'RIR':
      return active ? type.perYear : 4
    case 'DSR':
    case 'RPSB':
      // Once per review interval (see reviewMonths).
      return 12 / (reviewMonths(type, f) as number)
    case 'ITRB':
      return orgs.hasIndependentReview ? (veryHigh ? type.perYear : 1) : 0
    case 'TMS':
      return highPlus ? type.perYear : 0.1
    case 'MON':
      // Closed facilities report less often: monthly reports give way to quarterly ones.
      return active || type.period !== 'prevMonth' ? type.perYear : 3
    default:
      return type.perYear
  }
}

/** Months between editions of a reviewed type at this facility, or null for a type without a review cycle. */
export function reviewMonths(type: DocumentTypeSpec, f: Facility): number | null {
  const veryHigh = f.consequence_class === 'Very High' || f.consequence_class === 'Extreme'
  if (type.review === 'dsr') {
    // The strictest dam safety review interval of the facility's frameworks (see frameworksOf): GISTM 10.5
    // and ANCOLD by class, the CDA's 5/7/10 years in Canada, BC's 5 years in British Columbia.
    const gistm = veryHigh ? 60 : 120
    if (f.country_code !== 'CA') return gistm
    const cda = veryHigh ? 60 : f.consequence_class === 'High' ? 84 : 120
    return f.timezone === 'America/Vancouver' ? Math.min(cda, 60) : cda
  }
  // RPSB every 3–7 years by DPA class [E]; the consequence class stands in for the DPA class.
  if (type.review === 'rpsb') return veryHigh ? 36 : f.consequence_class === 'High' ? 60 : 84
  return type.review
}

/** Epoch day of the first of a month (`month` from 0, rolling over into later years). */
function firstOfMonth(year: number, month: number): number {
  return Date.UTC(year, month, 1) / 86_400_000
}

/** A working day of the same civil year: a Saturday 1 January moves to Monday, not to the year before. */
function workingDayIn(day: number, yearFirst: number, yearLast: number): number {
  const d = workingDay(day)
  return d < yearFirst ? d + 3 : d > yearLast ? d - 2 : d
}

const REGISTER_KEYS = DOCUMENT_TYPES.map((t) => `${t.discipline}-${t.docClass}`)
/** Per type, the first type index with the same discipline and class, and its place among those types. */
const REGISTER_GROUPS = REGISTER_KEYS.map((key) => REGISTER_KEYS.indexOf(key))
const REGISTER_SLOTS = REGISTER_KEYS.map(
  (key, ti) => REGISTER_KEYS.slice(0, ti).filter((k) => k === key).length,
)
/**
 * Register numbers a type may take in a year: type s of a discipline and class numbers its documents from
 * s × 50 + 1 (no type issues 50 calendar documents a year), below {@link EXTRA_ORDINAL}.
 */
const SLOT_SIZE = 50

/** One document of a facility's calendar: its type index, first issue day and register number. */
export interface CalendarDocument {
  readonly ti: number
  readonly day: number
  readonly docId: string
}

/**
 * The register of a facility's documents on the real calendar, as a pure function of (seed, facility, type,
 * year): the document generator issues these documents, and the compliance generator cites them as evidence
 * without generating any, so an `evidence_ref` is the `doc_id` of a document of the same seed and facility.
 *
 * Each (type, year) has its own random stream, so a year's documents do not depend on the period asked, the
 * count or a type filter. Register numbers are `<facility>-<discipline>-<class>-<year><ordinal>`: each type
 * sharing a discipline and class numbers its documents of the year in issue order from its own block of 50.
 */
export class DocumentCalendar {
  /** The facility's calendar seed: a (type, year) stream mixes its key into it. */
  readonly #base: number
  readonly #weights: readonly number[]
  readonly #months: readonly (number | null)[]
  readonly #code: string
  readonly #prefixes: (string | undefined)[] = []
  /** Each type's place among the types sharing its register prefix, and the first of them. */
  readonly #days = new Map<number, readonly number[]>()
  readonly #phases = new Map<number, number>()
  readonly #late: boolean
  /** Per type, the first day on which a lapsed review is no longer issued (`Infinity` when it does not lapse). */
  readonly #lapseDays: readonly number[]

  /**
   * `late`: documents of an operator that issues most of them after their due date (`non-compliant-operator`);
   * `lapse`: an operator that lets its dam safety reviews lapse (see {@link calendarOptions}).
   */
  constructor(seed: number, facility: Facility, orgs: FacilityOrganisations, options: CalendarOptions = {}) {
    this.#late = options.late === true
    const veryHigh = facility.consequence_class === 'Very High' || facility.consequence_class === 'Extreme'
    this.#lapseDays = DOCUMENT_TYPES.map((t) => {
      if (options.lapse !== true || (t.review !== 'dsr' && t.review !== 'rpsb')) return Infinity
      const months = t.review === 'dsr' ? (veryHigh ? 60 : 120) : (reviewMonths(t, facility) as number)
      return Math.floor(GISTM_LAUNCH_DAY - months * REVIEW_MONTH_DAYS - LAPSE_MARGIN_DAYS)
    })
    this.#base = deriveSeed(seed, 'document-calendar', facility.id)
    this.#weights = DOCUMENT_TYPES.map((t) => facilityWeight(t, facility, orgs))
    this.#months = DOCUMENT_TYPES.map((t) => reviewMonths(t, facility))
    this.#code = facility.code
  }

  /** Whether the facility issues documents of this type at all (a filter may still ask for one that it does not). */
  applies(ti: number): boolean {
    return (this.#weights[ti] as number) > 0
  }

  /**
   * The day the calendar document of type `ti` due on `day` is actually issued: `day` itself, or with a late
   * operator most reports and reviewed editions weeks to months after it. A function of (seed, facility, type,
   * day), so the documents and the compliance evidence that cites them agree.
   */
  issueDay(ti: number, day: number): number {
    if (!this.#late) return day
    const type = DOCUMENT_TYPES[ti] as DocumentTypeSpec
    const reviewed = (this.#months[ti] ?? 0) >= 12
    if (type.period === null && !reviewed) return day
    const h = this.#streamSeed(4, ti, day)
    if (h / 4294967296 >= LATE_SHARE) return day
    const [low, high] = type.period !== null && !reviewed ? LATE_REPORT_DAYS : LATE_REVIEW_DAYS
    return workingDay(day + low + (this.#streamSeed(5, ti, day) % (high - low + 1)))
  }

  /** The register prefix of a type at this facility (`KAL-TSF1-GEO-RPT-`). */
  prefix(ti: number): string {
    let prefix = this.#prefixes[ti]
    if (prefix === undefined) {
      prefix = `${this.#code}-${REGISTER_KEYS[ti] as string}-`
      this.#prefixes[ti] = prefix
    }
    return prefix
  }

  /**
   * The first issue days of a type's documents in a civil year, ascending [E, domain §B]: a periodic report one
   * per period, after the period it covers; a reviewed document once per review interval from a point of its
   * cycle (a DSR every 5 or 10 years by class); an event-driven one at random at its yearly rate.
   */
  daysOf(ti: number, year: number): readonly number[] {
    const key = ti * 10_000 + year
    let days = this.#days.get(key)
    if (days === undefined) {
      days = this.#computeDays(ti, year)
      this.#days.set(key, days)
    }
    return days
  }

  /** The register number of the calendar document of type `ti` first issued on `day`. */
  idOf(ti: number, day: number): string {
    const year = Math.floor(civilOfEpochDay(day) / 10000)
    const k = this.daysOf(ti, year).indexOf(day)
    return `${this.prefix(ti)}${year}${pad3((REGISTER_SLOTS[ti] as number) * SLOT_SIZE + k + 1)}`
  }

  /** The register group of a type: the first type index sharing its prefix. */
  group(ti: number): number {
    return REGISTER_GROUPS[ti] as number
  }

  /** The first issue days of type `ti`'s documents in [firstDay, lastDay], ascending. */
  daysIn(ti: number, firstDay: number, lastDay: number): number[] {
    const out: number[] = []
    const y0 = Math.floor(civilOfEpochDay(firstDay) / 10000)
    const y1 = Math.floor(civilOfEpochDay(lastDay) / 10000)
    for (let y = y0; y <= y1; y++) {
      for (const day of this.daysOf(ti, y)) if (day >= firstDay && day <= lastDay) out.push(day)
    }
    return out
  }

  /** The documents of type `ti` first issued in [firstDay, lastDay], ascending. */
  documentsIn(ti: number, firstDay: number, lastDay: number): CalendarDocument[] {
    const out: CalendarDocument[] = []
    const y0 = Math.floor(civilOfEpochDay(firstDay) / 10000)
    const y1 = Math.floor(civilOfEpochDay(lastDay) / 10000)
    for (let y = y0; y <= y1; y++) {
      for (const day of this.daysOf(ti, y)) {
        if (day >= firstDay && day <= lastDay) out.push({ ti, day, docId: this.idOf(ti, day) })
      }
    }
    return out
  }

  /** The last document of type `ti` first issued in [notBefore, before), or null when there is none. */
  latestBefore(ti: number, before: number, notBefore: number): CalendarDocument | null {
    if (!this.applies(ti)) return null
    const y0 = Math.floor(civilOfEpochDay(notBefore) / 10000)
    for (let y = Math.floor(civilOfEpochDay(before) / 10000); y >= y0; y--) {
      const days = this.daysOf(ti, y)
      for (let j = days.length - 1; j >= 0; j--) {
        const day = days[j] as number
        if (day < before) return day >= notBefore ? { ti, day, docId: this.idOf(ti, day) } : null
      }
    }
    return null
  }

  /**
   * The day the last document of type `ti` issued before `before` was issued (with a late operator, its
   * issue day, not its due day), or null when none was in the `lookback` days before.
   */
  lastIssuedBefore(ti: number, before: number, lookback: number): number | null {
    if (!this.applies(ti)) return null
    let last: number | null = null
    // A late document is issued at most LATE_REVIEW_DAYS[1] days after its due day.
    for (const due of this.daysIn(ti, before - lookback - LATE_REVIEW_DAYS[1], before - 1)) {
      const day = this.issueDay(ti, due)
      if (day < before && day >= before - lookback && (last === null || day > last)) last = day
    }
    return last
  }

  #computeDays(ti: number, year: number): number[] {
    const type = DOCUMENT_TYPES[ti] as DocumentTypeSpec
    const lapse = this.#lapseDays[ti] as number
    // Lapsed reviews: none issued from the lapse day on.
    if (lapse !== Infinity) return this.#rawDays(ti, year).filter((d) => this.issueDay(ti, d) < lapse)
    // The GISTM public disclosure (15.1) exists from the standard's launch on 5 August 2020.
    if (type.code === 'PDS') return this.#rawDays(ti, year).filter((d) => d >= GISTM_LAUNCH_DAY)
    const days = this.#rawDays(ti, year)
    if (type.period !== null || (this.#months[ti] ?? 0) >= 12) return days // ascending and distinct already
    // Two events moved onto the same working day are one document.
    return days.sort((a, b) => a - b).filter((d, i, all) => i === 0 || all[i - 1] !== d)
  }

  #rawDays(ti: number, year: number): number[] {
    const type = DOCUMENT_TYPES[ti] as DocumentTypeSpec
    const weight = (this.#weights[ti] as number) || type.perYear
    const rng = new Prng(this.#streamSeed(1, ti, year))
    const yearFirst = firstOfMonth(year, 0)
    const yearLast = firstOfMonth(year + 1, 0) - 1
    const out: number[] = []
    const push = (day: number) => {
      const d = workingDayIn(Math.floor(day), yearFirst, yearLast)
      if (d >= yearFirst && d <= yearLast) out.push(d)
    }
    // Periodic types at a facility that issues fewer of them (a closed facility's monthly report) skip some.
    const keep = type.period ? Math.min(1, weight / type.perYear) : 1
    const maybe = (day: number) => {
      if (rng.chance(keep)) push(day)
    }
    switch (type.period) {
      case 'prevMonth':
        for (let m = 0; m < 12; m++) maybe(firstOfMonth(year, m) + rng.int(3, 20))
        return out
      case 'month':
        for (let m = 0; m < 12; m++) maybe(firstOfMonth(year, m) + rng.int(10, 25))
        return out
      case 'prevQuarter':
        for (let m = 0; m < 12; m += 3) maybe(firstOfMonth(year, m) + rng.int(10, 45))
        return out
      case 'prevYear':
        maybe(yearFirst + rng.int(30, 170))
        return out
      case 'year':
        maybe(yearFirst + rng.int(30, 330))
        return out
      case 'half':
        for (const h of [0, 6]) {
          // Stability declarations go out in the March and September campaigns.
          maybe(
            type.code === 'DCE'
              ? firstOfMonth(year, h + 2) + rng.int(0, 29)
              : firstOfMonth(year, h) + rng.int(20, 170),
          )
        }
        return out
      case null:
        break
    }
    const months = this.#months[ti] as number | null
    if (months !== null && months >= 12) {
      // Edition k of a cycle anchored at a point of the facility's history, slipping up to 15 days.
      const interval = Math.max(months * 30.44, YEAR_DAYS / weight) + REVIEW_SLIP_DAYS
      const origin = this.#phase(ti, interval)
      for (let k = Math.floor((yearFirst - origin) / interval) - 1; origin + k * interval <= yearLast; k++) {
        const slip = this.#streamSeed(2, ti, k) % (REVIEW_SLIP_DAYS + 1)
        const day = workingDay(Math.floor(origin + k * interval) + slip)
        if (day >= yearFirst && day <= yearLast) out.push(day)
      }
      return out
    }
    // Event-driven: a Poisson process at the type's yearly rate, year by year.
    for (
      let d = yearFirst + rng.exponential(YEAR_DAYS / weight);
      d <= yearLast;
      d += rng.exponential(YEAR_DAYS / weight)
    )
      push(d)
    return out
  }

  /** The seed of one stream (1 a year's days, 2 a review's slip, 3 a cycle's phase) of a type: integer mixing. */
  #streamSeed(kind: number, ti: number, n: number): number {
    let h = Math.imul(this.#base ^ kind, 0x9e3779b1)
    h = Math.imul(h ^ (ti + 1), 0x85ebca6b)
    h = Math.imul(h ^ (n + 0x10000), 0xc2b2ae35)
    return (h ^ (h >>> 16)) >>> 0
  }

  #phase(ti: number, interval: number): number {
    let origin = this.#phases.get(ti)
    if (origin === undefined) {
      origin = firstOfMonth(1950, 0) + Math.floor((this.#streamSeed(3, ti, 0) / 4294967296) * interval)
      this.#phases.set(ti, origin)
    }
    return origin
  }
}

function pad3(n: number): string {
  return n >= 100 ? String(n) : n >= 10 ? `0${n}` : `00${n}`
}
