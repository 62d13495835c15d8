import { describe, expect, it } from 'vitest'
import type { ColumnSpec } from '../../../src/generators/columns.js'
import {
  GISTM_REQUIREMENTS,
  OTHER_REQUIREMENTS,
  RISK_LEVELS,
} from '../../../src/generators/compliance/compliance-datasets.js'
import {
  DAM_SAFETY_REVIEW,
  complianceGenerator,
  type ComplianceRow,
} from '../../../src/generators/compliance/compliance-generator.js'
import { DAY_MS } from '../../../src/generators/document/document-datasets.js'
import { CONSEQUENCE_CLASSES } from '../../../src/generators/facility/facility-datasets.js'
import { partitionRows } from '../../helpers/generators.js'
import { columnsOf } from '../../../src/generators/registry.js'
import { resolveDatasetSpec } from '../../../src/generators/dataset-spec.js'
import type { DocumentRow } from '../../../src/generators/document/document-generator.js'
import { generateRecords } from '../../../src/generators/generate-records.js'

const FACILITIES = Array.from({ length: 40 }, (_, i) => i)
// Facilities of seed 42 used below (see generateFacility): 0 Canada (BC), 2 Mexico gold, 7 Western Australia
// gold, 21 Brazil upstream, 39 Chile.
const REQUIREMENTS_PER_PRINCIPLE = [4, 4, 4, 8, 8, 6, 5, 7, 5, 7, 5, 2, 4, 5, 3]
const GISTM_IDS = REQUIREMENTS_PER_PRINCIPLE.flatMap((n, p) =>
  Array.from({ length: n }, (_, j) => `${p + 1}.${j + 1}`),
)
const TOPIC_OF_PRINCIPLE = [
  'I',
  'II',
  'II',
  'III',
  'III',
  'III',
  'III',
  'IV',
  'IV',
  'IV',
  'IV',
  'IV',
  'V',
  'V',
  'VI',
]
const GAPS = new Set(['Partially meets', 'Does not meet'])

function facilityRows(index: number, count: number, params: Record<string, unknown> = {}, seed = 42) {
  return partitionRows<ComplianceRow>('compliance', { seed, facilityIndex: index, count, params })
}

/** Checks every value against its column: type, enum values, length and nullability. */
function typeErrors(rows: readonly Record<string, unknown>[], columns: readonly ColumnSpec[]): string[] {
  const bad: string[] = []
  for (const row of rows) {
    for (const c of columns) {
      const v = row[c.name]
      if (v === null) {
        if (!c.nullable) bad.push(`${c.name} is null`)
        continue
      }
      const ok =
        c.type === 'integer' || c.type === 'bigint'
          ? Number.isSafeInteger(v)
          : c.type === 'float' || c.type === 'timestamp'
            ? typeof v === 'number' && Number.isFinite(v)
            : c.type === 'date'
              ? Number.isSafeInteger(v) && (v as number) % DAY_MS === 0
              : c.type === 'string'
                ? typeof v === 'string' &&
                  v.length <= (c.length ?? 255) &&
                  (c.values === undefined || c.values.includes(v))
                : c.type === 'json' || typeof v === 'string' || typeof v === 'boolean'
      if (!ok) bad.push(`${c.name} = ${JSON.stringify(v)}`)
    }
  }
  return bad
}

describe('compliance generator', () => {
  it('yields exactly the asked count, in record_index order, with every column in order', () => {
    const { rows, facility } = facilityRows(0, 250)
    expect(rows.map((r) => r.record_index)).toEqual(Array.from({ length: 250 }, (_, i) => i))
    const offset = facilityRows(1, 90, {}).rows
    expect(offset).toHaveLength(90)
    const shifted = partitionRows<ComplianceRow>('compliance', {
      facilityIndex: 1,
      count: 90,
      firstRecordIndex: 5000,
    }).rows
    expect(shifted.map((r) => r.record_index)).toEqual(Array.from({ length: 90 }, (_, i) => 5000 + i))
    expect(partitionRows('compliance', { count: 0 }).rows).toEqual([])
    const names = columnsOf('compliance').map((c) => c.name)
    expect(names.slice(0, 2)).toEqual(['record_index', 'facility_id'])
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(names)
      expect(row.facility_id).toBe(facility.id)
    }
  })

  it('gives every value the type of its column', () => {
    const bad = FACILITIES.flatMap((i) =>
      typeErrors(facilityRows(i, 300).rows as never, columnsOf('compliance')),
    )
    expect(bad.slice(0, 10)).toEqual([])
  })

  it('is deterministic per partition and changes with the seed', () => {
    expect(facilityRows(4, 400).rows).toEqual(facilityRows(4, 400).rows)
    expect(facilityRows(4, 400, {}, 9).rows).not.toEqual(facilityRows(4, 400).rows)
  })

  it('uses the exact 77 GISTM requirement ids, with their principle and topic, and covers all of them', () => {
    expect(GISTM_IDS).toHaveLength(77)
    const valid = new Set(GISTM_IDS)
    const bad: ComplianceRow[] = []
    for (const i of FACILITIES.slice(0, 12)) {
      const { rows } = facilityRows(i, 200)
      const seen = new Set<string>()
      for (const r of rows) {
        if (r.framework !== 'GISTM') {
          if (r.topic !== null || r.principle !== null) bad.push(r)
          continue
        }
        seen.add(r.requirement_id)
        const principle = Number(r.requirement_id.split('.')[0])
        if (
          !valid.has(r.requirement_id) ||
          r.principle !== principle ||
          r.topic !== TOPIC_OF_PRINCIPLE[principle - 1]
        )
          bad.push(r)
      }
      expect(seen.size).toBe(77)
      // Records cycle through the list: the first 77 are GISTM in standard order.
      expect(rows.slice(0, 77).map((r) => r.requirement_id)).toEqual(GISTM_IDS)
    }
    expect(bad).toEqual([])
  })

  it('adds the frameworks of the jurisdiction and commodity', () => {
    const frameworks = (i: number) => new Set(facilityRows(i, 200).rows.map((r) => r.framework))
    expect(frameworks(0)).toEqual(
      new Set(['GISTM', 'CDA Dam Safety Guidelines', 'MAC TSM Tailings Protocol', 'BC HSRC Part 10']),
    )
    expect(frameworks(2)).toEqual(new Set(['GISTM', 'NOM-141-SEMARNAT-2003', 'Cyanide Code']))
    expect(frameworks(7)).toEqual(
      new Set(['GISTM', 'ANCOLD Tailings Guidelines', 'WA Code of Practice', 'Cyanide Code']),
    )
    expect(frameworks(21)).toEqual(new Set(['GISTM', 'ANM Res. 95/2022', 'Law 14,066/2020']))
    expect(frameworks(39)).toEqual(new Set(['GISTM', 'DS 248/2007', 'Law 20,551']))
    // MAC TSM ratings follow the status; other frameworks carry none.
    for (const r of facilityRows(0, 400).rows) {
      if (r.framework !== 'MAC TSM Tailings Protocol') expect(r.rating).toBeNull()
      else if (r.status === 'Meets') expect(['A', 'AA', 'AAA']).toContain(r.rating)
      else if (r.status === 'Partially meets') expect(r.rating).toBe('B')
      else if (r.status === 'Does not meet') expect(r.rating).toBe('C')
      else expect(r.rating).toBeNull()
    }
  })

  it('keeps assessment dates in [start, end], advances later rounds, and sets review dates after them', () => {
    const bad: unknown[] = []
    for (const params of [
      {},
      { start: '2018-01-01', end: '2024-12-31' },
      { start: '2024-03-01', end: '2024-03-15' },
    ]) {
      const start = Date.parse((params as { start?: string }).start ?? '2024-01-01')
      const end = Date.parse((params as { end?: string }).end ?? '2024-12-31T23:59:59.999Z')
      for (const i of FACILITIES.slice(0, 10)) {
        const rows = facilityRows(i, 400, params).rows
        const last = new Map<string, ComplianceRow>()
        for (const r of rows) {
          if (r.assessment_date < start || r.assessment_date > end) bad.push(['range', r])
          if (r.next_review_date <= r.assessment_date) bad.push(['review', r])
          // A linked event's post-event review is a round of its own (linked-events.test.ts).
          if (r.event_id !== null) continue
          const key = `${r.framework}|${r.requirement_id}`
          const before = last.get(key)
          if (
            before &&
            (r.assessment_round !== before.assessment_round + 1 || r.assessment_date < before.assessment_date)
          ) {
            bad.push(['round', before, r])
          }
          last.set(key, r)
        }
      }
    }
    expect(bad.slice(0, 5)).toEqual([])
  })

  it('follows the review frequency between rounds when the period is long enough', () => {
    // 2 rounds over ten years: annual requirements are reassessed about a year later, 3-yearly ones 3 years later.
    const { rows } = facilityRows(3, 160, { start: '2021-01-01', end: '2030-12-31' })
    const byId = new Map<string, ComplianceRow[]>()
    for (const r of rows.filter((r) => r.framework === 'GISTM'))
      byId.set(r.requirement_id, [...(byId.get(r.requirement_id) ?? []), r])
    const gapDays = (id: string) => {
      const [a, b] = byId.get(id)!
      return (b!.assessment_date - a!.assessment_date) / DAY_MS
    }
    expect(gapDays('6.4')).toBeGreaterThan(360)
    expect(gapDays('6.4')).toBeLessThan(390)
    expect(gapDays('10.1')).toBeGreaterThan(3 * 365 - 5)
    expect(gapDays('10.1')).toBeLessThan(3 * 365 + 25)
    const review = byId.get('10.1')![0]!
    expect(Math.round((review.next_review_date - review.assessment_date) / (365.25 * DAY_MS))).toBe(3)
  })

  it('sets corrective actions for gaps only, and evidence, findings and risk that fit the status', () => {
    const bad: unknown[] = []
    for (const i of FACILITIES) {
      for (const r of facilityRows(i, 300).rows) {
        const gap = GAPS.has(r.status)
        if (gap !== (r.corrective_action_due !== null)) bad.push(['due', r])
        if (r.corrective_action_due !== null && r.corrective_action_due <= r.assessment_date)
          bad.push(['due date', r])
        if ((r.status === 'Meets' || r.status === 'Not applicable') && r.risk_level !== 'low')
          bad.push(['risk', r])
        if ((r.status === 'Not applicable' || r.status === 'Not yet assessed') && r.evidence_ref !== null)
          bad.push(['evidence', r])
        if (r.evidence_ref !== null && !/^[A-Z]{3,4}-TSF\d-[A-Z]{3}-[A-Z]{3}-\d{7,}$/.test(r.evidence_ref))
          bad.push(['ref', r])
        if (r.finding.length < 10) bad.push(['finding', r])
      }
    }
    expect(bad.slice(0, 5)).toEqual([])
  })

  it('rates gaps riskier at higher consequence classes', () => {
    const sums = new Map<string, [number, number]>()
    let notMetVeryHigh = 0
    for (const i of FACILITIES) {
      const { rows, facility } = facilityRows(i, 200)
      for (const r of rows) {
        if (!GAPS.has(r.status)) continue
        const risk = RISK_LEVELS.indexOf(r.risk_level)
        const s = sums.get(facility.consequence_class) ?? [0, 0]
        sums.set(facility.consequence_class, [s[0] + risk, s[1] + 1])
        if (
          r.status === 'Does not meet' &&
          (facility.consequence_class === 'Very High' || facility.consequence_class === 'Extreme')
        ) {
          expect(['high', 'critical']).toContain(r.risk_level)
          notMetVeryHigh++
        }
      }
    }
    const means = CONSEQUENCE_CLASSES.map((c) => sums.get(c)).map((s) => s![0] / s![1])
    for (let c = 1; c < means.length; c++) expect(means[c]).toBeGreaterThan(means[c - 1]!)
    expect(notMetVeryHigh).toBeGreaterThan(10)
  })

  it('finds mostly conformance, more gaps at hot-spots and before the ICMM deadline', () => {
    const gapShare = (params: Record<string, unknown>, hot: boolean) => {
      let gaps = 0
      let total = 0
      for (const i of FACILITIES) {
        for (const r of facilityRows(i, 154, params).rows) {
          if (r.framework !== 'GISTM' || r.status === 'Not applicable') continue
          const isHot =
            ['1.2', '2.4', '3.2', '4.7', '13.1', '15.2'].includes(r.requirement_id) || r.principle === 14
          if (isHot !== hot) continue
          total++
          if (GAPS.has(r.status)) gaps++
        }
      }
      return gaps / total
    }
    const early = { start: '2021-01-01', end: '2021-12-31' }
    const late = { start: '2027-01-01', end: '2027-12-31' }
    expect(gapShare(late, false)).toBeLessThan(0.3)
    expect(gapShare(late, true)).toBeGreaterThan(gapShare(late, false) * 1.4)
    expect(gapShare(early, false)).toBeGreaterThan(gapShare(late, false) * 1.5)
    // Before the standard existed, GISTM requirements could not be assessed: there are no such rows.
    const before = facilityRows(5, 100, { start: '2018-01-01', end: '2018-12-31' }).rows
    expect(before).toHaveLength(100)
    expect(before.filter((r) => r.framework === 'GISTM')).toEqual([])
  })

  it('marks requirements that cannot apply as Not applicable', () => {
    for (const i of FACILITIES.slice(0, 20)) {
      const { rows, facility } = facilityRows(i, 100)
      const lowClass = facility.consequence_class === 'Low' || facility.consequence_class === 'Significant'
      for (const r of rows) {
        if (r.framework === 'GISTM' && (r.requirement_id === '5.7' || r.requirement_id === '10.2')) {
          expect(r.status === 'Not applicable').toBe(lowClass)
        }
        if (r.requirement_id === '4.7')
          expect(r.status === 'Not applicable').toBe(facility.construction_year >= 2020)
      }
    }
  })

  it('assesses on the real calendar over 4,000 facility-years (domain §C.1 frequencies, §C.2 DSR interval, GISTM from 5 Aug 2020)', () => {
    const launch = Date.UTC(2020, 7, 5)
    let facilityYears = 0
    let gistmRows = 0
    let dsrChecked = 0
    let annualGaps = 0
    const bad: unknown[] = []
    for (let i = 0; i < 400; i++) {
      const { rows, facility } = facilityRows(i, 150, { start: '2016-01-01', end: '2025-12-31' })
      facilityYears += 10
      const veryHigh = ['Very High', 'Extreme'].includes(facility.consequence_class)
      const byRequirement = new Map<string, ComplianceRow[]>()
      for (const r of rows) {
        // A linked event's post-event review falls outside the calendar (linked-events.test.ts).
        if (r.event_id !== null) continue
        const key = `${r.framework}|${r.requirement_id}`
        byRequirement.set(key, [...(byRequirement.get(key) ?? []), r])
        if (r.framework !== 'GISTM') continue
        gistmRows++
        if (r.assessment_date < launch) bad.push(['before GISTM', r])
        if (r.assessment_round === 1 && r.assessment_type === 'third-party audit')
          bad.push(['first audit', r])
      }
      for (const [key, list] of byRequirement) {
        const gaps = list.slice(1).map((r, j) => (r.assessment_date - list[j]!.assessment_date) / DAY_MS)
        // Nothing is reassessed before it is due (its frequency: a year, or 6 months for Brazil's DCE).
        list.slice(1).forEach((r, j) => {
          const due = list[j]!.next_review_date
          if (r.assessment_date < due - 5 * DAY_MS) bad.push(['too soon', key, gaps[j]])
        })
        if (key === 'GISTM|10.5') {
          dsrChecked++
          // A Dam Safety Review at least 5-yearly (Very High, Extreme) or 10-yearly (others), not more often.
          for (const gap of gaps) if (gap < (veryHigh ? 5 : 10) * 365 - 5) bad.push(['DSR', key, gap])
          expect(list.length).toBeLessThanOrEqual(veryHigh ? 2 : 1)
        }
        if (key === 'GISTM|6.4' || key === 'GISTM|10.4' || key === 'GISTM|15.1') {
          for (const gap of gaps) {
            annualGaps++
            if (gap > 365 + 21) bad.push(['annual', key, gap])
          }
        }
      }
    }
    expect(facilityYears).toBeGreaterThanOrEqual(4000)
    expect(gistmRows).toBeGreaterThan(10_000)
    expect(dsrChecked).toBeGreaterThan(100)
    expect(annualGaps).toBeGreaterThan(1000)
    expect(bad.slice(0, 5)).toEqual([])
  })

  it('compresses the rounds only when the count is more than the calendar holds, and never before GISTM', () => {
    // 2,000 assessments in one year: more than the calendar holds, so requirements repeat within the year.
    const { rows } = facilityRows(2, 2000, { start: '2020-01-01', end: '2020-12-31' })
    expect(rows).toHaveLength(2000)
    expect(rows.filter((r) => r.framework === 'GISTM' && r.assessment_date < Date.UTC(2020, 7, 5))).toEqual(
      [],
    )
    expect(Math.max(...rows.map((r) => r.assessment_round))).toBeGreaterThan(2)
    expect(
      complianceGenerator.paramsSchema.safeParse({ end: '2019-12-31', frameworks: ['GISTM'] }).success,
    ).toBe(false)
  })

  it('honours the frameworks filter and validates its parameters', () => {
    expect(
      new Set(
        facilityRows(0, 100, { frameworks: ['MAC TSM Tailings Protocol'] }).rows.map((r) => r.framework),
      ),
    ).toEqual(new Set(['MAC TSM Tailings Protocol']))
    // A framework foreign to the facility is still assessed when it is all that was asked for.
    expect(
      new Set(
        facilityRows(21, 10, { frameworks: ['ANCOLD Tailings Guidelines'] }).rows.map((r) => r.framework),
      ),
    ).toEqual(new Set(['ANCOLD Tailings Guidelines']))
    const parse = (input: unknown) => complianceGenerator.paramsSchema.safeParse(input).success
    expect(parse({})).toBe(true)
    expect(parse({ start: '2020-01-01', end: '2025-12-31', frameworks: ['GISTM'] })).toBe(true)
    expect(parse({ start: '2024-06-01', end: '2024-01-01' })).toBe(false)
    expect(parse({ frameworks: ['ISO 9001'] })).toBe(false)
    expect(parse({ unknown: true })).toBe(false)
  })
})

/** Records of a dataset as `run` makes them: `count` records, or the natural count when it is 'natural'. */
function dataset<T>(
  type: string,
  count: number | 'natural',
  parameters: Record<string, unknown>,
  facilities = 250,
): T[] {
  const spec = resolveDatasetSpec({
    type,
    count,
    defaultCount: 1,
    facilities,
    seed: 11,
    parameters: [parameters],
  })
  return [...(generateRecords(spec) as Iterable<unknown> as Iterable<T>)]
}

/** Whole months from one epoch day (ms) to another: the interval a `next_review_date` sets. */
function monthsBetween(from: number, to: number): number {
  const a = new Date(from)
  const b = new Date(to)
  return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth()
}

/** The dam safety review requirements (their subject matches the generator's DAM_SAFETY_REVIEW). */
const REVIEW_IDS = new Set(
  [...GISTM_REQUIREMENTS, ...Object.values(OTHER_REQUIREMENTS).flat()]
    .filter((r) => DAM_SAFETY_REVIEW.test(r.subject))
    .map((r) => r.id),
)

describe('dam safety reviews overdue by their dates', () => {
  // 250 facilities × 10 years in each scenario: every dam safety review requirement (GISTM 10.5, CDA, BC,
  // ANCOLD, ANM RPSB) rated overdue exactly when the last review the document generator issued before the
  // assessment (first issue of each DSR or RPSB number, over the 15 years before) is older than its interval.
  const PERIOD = { start: '2016-01-01', end: '2025-12-31' }
  for (const scenario of ['baseline', 'progressive-failure', 'non-compliant-operator']) {
    it(`${scenario}: overdue findings ⇔ the last DSR issued is older than the interval, over 2,500 facility-years`, () => {
      const docs = dataset<DocumentRow>('document', 'natural', {
        ...PERIOD,
        start: '2001-01-01',
        scenario,
        docTypes: ['DSR', 'RPSB'],
      })
      const issued = new Map<string, number>()
      for (const d of docs) {
        const key = `${d.facility_id}|${d.doc_type_code}|${d.doc_id}`
        issued.set(key, Math.min(issued.get(key) ?? Infinity, d.issue_date))
      }
      const byFacility = new Map<string, number[]>()
      for (const [key, day] of issued) {
        const [facility, code] = key.split('|') as [string, string]
        const k = `${facility}|${code}`
        byFacility.set(k, [...(byFacility.get(k) ?? []), day])
      }
      const rows = dataset<ComplianceRow>('compliance', 'natural', { ...PERIOD, scenario })
      const bad: unknown[] = []
      let reviews = 0
      let overdue = 0
      for (const r of rows) {
        if (!REVIEW_IDS.has(r.requirement_id)) continue
        if (r.status === 'Not applicable') continue
        reviews++
        const code = r.requirement_id === 'ANM-RPSB' ? 'RPSB' : 'DSR'
        const months = monthsBetween(r.assessment_date, r.next_review_date)
        const last = Math.max(
          ...(byFacility.get(`${r.facility_id}|${code}`) ?? []).filter((d) => d < r.assessment_date),
        )
        const byDates = !(r.assessment_date - last <= months * (365.25 / 12) * DAY_MS)
        const rated = r.finding.includes(' overdue: ')
        if (rated) overdue++
        if (rated !== byDates || (rated && r.status !== 'Does not meet'))
          bad.push([r.facility_id, r.requirement_id, new Date(r.assessment_date), new Date(last), r.finding])
        if (!rated && /overdue|interval/.test(r.finding))
          bad.push(['dated finding', r.requirement_id, r.finding])
      }
      expect(reviews).toBeGreaterThan(250)
      expect(bad.slice(0, 5)).toEqual([])
      // The baseline operator's reviews slip a few weeks at most: rarely overdue. The others let them lapse.
      if (scenario === 'baseline') expect(overdue / reviews).toBeLessThan(0.03)
      else expect(overdue / reviews).toBeGreaterThan(0.6)
    })
  }

  it('never reassesses before the due date the previous round set: any requirement on the calendar, a dam safety review even with a count above it', () => {
    // 100 facilities × 7 years: their calendar, then 3,000 assessments a facility (compressed rounds).
    for (const count of ['natural', 300_000] as const) {
      const rows = dataset<ComplianceRow>(
        'compliance',
        count,
        { start: '2019-01-01', end: '2025-12-31' },
        100,
      )
      const due = new Map<string, number>()
      const bad: unknown[] = []
      for (const r of [...rows].sort((a, b) => a.assessment_date - b.assessment_date)) {
        if (r.event_id !== null || (count !== 'natural' && !REVIEW_IDS.has(r.requirement_id))) continue
        const key = `${r.facility_id}|${r.framework}|${r.requirement_id}`
        if (r.assessment_date < (due.get(key) ?? -Infinity))
          bad.push([count, key, new Date(r.assessment_date)])
        due.set(key, r.next_review_date)
      }
      expect(due.size).toBeGreaterThan(count === 'natural' ? 5000 : 80)
      // The other requirements are compressed: reassessed several times a year.
      if (count !== 'natural')
        expect(rows.reduce((m, r) => Math.max(m, r.assessment_round), 0)).toBeGreaterThan(14)
      expect(bad.slice(0, 5)).toEqual([])
    }
  })
})
