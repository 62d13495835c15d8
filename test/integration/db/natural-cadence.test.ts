import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToolkit, type Toolkit } from '../../../src/commands/toolkit.js'
import { countOf, tableOf } from '../../../src/dialects/dialect-adapter-base.js'
import { resolveDatasetSpec } from '../../../src/generators/dataset-spec.js'
import { recordLayout } from '../../../src/generators/record-layout.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/databases.js'

// A natural-cadence run (`count: 'natural'`) seeded in two shards on every engine: each dataset completes
// with the calendar's count as records_written, progress totals and manifest, holds each facility's share
// under its record indexes, and verifies with digests equal across engines.

const TYPES = ['document', 'compliance', 'environmental', 'financial'] as const
const CONFIG = {
  facilities: 4,
  seed: 9,
  parameters: {
    document: { start: '2022-01-01', end: '2024-12-31' },
    compliance: { start: '2023-01-01', end: '2024-12-31' },
    environmental: { start: '2024-01-01', end: '2024-02-29', airQuality: false },
    financial: { start: '2023-01-01', end: '2024-12-31' },
  },
}
const EXPECTED = TYPES.map((type) =>
  resolveDatasetSpec({
    type,
    count: 'natural',
    defaultCount: 1,
    facilities: CONFIG.facilities,
    seed: CONFIG.seed,
    parameters: [CONFIG.parameters[type]],
  }),
)
const digests = new Map<string, string>()

for (const dialect of DIALECTS) {
  describe(`${dialect}: natural cadence`, () => {
    let test: TestDatabase
    let toolkit: Toolkit
    beforeAll(async () => {
      test = await createTestDatabase(dialect, 'natural')
      toolkit = await createToolkit({ db: test.url, config: CONFIG, useEnvironment: false })
    })
    afterAll(async () => {
      await toolkit?.close()
      await test?.drop()
    })

    it('loads in two shards, completes with the natural count and verifies with the same digests on every engine', async () => {
      const totals = new Map<string, number>()
      const plan = { types: [...TYPES], count: 'natural' as const, runId: 'natural', batchSize: 200 }
      for (const index of [1, 0]) {
        const run = await toolkit.run({
          ...plan,
          shard: { index, count: 2 },
          onProgress: (p) => totals.set(`${index}|${p.type}`, p.total),
        })
        expect(run.datasets.map((d) => d.status)).toEqual(TYPES.map(() => 'completed'))
      }
      const db = await toolkit.database()
      for (const [k, type] of TYPES.entries()) {
        const spec = EXPECTED[k]!
        expect(spec.count).toBeGreaterThan(100)
        expect(spec.count).toBeLessThan(2000)
        const layout = recordLayout(spec)
        // Each shard's progress total is its facilities' share of the calendar.
        expect(totals.get(`0|${type}`)).toBe(layout.countIn({ from: 0, to: 2 }))
        expect(totals.get(`1|${type}`)).toBe(layout.countIn({ from: 2, to: 4 }))
        const row = (await tableOf(db.knex, db.tables.dataSets).where({ data_type: type }).first()) as Record<
          string,
          unknown
        >
        expect(Number(row['record_count'])).toBe(spec.count)
        expect(Number(row['records_written'])).toBe(spec.count)
        expect(row['status']).toBe('completed')
        const stored: unknown =
          typeof row['parameters'] === 'string' ? JSON.parse(row['parameters']) : row['parameters']
        expect(stored).toMatchObject({ cadence: 'natural' })
        const third = layout.share(2)
        const rows = tableOf(db.knex, db.tables.typed[type]).where({ dataset_id: row['id'] })
        expect(
          await countOf(
            rows.clone().whereBetween('record_index', [third.first, third.first + third.count - 1]),
          ),
        ).toBe(third.count)
      }
      const result = await toolkit.datasets.verifyAll()
      expect(result.datasets.map((d) => [d.type, d.result])).toEqual(TYPES.map((t) => [t, 'ok']))
      for (const d of result.datasets) {
        const digest = d.tables[0]!.expectedDigest
        expect(d.tables[0]!.actualDigest).toBe(digest)
        digests.set(d.type, digests.get(d.type) ?? digest)
        expect(digest, `${d.type} digest differs from another engine's`).toBe(digests.get(d.type))
      }
    })
  })
}
