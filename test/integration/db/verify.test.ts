import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToolkit, type Toolkit } from '../../../src/commands/toolkit.js'
import type { DatasetVerification } from '../../../src/commands/verify.js'
import { rowsOf, tableOf } from '../../../src/dialects/dialect-adapter-base.js'
import { planOf } from '../../../src/commands/datasets.js'
import { writeRecords } from '../../../src/formats/record-file-writer.js'
import { resolveDatasetSpec } from '../../../src/generators/dataset-spec.js'
import { generateRecords } from '../../../src/generators/generate-records.js'
import { columnsOf } from '../../../src/generators/registry.js'
import { DATA_TYPES } from '../../../src/generators/generator.js'
import { recordLayout } from '../../../src/generators/record-layout.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/databases.js'

// `verify` against real tables: every type verifies on every engine with engine-independent digests, and each
// kind of tampering (a changed value, deleted rows, an extra row, a changed facility) is reported with the
// right count and first record index. Datasets are small: the property does not depend on size.

/** Text written to it. */
class Collect extends Writable {
  text = ''
  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    this.text += chunk.toString('utf8')
    callback()
  }
}

const tableStatus = (v: DatasetVerification) => Object.fromEntries(v.tables.map((t) => [t.kind, t.status]))

// The digest of the regenerated rows is computed from the generators alone: the same on every engine.
const digests = new Map<string, string>()

// A natural-cadence run (`count: 'natural'`): each facility holds its calendar of the period, so counts differ
// by facility; shards, progress totals, records_written and verify must all follow the same layout.
const NATURAL_TYPES = ['document', 'compliance', 'environmental', 'financial'] as const
const NATURAL_CONFIG = {
  facilities: 4,
  seed: 9,
  parameters: {
    document: { start: '2022-01-01', end: '2024-12-31' },
    compliance: { start: '2023-01-01', end: '2024-12-31' },
    environmental: { start: '2024-01-01', end: '2024-02-29', airQuality: false },
    financial: { start: '2023-01-01', end: '2024-12-31' },
  },
}
const NATURAL_SPECS = NATURAL_TYPES.map((type) =>
  resolveDatasetSpec({
    type,
    count: 'natural',
    defaultCount: 1,
    facilities: NATURAL_CONFIG.facilities,
    seed: NATURAL_CONFIG.seed,
    parameters: [NATURAL_CONFIG.parameters[type]],
  }),
)

for (const dialect of DIALECTS) {
  describe(`${dialect}: verify`, () => {
    let test: TestDatabase
    let toolkit: Toolkit
    const monitoring = async (count = 40, storage?: 'typed' | 'both') => {
      const kit = storage
        ? await createToolkit({ db: test.url, config: { facilities: 3, storage }, useEnvironment: false })
        : toolkit
      try {
        const run = await kit.run({ types: ['monitoring'], count })
        return run.datasets[0]!.id
      } finally {
        if (kit !== toolkit) await kit.close()
      }
    }

    beforeAll(async () => {
      test = await createTestDatabase(dialect, 'verify')
      toolkit = await createToolkit({
        db: test.url,
        // Stored `both`, so that verify compares the JSON records table too.
        config: { facilities: 3, seed: 5, storage: 'both' },
        useEnvironment: false,
      })
    })
    afterAll(async () => {
      await toolkit?.close()
      await test?.drop()
    })

    it('every type verifies ok in its typed table, its JSON records and its facilities, with digests equal across engines', async () => {
      const run = await toolkit.run({ count: 60 })
      const result = await toolkit.datasets.verifyAll()
      expect(result.ok).toBe(true)
      expect(result.datasets.map((d) => [d.type, d.result])).toEqual(DATA_TYPES.map((t) => [t, 'ok']))
      for (const d of result.datasets) {
        expect(d.tables.map((t) => [t.kind, t.status, t.actual])).toEqual([
          ['typed', 'ok', 60],
          ['records', 'ok', 60],
          ['facilities', 'ok', 3],
        ])
        for (const t of d.tables) expect(t.actualDigest).toBe(t.expectedDigest)
        // The JSON records decode to the same rows as the typed table.
        expect(d.tables[1]!.actualDigest).toBe(d.tables[0]!.actualDigest)
        const digest = d.tables[0]!.expectedDigest
        digests.set(d.type, digests.get(d.type) ?? digest)
        expect(digest, `${d.type} digest differs from another engine's`).toBe(digests.get(d.type))
      }
      expect(run.datasets).toHaveLength(DATA_TYPES.length)
    })

    it('reports a changed value as changed rows, at its record index', async () => {
      const id = await monitoring()
      const db = await toolkit.database()
      await tableOf(db.knex, db.tables.typed.monitoring)
        .where({ dataset_id: id, record_index: 17 })
        .update({ ph: 1.25 })
      const v = await toolkit.datasets.verify(id)
      expect(v.result).toBe('differs')
      expect(v.tables[0]).toMatchObject({
        status: 'changed rows',
        changed: 1,
        firstDifference: 17,
        missing: 0,
      })
      expect(v.tables[0]!.actualDigest).not.toBe(v.tables[0]!.expectedDigest)
      expect(tableStatus(v)).toEqual({ typed: 'changed rows', records: 'ok', facilities: 'ok' })
    })

    it('reports deleted JSON records as missing rows', async () => {
      const id = await monitoring()
      const db = await toolkit.database()
      await tableOf(db.knex, db.tables.records)
        .where({ dataset_id: id })
        .where('record_index', '>=', 33)
        .delete()
      const v = await toolkit.datasets.verify(id)
      expect(v.result).toBe('differs')
      expect(v.tables[1]).toMatchObject({
        status: 'missing rows',
        missing: 7,
        firstDifference: 33,
        actual: 33,
      })
      expect(tableStatus(v)).toEqual({ typed: 'ok', records: 'missing rows', facilities: 'ok' })
    })

    it('reports a copied row with a higher record index as an extra row', async () => {
      const id = await monitoring(40, 'typed')
      const db = await toolkit.database()
      const table = db.tables.typed.monitoring
      const [row] = await rowsOf(tableOf(db.knex, table).where({ dataset_id: id, record_index: 5 }))
      await tableOf(db.knex, table).insert({ ...row, record_index: 40 })
      const v = await toolkit.datasets.verify(id)
      expect(v.storage).toBe('typed')
      expect(v.tables.map((t) => t.kind)).toEqual(['typed', 'facilities'])
      expect(v.tables[0]).toMatchObject({ status: 'extra rows', extra: 1, firstDifference: 40, actual: 41 })
    })

    it('verifies a dataset seeded in two shards, and reports a changed facility', async () => {
      const plan = { types: ['monitoring' as const], count: 50, runId: 'sharded' }
      const first = await toolkit.run({ ...plan, shard: { index: 0, count: 2 } })
      const second = await toolkit.run({ ...plan, shard: { index: 1, count: 2 } })
      const id = first.datasets[0]!.id
      expect(second.datasets[0]!.id).toBe(id)
      expect((await toolkit.datasets.verify(id)).result).toBe('ok')

      const other = await createToolkit({
        db: test.url,
        config: { facilities: 2, seed: 77, storage: 'both' },
        useEnvironment: false,
      })
      try {
        const own = (await other.run({ types: ['financial'], count: 10 })).datasets[0]!.id
        const db = await other.database()
        await tableOf(db.knex, db.tables.facilities)
          .where({ seed: 77, facility_index: 1 })
          .update({ name: 'Renamed' })
        const v = await other.datasets.verify(own)
        expect(v.tables[2]).toMatchObject({
          kind: 'facilities',
          status: 'changed rows',
          changed: 1,
          firstDifference: 1,
        })
      } finally {
        await other.close()
      }
    })

    it('says incomplete for a dataset not completed, refuses a deleted one unless asked, and hides others\u2019 datasets from users', async () => {
      const pending = await toolkit.datasets.create({ name: 'later', type: 'compliance', count: 20 })
      const v = await toolkit.datasets.verify(pending.id)
      expect(v).toMatchObject({ result: 'incomplete', datasetStatus: 'pending' })
      expect(v.tables[0]).toMatchObject({
        status: 'incomplete',
        missing: 20,
        actual: 0,
        firstDifference: null,
      })

      const id = await monitoring(10)
      await toolkit.datasets.delete(id)
      await expect(toolkit.datasets.verify(id)).rejects.toThrow(/Dataset \d+ is deleted/)
      expect((await toolkit.datasets.verify(id, { includeDeleted: true })).result).toBe('ok')
      await expect(toolkit.as({ id: 'someone', role: 'user' }).datasets.verify(pending.id)).rejects.toThrow(
        /does not exist/,
      )
    })

    it('verifies a natural-cadence run loaded in two shards, with the calendar\u2019s count and equal digests on every engine', async () => {
      const natural = await createToolkit({ db: test.url, config: NATURAL_CONFIG, useEnvironment: false })
      try {
        const totals = new Map<string, number>()
        const plan = {
          types: [...NATURAL_TYPES],
          count: 'natural' as const,
          runId: 'natural',
          batchSize: 200,
        }
        let ids: number[] = []
        for (const index of [1, 0]) {
          const run = await natural.run({
            ...plan,
            shard: { index, count: 2 },
            onProgress: (p) => totals.set(`${index}|${p.type}`, p.total),
          })
          expect(run.datasets.map((d) => d.status)).toEqual(NATURAL_TYPES.map(() => 'completed'))
          ids = run.datasets.map((d) => d.id)
        }
        const db = await natural.database()
        for (const [k, type] of NATURAL_TYPES.entries()) {
          const spec = NATURAL_SPECS[k]!
          expect(spec.count).toBeGreaterThan(100)
          const layout = recordLayout(spec)
          // Each shard's progress total is its facilities' share of the calendar, and facilities differ.
          expect(totals.get(`0|${type}`)).toBe(layout.countIn({ from: 0, to: 2 }))
          expect(totals.get(`1|${type}`)).toBe(layout.countIn({ from: 2, to: 4 }))
          const dataset = await natural.datasets.get(ids[k]!)
          expect(dataset).toMatchObject({ record_count: spec.count, records_written: spec.count })
          expect(dataset.parameters).toMatchObject({ cadence: 'natural' })
          const third = layout.share(2)
          const rows = tableOf(db.knex, db.tables.typed[type])
            .where({ dataset_id: ids[k] })
            .whereBetween('record_index', [third.first, third.first + third.count - 1])
          expect(Number((await rows.count<{ n: number }[]>({ n: '*' }))[0]!.n)).toBe(third.count)
          const v = await natural.datasets.verify(ids[k]!)
          expect(v.result).toBe('ok')
          const digest = v.tables[0]!.expectedDigest
          expect(v.tables[0]!.actualDigest).toBe(digest)
          digests.set(`natural ${type}`, digests.get(`natural ${type}`) ?? digest)
          expect(digest, `${type} digest differs from another engine's`).toBe(digests.get(`natural ${type}`))
        }
      } finally {
        await natural.close()
      }
    })

    it('keeps the clean values of faulty readings (JSON objects): digests equal across engines, exports from either source as the regenerated records', async () => {
      const faulty = await createToolkit({
        db: test.url,
        config: { facilities: 3, seed: 5, storage: 'both', parameters: { monitoring: { anomalyRate: 0.3 } } },
        useEnvironment: false,
      })
      try {
        const id = (await faulty.run({ types: ['monitoring'], count: 900 })).datasets[0]!.id
        const v = await faulty.datasets.verify(id)
        expect(v.tables.map((t) => [t.kind, t.status])).toEqual([
          ['typed', 'ok'],
          ['records', 'ok'],
          ['facilities', 'ok'],
        ])
        const digest = v.tables[0]!.expectedDigest
        digests.set('faulty monitoring', digests.get('faulty monitoring') ?? digest)
        expect(digest).toBe(digests.get('faulty monitoring'))
        // jsonb (PostgreSQL) stores an object's keys in an order of its own: the generator writes them in it.
        const expected = new Collect()
        const dataset = await faulty.datasets.get(id)
        await writeRecords('ndjson', columnsOf('monitoring'), generateRecords(planOf(dataset)), expected)
        expect(expected.text).toContain('"clean_values":{"ph":')
        expect(expected.text).toContain('"clean_values":{"timestamp":"')
        for (const source of ['typed', 'records'] as const) {
          const actual = new Collect()
          await faulty.export(id, { format: 'ndjson', source, to: { stream: actual } })
          expect(actual.text === expected.text, `${source} export equals the regenerated records`).toBe(true)
        }
      } finally {
        await faulty.close()
      }
    })

    it('calls a dataset of another generator version unverifiable', async () => {
      const id = await monitoring(10)
      const db = await toolkit.database()
      await tableOf(db.knex, db.tables.dataSets).where({ id }).update({ generator_version: 999 })
      const v = await toolkit.datasets.verify(id)
      expect(v.result).toBe('unverifiable')
      expect(v.reason).toMatch(/generator version 999/)
      const other = await monitoring(10)
      const manifest = (await toolkit.datasets.get(other)).manifest as Record<string, unknown>
      await tableOf(db.knex, db.tables.dataSets)
        .where({ id: other })
        .update({ manifest: JSON.stringify({ ...manifest, facilityGenerator: { version: 2 } }) })
      expect((await toolkit.datasets.verify(other)).reason).toMatch(/facility generator version 2/)
    })
  })
}
