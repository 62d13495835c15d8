import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToolkit, type Toolkit } from '../../../src/commands/toolkit.js'
import { tableOf } from '../../../src/dialects/dialect-adapter-base.js'
import { DATA_TYPES, type DataType } from '../../../src/generators/generator.js'
import { columnsOf } from '../../../src/generators/registry.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/databases.js'
import { countRows } from '../../helpers/inspect.js'

const toolkitOn = (test: TestDatabase, config: Record<string, unknown> = {}) =>
  createToolkit({
    db: test.url,
    config: { seed: 3, facilities: 5, batchSize: 400, ...config },
    useEnvironment: false,
  })

/** A dataset's typed rows and JSON records, without the dataset id, in record order. */
async function rowsOf(toolkit: Toolkit, id: number, type: DataType) {
  const db = await toolkit.database()
  const columns = columnsOf(type)
  const typed: Record<string, unknown>[] = await tableOf(db.knex, db.tables.typed[type])
    .where({ dataset_id: id })
    .orderBy('record_index')
  const records: Record<string, unknown>[] = await tableOf(db.knex, db.tables.records)
    .where({ dataset_id: id })
    .orderBy('record_index')
  return {
    typed: typed.map((r) => db.adapter.decodeRow(columns, r)),
    records: records.map((r) => [
      r['record_index'],
      typeof r['data'] === 'string' ? (JSON.parse(r['data']) as unknown) : r['data'],
    ]),
  }
}

async function datasetRow(toolkit: Toolkit, id: number): Promise<Record<string, unknown>> {
  const db = await toolkit.database()
  return (await tableOf(db.knex, db.tables.dataSets).where({ id }).first()) as Record<string, unknown>
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: bulk seeding`, () => {
    let test: TestDatabase
    beforeAll(async () => (test = await createTestDatabase(dialect, 'bulk_run')))
    afterAll(async () => test.drop())

    it('writes the same rows, row for row, as the portable INSERT path', async () => {
      const toolkit = await toolkitOn(test, { storage: 'both' })
      try {
        const bulk = await toolkit.run({ count: 900, writer: 'bulk' })
        const insert = await toolkit.run({ count: 900, writer: 'insert' })
        expect(bulk.method).not.toBe('multi-row INSERT')
        for (const [i, type] of DATA_TYPES.entries()) {
          const a = await rowsOf(toolkit, bulk.datasets[i]!.id, type)
          const b = await rowsOf(toolkit, insert.datasets[i]!.id, type)
          expect(a.typed).toHaveLength(900)
          expect(a.records).toHaveLength(900)
          expect(a).toEqual(b)
        }
      } finally {
        await toolkit.close()
      }
    })

    it('advances records_written batch by batch', async () => {
      const toolkit = await toolkitOn(test, { storage: 'typed' })
      try {
        const seen: number[] = []
        const result = await toolkit.run({
          types: ['monitoring'],
          count: 1000,
          batchSize: 300,
          onProgress: (event) => {
            // Events from inside a batch count rows streamed, not yet committed.
            if (event.streamed === event.written) seen.push(event.written)
          },
        })
        expect(seen).toEqual([300, 600, 900, 1000])
        expect(Number((await datasetRow(toolkit, result.datasets[0]!.id))['records_written'])).toBe(1000)
      } finally {
        await toolkit.close()
      }
    })

    it("commits the engine's default batch when neither the call nor the config gives one", async () => {
      const toolkit = await toolkitOn(test, { storage: 'typed', batchSize: undefined })
      try {
        const db = await toolkit.database()
        // 250,000 rows; 1,000,000 on MySQL/MariaDB, whose first batch into a dataset's own table is a bulk insert.
        expect(db.adapter.defaultBatchSize).toBe(dialect === 'mysql' ? 1_000_000 : 250_000)
        // Where the engine's default differs from the others', a run past 250,000 rows shows the runner takes it:
        // one commit, not two (the run costs 2-3 s, so the other engines check the value only).
        if (dialect !== 'mysql') return
        const count = 250_001
        const commits: number[] = []
        const result = await toolkit.run({
          types: ['monitoring'],
          count,
          onProgress: (event) => {
            if (event.streamed === event.written) commits.push(event.written)
          },
        })
        expect(result.datasets[0]).toMatchObject({ status: 'completed', records: count })
        expect(commits).toEqual([count])
      } finally {
        await toolkit.close()
      }
    })

    it('reports progress from inside a batch, as rows stream, at least every 250 ms', async () => {
      const toolkit = await toolkitOn(test, { storage: 'both' })
      try {
        const events: { written: number; streamed: number; at: number }[] = []
        const result = await toolkit.run({
          types: ['monitoring'],
          count: 12_000,
          batchSize: 12_000,
          onProgress: (event) => {
            events.push({ written: event.written, streamed: event.streamed, at: performance.now() })
          },
        })
        expect(result.datasets[0]).toMatchObject({ status: 'completed', records: 12_000 })
        // One batch: every event but the last comes from inside it, before anything was committed.
        const during = events.filter((e) => e.written === 0)
        expect(events.at(-1)).toMatchObject({ written: 12_000, streamed: 12_000 })
        expect(during.length).toBe(events.length - 1)
        // At least one event per 250 ms of writing, the first as soon as rows flow.
        const span = events.at(-1)!.at - events[0]!.at
        expect(during.length).toBeGreaterThanOrEqual(Math.max(1, Math.floor(span / 250)))
        expect(during.every((e) => e.streamed > 0 && e.streamed < 12_000)).toBe(true)
        const streamed = events.map((e) => e.streamed)
        expect(streamed).toEqual([...streamed].sort((x, y) => x - y))
      } finally {
        await toolkit.close()
      }
    })

    it('lets N shards fill one dataset together, their union equal to a single run', async () => {
      const toolkit = await toolkitOn(test, { facilities: 7 })
      try {
        const full = await toolkit.run({ types: ['geotechnical', 'monitoring'], count: 700 })
        const shards = []
        for (const index of [2, 0, 1]) {
          shards.push(
            await toolkit.run({
              types: ['geotechnical', 'monitoring'],
              count: 700,
              shard: { index, count: 3 },
              runId: `test-${dialect}`,
            }),
          )
        }
        for (const [i, type] of (['geotechnical', 'monitoring'] as const).entries()) {
          const ids = new Set(shards.map((s) => s.datasets[i]!.id))
          expect(ids.size).toBe(1)
          const [id] = [...ids] as [number]
          expect(shards.map((s) => s.datasets[i]!.records).reduce((a, b) => a + b)).toBe(700)
          expect(await datasetRow(toolkit, id)).toMatchObject({ status: 'completed' })
          expect(Number((await datasetRow(toolkit, id))['records_written'])).toBe(700)
          expect(await rowsOf(toolkit, id, type)).toEqual(await rowsOf(toolkit, full.datasets[i]!.id, type))
        }
        // A shard that finished before the others leaves the dataset generating, not completed.
        const early = await toolkit.run({
          types: ['financial'],
          count: 70,
          shard: { index: 0, count: 2 },
          runId: `early-${dialect}`,
        })
        expect(await datasetRow(toolkit, early.datasets[0]!.id)).toMatchObject({ status: 'generating' })
        // Where datasets are published whole (a partition per dataset), none of its rows is visible yet.
        const db = await toolkit.database()
        const visible = await countRows(db.knex, db.tables.typed.financial.name, {
          dataset_id: early.datasets[0]!.id,
        })
        expect(visible).toBe(db.adapter.datasetPartitions ? 0 : early.datasets[0]!.records)
      } finally {
        await toolkit.close()
      }
    })

    it('marks a cancelled run failed, never completed', async () => {
      const toolkit = await toolkitOn(test, { storage: 'typed' })
      try {
        const controller = new AbortController()
        const result = await toolkit.run({
          types: ['monitoring'],
          count: 5000,
          batchSize: 500,
          signal: controller.signal,
          onProgress: (event) => {
            if (event.written >= 1000) controller.abort('SIGINT')
          },
        })
        const dataset = result.datasets[0]!
        expect(dataset).toMatchObject({ status: 'failed', records: 1000, error: 'interrupted (SIGINT)' })
        expect(await datasetRow(toolkit, dataset.id)).toMatchObject({
          status: 'failed',
          error: 'interrupted (SIGINT)',
        })
      } finally {
        await toolkit.close()
      }
    })
  })
}
