import { z } from 'zod'
import { clamp } from '../../util/numbers.js'
import type { Facility } from '../facility/facility-generator.js'
import type { RowOf } from '../columns.js'
import type { DataGenerator, FacilityContext, Partition } from '../generator.js'
import type { DOCUMENT_COLUMNS } from './document-type.js'
import { END_AFTER_START, cadenceParam, dateRangeShape, endAfterStart } from '../params.js'
import type { Prng } from '../prng.js'
import {
  DocumentCalendar,
  EXTRA_ORDINAL,
  calendarOptions,
  facilityWeight,
  reviewMonths,
} from './document-calendar.js'
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
  workingDay,
  type ChainKind,
  type DocumentTypeSpec,
  type FacilityOrganisations,
  type Organisation,
  type PeriodKind,
  type Revision,
} from './document-datasets.js'
import { scenarioOf, scenarioParam } from '../scenario.js'
import { linkedDocuments } from '../events/linked-documents.js'
import { withLinkedRecords } from '../events/linked-records.js'

/** One revision of one governance document of a facility; `keywords`, a json column, is an array of strings. */
export type DocumentRow = RowOf<typeof DOCUMENT_COLUMNS> & { readonly keywords: readonly string[] }

export const documentParamsSchema = z
  .strictObject({
    ...dateRangeShape,
    scenario: scenarioParam,
    cadence: cadenceParam,
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

/** One document of the plan: its type, register number, and the issue days of the revisions within the period. */
interface PlannedDocument {
  readonly ti: number
  /** The register number of a calendar document; null for an extra one, numbered by `serial`. */
  readonly docId: string | null
  /** An extra document's year and ordinal (`year × 1000 + ordinal`), set once the plan is sorted. */
  serial: number
  /** An event-driven document beyond the calendar (a count larger than the calendar holds). */
  readonly extra: boolean
  /** The day it was due: the calendar's day, which `days[0]` follows when the operator issues it late. */
  readonly due: number
  readonly chain: readonly Revision[]
  readonly days: readonly number[]
}

/**
 * The facility's calendar documents of the period (see {@link DocumentCalendar}) with their revision chains,
 * in issue order, and the chain maker the extra documents use.
 */
function planCalendar(
  rng: Prng,
  calendarOfFacility: DocumentCalendar,
  typeIndexes: readonly number[],
  chainTables: ChainTables,
  firstDay: number,
  lastDay: number,
): {
  calendar: PlannedDocument[]
  chainOf: (ti: number, startDay: number, docId: string | null, due?: number) => PlannedDocument
} {
  const chainOf = (ti: number, startDay: number, docId: string | null, due = startDay): PlannedDocument => {
    const extra = docId === null
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
    return { ti, docId, serial: 0, extra, chain, days, due }
  }
  const calendar: PlannedDocument[] = []
  for (const ti of typeIndexes) {
    for (const d of calendarOfFacility.documentsIn(ti, firstDay, lastDay)) {
      const planned = chainOf(ti, calendarOfFacility.issueDay(ti, d.day), d.docId, d.day)
      // A document issued so late that it falls after the period is not in it.
      if ((planned.days[0] as number) <= lastDay) calendar.push(planned)
    }
  }
  calendar.sort(
    (a: PlannedDocument, b: PlannedDocument) => (a.days[0] as number) - (b.days[0] as number) || a.ti - b.ti,
  )
  return { calendar, chainOf }
}

/** Records of planned documents: one per revision issued in the period. */
function calendarRecords(calendar: readonly PlannedDocument[]): number {
  return calendar.reduce((sum, d) => sum + d.days.length, 0)
}

/**
 * The documents of a facility: those of its calendar (see {@link DocumentCalendar}) when the count fits in
 * them, spread over the period; otherwise all of them and, for the rest of the count, extra event-driven
 * documents (which have no period, so no periodic report is duplicated), or extra documents of the asked types
 * when a filter leaves only periodic ones.
 */
function planDocuments(
  rng: Prng,
  f: Facility,
  orgs: FacilityOrganisations,
  calendarOfFacility: DocumentCalendar,
  typeIndexes: readonly number[],
  chainTables: ChainTables,
  firstDay: number,
  lastDay: number,
  count: number,
): PlannedDocument[] {
  const { calendar, chainOf } = planCalendar(
    rng,
    calendarOfFacility,
    typeIndexes,
    chainTables,
    firstDay,
    lastDay,
  )
  const byDay = (a: PlannedDocument, b: PlannedDocument) =>
    (a.days[0] as number) - (b.days[0] as number) || a.ti - b.ti
  const total = calendarRecords(calendar)
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
    const planned = chainOf(extraTypes[pickIndex(rng, cum)] as number, day, null)
    extra.push(planned)
    records += planned.days.length
  }
  const all = [...calendar, ...extra].sort(byDay)
  // Extra documents take register numbers from EXTRA_ORDINAL up in their year, in issue order.
  const next = new Map<number, number>()
  for (const d of all) {
    if (d.docId !== null) continue
    const year = Math.floor(civilOfEpochDay(d.days[0] as number) / 10000)
    const key = calendarOfFacility.group(d.ti) * 10_000 + year
    const ordinal = next.get(key) ?? EXTRA_ORDINAL
    next.set(key, ordinal + 1)
    d.serial = year * 1000 + ordinal
  }
  return all
}

/**
 * What a facility's documents are planned from, drawn in the same order by `generate` and `naturalCount`:
 * its organisations and calendar, the types it issues, the revision-chain tables and the first raise stage
 * and DSR firm.
 */
function documentSetup(p: FacilityContext<DocumentParams>) {
  const { rng, facility: f, params } = p
  const [firstDay, lastDay] = dayRange(Date.parse(params.start), Date.parse(params.end))
  const orgs = buildOrganisations(p.seed, f, p.faker)
  const calendar = new DocumentCalendar(p.seed, f, orgs, calendarOptions(scenarioOf(params)))
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
  const stage = rng.int(2, 9)
  const dsrTurn = rng.int(0, 1)
  return { firstDay, lastDay, orgs, calendar, typeIndexes, chainTables, stage, dsrTurn }
}

/** The records of a facility's calendar of the period, every revision issued in it: its natural count. */
function naturalDocumentCount(p: FacilityContext<DocumentParams>): number {
  const { firstDay, lastDay, calendar, typeIndexes, chainTables } = documentSetup(p)
  return calendarRecords(planCalendar(p.rng, calendar, typeIndexes, chainTables, firstDay, lastDay).calendar)
}

function* generateDocuments(p: Partition<DocumentParams>): Generator<DocumentRow> {
  const { rng, facility: f, count } = p
  const setup = documentSetup(p)
  const { firstDay, lastDay, orgs, calendar, typeIndexes, chainTables } = setup
  const months = DOCUMENT_TYPES.map((t) => reviewMonths(t, f))
  const authorCums = DOCUMENT_TYPES.map((t) => cumulative(t.authors.map(([, w]) => w)))
  const eprpName = f.country_code === 'BR' ? 'Emergency Action Plan for Mining Dams (PAEBM)' : null
  const titleNames = DOCUMENT_TYPES.map((t) => (t.code === 'EPRP' && eprpName ? eprpName : t.name))
  const titles = new Map<number, string>()
  const periods = new Map<number, string>()
  const lastEdition: (string | null)[] = DOCUMENT_TYPES.map(() => null)
  const lastEditionDay = DOCUMENT_TYPES.map(() => -Infinity)
  const constructionDay = Date.UTC(f.construction_year, 0, 1) / DAY_MS

  let { stage, dsrTurn } = setup

  const plan = planDocuments(rng, f, orgs, calendar, typeIndexes, chainTables, firstDay, lastDay, count)

  let k = 0
  for (const planned of plan) {
    if (k >= count) break
    const { ti, chain, days } = planned
    // The calendar day it was due: the period it covers and its place among the editions follow from it.
    const startDay = planned.due
    const type = DOCUMENT_TYPES[ti] as DocumentTypeSpec
    const length = Math.min(days.length, count - k)

    // Document-level fields, shared by every revision of the chain.
    const docId = planned.docId ?? calendar.prefix(ti) + planned.serial
    let supersedes: string | null = null
    if (type.replacesEdition) {
      // The previous edition: the last one issued here, or the calendar's (in the period, skipped by a small
      // count, or before the period since the facility was built) when that is later.
      const last = lastEditionDay[ti] as number
      const previous =
        planned.extra && last < startDay
          ? null
          : calendar.latestBefore(ti, startDay, Math.max(constructionDay, startDay - 12 * 366))
      supersedes =
        previous !== null && previous.day >= last
          ? previous.docId
          : last < startDay
            ? (lastEdition[ti] as string | null)
            : (previous?.docId ?? null)
      lastEdition[ti] = docId
      lastEditionDay[ti] = startDay
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
        event_id: null,
      }
    }
  }
}

/**
 * Governance documents per facility (§B): design basis and design reports, construction records, OMS manuals,
 * EPRPs, breach analyses, inspections, DSRs, ITRB reports, monitoring reports, audits and more, each revision a
 * record. Document numbers follow `<facility code>-<discipline>-<class>-<year><ordinal>`; drafts (A, B, C) are issued
 * for review and superseded by issued revisions (0, 1, 2).
 */
export const documentGenerator: DataGenerator<DocumentRow, DocumentParams> = {
  // 3: the real calendar (one periodic report per period, reviewed documents once per review interval, DSRs
  // 5- or 10-yearly) while the count fits it; extra records beyond it are event-driven documents.
  // 4: the calendar and register numbers (`<year><ordinal>`) come from the shared DocumentCalendar, which
  // compliance evidence cites.
  // 5: under `non-compliant-operator` most reports and reviewed editions are issued after their due date; no
  // GISTM public disclosure (PDS) before the standard's launch on 5 August 2020.
  // 6: the TARP notification and post-event inspection of each linked event (event_id), within the count.
  // 7: each raise's detailed design, post-raise inspection and as-built reports (event_id); the TARP notification
  // has its own type (TARP, numbered GEO-NOT) in place of an Incident Investigation Report. DSRs at the strictest
  // interval of the facility's frameworks (CDA/BC in Canada), RPSBs exactly at theirs; under
  // `progressive-failure` and `non-compliant-operator` the DSRs (RPSBs) lapse before GISTM's launch.
  version: 7,
  description: 'Governance document revisions per facility: reports, manuals, plans, reviews and audits',
  paramsSchema: documentParamsSchema,
  naturalCount: (context) => naturalDocumentCount(context) + linkedDocuments(context).length,
  generate: withLinkedRecords(
    generateDocuments,
    linkedDocuments,
    (row) => row.issue_date,
    (row) => row.doc_id,
  ),
}
