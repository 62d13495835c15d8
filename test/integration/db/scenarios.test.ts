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
  baselineProblems,
  closureCostProblems,
  closureProblems,
  complianceNeglectProblems,
  lateDocumentProblems,
  droughtProblems,
  extremeStormProblems,
  linkedChainProblems,
  meetsShare,
  overdueReviewProblems,
  progressiveFailureProblems,
  stormPeaks,
  tarpShareProblems,
} from '../../helpers/scenario-signatures.js'

// Every scenario preset loaded into each engine through the toolkit, its signature checked on what the
// database holds: SQL aggregates and joins by `event_id` (the storm's and the climb's linked records), then the
// rows read back. `verify` proves the records are the ones the seed makes, and the digests are compared across
// engines.

const SEED = 23
const FACILITIES = 4
/** Facilities of the baseline readings: enough for the TARP level shares to settle (domain §A.3). */
const BASELINE_FACILITIES = 16
const PERIOD = { start: '2024-01-01', end: '2024-12-31' }
const YEAR = { ...PERIOD, interval: '2h' }
/** Every 2-hour reading of 2024 at every facility. */
const READINGS = 366 * 12 * FACILITIES
const FIVE_YEARS = { start: '2021-01-01', end: '2025-12-31' }
const STORM = { ...PERIOD, scenario: 'extreme-storm' }
const FAILURE = { ...FIVE_YEARS, scenario: 'progressive-failure' }
const PLAN = [
  {
    name: 'baseline',
    type: 'monitoring',
    facilities: BASELINE_FACILITIES,
    count: 366 * 6 * BASELINE_FACILITIES,
    parameters: { ...PERIOD, interval: '4h', scenario: 'baseline' },
  },
  { name: 'storm', type: 'monitoring', count: READINGS, parameters: { ...YEAR, scenario: 'extreme-storm' } },
  // Drought at the baseline's interval, to compare with its first facilities.
  {
    name: 'drought',
    type: 'monitoring',
    count: 366 * 6 * FACILITIES,
    parameters: { ...PERIOD, interval: '4h', scenario: 'drought' },
  },
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
  // The linked records of the storm and of the climb: each type over the period of the readings' start.
  { name: 'storm documents', type: 'document', count: 'natural', parameters: STORM },
  { name: 'storm findings', type: 'compliance', count: 'natural', parameters: STORM },
  { name: 'storm sampling', type: 'environmental', count: 2000, parameters: STORM },
  { name: 'storm costs', type: 'financial', count: 'natural', parameters: STORM },
  {
    name: 'failure readings',
    type: 'monitoring',
    count: 1826 * FACILITIES,
    parameters: { ...FAILURE, interval: '1d' },
  },
  { name: 'failure documents', type: 'document', count: 'natural', parameters: FAILURE },
  { name: 'failure sampling', type: 'environmental', count: 4000, parameters: FAILURE },
  { name: 'failure costs', type: 'financial', count: 'natural', parameters: FAILURE },
  // The dam safety reviews issued over the 15 years before the assessments too (a DSR is due every 5 or 10).
  {
    name: 'failure reviews',
    type: 'document',
    count: 'natural',
    parameters: { ...FAILURE, start: '2006-01-01', docTypes: ['DSR'] },
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
    const baselineFacilities: Facility[] = [...generateFacilities(SEED, { from: 0, to: BASELINE_FACILITIES })]
    const facilities = baselineFacilities.slice(0, FACILITIES)

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

    /**
     * The notification/DSI/finding chain of each event of `eventIds`, joined in SQL by `event_id` across the datasets of
     * the readings (`monitoring`) and of the other types (`<prefix> documents`, `findings`, `sampling`, `costs`).
     */
    const chainOf = async (monitoring: string, prefix: string, findings: string, eventIds: string[]) => {
      const db = await toolkit.database()
      const table = (type: DataType) => {
        const t = db.tables.typed[type]
        return t.schema ? `${t.schema}.${t.name}` : t.name
      }
      const sql = `
        select n.event_id, n.issue_date as notified, i.issue_date as inspected, i.doc_id as inspection,
               c.assessment_date as reviewed, c.corrective_action_due as due, c.evidence_ref as evidence,
               (select min(m.timestamp) from ?? m
                 where m.dataset_id = ? and m.event_id = n.event_id and m.tarp_level >= 2) as escalated,
               (select min(e.sampled_at) from ?? e where e.dataset_id = ? and e.event_id = n.event_id) as sampled,
               (select min(f.period_end) from ?? f where f.dataset_id = ? and f.event_id = n.event_id) as booked
          from ?? n
          join ?? i on i.dataset_id = n.dataset_id and i.event_id = n.event_id and i.doc_type_code = 'DSI'
          join ?? c on c.dataset_id = ? and c.event_id = n.event_id
         where n.dataset_id = ? and n.doc_type_code = 'TARP'
           and n.event_id in (${eventIds.map(() => '?').join(', ')})`
      const id = (name: string) => ids.get(name) as number
      const raw = await db.knex.raw(sql, [
        table('monitoring'),
        id(monitoring),
        table('environmental'),
        id(`${prefix} sampling`),
        table('financial'),
        id(`${prefix} costs`),
        table('document'),
        table('document'),
        table('compliance'),
        id(findings),
        id(`${prefix} documents`),
        ...eventIds,
      ])
      return (dialect === 'pg' ? raw.rows : dialect === 'mysql' ? raw[0] : raw) as Record<string, unknown>[]
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

    it('baseline: TARP level shares within the domain frequencies, no scenario event, level 2–3 only in linked events', async () => {
      const baseline = await rows('baseline', 'monitoring')
      expect(baseline).toHaveLength(366 * 6 * BASELINE_FACILITIES)
      expect(tarpShareProblems(baseline)).toEqual([])
      expect(baselineProblems(baseline)).toEqual([])
      // The baseline of the storm's facilities has no 100-year storm.
      expect(extremeStormProblems(baseline, baselineFacilities).length).toBeGreaterThan(FACILITIES)
    })

    it('extreme-storm: the 100-year day, TARP 2–3 after it, recovery', async () => {
      const db = await toolkit.database()
      const peaks: { level: number | string }[] = await tableOf(db.knex, db.tables.typed.monitoring)
        .where({ dataset_id: ids.get('storm') })
        .groupBy('facility_id')
        .select('facility_id')
        .max({ level: 'tarp_level' })
      expect(peaks.map((p) => Number(p.level) >= 2)).toEqual(Array(FACILITIES).fill(true))
      const storm = await rows('storm', 'monitoring')
      expect(extremeStormProblems(storm, facilities)).toEqual([])
    })

    it('extreme-storm: TARP 2 after the rain peak, then notification, sampling, inspection, finding and cost, joined by event_id', async () => {
      const peaks = [...stormPeaks(await rows('storm', 'monitoring')).values()]
      const eventIds = peaks.map((p) => p.eventId ?? 'none')
      expect(eventIds.every((id) => /-\d{6}15-storm$/.test(id))).toBe(true)
      const chain = await chainOf('storm', 'storm', 'storm findings', eventIds)
      const rainPeak = new Map(peaks.map((p) => [p.eventId ?? 'none', p.at]))
      expect(linkedChainProblems(chain, eventIds, rainPeak)).toEqual([])
    })

    it('drought: no storm, under half the rain, pond and pore pressure below the baseline', async () => {
      expect(await count('drought', 'monitoring', (q) => q.where({ event: 'storm' }))).toBe(0)
      // Against the baseline readings of the same facilities (the first of the baseline's).
      const db = await toolkit.database()
      const query = tableOf(db.knex, db.tables.typed.monitoring)
        .where({ dataset_id: ids.get('baseline') })
        .whereIn(
          'facility_id',
          facilities.map((f) => f.id),
        )
      const baseline = ((await query) as Record<string, unknown>[]).map((r) =>
        db.adapter.decodeRow(columnsOf('monitoring'), r),
      )
      expect(droughtProblems(await rows('drought', 'monitoring'), facilities, baseline)).toEqual([])
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
      // The facility rows, shared by every dataset of the seed, keep the status the seed gave them (README).
      const db = await toolkit.database()
      const stored: { id: string; status: string }[] = await tableOf(db.knex, db.tables.facilities)
        .whereIn(
          'id',
          facilities.map((f) => f.id),
        )
        .select('id', 'status')
      expect(Object.fromEntries(stored.map((r) => [r.id, r.status]))).toEqual(
        Object.fromEntries(facilities.map((f) => [f.id, f.status])),
      )
    })

    it('progressive-failure: clean TARP 2+ readings months in; ignored findings, overdue reviews', async () => {
      const clean = await count('failure', 'monitoring', (q) =>
        q.where('tarp_level', '>=', 2).whereNull('anomaly'),
      )
      expect(clean).toBeGreaterThan(FACILITIES * 300)
      expect(progressiveFailureProblems(await rows('failure', 'monitoring'), facilities)).toEqual([])
      expect(complianceNeglectProblems(await rows('failure findings', 'compliance'))).toEqual([])
    })

    it('progressive-failure: the climb reaches TARP 2, then notification, sampling, inspection, finding and cost, joined by event_id', async () => {
      const readings = await rows('failure readings', 'monitoring')
      const eventIds = [...new Set(readings.map((r) => r['event_id'] as string | null))].filter(
        (id): id is string => id !== null && id.endsWith('-phreatic'),
      )
      expect(eventIds.map((id) => id.slice(-18))).toEqual(Array(FACILITIES).fill('-20210131-phreatic'))
      const chain = await chainOf('failure readings', 'failure', 'failure findings', eventIds)
      expect(linkedChainProblems(chain, eventIds)).toEqual([])
    })

    // Both generators read one DSR schedule (the document calendar): under the scenario the reviews lapse, so
    // the register holds no DSR in the interval before a review rated overdue, and a count above the calendar
    // still never reassesses a dam safety review before its previous next_review_date.
    it('progressive-failure: the dam safety reviews marked overdue are overdue by their dates', async () => {
      expect(
        overdueReviewProblems(
          await rows('failure findings', 'compliance'),
          await rows('failure reviews', 'document'),
          facilities,
        ),
      ).toEqual([])
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
