import { z } from 'zod'
import { clamp } from '../../util/numbers.js'
import { type ConsequenceClass } from '../facility/facility-datasets.js'
import type { Facility } from '../facility/facility-generator.js'
import type { DataGenerator, Partition, RecordBase } from '../generator.js'
import { END_AFTER_START, dateRangeShape, endAfterStart } from '../params.js'
import type { Prng } from '../prng.js'
import {
  DAY_MS,
  DOCUMENT_TYPES,
  DOC_TYPE_CODES,
  ISSUED_CHAINS,
  KEYWORD_SETS,
  REVISION_CHAINS,
  addMonths,
  buildOrganisations,
  civilOfEpochDay,
  dayRange,
  pad4,
  workingDay,
  type ApproverRole,
  type AuthorRole,
  type ChainKind,
  type Confidentiality,
  type DocumentStatus,
  type DocumentTypeSpec,
  type FacilityOrganisations,
  type Organisation,
  type PeriodKind,
  type Revision,
} from './document-datasets.js'

/** One revision of one governance document of a facility. */
export interface DocumentRow extends RecordBase {
  readonly doc_id: string
  readonly title: string
  readonly doc_type: string
  readonly doc_type_code: string
  readonly revision: Revision
  readonly status: DocumentStatus
  readonly issue_date: number
  readonly period_covered: string | null
  readonly author_org: string
  readonly author_name: string
  readonly author_role: AuthorRole
  readonly approver_role: ApproverRole | null
  readonly consequence_class: ConsequenceClass
  readonly pages: number
  readonly file_size_bytes: number
  readonly language: string
  readonly confidentiality: Confidentiality
  readonly keywords: readonly string[]
  readonly supersedes: string | null
  readonly next_review_date: number | null
}

export const documentParamsSchema = z
  .strictObject({
    ...dateRangeShape,
    /** Whether drafts issued for review (revisions A, B, C) appear; without them every chain starts at Rev 0. */
    includeDrafts: z.boolean().default(true),
    /** Only these document type codes; default all that apply to the facility. */
    docTypes: z.array(z.enum(DOC_TYPE_CODES)).min(1).optional(),
  })
  .refine(endAfterStart, END_AFTER_START)
export type DocumentParams = z.output<typeof documentParamsSchema>

/** Bytes in the MB of the size bands. */
export const BYTES_PER_MB = 1_000_000

/** A weighted choice among `n` items, precomputed as a cumulative array. */
function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length)
  let sum = 0
  for (let i = 0; i < weights.length; i++) out[i] = sum += weights[i] as number
  return out
}

function pickIndex(rng: Prng, cum: Float64Array): number {
  const x = rng.float() * (cum[cum.length - 1] as number)
  for (let i = 0; i < cum.length - 1; i++) if (x < (cum[i] as number)) return i
  return cum.length - 1
}

/** Documents a year of this type at this facility [E]: the type's base rate shaped by status and class. */
function facilityWeight(type: DocumentTypeSpec, f: Facility, orgs: FacilityOrganisations): number {
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
      return veryHigh ? 0.2 : type.perYear
    case 'RPSB':
      return veryHigh ? 0.33 : f.consequence_class === 'High' ? 0.2 : 0.14
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

function reviewMonths(type: DocumentTypeSpec, f: Facility): number | null {
  const veryHigh = f.consequence_class === 'Very High' || f.consequence_class === 'Extreme'
  if (type.review === 'dsr') return veryHigh ? 60 : 120
  // RPSB every 3–7 years by DPA class [E]; the consequence class stands in for the DPA class.
  if (type.review === 'rpsb') return veryHigh ? 36 : f.consequence_class === 'High' ? 60 : 84
  return type.review
}

/** The period string of `kind` around `day`, and a numeric key for caches. */
function periodKey(kind: PeriodKind, day: number): number {
  const c = civilOfEpochDay(day)
  let y = Math.floor(c / 10000)
  const m = Math.floor(c / 100) % 100
  switch (kind) {
    case 'prevMonth':
      return m === 1 ? (y - 1) * 100 + 12 : y * 100 + m - 1
    case 'month':
      return y * 100 + m
    case 'prevQuarter': {
      let q = Math.floor((m - 1) / 3)
      if (q === 0) {
        q = 4
        y--
      }
      return y * 100 + 20 + q
    }
    case 'half':
      return y * 100 + (m <= 6 ? 31 : 32)
    case 'year':
      return y * 100
    case 'prevYear':
      return (y - 1) * 100
  }
}

function periodText(key: number): string {
  const y = Math.floor(key / 100)
  const part = key % 100
  if (part === 0) return String(y)
  if (part <= 12) return `${y}-${part < 10 ? '0' : ''}${part}`
  if (part <= 24) return `${y}-Q${part - 20}`
  return `${y}-H${part - 30}`
}

const TITLE_SEPARATOR = ' – '

function chainTable(kind: ChainKind, includeDrafts: boolean) {
  const table = (includeDrafts ? REVISION_CHAINS : ISSUED_CHAINS)[kind]
  return { chains: table.map(([c]) => c), cum: cumulative(table.map(([, w]) => w)) }
}

function revisionGapDays(rng: Prng, from: Revision, to: Revision): number {
  const fromDraft = from >= 'A'
  const toDraft = to >= 'A'
  if (fromDraft && toDraft) return rng.int(10, 40)
  if (fromDraft) return rng.int(14, 60)
  return rng.int(30, 180)
}

/** Samples within [low, high] on a log scale with a central tendency (a triangular law of the logarithm). */
function logTriangular(rng: Prng, low: number, high: number): number {
  const a = Math.log(low)
  return Math.exp(a + (Math.log(high) - a) * 0.5 * (rng.float() + rng.float()))
}

/** Folds a log-normal size back into [low, high] by mirroring in log space: no pile-up at the band ends. */
function foldInto(x: number, low: number, high: number): number {
  if (x > high) x = (high * high) / x
  if (x < low) x = (low * low) / x
  return clamp(x, low, high)
}

type ChainTables = Readonly<Record<ChainKind, ReturnType<typeof chainTable>>>

/** One document of the plan: its type, and the issue days of the revisions it gets within the period. */
interface PlannedDocument {
  readonly ti: number
  readonly chain: readonly Revision[]
  readonly days: readonly number[]
}

/** Epoch day of the first of a month (`month` from 0, rolling over into later years; `year` ≥ 100). */
function firstOfMonth(year: number, month: number): number {
  return Date.UTC(year, month, 1) / DAY_MS
}

/**
 * The days documents of a type start on in [firstDay, lastDay], on the real calendar [E, domain §B]:
 * - a periodic report one per period, issued after the period it covers (monthly reports in the first weeks of
 *   the next month, quarterly ones within 45 days, annual ones in the first half of the next year, Brazilian
 *   stability declarations in the March and September campaigns): no two share a period;
 * - a reviewed document once per review interval from a point of its cycle (a DSR every 5 or 10 years by
 *   consequence class, an OMS manual or EPRP yearly, a risk assessment 3-yearly);
 * - an event-driven one (design reports, incidents, regulator inspections) at random, at its yearly rate.
 */
function calendarDays(
  rng: Prng,
  type: DocumentTypeSpec,
  weight: number,
  reviewMonthsOfType: number | null,
  firstDay: number,
  lastDay: number,
): number[] {
  const out: number[] = []
  const push = (day: number) => {
    const d = workingDay(Math.floor(day))
    if (d >= firstDay && d <= lastDay) out.push(d)
  }
  const y0 = Math.floor(civilOfEpochDay(firstDay) / 10000) - 1
  const y1 = Math.floor(civilOfEpochDay(lastDay) / 10000) + 1
  // Periodic types at a facility that issues fewer of them (a closed facility's monthly report) skip some.
  const keep = type.period ? Math.min(1, weight / type.perYear) : 1
  const maybe = (day: number) => {
    if (rng.chance(keep)) push(day)
  }
  switch (type.period) {
    case 'prevMonth':
      for (let m = 0; m < (y1 - y0 + 1) * 12; m++) maybe(firstOfMonth(y0, m) + rng.int(3, 20))
      return out
    case 'month':
      for (let m = 0; m < (y1 - y0 + 1) * 12; m++) maybe(firstOfMonth(y0, m) + rng.int(10, 25))
      return out
    case 'prevQuarter':
      for (let m = 0; m < (y1 - y0 + 1) * 12; m += 3) maybe(firstOfMonth(y0, m) + rng.int(10, 45))
      return out
    case 'prevYear':
      for (let y = y0; y <= y1; y++) maybe(firstOfMonth(y, 0) + rng.int(30, 170))
      return out
    case 'year':
      for (let y = y0; y <= y1; y++) maybe(firstOfMonth(y, 0) + rng.int(30, 330))
      return out
    case 'half':
      for (let y = y0; y <= y1; y++) {
        for (const h of [0, 6]) {
          // Stability declarations go out in the March and September campaigns.
          maybe(firstOfMonth(y, h) + (type.code === 'DCE' ? 59 + rng.int(0, 29) : rng.int(20, 170)))
        }
      }
      return out
    case null:
      break
  }
  const yearDays = 365.25
  if (reviewMonthsOfType !== null && reviewMonthsOfType >= 12) {
    const interval = Math.max(reviewMonthsOfType * 30.44, yearDays / weight)
    for (
      let d = firstDay - Math.floor(rng.float() * interval);
      d <= lastDay;
      d += interval + rng.int(0, 30)
    ) {
      if (d >= firstDay) push(d)
    }
    return out
  }
  // Event-driven: a Poisson process at the type's yearly rate.
  for (
    let d = firstDay + rng.exponential(yearDays / weight);
    d <= lastDay;
    d += rng.exponential(yearDays / weight)
  )
    push(Math.floor(d))
  return out
}

/**
 * The documents of a facility: those of the real calendar (see {@link calendarDays}) when the count fits in
 * them, spread over the period; otherwise all of them and, for the rest of the count, extra event-driven
 * documents (which have no period, so no periodic report is duplicated), or extra documents of the asked types
 * when a filter leaves only periodic ones.
 */
function planDocuments(
  rng: Prng,
  f: Facility,
  orgs: FacilityOrganisations,
  typeIndexes: readonly number[],
  chainTables: ChainTables,
  firstDay: number,
  lastDay: number,
  count: number,
): PlannedDocument[] {
  const chainOf = (ti: number, startDay: number): PlannedDocument => {
    const type = DOCUMENT_TYPES[ti] as DocumentTypeSpec
    const table = chainTables[type.chain]
    const chain = table.chains[pickIndex(rng, table.cum)] as readonly Revision[]
    const days = [startDay]
    for (let j = 1; j < chain.length; j++) {
      const next = workingDay(
        (days[j - 1] as number) + revisionGapDays(rng, chain[j - 1] as Revision, chain[j] as Revision),
      )
      if (next > lastDay) break // the later revisions fall after the period
      days.push(next)
    }
    return { ti, chain, days }
  }
  const calendar: PlannedDocument[] = []
  for (const ti of typeIndexes) {
    const type = DOCUMENT_TYPES[ti] as DocumentTypeSpec
    const weight = facilityWeight(type, f, orgs) || type.perYear
    for (const day of calendarDays(rng, type, weight, reviewMonths(type, f), firstDay, lastDay))
      calendar.push(chainOf(ti, day))
  }
  calendar.sort((a, b) => (a.days[0] as number) - (b.days[0] as number) || a.ti - b.ti)
  const total = calendar.reduce((sum, d) => sum + d.days.length, 0)
  if (total >= count) {
    // Every n-th document, evenly through the period, until the count is reached.
    const chosen = new Uint8Array(calendar.length)
    let records = 0
    const rate = count / total
    for (let i = 0; i < calendar.length && records < count; i++) {
      if (Math.floor((i + 1) * rate) > Math.floor(i * rate)) {
        chosen[i] = 1
        records += (calendar[i] as PlannedDocument).days.length
      }
    }
    for (let i = 0; i < calendar.length && records < count; i++) {
      if (chosen[i] === 0) {
        chosen[i] = 1
        records += (calendar[i] as PlannedDocument).days.length
      }
    }
    return calendar.filter((_, i) => chosen[i] === 1)
  }
  // More records than the calendar holds: event-driven documents make up the rest.
  const eventDriven = typeIndexes.filter((ti) => {
    const t = DOCUMENT_TYPES[ti] as DocumentTypeSpec
    return t.period === null && t.review === null
  })
  const extraTypes = eventDriven.length > 0 ? eventDriven : typeIndexes
  const cum = cumulative(extraTypes.map((ti) => facilityWeight(DOCUMENT_TYPES[ti]!, f, orgs) || 1))
  const extra: PlannedDocument[] = []
  const missing = count - total
  const spanDays = lastDay - firstDay + 1
  for (let records = 0, e = 0; records < missing; e++) {
    const day = clamp(
      workingDay(firstDay + (Math.floor(((e + rng.float()) / Math.max(1, missing)) * spanDays) % spanDays)),
      firstDay,
      lastDay,
    )
    const planned = chainOf(extraTypes[pickIndex(rng, cum)] as number, day)
    extra.push(planned)
    records += planned.days.length
  }
  return [...calendar, ...extra].sort((a, b) => (a.days[0] as number) - (b.days[0] as number) || a.ti - b.ti)
}

function* generateDocuments(p: Partition<DocumentParams>): Generator<DocumentRow> {
  const { rng, facility: f, params, count } = p
  const [firstDay, lastDay] = dayRange(Date.parse(params.start), Date.parse(params.end))
  const orgs = buildOrganisations(p.seed, f, p.faker)
  const codeFilter = params.docTypes
  let typeIndexes = DOCUMENT_TYPES.map((_, i) => i).filter((i) => {
    const t = DOCUMENT_TYPES[i] as DocumentTypeSpec
    return facilityWeight(t, f, orgs) > 0 && (!codeFilter || codeFilter.includes(t.code))
  })
  // A filter naming only types that do not apply here (e.g. DCE outside Brazil) still yields those types.
  if (typeIndexes.length === 0) {
    typeIndexes = DOCUMENT_TYPES.map((_, i) => i).filter((i) => codeFilter?.includes(DOCUMENT_TYPES[i]!.code))
  }
  const chainTables = {
    review: chainTable('review', params.includeDrafts),
    routine: chainTable('routine', params.includeDrafts),
  }
  const prefixes = DOCUMENT_TYPES.map((t) => `${f.code}-${t.discipline}-${t.docClass}-`)
  const months = DOCUMENT_TYPES.map((t) => reviewMonths(t, f))
  const authorCums = DOCUMENT_TYPES.map((t) => cumulative(t.authors.map(([, w]) => w)))
  const eprpName = f.country_code === 'BR' ? 'Emergency Action Plan for Mining Dams (PAEBM)' : null
  const titleNames = DOCUMENT_TYPES.map((t) => (t.code === 'EPRP' && eprpName ? eprpName : t.name))
  const titles = new Map<number, string>()
  const periods = new Map<number, string>()
  const lastEdition: (string | null)[] = DOCUMENT_TYPES.map(() => null)

  // Document numbers continue a register that started before the period [E].
  const firstSeq = rng.int(20, 400)
  let seq = firstSeq
  let stage = rng.int(2, 9)
  let dsrTurn = rng.int(0, 1)

  const plan = planDocuments(rng, f, orgs, typeIndexes, chainTables, firstDay, lastDay, count)

  let k = 0
  for (const planned of plan) {
    if (k >= count) break
    const { ti, chain, days } = planned
    const startDay = days[0] as number
    const type = DOCUMENT_TYPES[ti] as DocumentTypeSpec
    const length = Math.min(days.length, count - k)

    // Document-level fields, shared by every revision of the chain.
    seq++
    const docId = prefixes[ti] + pad4(seq)
    let supersedes: string | null = null
    if (type.replacesEdition) {
      // The first edition seen replaces one from before the period, unless the facility is new [E].
      supersedes =
        lastEdition[ti] ??
        (f.construction_year < 2020 || rng.chance(0.3) ? prefixes[ti] + pad4(rng.int(1, firstSeq)) : null)
      lastEdition[ti] = docId
    }
    const role = type.authors[pickIndex(rng, authorCums[ti] as Float64Array)]![0]
    let org: Organisation
    switch (role) {
      case 'EOR':
        org = orgs.eor
        break
      case 'DoR':
        org = orgs.designer
        break
      case 'RTFE':
        org = orgs.rtfe
        break
      case 'ITRB':
        org = orgs.itrb
        break
      case 'DSR reviewer':
        // Alternate firms: the same firm may not carry out consecutive DSRs (GISTM 10.5).
        org = orgs.dsr[dsrTurn] as Organisation
        dsrTurn = 1 - dsrTurn
        break
      case 'auditor':
        org = rng.pick(orgs.auditors)
        break
      case 'regulator':
        org = orgs.regulator
        break
      case 'consultant':
        org = rng.pick(orgs.consultants)
        break
      default:
        org = orgs.owner
    }
    const authorName = rng.pick(org.people)
    let approver = type.approver
    if (approver === role) approver = approver === 'EOR' ? 'RTFE' : 'AE'
    const language = f.language !== 'en' && !rng.chance(type.englishShare) ? f.language : 'en'
    const keywords = rng.pick(KEYWORD_SETS[ti] as readonly (readonly string[])[])

    let period: string | null = null
    let titleKey: number
    if (type.period) {
      const key = periodKey(type.period, startDay)
      period = periods.get(key) ?? null
      if (period === null) {
        period = periodText(key)
        periods.set(key, period)
      }
      titleKey = key
    } else if (type.titleKind === 'stage') {
      if (type.code === 'DDR') stage++
      titleKey = stage
    } else if (type.titleKind === 'qualifier') {
      titleKey = rng.int(0, (type.qualifiers as readonly string[]).length - 1)
    } else {
      titleKey = Math.floor(civilOfEpochDay(startDay) / 10000)
    }
    const cacheKey = ti * 10_000_000 + titleKey
    let title = titles.get(cacheKey)
    if (title === undefined) {
      const middle = type.period
        ? (period as string)
        : type.titleKind === 'stage'
          ? `Stage ${titleKey} Raise`
          : type.titleKind === 'qualifier'
            ? (type.qualifiers as readonly string[])[titleKey]
            : String(titleKey)
      title = titleNames[ti] + TITLE_SEPARATOR + middle + TITLE_SEPARATOR + f.name
      titles.set(cacheKey, title)
    }

    // Size: pages × LogNormal(median MB/page, σ 0.8) plus drawings, folded into the type's band (§B heuristic).
    const [pageLow, pageHigh] = type.pages
    const pages = Math.round(logTriangular(rng, pageLow, pageHigh))
    let mb = pages * type.mbPerPage * Math.exp(0.8 * rng.normal())
    if (type.drawings) mb += rng.int(type.drawings[0], type.drawings[1]) * rng.logNormalBetween(0.5, 3)
    mb = foldInto(mb, type.sizeMb[0], type.sizeMb[1])
    const reviewMonthsOfType = months[ti] as number | null

    for (let j = 0; j < length; j++, k++) {
      const revision = chain[j] as Revision
      const draft = revision >= 'A'
      const issueDay = days[j] as number
      // Drafts often go out before the last appendices are bound in.
      const revPages =
        draft && j < chain.length - 1 ? Math.max(pageLow, Math.round(pages * rng.range(0.85, 1))) : pages
      const revMb = foldInto(
        ((mb * revPages) / pages) * Math.exp(0.03 * rng.normal()),
        type.sizeMb[0],
        type.sizeMb[1],
      )
      yield {
        record_index: p.firstRecordIndex + k,
        facility_id: f.id,
        doc_id: docId,
        title,
        doc_type: type.name,
        doc_type_code: type.code,
        revision,
        status: j < length - 1 ? 'Superseded' : draft ? 'IFR' : type.issuedStatus,
        issue_date: issueDay * DAY_MS,
        period_covered: period,
        author_org: org.name,
        author_name: authorName,
        author_role: role,
        approver_role: approver,
        consequence_class: f.consequence_class,
        pages: revPages,
        file_size_bytes: Math.round(revMb * BYTES_PER_MB),
        language,
        confidentiality: type.confidentiality,
        keywords,
        supersedes,
        next_review_date:
          reviewMonthsOfType === null ? null : addMonths(issueDay, reviewMonthsOfType) * DAY_MS,
      }
    }
  }
}

/**
 * Governance documents per facility (§B): design basis and design reports, construction records, OMS manuals,
 * EPRPs, breach analyses, inspections, DSRs, ITRB reports, monitoring reports, audits and more, each revision a
 * record. Document numbers follow `<facility code>-<discipline>-<class>-<sequence>`; drafts (A, B, C) are issued
 * for review and superseded by issued revisions (0, 1, 2).
 */
export const documentGenerator: DataGenerator<DocumentRow, DocumentParams> = {
  // 3: the real calendar (one periodic report per period, reviewed documents once per review interval, DSRs
  // 5- or 10-yearly) while the count fits it; extra records beyond it are event-driven documents.
  version: 3,
  description: 'Governance document revisions per facility: reports, manuals, plans, reviews and audits',
  paramsSchema: documentParamsSchema,
  generate: generateDocuments,
}
