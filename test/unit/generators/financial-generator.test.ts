import { describe, expect, it } from 'vitest'
import type { ColumnSpec } from '../../../src/generators/columns.js'
import {
  financialGenerator,
  type FinancialRow,
} from '../../../src/generators/financial/financial-generator.js'
import { facilityRaises } from '../../../src/generators/events/raise-schedule.js'
import { partitionRows } from '../../helpers/generators.js'
import { columnsOf } from '../../../src/generators/registry.js'

const FACILITIES = Array.from({ length: 24 }, (_, i) => i)
const DAY = 86_400_000
const START = Date.parse('2024-01-01T00:00:00.000Z')
const END = Date.parse('2024-12-31T23:59:59.999Z')

function facilityRows(index: number, count: number, params: Record<string, unknown> = {}, seed = 42) {
  return partitionRows<FinancialRow>('financial', { seed, facilityIndex: index, count, params })
}

/** What is wrong with one value against its column: nulls only where nullable, finite numbers, enums, lengths. */
function columnProblem(column: ColumnSpec, value: unknown, start: number, end: number): string | null {
  if (value === null) return column.nullable ? null : `${column.name} is null`
  switch (column.type) {
    case 'integer':
    case 'bigint':
      return Number.isSafeInteger(value) ? null : `${column.name} is not an integer`
    case 'float':
      return typeof value === 'number' && Number.isFinite(value) ? null : `${column.name} is not finite`
    case 'timestamp':
    case 'date':
      if (!Number.isSafeInteger(value) || (value as number) % DAY !== 0)
        return `${column.name} is not a UTC midnight`
      return (value as number) >= start && (value as number) <= end
        ? null
        : `${column.name} is outside the range`
    case 'boolean':
      return typeof value === 'boolean' ? null : `${column.name} is not a boolean`
    default:
      if (typeof value !== 'string') return `${column.name} is not a string`
      if (value.length > (column.length ?? 255)) return `${column.name} is too long`
      return column.values && !column.values.includes(value)
        ? `${column.name} "${value}" is not allowed`
        : null
  }
}

const days = (r: FinancialRow) => (r.period_end - r.period_start) / DAY + 1

describe('financial generator', () => {
  it('yields exactly the asked count, with consecutive record indexes and every column in order', () => {
    const names = columnsOf('financial').map((c) => c.name)
    for (const count of [1, 9, 120, 5000]) {
      const { rows, facility } = partitionRows<FinancialRow>('financial', {
        facilityIndex: 5,
        count,
        firstRecordIndex: 77,
      })
      expect(rows).toHaveLength(count)
      expect(rows.map((r) => r.record_index)).toEqual(Array.from({ length: count }, (_, i) => 77 + i))
      for (const row of rows) {
        expect(Object.keys(row)).toEqual(names)
        expect(row.facility_id).toBe(facility.id)
      }
    }
  })

  it('gives every value its column type, with whole-day periods inside the range', () => {
    const ranges = [
      { params: {}, start: START, end: END },
      {
        params: { start: '2022-05-15T10:00:00Z', end: '2025-02-10T08:00:00Z' },
        start: Date.parse('2022-05-15T10:00:00Z'),
        end: Date.parse('2025-02-10T08:00:00Z'),
      },
    ]
    const problems = new Set<string>()
    for (const range of ranges) {
      for (const i of FACILITIES) {
        for (const row of facilityRows(i, 400, range.params).rows) {
          for (const column of columnsOf('financial')) {
            const value = (row as unknown as Record<string, unknown>)[column.name]
            const problem = columnProblem(column, value, range.start, range.end)
            if (problem !== null) problems.add(problem)
          }
          if (row.period_end < row.period_start) problems.add('period ends before it starts')
          if (row.period_type === 'quarterly' && days(row) > 92) problems.add('quarter longer than 92 days')
          if (row.period_type === 'annual' && days(row) > 366) problems.add('year longer than 366 days')
        }
      }
    }
    expect([...problems]).toEqual([])
  })

  it('is deterministic for a partition and differs for another seed', () => {
    const a = facilityRows(2, 300).rows
    expect(facilityRows(2, 300).rows).toEqual(a)
    expect(facilityRows(2, 300, {}, 43).rows).not.toEqual(a)
  })

  it('converts to US dollars at the fixed rate, and classes only estimates', () => {
    const wrong: FinancialRow[] = []
    for (const i of FACILITIES) {
      for (const r of facilityRows(i, 300).rows) {
        if (Math.abs(r.amount_usd - r.amount / r.fx_rate) > 0.005 + 1e-9 * Math.abs(r.amount_usd))
          wrong.push(r)
        if (r.amount <= 0) wrong.push(r)
        const isEstimate =
          r.status === 'budget' || r.status === 'forecast' || r.category === 'closure_cost_estimate'
        if (isEstimate !== (r.estimate_class !== null)) wrong.push(r)
        if (r.estimate_class !== null && (r.estimate_class < 1 || r.estimate_class > 5)) wrong.push(r)
      }
    }
    expect(wrong).toEqual([])
  })

  it('holds assurance at its coverage of the same year closure estimate, and charges fees in range', () => {
    let fees = 0
    let premiums = 0
    for (const seed of [42, 7]) {
      for (const i of FACILITIES) {
        const rows = facilityRows(i, 600, { start: '2023-01-01', end: '2024-12-31' }, seed).rows
        const liability = new Map<number, number>()
        for (const r of rows)
          if (r.category === 'closure_cost_estimate') liability.set(r.fiscal_year, r.amount)
        const step = rows[0]!.fx_rate >= 1000 ? 1e6 : 1000
        for (const r of rows) {
          if (r.category === 'financial_assurance') {
            expect(r.liability_amount).toBe(liability.get(r.fiscal_year))
            expect(r.coverage_pct).toBeGreaterThan(0)
            expect(r.coverage_pct).toBeLessThanOrEqual(100)
            expect(
              Math.abs(r.amount - ((r.coverage_pct as number) / 100) * (r.liability_amount as number)),
            ).toBeLessThanOrEqual(step / 2 + 1e-6)
          }
          if (r.category === 'assurance_carrying_cost') {
            const rate = (r.amount / (r.liability_amount as number)) * (365.25 / days(r))
            expect(rate).toBeGreaterThanOrEqual(0.015 - 1e-4)
            expect(rate).toBeLessThanOrEqual(0.03 + 1e-4)
            fees++
          }
          if (r.category === 'insurance_premium') {
            const rate = (r.amount / (r.liability_amount as number)) * (365.25 / days(r))
            expect(rate).toBeGreaterThanOrEqual(0.001 - 1e-5)
            expect(rate).toBeLessThanOrEqual(0.01 + 1e-5)
            premiums++
          }
        }
        // Total coverage stays within the 25–100 % of domain §F.
        const byYear = new Map<number, number>()
        for (const r of rows) {
          if (r.category === 'financial_assurance')
            byYear.set(r.fiscal_year, (byYear.get(r.fiscal_year) ?? 0) + r.coverage_pct!)
        }
        for (const total of byYear.values()) {
          expect(total).toBeGreaterThanOrEqual(24.9)
          expect(total).toBeLessThanOrEqual(100.1)
        }
      }
    }
    expect(fees).toBeGreaterThan(20)
    expect(premiums).toBeGreaterThan(40)
  })

  it('scales closure estimates with footprint across facilities', () => {
    const points: [number, number][] = []
    for (let i = 0; i < 60; i++) {
      const { rows, facility } = facilityRows(i, 5)
      const estimate = rows.find((r) => r.category === 'closure_cost_estimate') as FinancialRow
      expect(estimate.amount_usd).toBeGreaterThan(1e6)
      points.push([facility.footprint_ha, estimate.amount_usd])
    }
    const rank = (values: number[]) => {
      const order = values.map((v, k) => [v, k] as const).sort((a, b) => a[0] - b[0])
      const ranks = new Array<number>(values.length)
      order.forEach(([, k], r) => (ranks[k] = r))
      return ranks
    }
    const rx = rank(points.map((p) => p[0]))
    const ry = rank(points.map((p) => p[1]))
    const n = points.length
    const d2 = rx.reduce((a, r, k) => a + (r - ry[k]!) ** 2, 0)
    const spearman = 1 - (6 * d2) / (n * (n * n - 1))
    expect(spearman).toBeGreaterThan(0.6)
  })

  it('sums quarterly actuals to about the annual budget', () => {
    let checked = 0
    for (const i of FACILITIES) {
      const rows = facilityRows(i, 2000).rows
      for (const category of ['opex_operations', 'surveillance_monitoring', 'water_treatment']) {
        const budget = rows.find((r) => r.category === category && r.status === 'budget')
        if (!budget) continue
        const actual = rows
          .filter(
            (r) => r.category === category && r.status === 'actual' && r.fiscal_year === budget.fiscal_year,
          )
          .reduce((a, r) => a + r.amount, 0)
        expect(actual / budget.amount).toBeGreaterThan(0.75)
        expect(actual / budget.amount).toBeLessThan(1.3)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(20)
  })

  it('itemises actuals for larger counts without changing the period totals', () => {
    const totals = (rows: FinancialRow[]) => {
      const map = new Map<string, number>()
      for (const r of rows) {
        const key = `${r.category}|${r.status}|${r.period_start}|${r.description.split(':')[0]}`
        map.set(key, round2((map.get(key) ?? 0) + r.amount))
      }
      return map
    }
    for (const i of [0, 2, 12]) {
      const small = totals(facilityRows(i, 400).rows)
      const large = totals(facilityRows(i, 4000).rows)
      expect(large.size).toBe(small.size)
      for (const [key, value] of small) expect(large.get(key)).toBeCloseTo(value, 1)
    }
  })

  it('books raises only at active facilities and the MRF levy only in Western Australia', () => {
    for (let i = 0; i < 40; i++) {
      const { rows, facility } = facilityRows(i, 300, { start: '2020-01-01', end: '2024-12-31' })
      const wa = facility.country_code === 'AU' && facility.timezone === 'Australia/Perth'
      if (facility.status !== 'active') expect(rows.some((r) => r.category === 'capex_raise')).toBe(false)
      if (!wa) expect(rows.some((r) => r.category === 'mrf_levy')).toBe(false)
      for (const r of rows) {
        if (r.category === 'mrf_levy')
          expect(r.amount / r.liability_amount! / (days(r) / 365)).toBeCloseTo(0.01, 2)
      }
    }
  })

  it('costs each raise US$ 5–60 M over 1,000 facility-years, booked over its construction with its event_id (domain §F: raise capex per raise 5–60 M)', () => {
    let facilityYears = 0
    const perRaise: number[] = []
    const problems: string[] = []
    for (let i = 0; i < 200; i++) {
      const range = { start: '2015-01-01', end: '2019-12-31' }
      const { rows, facility } = facilityRows(i, 400, range)
      facilityYears += 5
      const raises = facilityRaises(42, facility, Date.parse(range.start) / DAY, Date.parse(range.end) / DAY)
      const byRaise = new Map(raises.map((r) => [r.id, r]))
      const lastBooked = Math.max(...rows.map((r) => r.period_end))
      const sums = new Map<string, number>()
      for (const r of rows) {
        if (r.category !== 'capex_raise' || r.status !== 'actual') continue
        const raise = byRaise.get(r.event_id ?? '')
        if (raise === undefined) {
          problems.push(`${facility.code}: raise capex ${r.period_start} without a scheduled raise`)
          continue
        }
        // Booked in the quarters of its construction, which end when the crest is raised.
        if (r.period_end < raise.constructionStart * DAY || r.period_start >= raise.day * DAY)
          problems.push(`${raise.id}: capex in ${new Date(r.period_start).toISOString()}`)
        sums.set(raise.id, (sums.get(raise.id) ?? 0) + r.amount_usd)
      }
      for (const raise of raises) {
        // Whole raises only: built inside the range, and the ledger read past them.
        if (raise.constructionStart * DAY < Date.parse(range.start) || lastBooked < raise.day * DAY) continue
        const usd = sums.get(raise.id)
        if (usd === undefined) problems.push(`${raise.id}: no capex`)
        else perRaise.push(usd)
      }
    }
    expect(problems).toEqual([])
    expect(facilityYears).toBeGreaterThanOrEqual(1000)
    expect(perRaise.length).toBeGreaterThan(100)
    expect(Math.min(...perRaise)).toBeGreaterThanOrEqual(5_000_000)
    expect(Math.max(...perRaise)).toBeLessThanOrEqual(60_000_000)
    // Spread over the band, not piled on one edge.
    const sorted = [...perRaise].sort((a, b) => a - b)
    const quantile = (q: number) => sorted[Math.floor(q * (sorted.length - 1))] as number
    expect(quantile(0.5)).toBeGreaterThan(6_000_000)
    expect(quantile(0.5)).toBeLessThan(40_000_000)
    expect(quantile(0.9) / quantile(0.1)).toBeGreaterThan(2)
  })

  it('books no slurry pipeline or spigot work at closed facilities (domain §F: closed facilities deposit nothing)', () => {
    let closed = 0
    for (let i = 0; i < 150; i++) {
      const { rows, facility } = facilityRows(i, 2000, { start: '2020-01-01', end: '2024-12-31' })
      if (facility.status !== 'closed') continue
      closed++
      expect(rows.filter((r) => /pipeline|spigot/.test(r.description))).toEqual([])
    }
    expect(closed).toBeGreaterThan(5)
  })

  it('validates its parameters', () => {
    const parse = (input: unknown) => financialGenerator.paramsSchema.safeParse(input).success
    expect(parse({})).toBe(true)
    expect(parse({ start: '2024-02-01', end: '2024-01-01' })).toBe(false)
    expect(parse({ unknown: 1 })).toBe(false)
  })
})

function round2(x: number): number {
  return Math.round(x * 100) / 100
}
