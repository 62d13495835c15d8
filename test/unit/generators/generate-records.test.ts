import { describe, expect, it } from 'vitest'
import { resolveDatasetSpec } from '../../../src/generators/dataset-spec.js'
import {
  facilityShare,
  generateFacilities,
  generateRecords,
} from '../../../src/generators/generate-records.js'
import { DATA_TYPES, type Row } from '../../../src/generators/generator.js'
import { columnsOf, getGenerator } from '../../../src/generators/registry.js'

const spec = (type: string, overrides: { count?: number; facilities?: number; seed?: number } = {}) =>
  resolveDatasetSpec({
    type,
    count: overrides.count ?? 600,
    defaultCount: 1000,
    facilities: overrides.facilities ?? 7,
    seed: overrides.seed ?? 42,
  })

describe('facilityShare', () => {
  it('spreads a count over facilities as evenly as possible, contiguously', () => {
    for (const [count, facilities] of [
      [10, 3],
      [3, 5],
      [1_000_003, 7],
    ] as const) {
      let next = 0
      for (let i = 0; i < facilities; i++) {
        const share = facilityShare(count, facilities, i)
        expect(share.first).toBe(next)
        expect(share.count).toBeGreaterThanOrEqual(Math.floor(count / facilities))
        expect(share.count).toBeLessThanOrEqual(Math.ceil(count / facilities))
        next += share.count
      }
      expect(next).toBe(count)
    }
  })
})

describe('every data type', () => {
  // Column convention (src/generators/columns.ts): no -0, which SQLite stores as 0 and `verify` then reports.
  it.each(DATA_TYPES)('%s never yields a negative zero over 50,000 records', (type) => {
    const columns = columnsOf(type).filter((c) => c.type === 'float' || c.type === 'integer')
    const found: string[] = []
    for (const row of generateRecords(spec(type, { count: 50_000, facilities: 10, seed: 11 })))
      for (const column of columns) if (Object.is(row[column.name], -0)) found.push(column.name)
    expect(found).toEqual([])
  })
})

describe.each(DATA_TYPES)('%s records', (type) => {
  const columns = columnsOf(type).map((c) => c.name)

  it('are exactly `count`, indexed 0..count-1, each facility in turn', () => {
    const rows = [...generateRecords(spec(type, { count: 601 }))]
    expect(rows).toHaveLength(601)
    expect(rows.map((r) => r['record_index'])).toEqual(Array.from({ length: 601 }, (_, i) => i))
    const facilityIds = [...generateFacilities(42, { from: 0, to: 7 })].map((f) => f.id)
    const seen = rows.map((r) => facilityIds.indexOf(r['facility_id'] as string))
    expect(seen.every((v, i) => v >= 0 && (i === 0 || v >= (seen[i - 1] as number)))).toBe(true)
    expect(Object.keys(rows[0] as Row)).toEqual(columns)
  })

  it('are the same for the same seed and different for another', () => {
    const a = [...generateRecords(spec(type))]
    const b = [...generateRecords(spec(type))]
    const c = [...generateRecords(spec(type, { seed: 43 }))]
    expect(b).toEqual(a)
    expect(c).not.toEqual(a)
  })

  it('of a facility range equal the same facilities cut from the full run', () => {
    const full = [...generateRecords(spec(type, { count: 1000 }))]
    const shard = [...generateRecords({ ...spec(type, { count: 1000 }), facilityRange: { from: 3, to: 6 } })]
    const first = facilityShare(1000, 7, 3).first
    const end = facilityShare(1000, 7, 5).first + facilityShare(1000, 7, 5).count
    expect(shard).toEqual(full.slice(first, end))
  })

  it('of one facility do not change when the facility count or the other facilities change', () => {
    const fiveFacilities = [
      ...generateRecords({ ...spec(type, { count: 500, facilities: 5 }), facilityRange: { from: 1, to: 2 } }),
    ]
    const tenFacilities = [
      ...generateRecords({
        ...spec(type, { count: 1000, facilities: 10 }),
        facilityRange: { from: 1, to: 2 },
      }),
    ]
    // Facility 1 holds 100 records in both runs; only their record indexes differ.
    const strip = (rows: Row[]) => rows.map(({ record_index: _, ...rest }) => rest)
    expect(strip(tenFacilities)).toEqual(strip(fiveFacilities))
  })
})

describe('a date-only end', () => {
  it.each(DATA_TYPES)('%s: includes the whole of its day; a date-time end is taken as given', (type) => {
    const schema = getGenerator(type).paramsSchema
    const parse = (end: string) => (schema.parse({ start: '2024-03-01', end }) as { end: string }).end
    expect(parse('2024-03-31')).toBe('2024-03-31T23:59:59.999Z')
    expect(parse('2024-03-31T06:00:00Z')).toBe('2024-03-31T06:00:00.000Z')
  })

  it.each(DATA_TYPES.filter((t) => t !== 'monitoring'))(
    '%s: a one-day period (start and end on the same date) is valid and filled',
    (type) => {
      const resolved = resolveDatasetSpec({
        type,
        count: 200,
        defaultCount: 200,
        facilities: 2,
        seed: 7,
        parameters: [{ start: '2024-03-31', end: '2024-03-31' }],
      })
      expect(resolved.params).toMatchObject({
        start: '2024-03-31T00:00:00.000Z',
        end: '2024-03-31T23:59:59.999Z',
      })
      expect([...generateRecords(resolved)].length).toBe(200)
    },
  )
})
