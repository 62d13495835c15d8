import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DATASET_TRANSITIONS,
  canTransition,
  claimDataset,
  completeDataset,
  failAbandonedDataset,
  failDataset,
  insertPendingDataset,
  markDeleted,
  recordProgress,
  restoreDataset,
} from '../../../src/datasets/dataset-status.js'
import { firstOf, tableOf } from '../../../src/dialects/dialect-adapter-base.js'
import { openDatabase, type Database } from '../../../src/dialects/open-database.js'
import { migrateLatest } from '../../../src/migrate/migrator.js'
import { DATASET_STATUSES } from '../../../src/schema/dataset-columns.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/databases.js'

const ROW = {
  name: 'store test',
  description: null,
  data_type: 'monitoring',
  record_count: 10,
  seed: 1,
  facility_seed: 1,
  facility_count: 1,
  storage: 'typed',
  generator_version: 1,
  parameters: '{}',
  created_by: null,
}

describe('dataset status transitions', () => {
  it('allows exactly the documented changes', () => {
    const allowed = DATASET_STATUSES.flatMap((from) =>
      DATASET_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}>${to}`),
    )
    expect(allowed).toEqual([
      'pending>generating',
      'pending>failed',
      'generating>generating',
      'generating>completed',
      'generating>failed',
      'failed>generating',
    ])
    expect(DATASET_TRANSITIONS.completed).toEqual([])
  })
})

for (const dialect of DIALECTS) {
  describe(`${dialect}: datasets store`, () => {
    let test: TestDatabase
    let db: Database
    beforeAll(async () => {
      test = await createTestDatabase(dialect, 'dataset_store')
      db = await openDatabase({
        url: test.url,
        schema: { tablePrefix: 'synthetic_' },
        migrationsTable: 'tailingsiq_migrations',
      })
      await migrateLatest(db)
    })
    afterAll(async () => {
      await db.close()
      await test.drop()
    })

    const read = async (id: number) => {
      const raw = await firstOf(tableOf(db.knex, db.tables.dataSets).where({ id }))
      return {
        status: raw?.['status'],
        written: Number(raw?.['records_written']),
        deleted: Boolean(raw?.['is_deleted']),
        error: typeof raw?.['error'] === 'string' ? raw['error'] : null,
        completed: raw?.['completed_at'] != null,
      }
    }
    const pending = () => insertPendingDataset(db, { ...ROW })
    const generating = async () => {
      const id = await pending()
      expect(await claimDataset(db, id, ['pending'])).toBe(true)
      return id
    }

    it('creates pending, idempotently with a run key', async () => {
      const id = await pending()
      expect(await read(id)).toMatchObject({ status: 'pending', written: 0, deleted: false })
      const key = `run-${dialect}`
      const first = await insertPendingDataset(db, { ...ROW }, key)
      expect(await insertPendingDataset(db, { ...ROW }, key)).toBe(first)
    })

    it('claims, counts progress and completes only once every record is written', async () => {
      const id = await generating()
      expect(await read(id)).toMatchObject({ status: 'generating' })
      expect(await recordProgress(db, id, 6)).toBe(true)
      expect(await completeDataset(db, id, 10, {})).toBe(false)
      expect(await read(id)).toMatchObject({ status: 'generating', written: 6 })
      expect(await recordProgress(db, id, 4)).toBe(true)
      expect(await completeDataset(db, id, 10, {})).toBe(true)
      expect(await read(id)).toMatchObject({ status: 'completed', written: 10, completed: true })
    })

    it('fails, then resumes a failed dataset with a recounted total', async () => {
      const id = await generating()
      expect(await failDataset(db, id, 'x'.repeat(3000))).toBe(true)
      const failed = await read(id)
      expect(failed.status).toBe('failed')
      expect(failed.error).toHaveLength(2000)
      expect(await claimDataset(db, id, ['failed'], { recordsWritten: 3 })).toBe(true)
      expect(await read(id)).toMatchObject({ status: 'generating', written: 3, error: null })
    })

    it('fails an abandoned generating dataset, but leaves a pending one pending', async () => {
      const running = await generating()
      const waiting = await pending()
      await db.knex.transaction(async (trx) => {
        expect(await failAbandonedDataset(db, trx, running, 'gone')).toBe(true)
        expect(await failAbandonedDataset(db, trx, waiting, 'gone')).toBe(false)
      })
      expect(await read(running)).toMatchObject({ status: 'failed', error: 'gone' })
      expect(await read(waiting)).toMatchObject({ status: 'pending' })
    })

    it('marks deleted and restores', async () => {
      const id = await pending()
      expect(await markDeleted(db, id)).toBe(true)
      expect(await markDeleted(db, id)).toBe(false)
      expect(await read(id)).toMatchObject({ deleted: true, status: 'pending' })
      expect(await restoreDataset(db, id)).toBe(true)
      expect(await read(id)).toMatchObject({ deleted: false, status: 'pending' })
    })

    it('refuses transitions the table does not allow, changing nothing', async () => {
      const done = await generating()
      await recordProgress(db, done, 10)
      expect(await completeDataset(db, done, 10, {})).toBe(true)
      // A completed dataset is final: not claimed (as a resume would), not failed.
      expect(await claimDataset(db, done, ['pending', 'generating', 'failed'])).toBe(false)
      expect(await failDataset(db, done, 'late')).toBe(false)
      expect(await read(done)).toMatchObject({ status: 'completed', error: null })
      // Asking for a change the table lacks is a bug, not a no-op.
      await expect(claimDataset(db, done, ['completed'])).rejects.toMatchObject({ code: 'INTERNAL' })

      const deleted = await generating()
      await recordProgress(db, deleted, 10)
      await markDeleted(db, deleted)
      expect(await completeDataset(db, deleted, 10, {})).toBe(false)
      expect(await claimDataset(db, deleted, ['generating'])).toBe(false)
      expect(await read(deleted)).toMatchObject({ status: 'generating', deleted: true })

      const live = await pending()
      expect(await restoreDataset(db, live)).toBe(false)
      expect(await completeDataset(db, live, 0, {})).toBe(false)
      expect(await read(live)).toMatchObject({ status: 'pending', deleted: false })
    })
  })
}
