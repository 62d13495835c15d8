import { describe, expect, it } from 'vitest'
import { createFaker } from '../../../src/generators/faker.js'
import { generateFacility } from '../../../src/generators/facility/facility-generator.js'
import type { ConstructionMethod } from '../../../src/generators/facility/facility-datasets.js'
import {
  geotechnicalGenerator,
  type GeotechnicalRow,
} from '../../../src/generators/geotechnical/geotechnical-generator.js'
import { correlation, partitionRows } from '../../helpers/generators.js'
import { columnsOf } from '../../../src/generators/registry.js'

const FACILITIES = Array.from({ length: 12 }, (_, i) => i)
const DAY_MS = 86_400_000

function facilityRows(index: number, count: number, params: Record<string, unknown> = {}, seed = 42) {
  return partitionRows<GeotechnicalRow>('geotechnical', { seed, facilityIndex: index, count, params })
}

/** Rows of many facilities pooled, generated once for the distribution checks. */
const POOLED = FACILITIES.flatMap((i) => facilityRows(i, 3000).rows)

/** The first facility index (seed 42) built with `method`. */
function facilityWith(method: ConstructionMethod): number {
  const faker = createFaker()
  for (let i = 0; i < 500; i++) if (generateFacility(42, i, faker).construction_method === method) return i
  throw new Error(`no ${method} facility`)
}

// An independent statement of what each standard reports (Atterberg NP aside).
const REPORTS: Record<string, readonly string[]> = {
  'ASTM D4318': ['liquid_limit_pct', 'plastic_limit_pct', 'plasticity_index_pct', 'non_plastic'],
  'ASTM D6913': ['gravel_pct', 'sand_pct', 'fines_pct', 'd50_mm'],
  'ASTM D6913/D7928': ['gravel_pct', 'sand_pct', 'fines_pct', 'clay_pct', 'd50_mm'],
  'ASTM D854': ['specific_gravity'],
  'ASTM D2216': ['moisture_pct'],
  'ASTM D7263': [
    'moisture_pct',
    'specific_gravity',
    'dry_density_t_m3',
    'void_ratio',
    'degree_of_saturation_pct',
  ],
  'ASTM D698': ['max_dry_density_t_m3', 'optimum_moisture_pct'],
  'ASTM D1557': ['max_dry_density_t_m3', 'optimum_moisture_pct'],
  'ASTM D5084': ['permeability_m_s', 'test_stress_kpa'],
  'ASTM D2434': ['permeability_m_s'],
  'ASTM D2435': [
    'moisture_pct',
    'specific_gravity',
    'dry_density_t_m3',
    'void_ratio',
    'compression_index',
    'recompression_index',
    'cv_m2_per_yr',
    'test_stress_kpa',
  ],
  'ASTM D4767': ['friction_angle_deg', 'cohesion_kpa', 'su_ratio', 'test_stress_kpa'],
  'ASTM D7181': ['friction_angle_deg', 'cohesion_kpa', 'test_stress_kpa'],
  'ASTM D6528': ['su_ratio', 'test_stress_kpa'],
  'ASTM D5778': [
    'cone_resistance_mpa',
    'sleeve_friction_kpa',
    'pore_pressure_u2_kpa',
    'soil_behaviour_type_index',
  ],
  'ASTM D5778/D7400': [
    'cone_resistance_mpa',
    'sleeve_friction_kpa',
    'pore_pressure_u2_kpa',
    'soil_behaviour_type_index',
    'shear_wave_velocity_m_s',
  ],
  'ASTM D1586': ['spt_n60'],
  'ASTM D2573': ['vane_su_kpa', 'vane_su_remoulded_kpa'],
}
const TEST_OF_STANDARD: Record<string, string> = {
  'ASTM D4318': 'atterberg',
  'ASTM D6913': 'psd',
  'ASTM D6913/D7928': 'psd',
  'ASTM D854': 'specific_gravity',
  'ASTM D2216': 'moisture',
  'ASTM D7263': 'density',
  'ASTM D698': 'proctor',
  'ASTM D1557': 'proctor',
  'ASTM D5084': 'permeability',
  'ASTM D2434': 'permeability',
  'ASTM D2435': 'consolidation',
  'ASTM D4767': 'shear_strength',
  'ASTM D7181': 'shear_strength',
  'ASTM D6528': 'shear_strength',
  'ASTM D5778': 'cpt',
  'ASTM D5778/D7400': 'cpt',
  'ASTM D1586': 'spt',
  'ASTM D2573': 'field_vane',
}
const FIRST_RESULT = columnsOf('geotechnical').findIndex((c) => c.name === 'moisture_pct')
const RESULT_COLUMNS = columnsOf('geotechnical')
  .slice(FIRST_RESULT)
  .map((c) => c.name)

/** Collects failed checks and asserts once: an expect() per row would take seconds. */
class Problems {
  readonly #found = new Set<string>()
  check(ok: boolean, message: string): void {
    if (!ok && this.#found.size < 20) this.#found.add(message)
  }
  assertNone(): void {
    expect([...this.#found]).toEqual([])
  }
}

const sampleKey = (r: GeotechnicalRow) => `${r.facility_id}/${r.sample_id}`
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
const of = (rows: readonly GeotechnicalRow[], field: keyof GeotechnicalRow, zone?: string) =>
  rows
    .filter((r) => (zone === undefined || r.material_zone === zone) && r[field] !== null)
    .map((r) => r[field] as number)

describe('geotechnical generator', () => {
  it('yields exactly the asked count, with consecutive record indexes and every column in order', () => {
    const { rows, facility } = partitionRows<GeotechnicalRow>('geotechnical', {
      facilityIndex: 3,
      count: 1234,
      firstRecordIndex: 5000,
    })
    expect(rows).toHaveLength(1234)
    expect(rows.map((r) => r.record_index)).toEqual(Array.from({ length: 1234 }, (_, k) => 5000 + k))
    const names = columnsOf('geotechnical').map((c) => c.name)
    expect(names.slice(0, 2)).toEqual(['record_index', 'facility_id'])
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(names)
      expect(row.facility_id).toBe(facility.id)
    }
    for (const count of [0, 1, 7]) expect(facilityRows(0, count).rows).toHaveLength(count)
  })

  it('gives every value the type of its column', () => {
    const start = Date.parse('2023-03-10T12:00:00Z')
    const end = Date.parse('2023-09-01T00:00:00Z')
    const problems = new Problems()
    for (const i of FACILITIES) {
      const { rows } = facilityRows(i, 1500, { start: '2023-03-10T12:00:00Z', end: '2023-09-01' })
      for (const row of rows) {
        const values = row as unknown as Record<string, unknown>
        for (const c of columnsOf('geotechnical')) {
          const v = values[c.name]
          let ok: boolean
          if (v === null) ok = c.nullable === true
          else if (c.type === 'integer' || c.type === 'bigint') ok = Number.isSafeInteger(v)
          else if (c.type === 'float') ok = typeof v === 'number' && Number.isFinite(v)
          else if (c.type === 'boolean') ok = typeof v === 'boolean'
          else if (c.type === 'uuid') ok = typeof v === 'string' && /^[0-9a-f-]{36}$/.test(v)
          else if (c.type === 'string') {
            ok = typeof v === 'string' && v.length <= (c.length ?? 255) && (!c.values || c.values.includes(v))
          } else if (c.type === 'date') {
            ok =
              typeof v === 'number' && Number.isSafeInteger(v) && v % DAY_MS === 0 && v >= start && v <= end
          } else ok = false
          if (!ok) problems.check(ok, `${c.name} (${c.type}) = ${JSON.stringify(v)}`)
        }
      }
    }
    problems.assertNone()
  })

  it('depends only on the partition', () => {
    expect(facilityRows(4, 800).rows).toEqual(facilityRows(4, 800).rows)
    expect(facilityRows(4, 800, {}, 7).rows).not.toEqual(facilityRows(4, 800).rows)
    expect(facilityRows(4, 800, { cptShare: 0.9 }).rows).not.toEqual(facilityRows(4, 800).rows)
  })

  it('fills exactly the result fields each test reports', () => {
    const problems = new Problems()
    const order = (names: readonly string[]) =>
      [...names].sort((a, b) => RESULT_COLUMNS.indexOf(a) - RESULT_COLUMNS.indexOf(b)).join()
    for (const r of POOLED) {
      problems.check(TEST_OF_STANDARD[r.standard] === r.test_type, `${r.standard} on a ${r.test_type} test`)
      const values = r as unknown as Record<string, unknown>
      const reported = REPORTS[r.standard] as readonly string[]
      const expected = r.test_type === 'atterberg' && r.non_plastic ? ['non_plastic'] : reported
      const filled = RESULT_COLUMNS.filter((name) => values[name] !== null)
      problems.check(filled.join() === order(expected), `${r.standard} filled ${filled.join()}`)
    }
    problems.assertNone()
    const types = new Set(POOLED.map((r) => r.test_type))
    for (const t of columnsOf('geotechnical').find((c) => c.name === 'test_type')?.values ?? []) {
      expect(types, t).toContain(t)
    }
  })

  it('reports PI = LL − PL, and non-plastic results for sandy samples', () => {
    const problems = new Problems()
    const atterberg = POOLED.filter((r) => r.test_type === 'atterberg')
    const plastic = atterberg.filter((r) => !r.non_plastic)
    for (const r of plastic) {
      const [ll, pl, pi] = [r.liquid_limit_pct, r.plastic_limit_pct, r.plasticity_index_pct] as number[]
      problems.check(Math.abs(pi! - (ll! - pl!)) < 1e-9 && pl! > 0 && pi! > 0, `LL ${ll} PL ${pl} PI ${pi}`)
    }
    problems.assertNone()
    expect(plastic.length).toBeGreaterThan(100)
    const sands = atterberg.filter(
      (r) => r.material_zone === 'cyclone_sand' || r.material_zone === 'beach_sand',
    )
    expect(sands.filter((r) => r.non_plastic).length / sands.length).toBeGreaterThan(0.6)
  })

  it('makes slimes finer and less permeable than beach sand, and k fall as fines rise', () => {
    expect(mean(of(POOLED, 'fines_pct', 'slimes'))).toBeGreaterThan(
      mean(of(POOLED, 'fines_pct', 'beach_sand')) + 30,
    )
    expect(mean(of(POOLED, 'd50_mm', 'slimes'))).toBeLessThan(mean(of(POOLED, 'd50_mm', 'beach_sand')))
    const logK = (zone: string) => of(POOLED, 'permeability_m_s', zone).map(Math.log10)
    expect(mean(logK('slimes'))).toBeLessThan(mean(logK('beach_sand')) - 1.5)

    // Join the PSD and permeability tests of the same sample, within hydraulically placed tailings:
    // compaction (clay cores) rightly breaks the fines trend across zones.
    const finesOf = new Map(
      POOLED.filter((r) => r.test_type === 'psd').map((r) => [sampleKey(r), r.fines_pct]),
    )
    const hydraulic = new Set(['beach_sand', 'slimes', 'whole_tailings'])
    const pairs = POOLED.filter(
      (r) => r.test_type === 'permeability' && hydraulic.has(r.material_zone) && finesOf.has(sampleKey(r)),
    )
    expect(pairs.length).toBeGreaterThan(100)
    const fines = pairs.map((r) => finesOf.get(sampleKey(r)) as number)
    const k = pairs.map((r) => Math.log10(r.permeability_m_s as number))
    expect(correlation(fines, k)).toBeLessThan(-0.6)
  })

  it('keeps a laboratory d50 under the 75 mm sieve over 1,000 facilities, rockfill included (ASTM D6913 sieves to 75 mm)', () => {
    let psd = 0
    let coarse = 0
    let maxD50 = 0
    for (let i = 0; i < 1000; i++) {
      for (const r of facilityRows(i, 120).rows) {
        if (r.test_type !== 'psd') continue
        psd++
        const d50 = r.d50_mm as number
        maxD50 = Math.max(maxD50, d50)
        if (d50 > 4.75) coarse++
      }
    }
    expect(psd).toBeGreaterThan(2000)
    expect(coarse).toBeGreaterThan(20)
    expect(maxD50).toBeLessThanOrEqual(50)
  })

  it('keeps gradings consistent: fractions add up, clay within fines, d50 on the right side of 75 µm', () => {
    const problems = new Problems()
    for (const r of POOLED.filter((x) => x.test_type === 'psd')) {
      const [gravel, sand, fines] = [r.gravel_pct, r.sand_pct, r.fines_pct] as number[]
      const d50 = r.d50_mm as number
      problems.check(
        Math.abs(gravel! + sand! + fines! - 100) < 1e-6 && sand! >= 0,
        `${gravel}+${sand}+${fines}`,
      )
      problems.check(r.clay_pct === null || r.clay_pct < fines!, `clay ${r.clay_pct} of fines ${fines}`)
      problems.check(fines! <= 50.5 || d50 < 0.075, `fines ${fines} with d50 ${d50}`)
      problems.check(fines! >= 49.5 || d50 > 0.075, `fines ${fines} with d50 ${d50}`)
      problems.check(
        r.uscs_symbol === null || /^[MC]/.test(r.uscs_symbol) === fines! >= 50,
        `${r.uscs_symbol} ${fines}`,
      )
    }
    problems.assertNone()
  })

  it('relates void ratio, dry density, G_s, moisture and saturation', () => {
    const problems = new Problems()
    const states = POOLED.filter((r) => r.void_ratio !== null)
    expect(states.length).toBeGreaterThan(500)
    for (const r of states) {
      const gs = r.specific_gravity as number
      const rho = r.dry_density_t_m3 as number
      const e = r.void_ratio as number
      problems.check(e > 0 && Math.abs(e - (gs / rho - 1)) <= 0.0005 + 1e-9, `e ${e} G_s ${gs} ρd ${rho}`)
      const s = r.degree_of_saturation_pct
      if (s !== null) {
        const expected = Math.min(100, ((r.moisture_pct as number) * gs) / e)
        problems.check(s <= 100 && Math.abs(s - expected) < 0.06, `S ${s} w ${r.moisture_pct} e ${e}`)
      }
    }
    problems.assertNone()
  })

  it('lets all tests of one sample agree on the sample', () => {
    const problems = new Problems()
    const first = new Map<string, GeotechnicalRow>()
    const moisture = new Map<string, number>()
    const gs = new Map<string, number>()
    const fields = [
      'borehole_id',
      'depth_top_m',
      'depth_bottom_m',
      'material_zone',
      'uscs_symbol',
      'sampled_date',
    ] as const
    for (const r of POOLED) {
      const key = sampleKey(r)
      const f = first.get(key)
      if (f === undefined) first.set(key, r)
      else for (const name of fields) problems.check(r[name] === f[name], `${key} ${name}`)
      if (r.moisture_pct !== null) {
        problems.check((moisture.get(key) ?? r.moisture_pct) === r.moisture_pct, `${key} moisture`)
        moisture.set(key, r.moisture_pct)
      }
      if (r.specific_gravity !== null) {
        problems.check((gs.get(key) ?? r.specific_gravity) === r.specific_gravity, `${key} G_s`)
        gs.set(key, r.specific_gravity)
      }
      const field = r.test_type === 'cpt' || r.test_type === 'spt' || r.test_type === 'field_vane'
      problems.check(
        field ? r.test_date === r.sampled_date : r.test_date >= r.sampled_date,
        `${key} test date`,
      )
    }
    problems.assertNone()
  })

  it('orders samples down each hole, without overlap', () => {
    const problems = new Problems()
    const finished = new Set<string>()
    for (let k = 0; k < POOLED.length; k++) {
      const r = POOLED[k] as GeotechnicalRow
      const hole = `${r.facility_id}/${r.borehole_id}`
      problems.check(r.depth_top_m >= 0 && r.depth_bottom_m > r.depth_top_m, `${hole} ${r.depth_top_m}`)
      problems.check(
        (r.hole_type === 'cpt' ? /^CPT-\d{2,}$/ : /^BH-\d{2,}$/).test(r.borehole_id),
        r.borehole_id,
      )
      const previous = POOLED[k - 1]
      if (previous === undefined || `${previous.facility_id}/${previous.borehole_id}` !== hole) {
        problems.check(!finished.has(hole), `${hole} resumes`)
        if (previous) finished.add(`${previous.facility_id}/${previous.borehole_id}`)
      } else if (previous.sample_id !== r.sample_id) {
        problems.check(r.depth_top_m >= previous.depth_bottom_m, `${r.sample_id} above ${previous.sample_id}`)
      }
    }
    problems.assertNone()
  })

  it('makes CPT cone resistance grow with depth and stay low in slimes', () => {
    const cpt = POOLED.filter((r) => r.test_type === 'cpt')
    const slimes = cpt.filter((r) => r.material_zone === 'slimes')
    const beach = cpt.filter((r) => r.material_zone === 'beach_sand')
    expect(mean(slimes.map((r) => r.cone_resistance_mpa as number))).toBeLessThan(
      0.3 * mean(beach.map((r) => r.cone_resistance_mpa as number)),
    )
    for (const zone of [slimes, beach]) {
      const shallow = zone.filter((r) => r.depth_top_m < 5).map((r) => r.cone_resistance_mpa as number)
      const deep = zone.filter((r) => r.depth_top_m > 10).map((r) => r.cone_resistance_mpa as number)
      expect(mean(deep)).toBeGreaterThan(mean(shallow))
      const depths = zone.map((r) => r.depth_top_m)
      expect(
        correlation(
          depths,
          zone.map((r) => r.cone_resistance_mpa as number),
        ),
      ).toBeGreaterThan(0.3)
    }
    expect(mean(slimes.map((r) => r.soil_behaviour_type_index as number))).toBeGreaterThan(2.6)
    expect(mean(beach.map((r) => r.soil_behaviour_type_index as number))).toBeLessThan(2.6)
  })

  it('fits the material zones to how the facility was built', () => {
    const zones = (method: ConstructionMethod) =>
      new Set(facilityRows(facilityWith(method), 3000).rows.map((r) => r.material_zone))
    const embankment = ['cyclone_sand', 'rockfill', 'compacted_fill', 'filter_drain'] as const
    const inPit = zones('in_pit')
    for (const z of [...embankment, 'filtered_tailings'] as const) expect(inPit.has(z), z).toBe(false)
    const dryStack = zones('dry_stack')
    expect(dryStack.has('filtered_tailings')).toBe(true)
    for (const z of ['beach_sand', 'slimes', 'cyclone_sand', 'rockfill'] as const)
      expect(dryStack.has(z), z).toBe(false)
    const upstream = zones('upstream')
    expect(upstream.has('beach_sand') && upstream.has('slimes')).toBe(true)
    expect(upstream.has('filtered_tailings')).toBe(false)
  })

  it('spreads CPTu soundings by the cptShare parameter', () => {
    const share = (cptShare: number) => {
      const holes = new Set(
        FACILITIES.flatMap((i) =>
          facilityRows(i, 1500, { cptShare }).rows.map((r) => `${r.facility_id}/${r.borehole_id}`),
        ),
      )
      return [...holes].filter((h) => h.includes('/CPT-')).length / holes.size
    }
    expect(share(0)).toBe(0)
    expect(share(0.8)).toBeGreaterThan(0.5)
  })

  it('validates its parameters', () => {
    const parse = (input: unknown) => geotechnicalGenerator.paramsSchema.safeParse(input).success
    expect(parse({})).toBe(true)
    expect(parse({ start: '2022-01-01', end: '2022-06-30', cptShare: 0.5 })).toBe(true)
    expect(parse({ start: '2024-02-01', end: '2024-01-01' })).toBe(false)
    expect(parse({ start: '2024-01-01T06:00:00Z', end: '2024-01-01T18:00:00Z' })).toBe(false)
    expect(parse({ cptShare: 1.5 })).toBe(false)
    expect(parse({ unknown: 1 })).toBe(false)
  })
})
