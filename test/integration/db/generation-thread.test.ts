import { statSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToolkit, type Toolkit } from '../../../src/commands/toolkit.js'
import { tableOf } from '../../../src/dialects/dialect-adapter-base.js'
import { DATA_TYPES, type DataType } from '../../../src/generators/generator.js'
import { SQLITE_JOURNAL_SIZE_LIMIT } from '../../../src/dialects/sqlite/sqlite-dialect.js'
import { columnsOf } from '../../../src/generators/registry.js'
import { CHUNK_ROWS } from '../../../src/seeding/generation-thread.js'
import { THREAD_MIN_ROWS } from '../../../src/seeding/seed-runner.js'
import { createTestDatabase, type TestDatabase } from '../../helpers/databases.js'

// SQLite stores rows on the thread that runs the toolkit, so `run` generates them on a worker thread that hands
// them over column by column (src/seeding/generation-thread.ts). Whichever thread generates them, the stored rows
// must be the same, byte for byte: every type, across chunk and batch boundaries, in shards and on resume.

const toolkitOn = (test: TestDatabase, batchSize: number) =>
  createToolkit({
    db: test.url,
    config: { seed: 11, facilities: 4, batchSize, storage: 'typed' },
    useEnvironment: false,
  })

/** A dataset's typed rows as the driver returns them (no decoding), in record order, without the dataset id. */
async function storedRows(toolkit: Toolkit, id: number, type: DataType): Promise<unknown[]> {
  const db = await toolkit.database()
  const names = columnsOf(type).map((c) => c.name)
  const rows: Record<string, unknown>[] = await tableOf(db.knex, db.tables.typed[type])
    .where({ dataset_id: id })
    .orderBy('record_index')
    .select(names)
  return rows.map((row) => names.map((name) => row[name]))
}

describe('sqlite: rows generated on the generation thread', () => {
  let test: TestDatabase
  beforeAll(async () => (test = await createTestDatabase('sqlite', 'generation_thread')))
  afterAll(async () => test.drop())

  it('are the rows this thread generates, for every type, across chunk and batch boundaries', async () => {
    // More rows than a chunk, in batches that end inside chunks.
    const count = CHUNK_ROWS + 3_000
    const toolkit = await toolkitOn(test, 5_000)
    try {
      const progress: number[] = []
      const threaded = await toolkit.run({
        count,
        generation: 'thread',
        onProgress: (p) => progress.push(p.streamed),
      })
      const main = await toolkit.run({ count, generation: 'main' })
      for (const [i, type] of DATA_TYPES.entries()) {
        expect(threaded.datasets[i]).toMatchObject({ type, status: 'completed', records: count })
        const a = await storedRows(toolkit, threaded.datasets[i]!.id, type)
        const b = await storedRows(toolkit, main.datasets[i]!.id, type)
        expect(a).toHaveLength(count)
        expect(a, `${type}: thread and main thread differ`).toEqual(b)
        const verified = await toolkit.datasets.verify(threaded.datasets[i]!.id)
        expect(verified.result, `${type} does not verify`).toBe('ok')
      }
      // Progress is reported as chunks stream, never backwards within a dataset.
      expect(progress.length).toBeGreaterThan(DATA_TYPES.length * 3)
    } finally {
      await toolkit.close()
    }
  })

  it('generates a load of 100,000 rows on the thread by default and checkpoints its log on a thread too', async () => {
    const count = THREAD_MIN_ROWS
    const toolkit = await toolkitOn(test, 20_000)
    try {
      const file = test.url.slice('sqlite:'.length)
      const sizes: { db: number; wal: number }[] = []
      const auto = await toolkit.run({
        types: ['monitoring'],
        count,
        onProgress: (p) => {
          if (p.written === p.streamed)
            sizes.push({ db: statSync(file).size, wal: statSync(`${file}-wal`).size })
        },
      })
      expect(auto.datasets[0]).toMatchObject({ status: 'completed', records: count })
      // The log was copied into the database file as the load went (the writing connection did not).
      expect(sizes.length).toBeGreaterThanOrEqual(5)
      expect(sizes.at(-1)!.db - sizes[0]!.db).toBeGreaterThan(10_000_000)
      // The writing connection left the copies to the thread: its log grew past the 1,000 pages after which it
      // checkpoints on its own. Once the load is over it checkpoints again, and once the thread's last copy is
      // done the next write restarts the log, its file cut back to the limit.
      expect(Math.max(...sizes.map((size) => size.wal))).toBeGreaterThan(SQLITE_JOURNAL_SIZE_LIMIT)
      const db = await toolkit.database()
      expect(await db.knex.raw('pragma wal_autocheckpoint')).toEqual([{ wal_autocheckpoint: 1000 }])
      await db.adapter.settle?.()
      await toolkit.run({ types: ['monitoring'], count: 10 })
      expect(statSync(`${file}-wal`).size).toBeLessThanOrEqual(SQLITE_JOURNAL_SIZE_LIMIT)
      // The rows are the generators' own (the first test compares the two threads' rows row for row).
      expect((await toolkit.datasets.verify(auto.datasets[0]!.id)).result).toBe('ok')
    } finally {
      await toolkit.close()
    }
  })

  it('writes a dataset in shards and resumes an interrupted one, as the main thread does', async () => {
    const count = 20_000
    const toolkit = await toolkitOn(test, 4_000)
    try {
      const whole = await toolkit.run({ types: ['monitoring'], count, generation: 'main' })
      const expected = await storedRows(toolkit, whole.datasets[0]!.id, 'monitoring')

      const runKey = 'generation-thread-shards'
      const first = await toolkit.run({
        types: ['monitoring'],
        count,
        shard: { index: 0, count: 2 },
        runId: runKey,
        generation: 'thread',
      })
      await toolkit.run({
        types: ['monitoring'],
        count,
        shard: { index: 1, count: 2 },
        runId: runKey,
        generation: 'thread',
      })
      expect(await storedRows(toolkit, first.datasets[0]!.id, 'monitoring')).toEqual(expected)

      // Interrupted after its first batch, then resumed: the same rows as one uninterrupted run.
      const controller = new AbortController()
      const interrupted = await toolkit.run({
        types: ['monitoring'],
        count,
        generation: 'thread',
        signal: controller.signal,
        onProgress: (p) => {
          if (p.written > 0) controller.abort('test')
        },
      })
      expect(interrupted.datasets[0]).toMatchObject({ status: 'failed', records: 4_000 })
      const resumed = await toolkit.run({
        types: ['monitoring'],
        count,
        resume: true,
        generation: 'thread',
      })
      expect(resumed.datasets[0]).toMatchObject({ id: interrupted.datasets[0]!.id, status: 'completed' })
      expect(await storedRows(toolkit, resumed.datasets[0]!.id, 'monitoring')).toEqual(expected)
    } finally {
      await toolkit.close()
    }
  })
})
