import { z } from 'zod'
import { clamp, monthOfEpochDay } from '../../util/numbers.js'
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

const MAX_CHAIN = 4

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

/**
 * Relative issue rate of a type in calendar month `month` (1–12), averaging 1 over the year [E]: reports on the
 * previous year come out mostly in its first half; Brazilian stability declarations in the March and September
 * campaigns.
 */
function seasonalFactor(type: DocumentTypeSpec, month: number): number {
  if (type.code === 'DCE') return month === 3 || month === 9 ? 6 : 0
  if (type.period === 'prevYear') return month <= 6 ? 1.7 : 0.3
  return 1
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

function* generateDocuments(p: Partition<DocumentParams>): Generator<DocumentRow> {
  const { rng, facility: f, params, count } = p
  const [firstDay, lastDay] = dayRange(Date.parse(params.start), Date.parse(params.end))
  const spanDays = lastDay - firstDay + 1
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
  const baseWeights = typeIndexes.map((i) => facilityWeight(DOCUMENT_TYPES[i]!, f, orgs) || 1)
  // One type table per calendar month; a month where the filter leaves nothing falls back to the plain rates.
  const typeCums = Array.from({ length: 12 }, (_, m) => {
    const weights = baseWeights.map((w, j) => w * seasonalFactor(DOCUMENT_TYPES[typeIndexes[j]!]!, m + 1))
    return cumulative(weights.some((w) => w > 0) ? weights : baseWeights)
  })
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
  const days = new Float64Array(MAX_CHAIN)

  let k = 0
  while (k < count) {
    // Chains start at stratified positions through the period, so documents come roughly in date order.
    const startDay = clamp(
      workingDay(firstDay + Math.floor(((k + rng.float()) / count) * spanDays)),
      firstDay,
      lastDay,
    )
    const ti = typeIndexes[pickIndex(rng, typeCums[monthOfEpochDay(startDay)] as Float64Array)] as number
    const type = DOCUMENT_TYPES[ti] as DocumentTypeSpec
    const chainTable = chainTables[type.chain]
    const chain = chainTable.chains[pickIndex(rng, chainTable.cum)] as readonly Revision[]
    let length = Math.min(chain.length, count - k)
    days[0] = startDay
    for (let j = 1; j < length; j++) {
      const next = workingDay(
        (days[j - 1] as number) + revisionGapDays(rng, chain[j - 1] as Revision, chain[j] as Revision),
      )
      if (next > lastDay) {
        length = j // the later revisions fall after the period
        break
      }
      days[j] = next
    }

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
  version: 2,
  description: 'Governance document revisions per facility: reports, manuals, plans, reviews and audits',
  paramsSchema: documentParamsSchema,
  generate: generateDocuments,
}
