import { describe, expect, it } from 'vitest'
import type { ColumnSpec } from '../../../src/generators/columns.js'
import { DOCUMENT_TYPES, DAY_MS } from '../../../src/generators/document/document-datasets.js'
import { reviewMonths } from '../../../src/generators/document/document-calendar.js'
import {
  BYTES_PER_MB,
  documentGenerator,
  type DocumentRow,
} from '../../../src/generators/document/document-generator.js'
import { partitionRows } from '../../helpers/generators.js'
import { columnsOf } from '../../../src/generators/registry.js'

const FACILITIES = Array.from({ length: 12 }, (_, i) => i)
const BRAZIL = 21 // facility 21 of seed 42 is in Brazil
const SPEC_BY_NAME = new Map(DOCUMENT_TYPES.map((t) => [t.name, t]))

function facilityRows(index: number, count: number, params: Record<string, unknown> = {}, seed = 42) {
  return partitionRows<DocumentRow>('document', { seed, facilityIndex: index, count, params })
}

/** Checks every value against its column: type, enum values, length and nullability. */
function expectColumnTypes(rows: readonly Record<string, unknown>[], columns: readonly ColumnSpec[]) {
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
              : c.type === 'json'
                ? Array.isArray(v) && v.every((x) => typeof x === 'string')
                : c.type === 'string'
                  ? typeof v === 'string' &&
                    v.length <= (c.length ?? 255) &&
                    (c.values === undefined || c.values.includes(v))
                  : typeof v === 'string' || typeof v === 'boolean'
      if (!ok) bad.push(`${c.name} = ${JSON.stringify(v)}`)
    }
  }
  expect(bad.slice(0, 10)).toEqual([])
}

const DSR_TYPE = DOCUMENT_TYPES.find((t) => t.code === 'DSR')!

describe('document generator', () => {
  it('yields exactly the asked count, in record_index order, with every column in order', () => {
    const { rows, facility } = facilityRows(0, 777, {}, 42)
    const offset = partitionRows<DocumentRow>('document', { count: 333, firstRecordIndex: 1000 }).rows
    expect(rows).toHaveLength(777)
    expect(rows.map((r) => r.record_index)).toEqual(Array.from({ length: 777 }, (_, i) => i))
    expect(offset.map((r) => r.record_index)).toEqual(Array.from({ length: 333 }, (_, i) => 1000 + i))
    expect(partitionRows('document', { count: 0 }).rows).toEqual([])
    expect(facilityRows(1, 1).rows).toHaveLength(1)
    const names = columnsOf('document').map((c) => c.name)
    expect(names.slice(0, 2)).toEqual(['record_index', 'facility_id'])
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(names)
      expect(row.facility_id).toBe(facility.id)
    }
  })

  it('gives every value the type of its column', () => {
    for (const i of FACILITIES) expectColumnTypes(facilityRows(i, 1500).rows, columnsOf('document'))
    expectColumnTypes(facilityRows(BRAZIL, 1500).rows, columnsOf('document'))
  })

  it('is deterministic per partition and changes with the seed', () => {
    expect(facilityRows(3, 500).rows).toEqual(facilityRows(3, 500).rows)
    expect(facilityRows(3, 500, {}, 7).rows).not.toEqual(facilityRows(3, 500).rows)
  })

  it('keeps issue dates inside [start, end] and review dates after issue', () => {
    const ranges = [
      { start: '2024-01-01T00:00:00.000Z', end: '2024-12-31T23:59:59.999Z', params: {} },
      {
        start: '2015-03-10T12:00:00.000Z',
        end: '2019-06-30T00:00:00.000Z',
        params: { start: '2015-03-10T12:00:00Z', end: '2019-06-30' },
      },
      {
        start: '2024-02-01T00:00:00.000Z',
        end: '2024-02-10T00:00:00.000Z',
        params: { start: '2024-02-01', end: '2024-02-10' },
      },
    ]
    const bad: unknown[] = []
    for (const range of ranges) {
      for (const i of FACILITIES.slice(0, 6)) {
        for (const r of facilityRows(i, 800, range.params).rows) {
          if (r.issue_date < Date.parse(range.start) || r.issue_date > Date.parse(range.end)) bad.push(r)
          if (r.next_review_date !== null && r.next_review_date <= r.issue_date) bad.push(r)
        }
      }
    }
    expect(bad).toEqual([])
  })

  it('keeps pages, file sizes and review intervals within the bands of each document type', () => {
    const seen = new Set<string>()
    const bad: [string, DocumentRow][] = []
    for (const i of [...FACILITIES, BRAZIL]) {
      const { rows, facility } = facilityRows(i, 1500)
      const dsrMonths =
        facility.consequence_class === 'Very High' || facility.consequence_class === 'Extreme' ? 60 : 120
      const check = (ok: boolean, what: string, r: DocumentRow) => ok || bad.push([what, r])
      for (const r of rows) {
        const spec = SPEC_BY_NAME.get(r.doc_type)!
        seen.add(r.doc_type)
        check(r.doc_type_code === spec.code, 'code', r)
        check(r.pages >= spec.pages[0] && r.pages <= spec.pages[1], 'pages', r)
        check(
          r.file_size_bytes >= spec.sizeMb[0] * BYTES_PER_MB - 1 &&
            r.file_size_bytes <= spec.sizeMb[1] * BYTES_PER_MB + 1,
          'size',
          r,
        )
        check(r.consequence_class === facility.consequence_class, 'class', r)
        check(r.confidentiality === spec.confidentiality, 'confidentiality', r)
        // A linked event's post-event inspection is event-driven: no next review date.
        check((spec.review === null || r.event_id !== null) === (r.next_review_date === null), 'review', r)
        if (spec.code === 'DSR') {
          const years = (r.next_review_date! - r.issue_date) / (365.25 * DAY_MS)
          check(Math.round(years) === dsrMonths / 12, 'DSR interval', r)
        }
        check((r.period_covered === null) === (spec.period === null || r.event_id !== null), 'period', r)
        check(
          r.keywords.length >= 3 && r.keywords.length <= 6 && r.keywords[0] === spec.keywords[0],
          'keywords',
          r,
        )
        check(!spec.countries || spec.countries.includes(facility.country_code), 'country', r)
      }
    }
    expect(bad.slice(0, 5)).toEqual([])
    expect(seen.size).toBeGreaterThan(22)
  })

  it('issues routine documents far more often than dam safety reviews', () => {
    const counts = new Map<string, number>()
    for (const i of FACILITIES) {
      for (const r of facilityRows(i, 300, { start: '2015-01-01', end: '2024-12-31' }).rows)
        counts.set(r.doc_type_code, (counts.get(r.doc_type_code) ?? 0) + 1)
    }
    const total = [...counts.values()].reduce((a, b) => a + b, 0)
    expect(((counts.get('MON') ?? 0) + (counts.get('RIR') ?? 0)) / total).toBeGreaterThan(0.4)
    expect((counts.get('DSR') ?? 0) / total).toBeLessThan(0.01)
    expect(counts.get('DSR') ?? 0).toBeGreaterThan(0)
    expect(counts.get('DCE')).toBeUndefined() // Brazil only
  })

  it('keeps revision and status consistent: drafts are IFR, issued revisions IFU/IFC, replaced ones Superseded', () => {
    const bad: [string, DocumentRow][] = []
    let superseded = 0
    for (const i of FACILITIES) {
      const { rows, facility } = facilityRows(i, 1500)
      const check = (ok: boolean, what: string, r: DocumentRow) => ok || bad.push([what, r])
      for (let k = 0; k < rows.length; k++) {
        const r = rows[k]!
        check(r.doc_id.startsWith(`${facility.code}-`), 'prefix', r)
        check(/^[A-Z]{3,4}-TSF\d-[A-Z]{3}-[A-Z]{3}-\d{4,}$/.test(r.doc_id), 'format', r)
        const draft = /^[ABC]$/.test(r.revision)
        check(
          draft ? ['IFR', 'Superseded'].includes(r.status) : ['IFU', 'IFC', 'Superseded'].includes(r.status),
          'status',
          r,
        )
        check(r.status !== 'IFC' || r.doc_type_code === 'DDR', 'IFC', r)
        const next = rows[k + 1]
        if (r.status === 'Superseded') {
          superseded++
          // The next record is the next revision of the same document, issued later.
          check(next?.doc_id === r.doc_id, 'next revision', r)
          check(
            next!.revision > r.revision || (draft && !/^[ABC]$/.test(next!.revision)),
            'revision order',
            r,
          )
          check(next!.issue_date > r.issue_date, 'revision date', r)
          check(
            next!.title === r.title && next!.author_org === r.author_org && next!.supersedes === r.supersedes,
            'shared',
            r,
          )
        } else if (next) {
          check(next.doc_id !== r.doc_id, 'current revision is last', r)
        }
      }
    }
    expect(bad.slice(0, 5)).toEqual([])
    expect(superseded).toBeGreaterThan(100)
  })

  it('numbers documents uniquely and points supersedes at an earlier edition of the same type', () => {
    for (const i of FACILITIES) {
      const { rows } = facilityRows(i, 1500)
      const firstRows = rows.filter((r, k) => k === 0 || rows[k - 1]!.doc_id !== r.doc_id)
      expect(new Set(firstRows.map((r) => r.doc_id)).size).toBe(firstRows.length)
      const seenIds = new Map(firstRows.map((r) => [r.doc_id, r]))
      for (const r of firstRows) {
        if (r.supersedes === null) continue
        expect(SPEC_BY_NAME.get(r.doc_type)!.replacesEdition).toBe(true)
        const number = (id: string) => id.slice(id.lastIndexOf('-') + 1)
        expect(r.supersedes.slice(0, r.supersedes.lastIndexOf('-'))).toBe(
          r.doc_id.slice(0, r.doc_id.lastIndexOf('-')),
        )
        // Register numbers grow within a year's calendar; an extra document (from ordinal 500) may precede one.
        const earlier = seenIds.get(r.supersedes)
        if (earlier) {
          expect(earlier.doc_type).toBe(r.doc_type)
          expect(earlier.issue_date).toBeLessThan(r.issue_date)
        } else expect(Number(number(r.supersedes))).toBeLessThan(Number(number(r.doc_id)))
      }
    }
  })

  it('gives authors that fit the role: independent DSR firms, regulators, the owner', () => {
    let dsrs = 0
    const bad: [string, DocumentRow][] = []
    for (const i of [...FACILITIES, BRAZIL]) {
      // Fifteen years, so that several facilities see consecutive 5- or 10-yearly DSRs.
      const { rows, facility } = facilityRows(i, 3000, { start: '2010-01-01', end: '2024-12-31' })
      const check = (ok: boolean, what: string, r: DocumentRow) => ok || bad.push([what, r])
      const eorOrgs = new Set(rows.filter((r) => r.author_role === 'EOR').map((r) => r.author_org))
      expect(eorOrgs.size).toBeLessThanOrEqual(1)
      let lastDsrFirm: string | null = null
      rows.forEach((r, k) => {
        if (r.author_role === 'owner' || r.author_role === 'RTFE')
          check(r.author_org === facility.operator, 'owner', r)
        check(
          r.author_role === 'regulator' ? r.approver_role === null : r.approver_role !== r.author_role,
          'approver',
          r,
        )
        if (r.doc_type_code === 'DSR' && (k === 0 || rows[k - 1]!.doc_id !== r.doc_id)) {
          check(!eorOrgs.has(r.author_org), 'DSR by EOR', r)
          check(r.author_org !== lastDsrFirm, 'consecutive DSR', r)
          lastDsrFirm = r.author_org
          dsrs++
        }
        check(r.language === facility.language || r.language === 'en', 'language', r)
      })
    }
    expect(bad.slice(0, 5)).toEqual([])
    expect(dsrs).toBeGreaterThan(1)
  })

  it('issues Brazilian stability declarations in the March and September campaigns', () => {
    const { rows } = facilityRows(BRAZIL, 3000, { start: '2022-01-01', end: '2024-12-31' })
    // First revisions only: a reissue may follow weeks later; a weekend shift may move a day out of the month.
    const dce = rows.filter(
      (r, k) => r.doc_type_code === 'DCE' && (k === 0 || rows[k - 1]!.doc_id !== r.doc_id),
    )
    // One declaration per campaign: three years, six campaigns.
    expect(dce.length).toBe(6)
    const months = (r: DocumentRow) =>
      [-1, 0, 1].map((d) => new Date(r.issue_date + d * DAY_MS).getUTCMonth())
    expect(dce.filter((r) => !months(r).some((m) => m === 2 || m === 8))).toEqual([])
    expect(rows.some((r) => r.language === 'pt-BR')).toBe(true)
  })

  it('issues on the real calendar over 2,800 facility-years: one report per period, DSRs 5- or 10-yearly or at the CDA/BC interval (domain §B.1 triggers and frequencies)', () => {
    const bad: unknown[] = []
    let facilityYears = 0
    let quarterly = 0
    let dsrFacilities = 0
    for (let i = 0; i < 400; i++) {
      const { rows, facility } = facilityRows(i, 250, { start: '2018-01-01', end: '2024-12-31' })
      facilityYears += 7
      // GISTM's 5 or 10 years by class; in Canada the CDA's 5/7/10 years, in British Columbia 5 (§C.3).
      const interval = reviewMonths(DSR_TYPE, facility)! / 12
      const firsts = rows.filter((r, k) => k === 0 || rows[k - 1]!.doc_id !== r.doc_id)
      const seen = new Set<string>()
      for (const r of firsts) {
        if (r.period_covered === null) continue
        // No facility/type/period twin (e.g. two "Quarterly Monitoring Report – 2023-Q1").
        const key = `${r.doc_type}|${r.period_covered}`
        if (seen.has(key)) bad.push(['twin', facility.id, key])
        seen.add(key)
        const q = /^(\d{4})-Q(\d)$/.exec(r.period_covered)
        if (q) {
          quarterly++
          // Issued within 45 days after the quarter it covers (a weekend moves it a day).
          const quarterEnd = Date.UTC(Number(q[1]), 3 * Number(q[2]), 1)
          const lag = (r.issue_date - quarterEnd) / DAY_MS
          if (lag < 8 || lag > 46) bad.push(['quarter lag', r.period_covered, lag])
        }
      }
      const dsr = firsts.filter((r) => r.doc_type_code === 'DSR').map((r) => r.issue_date)
      if (dsr.length > 0) dsrFacilities++
      for (let j = 1; j < dsr.length; j++) {
        const years = (dsr[j]! - dsr[j - 1]!) / (365.25 * DAY_MS)
        if (years < interval - 0.05) bad.push(['DSR', facility.consequence_class, years])
      }
    }
    expect(facilityYears).toBeGreaterThanOrEqual(2800)
    expect(quarterly).toBeGreaterThan(1000)
    expect(dsrFacilities).toBeGreaterThan(50)
    expect(bad.slice(0, 5)).toEqual([])
  })

  it('makes no periodic twin when the count is more than the calendar holds: event-driven documents fill the rest', () => {
    for (const i of FACILITIES) {
      const { rows } = facilityRows(i, 3000)
      expect(rows).toHaveLength(3000)
      const keys = rows
        .filter((r, k) => r.period_covered !== null && (k === 0 || rows[k - 1]!.doc_id !== r.doc_id))
        .map((r) => `${r.doc_type}|${r.period_covered}`)
      expect(new Set(keys).size).toBe(keys.length)
    }
  })

  it('honours includeDrafts and docTypes', () => {
    for (const r of facilityRows(2, 800, { includeDrafts: false }).rows) expect(r.revision).toMatch(/^\d$/)
    const only = facilityRows(2, 300, { docTypes: ['DSR', 'OMS'] }).rows
    expect(new Set(only.map((r) => r.doc_type_code))).toEqual(new Set(['DSR', 'OMS']))
    // A type foreign to the facility is still produced when it is all that was asked for.
    expect(new Set(facilityRows(0, 20, { docTypes: ['DCE'] }).rows.map((r) => r.doc_type_code))).toEqual(
      new Set(['DCE']),
    )
  })

  it('validates its parameters', () => {
    const parse = (input: unknown) => documentGenerator.paramsSchema.safeParse(input).success
    expect(parse({})).toBe(true)
    expect(parse({ start: '2015-01-01', end: '2024-12-31', includeDrafts: false, docTypes: ['DSR'] })).toBe(
      true,
    )
    expect(parse({ start: '2024-06-01', end: '2024-01-01' })).toBe(false)
    expect(parse({ docTypes: ['XYZ'] })).toBe(false)
    expect(parse({ docTypes: [] })).toBe(false)
    expect(parse({ unknown: 1 })).toBe(false)
  })
})
