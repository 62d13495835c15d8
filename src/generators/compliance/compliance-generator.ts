import { z } from 'zod'
import { clamp } from '../../util/numbers.js'
import { DocumentCalendar, REVIEW_MONTH_DAYS, calendarOptions } from '../document/document-calendar.js'
import {
  DAY_MS,
  DOCUMENT_TYPES,
  addMonths,
  buildOrganisations,
  dayRange,
  workingDay,
  type FacilityOrganisations,
  type Organisation,
} from '../document/document-datasets.js'
import { CONSEQUENCE_CLASSES } from '../facility/facility-datasets.js'
import type { Facility } from '../facility/facility-generator.js'
import type { RowOf } from '../columns.js'
import type { DataGenerator, FacilityContext, Partition } from '../generator.js'
import type { COMPLIANCE_COLUMNS } from './compliance-type.js'
import { END_AFTER_START, cadenceParam, dateRangeShape, endAfterStart } from '../params.js'
import {
  ASSESSMENT_CYCLES,
  CONFORMANCE_STATUSES,
  CORRECTIVE_ACTION_DAYS,
  FINDING_TEMPLATES,
  FRAMEWORKS,
  GISTM_DEADLINE_OTHERS,
  GISTM_DEADLINE_VERY_HIGH,
  GISTM_LAUNCH,
  GISTM_REQUIREMENTS,
  OTHER_REQUIREMENTS,
  evidenceDocType,
  frameworksOf,
  type AssessmentFrequency,
  type AssessmentType,
  type ConformanceStatus,
  type Framework,
  type Requirement,
  type RiskLevel,
  type TsmRating,
} from './compliance-datasets.js'
import { scenarioOf, scenarioParam } from '../scenario.js'
import { linkedCompliance } from '../events/linked-compliance.js'
import { withLinkedRecords } from '../events/linked-records.js'

/** One assessment of one requirement of one framework at a facility. */
export type ComplianceRow = RowOf<typeof COMPLIANCE_COLUMNS>

export const complianceParamsSchema = z
  .strictObject({
    ...dateRangeShape,
    scenario: scenarioParam,
    cadence: cadenceParam,
    /** Only these frameworks; default every framework that applies to the facility (GISTM always). */
    frameworks: z.array(z.enum(FRAMEWORKS)).min(1).optional(),
  })
  .refine(endAfterStart, END_AFTER_START)
  .refine(
    (p) => !(p.frameworks?.every((fw) => fw === 'GISTM') === true && Date.parse(p.end) < GISTM_LAUNCH),
    {
      message: 'GISTM was published on 5 August 2020: a period ending before it holds no GISTM assessment',
      path: ['end'],
    },
  )
export type ComplianceParams = z.output<typeof complianceParamsSchema>

const DAYS_PER_MONTH = 30.44
const TSM: Framework = 'MAC TSM Tailings Protocol'

// Status codes of the per-requirement history: what the previous round found.
const NONE = 0
const MEETS = 1
const PARTIAL = 2
const NOT_MET = 3

/** Months until a requirement is due again at a facility of this class (§C.1 obligations, §C.2 intervals). */
function frequencyMonths(frequency: AssessmentFrequency, f: Facility): number {
  const veryHigh = f.consequence_class === 'Very High' || f.consequence_class === 'Extreme'
  switch (frequency) {
    case 'dsr':
      return veryHigh ? 60 : 120
    case 'cda':
      return veryHigh ? 60 : f.consequence_class === 'High' ? 84 : 120 // [E] §C.3
    case 'rpsb':
      return veryHigh ? 36 : f.consequence_class === 'High' ? 60 : 84 // [E] §B.1
    default:
      return frequency
  }
}

function applies(r: Requirement, f: Facility, fpic: boolean): boolean {
  switch (r.applicability) {
    case 'highPlus':
      return f.consequence_class !== 'Low' && f.consequence_class !== 'Significant'
    case 'upstream':
      return f.construction_method === 'upstream'
    case 'newFacility':
      return f.construction_year >= 2020 // designed after the standard was published [E]
    case 'existingFacility':
      return f.construction_year < 2020
    case 'fpic':
      return fpic
    default:
      return true
  }
}

const upperFirst = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1)

const FINDINGS = new WeakMap<Requirement, readonly (readonly string[])[]>()

/**
 * Findings a dam safety review does not get unless it is overdue by its dates (then it gets
 * {@link OVERDUE_REVIEW_FINDING}): the ones that say it is missing or out of date.
 */
const DATED_FINDING = /interval|overdue|^No documented|not yet established/

/** The finding texts of a requirement by status index, built once per requirement. */
function findingsOf(r: Requirement): readonly (readonly string[])[] {
  let texts = FINDINGS.get(r)
  if (!texts) {
    const upper = upperFirst(r.subject)
    const review = DAM_SAFETY_REVIEW.test(r.subject)
    texts = CONFORMANCE_STATUSES.map((status) =>
      FINDING_TEMPLATES[status]
        .filter((t) => !review || !DATED_FINDING.test(t))
        .map((t) => t.replace('{S}', upper).replace('{s}', r.subject)),
    )
    FINDINGS.set(r, texts)
  }
  return texts
}

/** A document type's documents of the period, by first issue day (and the calendar day that numbers each). */
interface EvidenceDocuments {
  readonly types: Int32Array
  readonly days: Int32Array
  readonly due: Int32Array
}

const TYPE_INDEXES = new Map<string, readonly number[]>()

/**
 * The indexes in DOCUMENT_TYPES of the documents of a type code that evidence a requirement: of the monthly,
 * quarterly and annual monitoring reports, the annual one (GISTM 7.5 asks for annual reporting).
 */
function typeIndexesOf(code: string): readonly number[] {
  let found = TYPE_INDEXES.get(code)
  if (found === undefined) {
    found = DOCUMENT_TYPES.flatMap((t, i) =>
      t.code === code && (t.code !== 'MON' || t.period === 'prevYear') ? [i] : [],
    )
    TYPE_INDEXES.set(code, found)
  }
  return found
}

/**
 * What a scenario does to the assessments: the least gap share of a requirement (all of them, or the
 * safety-critical ones) and the chance an open finding is still open at the next round. Null for the baseline.
 * Both scenarios also let the dam safety reviews lapse, on the document calendar (see `calendarOptions`).
 */
interface ComplianceScenario {
  readonly minGap: number
  readonly safetyCriticalOnly: boolean
  readonly keepOpen: number
}
const COMPLIANCE_SCENARIOS: Partial<Record<string, ComplianceScenario>> = {
  'non-compliant-operator': { minGap: 0.6, safetyCriticalOnly: false, keepOpen: 0.9 },
  'progressive-failure': { minGap: 0.45, safetyCriticalOnly: true, keepOpen: 0.9 },
}
/** The dam safety review requirements: GISTM 10.5 and the national ones (CDA, BC, ANCOLD, ANM RPSB). */
export const DAM_SAFETY_REVIEW = /dam safety review/i

/**
 * The finding of a dam safety review overdue by its dates: on the assessment day the last review document
 * issued (its evidence type, DSR or RPSB, on the facility's document calendar) is older than the requirement's
 * interval, or there is none. Every scenario, baseline included, rates such a review so and no other. Then the
 * prefix of a finding left open since the last round.
 */
export const OVERDUE_REVIEW_FINDING =
  '{S} overdue: not carried out within the {N}-year interval of the consequence class.'
export const REPEAT_FINDING_PREFIX = 'Repeat finding, previous corrective action not closed: '

const STATUS_INDEX: Readonly<Record<ConformanceStatus, number>> = {
  Meets: 0,
  'Partially meets': 1,
  'Does not meet': 2,
  'Not applicable': 3,
  'Not yet assessed': 4,
}

/** A facility's requirements and their real calendar of the period: what its assessments are drawn from. */
interface ComplianceSetup {
  readonly scenario: ComplianceScenario | null
  /** The period, in epoch days. */
  readonly firstDay: number
  readonly lastDay: number
  readonly spanDays: number
  readonly orgs: FacilityOrganisations
  /** Index of the facility's consequence class in {@link CONSEQUENCE_CLASSES}. */
  readonly classIndex: number
  /** GISTM's launch and the facility's conformance deadline, in epoch days. */
  readonly launchDay: number
  readonly deadlineDay: number
  /** The requirements assessed, and per requirement its frequency, whether it applies, its framework. */
  readonly reqs: readonly Requirement[]
  readonly months: Int32Array
  readonly applicable: Uint8Array
  readonly frameworkIndex: Uint8Array
  /** The facility's document calendar, and per requirement the document type cited as its evidence. */
  readonly documents: DocumentCalendar
  /** Per requirement, the type index of the review documents that keep a dam safety review current, or -1. */
  readonly reviewType: Int32Array
  readonly evidenceCodes: readonly (string | null)[]
  readonly evidenceOf: (code: string | null) => EvidenceDocuments
  /** Where each framework's assessment cycle and the auditors' rotation start. */
  readonly cyclePhase: readonly number[]
  readonly auditorPhase: number
  readonly selfAssessors: Organisation
  /** Per requirement, its assessment days of the period on the real calendar. */
  readonly calendar: readonly (readonly number[])[]
  /** The number of assessments the calendar holds. */
  readonly natural: number
}

/**
 * A facility's requirements and their real calendar of the period, drawn in the same order by `generate` and
 * `naturalCount`.
 */
function complianceSetup(p: FacilityContext<ComplianceParams>): ComplianceSetup {
  const { rng, facility: f, params } = p
  const scenario = COMPLIANCE_SCENARIOS[scenarioOf(params)] ?? null
  const [firstDay, lastDay] = dayRange(Date.parse(params.start), Date.parse(params.end))
  const spanDays = lastDay - firstDay + 1
  const orgs = buildOrganisations(p.seed, f, p.faker)

  const own = frameworksOf(f)
  const filter = params.frameworks
  let frameworks = filter ? own.filter((fw) => filter.includes(fw)) : own
  // A filter naming only frameworks foreign to this facility still yields them, as asked.
  if (frameworks.length === 0) frameworks = [...(filter as readonly Framework[])]
  const classIndex = CONSEQUENCE_CLASSES.indexOf(f.consequence_class)
  const launchDay = GISTM_LAUNCH / DAY_MS
  const deadlineDay = (classIndex >= 3 ? GISTM_DEADLINE_VERY_HIGH : GISTM_DEADLINE_OTHERS) / DAY_MS
  // No GISTM assessment predates the standard (5 August 2020): a period that ends before it has none.
  const reqs: Requirement[] = frameworks
    .filter((fw) => fw !== 'GISTM' || lastDay >= launchDay)
    .flatMap((fw) => (fw === 'GISTM' ? GISTM_REQUIREMENTS : OTHER_REQUIREMENTS[fw]))
  const n = reqs.length
  // FPIC (1.2) applies where Indigenous or Tribal Peoples are affected: assumed at 60 % of facilities [E].
  const fpic = rng.chance(0.6)

  const months = new Int32Array(n)
  const applicable = new Uint8Array(n)
  // Evidence is the latest edition, issued in the period before the assessment, of the document type the
  // requirement names, on the facility's document calendar (what the document generator issues).
  // A late operator's documents are issued after their due date: the evidence is what was issued by then.
  const documents = new DocumentCalendar(p.seed, f, orgs, calendarOptions(scenarioOf(params)))
  const byCode = new Map<string, EvidenceDocuments>()
  const evidenceCodes: (string | null)[] = []
  // A type's documents of the period, computed when an assessment first cites one.
  const evidenceOf = (code: string | null): EvidenceDocuments => {
    let docs = byCode.get(code ?? '')
    if (docs === undefined) {
      const all: [ti: number, day: number, due: number][] = []
      if (code !== null) {
        for (const ti of typeIndexesOf(code)) {
          if (documents.applies(ti)) {
            for (const day of documents.daysIn(ti, firstDay, lastDay))
              all.push([ti, documents.issueDay(ti, day), day])
          }
        }
      }
      all.sort((a, b) => a[1] - b[1])
      docs = {
        types: Int32Array.from(all, (d) => d[0]),
        days: Int32Array.from(all, (d) => d[1]),
        due: Int32Array.from(all, (d) => d[2]),
      }
      byCode.set(code ?? '', docs)
    }
    return docs
  }
  const frameworkIndex = new Uint8Array(n)
  const reviewType = new Int32Array(n).fill(-1)
  for (let i = 0; i < n; i++) {
    const r = reqs[i] as Requirement
    months[i] = frequencyMonths(r.frequency, f)
    applicable[i] = applies(r, f, fpic) ? 1 : 0
    const code = evidenceDocType(r)
    evidenceCodes.push(code)
    if (code !== null && DAM_SAFETY_REVIEW.test(r.subject)) reviewType[i] = typeIndexesOf(code)[0] ?? -1
    frameworkIndex[i] = frameworks.indexOf(r.framework)
  }
  // A facility's first GISTM assessment is a self-assessment (gap analysis), external audits come later.
  const cyclePhase = frameworks.map((fw) =>
    fw === 'GISTM' ? rng.int(1, 2) : rng.int(0, ASSESSMENT_CYCLES[fw].length - 1),
  )
  const auditorPhase = rng.int(0, orgs.auditors.length - 1)
  const selfAssessors: Organisation = {
    name: orgs.owner.name,
    people: [...orgs.rtfe.people, ...orgs.owner.people],
  }

  // The real calendar: each framework holds its campaign once a year (GISTM's first one 2–11 months after
  // its launch); a requirement is assessed at its own frequency from there, one due every 5 or 10 years (a
  // Dam Safety Review, 10.5) at a point of its cycle, so it falls once or not at all in a shorter period.
  const campaigns = frameworks.map((fw) => {
    const base = fw === 'GISTM' ? Math.max(firstDay, launchDay + rng.int(60, 330)) : firstDay
    return base + Math.floor(rng.float() * Math.min(300, Math.max(1, (lastDay - base) / 2)))
  })
  const calendar: number[][] = []
  let natural = 0
  for (let i = 0; i < n; i++) {
    const m = months[i] as number
    const cycleYears = Math.max(1, Math.floor(m / 12))
    const anchor =
      (campaigns[frameworkIndex[i] as number] as number) + rng.int(0, 21) + 365 * rng.int(0, cycleYears - 1)
    const days: number[] = []
    // Each round slips 1–15 days past the previous round's next_review_date (a Saturday moves back a day), never
    // earlier.
    for (
      let day = workingDay(anchor);
      day <= lastDay;
      day = workingDay(addMonths(day, m) + 1 + rng.int(0, 14))
    )
      days.push(day)
    calendar.push(days)
    natural += days.length
  }
  return {
    scenario,
    firstDay,
    lastDay,
    spanDays,
    orgs,
    classIndex,
    launchDay,
    deadlineDay,
    reqs,
    months,
    applicable,
    documents,
    reviewType,
    evidenceCodes,
    evidenceOf,
    frameworkIndex,
    cyclePhase,
    auditorPhase,
    selfAssessors,
    calendar,
    natural,
  }
}

/**
 * Whether requirement `i`, a dam safety review, is overdue on `day`: the last review document issued before it
 * (on the facility's document calendar) is older than the requirement's interval, or there is none.
 */
function overdueReview(setup: ComplianceSetup, i: number, day: number): boolean {
  const ti = setup.reviewType[i] as number
  if (ti < 0) return false
  const interval = (setup.months[i] as number) * REVIEW_MONTH_DAYS
  const last = setup.documents.lastIssuedBefore(ti, day, Math.ceil(interval) + 1)
  return last === null || day - last > interval
}

function* generateCompliance(p: Partition<ComplianceParams>): Generator<ComplianceRow> {
  const { rng, facility: f, count } = p
  if (count <= 0) return
  const setup = complianceSetup(p)
  const n = setup.reqs.length
  // A count the calendar holds takes its assessments round by round; a larger count cannot keep the real
  // frequencies, and reassesses every requirement in compressed rounds over the period instead, except the dam
  // safety reviews: they keep their calendar (at least one round), never reassessed before their due date.
  const onCalendar = count <= setup.natural
  let capped = 0
  const caps = setup.calendar.map((days, i) => {
    if ((setup.reviewType[i] as number) < 0) return Infinity
    capped += Math.max(1, days.length)
    return Math.max(1, days.length)
  })
  // Only dam safety reviews and a count beyond their calendar: compress them too.
  if (!onCalendar && caps.every((c) => c !== Infinity) && capped < count) caps.fill(Infinity)

  // Compressed rounds: round 0 is one campaign of a few weeks, placed so that the later rounds still fit.
  const maxRounds = Math.ceil(count / Math.max(1, n))
  const window = setup.spanDays / maxRounds
  const campaignStart = setup.firstDay + Math.floor(rng.float() * Math.max(1, window * 0.75))
  const campaignDays = Math.floor(clamp(window * 0.2, 0, 21))
  const anchors = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const gistmStart =
      setup.reqs[i]?.framework === 'GISTM' ? setup.launchDay + rng.int(0, 21) : setup.firstDay
    anchors[i] = Math.min(setup.lastDay, Math.max(gistmStart, campaignStart + rng.int(0, campaignDays)))
  }
  const previous = new Uint8Array(n)
  const order: [number, number][] = []
  for (let round = 0; order.length < count; round++) {
    for (let i = 0; i < n && order.length < count; i++) {
      if (round < (onCalendar ? (setup.calendar[i] as number[]).length : (caps[i] as number)))
        order.push([i, round])
    }
  }
  // Compressed: each requirement's rounds in the count.
  const rounds = new Int32Array(n)
  if (!onCalendar) for (const [i] of order) rounds[i] = (rounds[i] as number) + 1

  for (let k = 0; k < count; k++) {
    const [i, round] = order[k] as [number, number]
    const r = setup.reqs[i] as Requirement
    const fi = setup.frameworkIndex[i] as number
    const isGistm = r.framework === 'GISTM'
    const m = setup.months[i] as number
    const anchor = anchors[i] as number

    // Later rounds follow the requirement's frequency, compressed when the period cannot hold them all.
    const calendarDays = setup.calendar[i] as number[]
    const onItsCalendar = onCalendar || (caps[i] !== Infinity && calendarDays.length > 0)
    let day = onItsCalendar ? (calendarDays[round] as number) : anchor
    if (!onItsCalendar && round > 0) {
      const step = Math.min(m * DAYS_PER_MONTH, (setup.lastDay - anchor) / (rounds[i] as number))
      day = anchor + Math.floor(round * step + rng.float() * Math.min(21, step / 4))
    }
    day = clamp(workingDay(day), setup.firstDay, setup.lastDay)

    let status: ConformanceStatus
    let finding: string | null = null
    const prev = previous[i] as number
    if (setup.applicable[i] === 0) {
      status = 'Not applicable'
    } else {
      // Share of requirements with gaps [E]: high before the ICMM deadline, settling after it (§C.1).
      let gap: number
      const beforeDeadline = isGistm && day <= setup.deadlineDay
      if (!isGistm) gap = 0.18
      else if (beforeDeadline)
        gap = 0.28 + 0.42 * clamp((setup.deadlineDay - day) / (setup.deadlineDay - setup.launchDay), 0, 1)
      else gap = 0.12 + 0.16 * Math.exp(-(day - setup.deadlineDay) / 730)
      if (r.hotspot) gap = Math.min(0.9, gap * 1.8)
      if (prev === MEETS)
        gap *= 0.35 // a met requirement rarely slips back
      else if (prev !== NONE) gap = Math.min(0.85, gap * 1.3) // open gaps take time to close
      if (setup.scenario !== null && (!setup.scenario.safetyCriticalOnly || r.safetyCritical))
        gap = Math.max(gap, setup.scenario.minGap)
      const reopened =
        setup.scenario !== null &&
        (prev === PARTIAL || prev === NOT_MET) &&
        rng.chance(setup.scenario.keepOpen)
      if (overdueReview(setup, i, day)) {
        status = 'Does not meet'
        finding = OVERDUE_REVIEW_FINDING.replace('{S}', upperFirst(r.subject)).replace('{N}', String(m / 12))
      } else if (reopened) {
        status = prev === NOT_MET ? 'Does not meet' : 'Partially meets'
        const texts = findingsOf(r)[STATUS_INDEX[status]] as readonly string[]
        finding = REPEAT_FINDING_PREFIX + (texts.length === 1 ? (texts[0] as string) : rng.pick(texts))
      } else if (prev === NONE && rng.chance(beforeDeadline ? 0.06 : 0.015)) {
        status = 'Not yet assessed'
      } else if (rng.chance(gap)) {
        const notMetShare =
          prev === NOT_MET
            ? 0.5
            : prev === PARTIAL
              ? 0.1
              : 0.22 + (beforeDeadline ? 0.13 : 0) + (r.hotspot ? 0.1 : 0)
        status = rng.chance(notMetShare) ? 'Does not meet' : 'Partially meets'
      } else {
        status = 'Meets'
      }
      previous[i] =
        status === 'Meets'
          ? MEETS
          : status === 'Partially meets'
            ? PARTIAL
            : status === 'Does not meet'
              ? NOT_MET
              : NONE
    }

    // Risk grows with the gap, the consequence class and the safety weight of the requirement [E]:
    // a requirement not met at a Very High or Extreme facility is high or critical.
    let risk: RiskLevel = 'low'
    if (status !== 'Meets' && status !== 'Not applicable') {
      const severity = status === 'Does not meet' ? 2.5 : status === 'Partially meets' ? 1.5 : 1
      const score = severity + 0.5 * setup.classIndex + (r.safetyCritical ? 0.5 : 0) + rng.range(-0.5, 0.5)
      risk = score < 2 ? 'low' : score < 3 ? 'medium' : score < 4.5 ? 'high' : 'critical'
    }

    let rating: TsmRating | null = null
    if (r.framework === TSM) {
      if (status === 'Meets') rating = rng.chance(0.5) ? 'A' : rng.chance(0.7) ? 'AA' : 'AAA'
      else if (status === 'Partially meets') rating = 'B'
      else if (status === 'Does not meet') rating = 'C'
    }

    const cycle = ASSESSMENT_CYCLES[r.framework]
    const type = cycle[(round + (setup.cyclePhase[fi] as number)) % cycle.length] as AssessmentType
    const assessor =
      type === 'third-party audit'
        ? (setup.orgs.auditors[(round + setup.auditorPhase) % setup.orgs.auditors.length] as Organisation)
        : type === 'regulatory inspection'
          ? setup.orgs.regulator
          : type === 'EOR review'
            ? setup.orgs.eor
            : setup.selfAssessors
    // One lead assessor per framework and round.
    const assessorName = assessor.people[(round + fi) % assessor.people.length] as string

    const evidenceChance =
      status === 'Meets' ? 0.95 : status === 'Partially meets' ? 0.85 : status === 'Does not meet' ? 0.3 : 0
    let evidence: string | null = null
    if (evidenceChance > 0 && rng.chance(evidenceChance)) {
      const docs = setup.evidenceOf(setup.evidenceCodes[i] as string | null)
      // The last document first issued before the assessment day (binary search over the period's documents).
      let lo = 0
      let hi = docs.days.length
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if ((docs.days[mid] as number) < day) lo = mid + 1
        else hi = mid
      }
      evidence =
        lo > 0 ? setup.documents.idOf(docs.types[lo - 1] as number, docs.due[lo - 1] as number) : null
    }

    if (finding === null) {
      const texts = findingsOf(r)[STATUS_INDEX[status]] as readonly string[]
      finding = texts.length === 1 ? (texts[0] as string) : rng.pick(texts)
    }
    let due: number | null = null
    if (status === 'Partially meets' || status === 'Does not meet') {
      const [low, high] = CORRECTIVE_ACTION_DAYS[risk]
      due = workingDay(day + rng.int(low, high)) * DAY_MS
    }

    yield {
      record_index: p.firstRecordIndex + k,
      facility_id: f.id,
      framework: r.framework,
      requirement_id: r.id,
      topic: r.topic,
      principle: r.principle,
      requirement_title: r.title,
      assessment_round: round + 1,
      assessment_type: type,
      status,
      rating,
      risk_level: risk,
      assessment_date: day * DAY_MS,
      next_review_date: addMonths(day, m) * DAY_MS,
      assessor_org: assessor.name,
      assessor_name: assessorName,
      evidence_ref: evidence,
      finding,
      corrective_action_due: due,
      event_id: null,
    }
  }
}

/**
 * Conformance assessments per facility: the 77 GISTM requirements with their real numbering, then the
 * national and voluntary frameworks of the facility's jurisdiction and commodity (CDA, MAC TSM, ANCOLD,
 * ANM, DS 248, SANS 10286, the EU directive, the Cyanide Code…). Records follow the real calendar: every
 * requirement at its own review frequency (annual, 3-yearly, a Dam Safety Review 5- or 10-yearly by class),
 * GISTM from its launch on 5 August 2020; a count larger than the period's calendar holds reassesses every
 * requirement in compressed rounds instead.
 */
export const complianceGenerator: DataGenerator<ComplianceRow, ComplianceParams> = {
  // 3: the real calendar (each requirement at its own frequency, DSRs 5- or 10-yearly) while the count fits
  // it; no GISTM assessment before 5 August 2020, the first one a self-assessment.
  // 4: evidence_ref is the doc_id of a document of the right type issued in the period before the assessment.
  // 5: under `non-compliant-operator` evidence is what the late operator had issued by the assessment; 15.1
  // evidence is a GISTM public disclosure, none before 5 August 2020.
  // 6: the post-event review of each linked event (GISTM 7.3, event_id, evidence its inspection report).
  // 7: a dam safety review (10.5, CDA, BC, ANCOLD, ANM RPSB) is "overdue" exactly when the last DSR (RPSB) of the
  // document calendar is older than its interval, in every scenario; a count above the calendar keeps the dam
  // safety reviews on it; ANM-RPSB evidence is an RPSB; rounds never come before the previous next_review_date.
  version: 7,
  description: 'Requirement-by-requirement conformance assessments against GISTM and regional frameworks',
  paramsSchema: complianceParamsSchema,
  naturalCount: (context) => complianceSetup(context).natural + linkedCompliance(context).length,
  generate: withLinkedRecords(generateCompliance, linkedCompliance, (row) => row.assessment_date),
}
