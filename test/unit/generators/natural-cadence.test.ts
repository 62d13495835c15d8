import { describe, expect, it } from 'vitest'
import type { ComplianceRow } from '../../../src/generators/compliance/compliance-generator.js'
import { resolveDatasetSpec, type DatasetSpec } from '../../../src/generators/dataset-spec.js'
import type { DocumentRow } from '../../../src/generators/document/document-generator.js'
import { reviewMonths } from '../../../src/generators/document/document-calendar.js'
import { DOCUMENT_TYPES } from '../../../src/generators/document/document-datasets.js'
import type { EnvironmentalRow } from '../../../src/generators/environmental/environmental-generator.js'
import { generateFacilities, generateRecords } from '../../../src/generators/generate-records.js'
import { recordLayout } from '../../../src/generators/record-layout.js'

// `count: 'natural'`: the period decides the count, each facility holding its whole real calendar. The
// properties are checked over whole datasets as `run` and `generate` make them (resolveDatasetSpec, then
// generateRecords), over thousands of facility-years.

const DAY_MS = 86_400_000
const YEAR_MS = 365.25 * DAY_MS
const VERY_HIGH = new Set(['Very High', 'Extreme'])

function natural(type: string, facilities: number, parameters: Record<string, unknown>, seed = 42) {
  return resolveDatasetSpec({
    type,
    count: 'natural',
    defaultCount: 1,
    facilities,
    seed,
    parameters: [parameters],
  })
}

function byFacility<T extends { facility_id: string }>(spec: DatasetSpec): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const row of generateRecords(spec) as Iterable<unknown> as Iterable<T>) {
    const list = out.get(row.facility_id)
    if (list) list.push(row)
    else out.set(row.facility_id, [row])
  }
  return out
}

const facilitiesOf = (spec: DatasetSpec) =>
  new Map([...generateFacilities(spec.facilitySeed, { from: 0, to: spec.facilities })].map((f) => [f.id, f]))

describe('natural cadence', () => {
  it('documents over 3,000 facility-years: one EOR inspection a year, DSRs every 5 or 10 years by class and none missed, no twin of a period', () => {
    const spec = natural('document', 250, {
      start: '2013-01-01',
      end: '2024-12-31',
      docTypes: ['DSR', 'DSI'],
    })
    const facilities = facilitiesOf(spec)
    const rows = byFacility<DocumentRow>(spec)
    const bad: unknown[] = []
    let dsrGaps = 0
    for (const [id, list] of rows) {
      const f = facilities.get(id)!
      // A linked event's post-event inspection comes on top of the calendar (linked-events.test.ts).
      const firsts = list.filter(
        (r, k) => r.event_id === null && (k === 0 || list[k - 1]!.doc_id !== r.doc_id),
      )
      // The annual dam safety inspection by the EOR: exactly one a year, for every year of the period.
      const inspections = firsts.filter((r) => r.doc_type_code === 'DSI').map((r) => r.period_covered)
      const years = Array.from({ length: 12 }, (_, y) => String(2013 + y))
      if (inspections.join() !== years.join()) bad.push(['DSI', id, inspections])
      // DSRs: at the interval of the class (5 or 10 years; in Canada the CDA's 5/7/10, in British Columbia 5),
      // slipping up to 15 days, so none too soon and none missed; a 12-year period holds 2–3 at a 5-year
      // interval and 1–2 at a 7- or 10-year one.
      const interval =
        reviewMonths(
          DOCUMENT_TYPES.find((t) => t.code === 'DSR')!,
          f,
        )! / 12
      const dsr = firsts.filter((r) => r.doc_type_code === 'DSR').map((r) => r.issue_date)
      for (let j = 1; j < dsr.length; j++) {
        dsrGaps++
        const gap = (dsr[j]! - dsr[j - 1]!) / YEAR_MS
        if (gap < interval - 0.05 || gap > interval + 0.1) bad.push(['DSR gap', f.consequence_class, gap])
      }
      const [low, high] = interval === 5 ? [2, 3] : [1, 2]
      if (dsr.length < low || dsr.length > high) bad.push(['DSR count', f.consequence_class, dsr.length])
      // Every revision issued in the period is a record, and each document is in it once.
      if (new Set(firsts.map((r) => r.doc_id)).size !== firsts.length) bad.push(['doc_id twice', id])
    }
    expect(rows.size * 12).toBeGreaterThanOrEqual(3000)
    expect(dsrGaps).toBeGreaterThan(100)
    expect(bad.slice(0, 5)).toEqual([])
  })

  it('monitoring reports: every month and quarter of an active facility has its report, and no period two', () => {
    const spec = natural('document', 40, { start: '2020-01-01', end: '2024-12-31', docTypes: ['MON'] })
    const facilities = facilitiesOf(spec)
    const bad: unknown[] = []
    let active = 0
    for (const [id, list] of byFacility<DocumentRow>(spec)) {
      const seen = new Map<string, Set<string>>()
      for (const r of list) {
        const key = `${r.doc_type}|${r.period_covered}`
        seen.set(key, (seen.get(key) ?? new Set()).add(r.doc_id))
      }
      for (const [key, ids] of seen) if (ids.size > 1) bad.push(['twin', id, key])
      if (facilities.get(id)!.status !== 'active') continue
      active++
      const periods = [...seen.keys()]
      // Issued after the period: 2020-Q1 … 2024-Q3 (2024-Q4 is reported in 2025), 2019-12 … 2024-11.
      const quarterly = periods.filter((k) => /-Q\d$/.test(k)).length
      const monthly = periods.filter((k) => /-\d\d$/.test(k)).length
      if (quarterly !== 20 || monthly !== 60) bad.push(['missing', id, quarterly, monthly])
    }
    expect(active).toBeGreaterThan(10)
    expect(bad.slice(0, 5)).toEqual([])
  })

  it('GISTM public disclosures (15.1) yearly from the standard, none before 5 August 2020', () => {
    const spec = natural('document', 30, { start: '2015-01-01', end: '2024-12-31', docTypes: ['PDS'] })
    const launch = Date.UTC(2020, 7, 5)
    for (const list of byFacility<DocumentRow>(spec).values()) {
      expect(list.filter((r) => r.issue_date < launch)).toEqual([])
      expect([...new Set(list.map((r) => r.period_covered))]).toEqual(['2020', '2021', '2022', '2023'])
    }
  })

  it('compliance over 600 facility-years: each requirement at every due date of its cycle, DSR 10.5 at the class interval, nothing before GISTM', () => {
    const spec = natural('compliance', 60, { start: '2015-01-01', end: '2024-12-31', frameworks: ['GISTM'] })
    const facilities = facilitiesOf(spec)
    const launch = Date.UTC(2020, 7, 5)
    const bad: unknown[] = []
    let annual = 0
    for (const [id, list] of byFacility<ComplianceRow>(spec)) {
      const f = facilities.get(id)!
      const byRequirement = new Map<string, ComplianceRow[]>()
      for (const r of list) {
        if (r.assessment_date < launch) bad.push(['before GISTM', r.requirement_id])
        // A linked event's post-event review is a round of its own (linked-events.test.ts).
        if (r.event_id !== null) continue
        byRequirement.set(r.requirement_id, [...(byRequirement.get(r.requirement_id) ?? []), r])
      }
      for (const [req, rows] of byRequirement) {
        const dates = rows.map((r) => r.assessment_date).sort((a, b) => a - b)
        for (let j = 1; j < dates.length; j++) {
          // Reassessed when due, never before it and never skipping a round (slip 0–14 days, a weekend).
          const due = rows.find((r) => r.assessment_date === dates[j - 1])!.next_review_date
          const late = (dates[j]! - due) / DAY_MS
          if (late < -3 || late > 18) bad.push(['round', req, late])
        }
        if (req === '10.5' && dates.length > 1) {
          const gap = (dates[1]! - dates[0]!) / YEAR_MS
          if (gap < (VERY_HIGH.has(f.consequence_class) ? 5 : 10) - 0.05) bad.push(['DSR', gap])
        }
        if (req === '10.4') annual += dates.length
      }
      // The period after the launch holds about 4.4 years: every annual requirement is assessed 4 or 5 times.
      const reviews = byRequirement.get('10.4')?.length ?? 0
      if (reviews < 3 || reviews > 5) bad.push(['10.4 rounds', reviews])
    }
    expect(annual).toBeGreaterThan(200)
    expect(bad.slice(0, 5)).toEqual([])
  })

  it('environmental: the pond sampled monthly and every bore quarterly (domain §E.2), QA samples on top', () => {
    const spec = natural('environmental', 12, { start: '2023-01-01', end: '2024-12-31', airQuality: false })
    const bad: unknown[] = []
    let ponds = 0
    let bores = 0
    let qa = 0
    for (const list of byFacility<EnvironmentalRow>(spec).values()) {
      const samples = new Map<string, Set<string>>()
      for (const r of list) {
        if (r.qa_flag === 'duplicate' || r.qa_flag === 'blank') {
          qa++
          continue
        }
        samples.set(r.station_id, (samples.get(r.station_id) ?? new Set()).add(r.sample_id))
      }
      for (const [station, ids] of samples) {
        const perYear = ids.size / 2
        if (station.includes('-DEC-')) {
          ponds++
          if (perYear < 11.5 || perYear > 12.5) bad.push(['pond', station, perYear])
        } else if (station.includes('-MBU-') || station.includes('-MBD-')) {
          bores++
          if (perYear < 3.5 || perYear > 4.5) bad.push(['bore', station, perYear])
        }
      }
    }
    expect(ponds).toBeGreaterThan(5)
    expect(bores).toBeGreaterThan(30)
    expect(qa).toBeGreaterThan(0)
    expect(bad.slice(0, 5)).toEqual([])
  })

  it('lays records out by facility consistently: shares tile the count, any facility range yields its share', () => {
    const spec = natural('compliance', 9, { start: '2021-01-01', end: '2023-12-31' })
    const layout = recordLayout(spec)
    let next = 0
    for (let i = 0; i < spec.facilities; i++) {
      const share = layout.share(i)
      expect(share.first).toBe(next)
      next += share.count
    }
    expect(next).toBe(spec.count)
    // Facilities differ: the count follows each one's frameworks and class, not an even split.
    expect(new Set(Array.from({ length: 9 }, (_, i) => layout.share(i).count)).size).toBeGreaterThan(1)
    const all = [...generateRecords(spec)].map((r) => r['record_index'])
    expect(all).toEqual(Array.from({ length: spec.count }, (_, k) => k))
    const part = [...generateRecords({ ...spec, facilityRange: { from: 3, to: 7 } })]
    expect(part).toHaveLength(layout.countIn({ from: 3, to: 7 }))
    expect(part[0]!['record_index']).toBe(layout.share(3).first)
  })

  it('a numeric count wins over natural cadence asked in the parameters; types without a calendar refuse "natural"', () => {
    const base = { type: 'document', defaultCount: 1, facilities: 3, seed: 1 }
    const asked = resolveDatasetSpec({ ...base, parameters: [{ cadence: 'natural' }] })
    expect(asked.params).toMatchObject({ cadence: 'natural' })
    expect(asked.count).toBe(natural('document', 3, {}, 1).count)
    const counted = resolveDatasetSpec({ ...base, count: 500, parameters: [{ cadence: 'natural' }] })
    expect(counted.count).toBe(500)
    expect(counted.params).not.toHaveProperty('cadence')
    expect(recordLayout(counted).share(0).count).toBe(167)
    expect(() => natural('geotechnical', 2, {})).toThrow(/geotechnical has no natural cadence/)
    expect(() => natural('monitoring', 2, {})).toThrow(/give --end/)
    expect(natural('monitoring', 2, { end: '2024-01-01', interval: '1h' }).count).toBe(48)
    expect(() => recordLayout({ ...asked, count: asked.count + 1 })).toThrow(/natural cadence holds/)
  })
})
