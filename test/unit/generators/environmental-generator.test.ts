import { describe, expect, it } from 'vitest'
import type { ColumnSpec } from '../../../src/generators/columns.js'
import {
  environmentalGenerator,
  type EnvironmentalRow,
} from '../../../src/generators/environmental/environmental-generator.js'
import { correlation, partitionRows } from '../../helpers/generators.js'
import { columnsOf } from '../../../src/generators/registry.js'

const FACILITIES = Array.from({ length: 16 }, (_, i) => i)
const START = Date.parse('2024-01-01T00:00:00.000Z')
const END = Date.parse('2024-12-31T23:59:59.999Z')

function facilityRows(index: number, count: number, params: Record<string, unknown> = {}, seed = 42) {
  return partitionRows<EnvironmentalRow>('environmental', { seed, facilityIndex: index, count, params })
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
      return Number.isSafeInteger(value) && (value as number) >= start && (value as number) <= end
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

describe('environmental generator', () => {
  it('yields exactly the asked count, with consecutive record indexes and every column in order', () => {
    const names = columnsOf('environmental').map((c) => c.name)
    for (const count of [1, 7, 2500]) {
      const { rows, facility } = partitionRows<EnvironmentalRow>('environmental', {
        facilityIndex: 3,
        count,
        firstRecordIndex: 1000,
      })
      expect(rows).toHaveLength(count)
      expect(rows.map((r) => r.record_index)).toEqual(Array.from({ length: count }, (_, i) => 1000 + i))
      for (const row of rows) {
        expect(Object.keys(row)).toEqual(names)
        expect(row.facility_id).toBe(facility.id)
      }
    }
  })

  it('gives every value its column type, and keeps sample times inside the range', () => {
    const ranges = [
      { params: {}, start: START, end: END },
      {
        params: { start: '2023-03-10T07:30:00Z', end: '2023-04-02T00:00:00Z' },
        start: Date.parse('2023-03-10T07:30:00Z'),
        end: Date.parse('2023-04-02T00:00:00Z'),
      },
    ]
    const problems = new Set<string>()
    for (const range of ranges) {
      for (const i of FACILITIES.slice(0, 8)) {
        for (const row of facilityRows(i, 1500, range.params).rows) {
          for (const column of columnsOf('environmental')) {
            const value = (row as unknown as Record<string, unknown>)[column.name]
            const problem = columnProblem(column, value, range.start, range.end)
            if (problem !== null) problems.add(problem)
          }
        }
      }
    }
    expect([...problems]).toEqual([])
  })

  it('is deterministic for a partition and differs for another seed', () => {
    const a = facilityRows(2, 800).rows
    expect(facilityRows(2, 800).rows).toEqual(a)
    expect(facilityRows(2, 800, {}, 43).rows).not.toEqual(a)
  })

  it('reports non-detects at the detection limit and flags exceedances from value and guideline', () => {
    let nonDetects = 0
    let exceedances = 0
    const wrong: EnvironmentalRow[] = []
    for (const i of FACILITIES) {
      for (const r of facilityRows(i, 2000).rows) {
        if (r.below_detection) {
          nonDetects++
          if (r.detection_limit === null || r.value !== r.detection_limit) wrong.push(r)
        } else if (r.detection_limit !== null && r.value < r.detection_limit) {
          wrong.push(r)
        }
        const beyond =
          r.guideline_value !== null &&
          (r.value > r.guideline_value || (r.guideline_min !== null && r.value < r.guideline_min))
        if (r.exceedance !== (!r.below_detection && beyond)) wrong.push(r)
        if (r.guideline_min !== null && r.parameter !== 'ph') wrong.push(r)
        if ((r.guideline_source === null) !== (r.guideline_value === null)) wrong.push(r)
        if (r.exceedance) exceedances++
      }
    }
    expect(wrong).toEqual([])
    expect(nonDetects).toBeGreaterThan(100)
    expect(exceedances).toBeGreaterThan(100)
  })

  it('measures cyanide at gold facilities only, and applies the Cyanide Code to pond WAD cyanide', () => {
    let gold = 0
    for (const i of Array.from({ length: 30 }, (_, k) => k)) {
      const { rows, facility } = facilityRows(i, 600)
      const cyanide = rows.filter((r) => r.parameter.startsWith('cyanide'))
      if (facility.commodity !== 'gold') {
        expect(cyanide).toHaveLength(0)
        continue
      }
      gold++
      expect(cyanide.length).toBeGreaterThan(0)
      for (const r of cyanide) {
        if (r.medium === 'process_water' && r.parameter === 'cyanide_wad' && r.qa_flag !== 'blank') {
          expect([r.guideline_source, r.guideline_value]).toEqual(['Cyanide Code', 50])
        }
      }
    }
    expect(gold).toBeGreaterThan(3)
  })

  it('correlates EC and sulfate within samples, and raises metals when pH drops', () => {
    const ec: number[] = []
    const sulfate: number[] = []
    const ph: number[] = []
    const copper: number[] = []
    for (const i of FACILITIES) {
      const samples = new Map<string, { station: string; values: Map<string, number> }>()
      for (const r of facilityRows(i, 4000, { qaRate: 0 }).rows) {
        if (r.qa_flag !== null || r.below_detection) continue
        const sample = samples.get(r.sample_id) ?? {
          station: r.station_id,
          values: new Map<string, number>(),
        }
        sample.values.set(r.parameter, r.value)
        samples.set(r.sample_id, sample)
      }
      // Centre each station on its own mean, so the correlation is within stations, not between them.
      const byStation = new Map<string, { ec: number; so4: number; ph: number; cu: number }[]>()
      for (const { station, values } of samples.values()) {
        const [e, so4, p, cu] = ['ec', 'sulfate', 'ph', 'copper'].map((k) => values.get(k))
        if (e === undefined || so4 === undefined || p === undefined || cu === undefined) continue
        const list = byStation.get(station) ?? []
        list.push({ ec: Math.log(e), so4: Math.log(so4), ph: p, cu: Math.log(cu) })
        byStation.set(station, list)
      }
      for (const list of byStation.values()) {
        if (list.length < 5) continue
        const mean = (key: 'ec' | 'so4' | 'ph' | 'cu') => list.reduce((a, x) => a + x[key], 0) / list.length
        const [mEc, mSo4, mPh, mCu] = [mean('ec'), mean('so4'), mean('ph'), mean('cu')]
        for (const x of list) {
          ec.push(x.ec - mEc)
          sulfate.push(x.so4 - mSo4)
          ph.push(x.ph - mPh)
          copper.push(x.cu - mCu)
        }
      }
    }
    expect(ec.length).toBeGreaterThan(500)
    expect(correlation(ec, sulfate)).toBeGreaterThan(0.6)
    expect(correlation(ph, copper)).toBeLessThan(-0.1)
  })

  it('keeps TDS at 0.55–0.75 of EC in every routine sample', () => {
    for (const i of FACILITIES.slice(0, 6)) {
      const rows = facilityRows(i, 2000, { qaRate: 0 }).rows
      for (let k = 1; k < rows.length; k++) {
        const [a, b] = [rows[k - 1] as EnvironmentalRow, rows[k] as EnvironmentalRow]
        if (a.parameter !== 'ec' || b.parameter !== 'tds' || a.qa_flag || b.qa_flag || b.below_detection)
          continue
        expect(b.value / a.value).toBeGreaterThan(0.5)
        expect(b.value / a.value).toBeLessThan(0.82)
      }
    }
  })

  it('finds ponds often above their guideline and background streams rarely', () => {
    const share = { pond: [0, 0], background: [0, 0] }
    for (const i of FACILITIES) {
      for (const r of facilityRows(i, 3000).rows) {
        if (r.guideline_value === null || r.qa_flag !== null) continue
        const key =
          r.station_type === 'pond_decant'
            ? 'pond'
            : r.station_type === 'receiving_water_upstream'
              ? 'background'
              : null
        if (key === null) continue
        share[key][0]! += r.exceedance ? 1 : 0
        share[key][1]!++
      }
    }
    const pond = share.pond[0]! / share.pond[1]!
    const background = share.background[0]! / share.background[1]!
    expect(pond).toBeGreaterThan(0.2)
    expect(background).toBeLessThan(0.08)
  })

  it('holds streams to no drinking-water turbidity value over 1,000 facility-years (domain §E.1: WHO/EPA values are for drinking water)', () => {
    let streamTurbidity = 0
    let background = 0
    let backgroundOver = 0
    for (let i = 0; i < 1000; i++) {
      for (const r of facilityRows(i, 400, { airQuality: false, qaRate: 0 }).rows) {
        if (r.medium !== 'surface_water' || r.parameter !== 'turbidity') continue
        streamTurbidity++
        expect(r.guideline_source === null || r.guideline_source === 'ANZG 95 %').toBe(true)
        if (r.station_type === 'receiving_water_upstream') {
          background++
          if (r.exceedance) backgroundOver++
        }
      }
    }
    expect(streamTurbidity).toBeGreaterThan(1000)
    // The upstream background station: turbidity rarely above a guideline (it was 60 % under WHO's 5 NTU).
    expect(backgroundOver / background).toBeLessThan(0.05)
  }, 60_000)

  it('takes samples on whole minutes inside the period, never on its last millisecond', () => {
    const end = Date.parse('2024-12-31T23:59:59.999Z')
    let atEdge = 0
    let total = 0
    for (let i = 0; i < 200; i++) {
      for (const r of facilityRows(i, 400).rows) {
        total++
        if (r.sampled_at % 60_000 !== 0 || r.sampled_at > end) atEdge++
      }
    }
    expect(total).toBe(80_000)
    expect(atEdge).toBe(0)
  })

  it('samples bores about three times less often than the pond', () => {
    let checked = 0
    for (const i of FACILITIES) {
      const { rows, facility } = facilityRows(i, 3000, { qaRate: 0 })
      if (!facility.has_pond) continue
      const times = (type: string) => [
        ...new Set(
          rows.filter((r) => r.station_type === type && r.parameter === 'ph').map((r) => r.sampled_at),
        ),
      ]
      const gap = (ts: number[]) => (Math.max(...ts) - Math.min(...ts)) / (ts.length - 1)
      const pond = times('pond_decant')
      const bore = times('upgradient_bore')
      if (pond.length < 4 || bore.length < 3) continue
      expect(gap(bore) / gap(pond)).toBeGreaterThan(2.2)
      expect(gap(bore) / gap(pond)).toBeLessThan(4)
      checked++
    }
    expect(checked).toBeGreaterThan(5)
  })

  it('honours airQuality and qaRate', () => {
    const noAir = facilityRows(4, 1500, { airQuality: false, qaRate: 0 }).rows
    expect(noAir.some((r) => r.medium === 'air' || r.medium === 'dust')).toBe(false)
    expect(noAir.some((r) => r.qa_flag === 'duplicate' || r.qa_flag === 'blank')).toBe(false)
    const qa = facilityRows(4, 3000, { qaRate: 0.2 }).rows
    const samples = new Set(
      qa.filter((r) => r.qa_flag === 'duplicate' || r.qa_flag === 'blank').map((r) => r.sample_id),
    )
    expect(samples.size).toBeGreaterThan(5)
    for (const r of qa) if (r.qa_flag === 'blank') expect(r.guideline_value).toBeNull()
  })

  it('validates its parameters', () => {
    const parse = (input: unknown) => environmentalGenerator.paramsSchema.safeParse(input).success
    expect(parse({})).toBe(true)
    expect(parse({ start: '2024-02-01', end: '2024-01-01' })).toBe(false)
    expect(parse({ qaRate: 0.5 })).toBe(false)
    expect(parse({ unknown: 1 })).toBe(false)
  })
})
