import type { Knex } from 'knex'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToolkit, type Toolkit } from '../../../src/commands/toolkit.js'
import { tableOf } from '../../../src/dialects/dialect-adapter-base.js'
import type { Facility } from '../../../src/generators/facility/facility-generator.js'
import { generateFacilities } from '../../../src/generators/generate-records.js'
import type { DataType } from '../../../src/generators/data-types.js'
import { columnsOf } from '../../../src/generators/registry.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/databases.js'
import {
  closureCostProblems,
  closureProblems,
  complianceNeglectProblems,
  lateDocumentProblems,
  droughtProblems,
  extremeStormProblems,
  meetsShare,
  progressiveFailureProblems,
} from '../../helpers/scenario-signatures.js'

// Every scenario preset loaded into each engine through the toolkit, its signature checked on what the
// database holds: SQL aggregates first, then the rows read back. `verify` proves the records are the ones the
// seed makes, and the digests are compared across engines.

const SEED = 23
const FACILITIES = 4
const YEAR = { start: '2024-01-01', end: '2024-12-31', interval: '2h' }
/** Every 2-hour reading of 2024 at every facility. */
const READINGS = 366 * 12 * FACILITIES
const FIVE_YEARS = { start: '2021-01-01', end: '2025-12-31' }
const PLAN = [
  { name: 'storm', type: 'monitoring', count: READINGS, parameters: { ...YEAR, scenario: 'extreme-storm' } },
  { name: 'drought', type: 'monitoring', count: READINGS, parameters: { ...YEAR, scenario: 'drought' } },
  { name: 'closure', type: 'monitoring', count: READINGS, parameters: { ...YEAR, scenario: 'closure' } },
  {
    name: 'failure',
    type: 'monitoring',
    count: READINGS,
    parameters: { ...YEAR, scenario: 'progressive-failure' },
  },
  {
    name: 'closure costs',
    type: 'financial',
    count: 600,
    parameters: { ...FIVE_YEARS, scenario: 'closure' },
  },
  {
    name: 'failure findings',
    type: 'compliance',
    count: 1200,
    parameters: { ...FIVE_YEARS, scenario: 'progressive-failure' },
  },
  {
    name: 'neglect',
    type: 'compliance',
    count: 1200,
    parameters: { ...FIVE_YEARS, scenario: 'non-compliant-operator' },
  },
  {
    name: 'late documents',
    type: 'document',
    count: 'natural',
    parameters: { ...FIVE_YEARS, scenario: 'non-compliant-operator' },
  },
] as const

/** Per engine, the typed-table digest of each dataset by name. */
const digests = new Map<string, Record<string, string>>()

for (const dialect of DIALECTS) {
  describe(`${dialect}: scenario presets after a load`, () => {
    let test: TestDatabase
    let toolkit: Toolkit
    const ids = new Map<string, number>()
    const facilities: Facility[] = [...generateFacilities(SEED, { from: 0, to: FACILITIES })]

    beforeAll(async () => {
      test = await createTestDatabase(dialect, 'scenarios')
      toolkit = await createToolkit({
        db: test.url,
        config: { facilities: FACILITIES, seed: SEED, storage: 'typed', plan: PLAN as never },
        useEnvironment: false,
      })
      const result = await toolkit.run({})
      for (const d of result.datasets) ids.set(d.name, d.id)
    }, 180_000)
    afterAll(async () => {
      await toolkit?.close()
      await test.drop()
    })

    const rows = async (name: string, type: DataType, where: Record<string, unknown> = {}) => {
      const db = await toolkit.database()
      const query = tableOf(db.knex, db.tables.typed[type]).where({ dataset_id: ids.get(name), ...where })
      return ((await query) as Record<string, unknown>[]).map((r) => db.adapter.decodeRow(columnsOf(type), r))
    }
    const count = async (
      name: string,
      type: DataType,
      where: (q: Knex.QueryBuilder) => Knex.QueryBuilder,
    ) => {
      const db = await toolkit.database()
      const query = where(tableOf(db.knex, db.tables.typed[type]).where({ dataset_id: ids.get(name) }))
      const [row] = await query.count<{ n: number | string }[]>({ n: '*' })
      return Number(row?.n)
    }

    it('stores the scenario in each dataset and verifies every dataset against its seed', async () => {
      const report = await toolkit.datasets.verifyAll()
      expect(report.datasets.map((d) => [d.name, d.result])).toEqual(PLAN.map((p) => [p.name, 'ok']))
      const list = await toolkit.datasets.list({ limit: 100 })
      for (const d of list.datasets) expect(d.parameters).toHaveProperty('scenario')
      digests.set(
        dialect,
        Object.fromEntries(
          report.datasets.map((d) => [d.name, d.tables.find((t) => t.kind === 'typed')?.actualDigest ?? '']),
        ),
      )
    })

    it('extreme-storm: the 100-year day, TARP 2–3 after it, recovery', async () => {
      const db = await toolkit.database()
      const peaks: { level: number | string }[] = await tableOf(db.knex, db.tables.typed.monitoring)
        .where({ dataset_id: ids.get('storm') })
        .groupBy('facility_id')
        .select('facility_id')
        .max({ level: 'tarp_level' })
      expect(peaks.map((p) => Number(p.level) >= 2)).toEqual(Array(FACILITIES).fill(true))
      expect(extremeStormProblems(await rows('storm', 'monitoring'), facilities)).toEqual([])
    })

    it('drought: no storm, under half the rain, a falling pond', async () => {
      expect(await count('drought', 'monitoring', (q) => q.where({ event: 'storm' }))).toBe(0)
      expect(droughtProblems(await rows('drought', 'monitoring'), facilities)).toEqual([])
    })

    it('closure: no raise, falling pond and pore pressure; closure estimates and no raise or operating cost', async () => {
      expect(await count('closure', 'monitoring', (q) => q.where({ event: 'raise' }))).toBe(0)
      expect(closureProblems(await rows('closure', 'monitoring'), facilities)).toEqual([])
      expect(
        await count('closure costs', 'financial', (q) =>
          q.whereIn('category', ['capex_raise', 'opex_operations']),
        ),
      ).toBe(0)
      expect(closureCostProblems(await rows('closure costs', 'financial'), FACILITIES, 5)).toEqual([])
    })

    it('progressive-failure: clean TARP 2+ readings months in; ignored findings, overdue reviews', async () => {
      const clean = await count('failure', 'monitoring', (q) =>
        q.where('tarp_level', '>=', 2).whereNull('anomaly'),
      )
      expect(clean).toBeGreaterThan(FACILITIES * 300)
      expect(progressiveFailureProblems(await rows('failure', 'monitoring'), facilities)).toEqual([])
      expect(complianceNeglectProblems(await rows('failure findings', 'compliance'))).toEqual([])
    })

    it('non-compliant-operator: every dam safety review overdue, open findings, few requirements met', async () => {
      const overdue = await count('neglect', 'compliance', (q) =>
        q
          .where({ framework: 'GISTM', requirement_id: '10.5', status: 'Does not meet' })
          .where('finding', 'like', '%overdue:%'),
      )
      const reviews = await count('neglect', 'compliance', (q) =>
        q.where({ framework: 'GISTM', requirement_id: '10.5' }),
      )
      expect(reviews).toBeGreaterThan(0)
      expect(overdue).toBe(reviews)
      const assessed = await rows('neglect', 'compliance')
      expect(complianceNeglectProblems(assessed)).toEqual([])
      expect(meetsShare(assessed)).toBeLessThan(0.3)
      expect(lateDocumentProblems(await rows('late documents', 'document'))).toEqual([])
    })
  })
}

describe('scenario presets on every engine', () => {
  it('load the same records into each', () => {
    const all = [...digests.values()]
    expect(all).toHaveLength(DIALECTS.length)
    for (const d of all) expect(d).toEqual(all[0])
  })
})
