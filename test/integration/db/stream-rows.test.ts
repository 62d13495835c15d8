import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tableOf } from '../../../src/dialects/dialect-adapter-base.js'
import { openDatabase, type Database } from '../../../src/dialects/open-database.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/databases.js'

// A streamed query holds a pooled connection of its own; whatever ends it (a failure, an early stop) must give
// that connection back, or the next statement waits for ever on a one-connection pool (SQLite) or a busy one.
for (const dialect of DIALECTS) {
  describe(`${dialect}: streamRows`, () => {
    let test: TestDatabase
    let db: Database
    beforeAll(async () => {
      test = await createTestDatabase(dialect, 'stream-rows')
      db = await openDatabase({
        url: test.url,
        schema: { tablePrefix: 'synthetic_' },
        migrationsTable: 'tailingsiq_migrations',
      })
      await db.knex.schema.createTable('numbers', (t) => t.integer('n'))
      // In chunks: Knex's multi-row insert on SQLite allows 500 rows at most.
      await db.knex.batchInsert(
        'numbers',
        Array.from({ length: 3000 }, (_, n) => ({ n })),
        400,
      )
    })
    afterAll(async () => {
      await db.close()
      await test.drop()
    })

    const drain = async (table: string, stopAfter = Infinity) => {
      let seen = 0
      for await (const _row of db.adapter.streamRows(tableOf(db.knex, { name: table }).select('n'))) {
        if (++seen >= stopAfter) break
      }
      return seen
    }

    it('gives the connection back when the query fails, so the next statements run', async () => {
      for (let i = 0; i < 3; i++) await expect(drain('no_such_table')).rejects.toThrow(/no_such_table/)
      expect(await drain('numbers')).toBe(3000)
    })

    it('hands every row over in batches to a reader that takes its time, and ends', async () => {
      // The driver's stream ends while the reader holds a batch: the read must see that, not wait for ever.
      // With `record_index` first, as PostgreSQL's binary read of typed rows expects.
      await db.knex.schema.createTable('indexed', (t) => t.bigInteger('record_index'))
      await db.knex.batchInsert(
        'indexed',
        Array.from({ length: 3000 }, (_, n) => ({ record_index: n })),
        400,
      )
      const query = tableOf(db.knex, { name: 'indexed' }).select('record_index').orderBy('record_index')
      const columns = [{ name: 'record_index', type: 'bigint' as const, description: 'n' }]
      const seen: unknown[] = []
      for await (const batch of db.adapter.streamRowBatches(query, columns)) {
        seen.push(...batch.map((row) => row['record_index']))
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      expect(seen).toEqual(Array.from({ length: 3000 }, (_, n) => n))
    })

    it('gives the connection back when the reader stops early', async () => {
      for (let i = 0; i < 3; i++) expect(await drain('numbers', 10)).toBe(10)
      const rows: { n: number | string }[] = await db.knex('numbers').count({ n: '*' })
      expect(Number(rows[0]?.n)).toBe(3000)
    })
  })
}
