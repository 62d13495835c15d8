import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToolkit, type Toolkit } from '../../../src/commands/toolkit.js'
import type { Database } from '../../../src/dialects/open-database.js'
import { tableOf } from '../../../src/dialects/dialect-adapter-base.js'
import { migrationUserParams } from '../../../src/migrate/migration-source.js'
import * as partitionTypedTables from '../../../migrations/20261206000100_partition_typed_tables.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/databases.js'
import { digestTypedRows } from '../../helpers/inspect.js'

// PostgreSQL keeps each dataset's typed rows in a partition of its own: removing a dataset drops the table,
// so it takes the same time whatever the dataset's size, and the space comes back.

const toolkitOn = (test: TestDatabase) =>
  createToolkit({
    db: test.url,
    config: { seed: 5, facilities: 4, batchSize: 5_000, storage: 'typed' },
    useEnvironment: false,
  })

/** The partitions of a table: name and dataset each holds, and their total size on disk. */
async function partitionsOf(db: Database, table: string) {
  const result = await db.knex.raw<{ rows: { name: string; bound: string; bytes: string }[] }>(
    `select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound,
            pg_total_relation_size(c.oid) as bytes
       from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = ?::regclass order by c.relname`,
    [table],
  )
  return {
    names: result.rows.map((r) => r.name),
    bounds: result.rows.map((r) => r.bound),
    bytes: result.rows.reduce((sum, r) => sum + Number(r.bytes), 0),
  }
}

/** Seconds a cleanup of one named dataset takes, and the rows it reports. */
async function timedCleanup(toolkit: Toolkit, id: number): Promise<number> {
  const started = performance.now()
  await toolkit.cleanup({ dataset: id })
  return (performance.now() - started) / 1000
}

if (DIALECTS.includes('pg')) {
  describe('pg: one partition per dataset', () => {
    let test: TestDatabase
    let toolkit: Toolkit
    let db: Database
    beforeAll(async () => {
      test = await createTestDatabase('pg', 'partitions')
      toolkit = await toolkitOn(test)
      db = await toolkit.database()
      await toolkit.migrate.latest()
    })
    afterAll(async () => {
      await toolkit.close()
      await test.drop()
    })

    it('gives each dataset its own partition, and writes no JSON record beside the typed rows', async () => {
      const run = await toolkit.run({ types: ['monitoring', 'document'], count: 600 })
      const [monitoring, document] = run.datasets.map((d) => d.id)
      expect((await partitionsOf(db, db.tables.typed.monitoring.name)).bounds).toContain(
        `FOR VALUES IN (${monitoring})`,
      )
      expect((await partitionsOf(db, db.tables.typed.document.name)).bounds).toContain(
        `FOR VALUES IN (${document})`,
      )
      const typedRows = await tableOf(db.knex, db.tables.typed.monitoring)
        .where({ dataset_id: monitoring })
        .count({ n: '*' })
      expect(Number(typedRows[0]!['n'])).toBe(600)
      const records = await tableOf(db.knex, db.tables.records).count({ n: '*' })
      expect(Number(records[0]!['n'])).toBe(0)
    })

    it('removes a dataset ten times larger in about the same time, and gives the space back', async () => {
      const table = db.tables.typed.monitoring.name
      const before = await partitionsOf(db, table)
      const seed = async (count: number) =>
        (await toolkit.run({ types: ['monitoring'], count })).datasets[0]!.id
      const small = [await seed(10_000), await seed(10_000)]
      const large = [await seed(100_000), await seed(100_000)]
      const seeded = await partitionsOf(db, table)
      expect(seeded.bytes).toBeGreaterThan(before.bytes)
      // The faster of two runs each, against a noisy machine.
      const smallSeconds = Math.min(
        await timedCleanup(toolkit, small[0]!),
        await timedCleanup(toolkit, small[1]!),
      )
      const largeSeconds = Math.min(
        await timedCleanup(toolkit, large[0]!),
        await timedCleanup(toolkit, large[1]!),
      )
      const after = await partitionsOf(db, table)
      expect(after.names).toEqual(before.names)
      expect(after.bytes).toBe(before.bytes)
      // A DELETE of the rows takes about ten times longer for ten times the rows; dropping a table does not.
      expect(largeSeconds / smallSeconds).toBeLessThan(2.5)
      const left = await tableOf(db.knex, db.tables.typed.monitoring)
        .whereIn('dataset_id', [...small, ...large])
        .count({ n: '*' })
      expect(Number(left[0]!['n'])).toBe(0)
    })

    it('upgrades unpartitioned tables in place, keeping every row, and goes back down', async () => {
      const id = (await toolkit.run({ types: ['geotechnical'], count: 700 })).datasets[0]!.id
      const digest = await digestTypedRows(db, 'geotechnical', id)
      const knex = db.knex.withUserParams({ ...db.knex.userParams, ...migrationUserParams(db.schema) })
      const table = db.tables.typed.geotechnical.name
      await partitionTypedTables.down(knex)
      expect((await partitionsOf(db, table)).names).toEqual([])
      expect(await digestTypedRows(db, 'geotechnical', id)).toEqual(digest)
      await partitionTypedTables.up(knex)
      await partitionTypedTables.up(knex)
      expect((await partitionsOf(db, table)).bounds).toEqual([`FOR VALUES IN (${id})`])
      expect(await digestTypedRows(db, 'geotechnical', id)).toEqual(digest)
      // The keys came back with the partitioned table: a duplicate record is refused.
      const row = await tableOf(db.knex, db.tables.typed.geotechnical).where({ dataset_id: id }).first()
      await expect(tableOf(db.knex, db.tables.typed.geotechnical).insert(row)).rejects.toThrow(/duplicate/)
    })
  })
}
