import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToolkit, type Toolkit } from '../../../src/commands/toolkit.js'
import type { Database } from '../../../src/dialects/open-database.js'
import { tableOf } from '../../../src/dialects/dialect-adapter-base.js'
import { migrationUserParams } from '../../../src/migrate/migration-source.js'
import * as partitionTypedTables from '../../../migrations/20261206000100_partition_typed_tables.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/databases.js'
import { digestDataset } from '../../helpers/inspect.js'
import { rowsTable } from '../../../src/schema/dataset-partitions.js'
import { dropRecordViewOf, replaceRecordView } from '../../../src/schema/record-view.js'

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

/** The indexes of a table, each with the index of the partitioned table it belongs to (if any). */
async function indexesOf(db: Database, table: string) {
  const result = await db.knex.raw<{ rows: { name: string; parent: string | null }[] }>(
    `select i.indexrelid::regclass::text as name, h.inhparent::regclass::text as parent
       from pg_index i left join pg_inherits h on h.inhrelid = i.indexrelid
      where i.indrelid = ?::regclass order by 1`,
    [table],
  )
  return result.rows
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

    it('completes datasets of two processes at once without a deadlock', async () => {
      // Each completion attaches a partition, which locks the datasets table for its foreign key; marking the
      // dataset completed before the attach made two of them wait on each other ("deadlock detected").
      const other = await toolkitOn(test)
      try {
        for (let round = 0; round < 6; round++) {
          const [a, b] = await Promise.all([
            toolkit.run({ types: ['environmental'], count: 400 }),
            other.run({ types: ['financial'], count: 400 }),
          ])
          expect([...a.datasets, ...b.datasets].map((d) => d.status)).toEqual(['completed', 'completed'])
        }
      } finally {
        await other.close()
      }
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
      // The keys built before the attach are the parent's: adopted, none missing, none twice.
      const partition = (await partitionsOf(db, db.tables.typed.monitoring.name)).names.at(-1)!
      expect(await indexesOf(db, partition)).toEqual([
        { name: `${partition}_facility_id_timestamp_idx`, parent: 'synthetic_mon_fac_time_idx' },
        { name: `${partition}_pkey`, parent: 'synthetic_mon_pk' },
      ])
      const typedRows = await tableOf(db.knex, db.tables.typed.monitoring)
        .where({ dataset_id: monitoring })
        .count({ n: '*' })
      expect(Number(typedRows[0]!['n'])).toBe(600)
      const records = await tableOf(db.knex, db.tables.records).count({ n: '*' })
      expect(Number(records[0]!['n'])).toBe(0)
      // The summary counts a partitioned table's rows and bytes in its partitions.
      const summary = (await toolkit.stats()) as { tables?: { table: string; rows: number; bytes: number }[] }
      const stats = summary.tables?.find((t) => t.table === db.tables.typed.monitoring.name)
      expect(stats).toMatchObject({ rows: 600 })
      expect(stats!.bytes).toBeGreaterThan(0)
    })

    it('removes a dataset ten times larger in about the same time, and gives the space back', async () => {
      const table = db.tables.typed.monitoring.name
      const before = await partitionsOf(db, table)
      const seed = async (count: number) =>
        (await toolkit.run({ types: ['monitoring'], count })).datasets[0]!.id
      const small = [await seed(10_000), await seed(10_000), await seed(10_000)]
      const large = [await seed(100_000), await seed(100_000), await seed(100_000)]
      const seeded = await partitionsOf(db, table)
      expect(seeded.bytes).toBeGreaterThan(before.bytes)
      // The fastest of three runs each, against a noisy machine.
      const fastest = async (ids: number[]) => {
        const seconds: number[] = []
        for (const id of ids) seconds.push(await timedCleanup(toolkit, id))
        return Math.min(...seconds)
      }
      const smallSeconds = await fastest(small)
      const largeSeconds = await fastest(large)
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

    it('shows a dataset only once it is complete, resumes an interrupted load, and removes one', async () => {
      const parent = db.tables.typed.environmental
      const count = async (table = parent, id?: number) =>
        Number(
          (
            await tableOf(db.knex, table)
              .where(id === undefined ? {} : { dataset_id: id })
              .count({ n: '*' })
          )[0]!['n'],
        )
      const stop = new AbortController()
      const interrupted = await toolkit.run({
        types: ['environmental'],
        count: 12_000,
        batchSize: 3_000,
        signal: stop.signal,
        onProgress: (event) => {
          if (event.written >= 3_000) stop.abort('test')
        },
      })
      const id = interrupted.datasets[0]!.id
      expect(interrupted.datasets[0]!.status).toBe('failed')
      const loading = await rowsTable(db, parent, id)
      expect(loading.name).not.toBe(parent.name)
      expect(await count(loading)).toBeGreaterThanOrEqual(3_000)
      expect(await count(parent, id)).toBe(0)

      // An index already on the loaded table (a publication that failed after building it) is not built twice.
      await db.knex.raw('create index on ?? (facility_id, sampled_at)', [loading.name])
      const resumed = await toolkit.run({ types: ['environmental'], count: 12_000, resume: true })
      expect(resumed.datasets[0]).toMatchObject({ id, status: 'completed' })
      expect((await indexesOf(db, loading.name)).map((i) => i.parent)).toEqual([
        'synthetic_env_fac_time_idx',
        'synthetic_env_pk',
      ])
      expect(await rowsTable(db, parent, id)).toEqual(parent)
      expect(await count(parent, id)).toBe(12_000)
      const fresh = (await toolkit.run({ types: ['environmental'], count: 12_000 })).datasets[0]!.id
      expect((await digestDataset(db, id, 'environmental')).digest).toBe(
        (await digestDataset(db, fresh, 'environmental')).digest,
      )

      // A load that failed and is never resumed is removed with its table.
      const again = new AbortController()
      const failed = await toolkit.run({
        types: ['environmental'],
        count: 12_000,
        batchSize: 3_000,
        signal: again.signal,
        onProgress: (event) => {
          if (event.written >= 3_000) again.abort('test')
        },
      })
      const failedId = failed.datasets[0]!.id
      const table = await rowsTable(db, parent, failedId)
      expect(table.name).not.toBe(parent.name)
      await toolkit.cleanup({ dataset: failedId })
      const left = await db.knex.raw<{ rows: unknown[] }>('select 1 from pg_class where relname = ?', [
        table.name,
      ])
      expect(left.rows).toEqual([])
    })

    it('upgrades unpartitioned tables in place, keeping every row, and goes back down', async () => {
      const id = (await toolkit.run({ types: ['geotechnical'], count: 700 })).datasets[0]!.id
      const digest = await digestDataset(db, id, 'geotechnical')
      const knex = db.knex.withUserParams({ ...db.knex.userParams, ...migrationUserParams(db.schema) })
      const table = db.tables.typed.geotechnical.name
      // Run outside the migrator, as from a host's knexfile: the generic-record view has to go first.
      await dropRecordViewOf(db)
      await partitionTypedTables.down(knex)
      expect((await partitionsOf(db, table)).names).toEqual([])
      expect(await digestDataset(db, id, 'geotechnical')).toEqual(digest)
      await partitionTypedTables.up(knex)
      await partitionTypedTables.up(knex)
      expect((await partitionsOf(db, table)).bounds).toEqual([`FOR VALUES IN (${id})`])
      expect(await digestDataset(db, id, 'geotechnical')).toEqual(digest)
      // The keys came back with the partitioned table: a duplicate record is refused.
      const row = await tableOf(db.knex, db.tables.typed.geotechnical).where({ dataset_id: id }).first()
      await expect(tableOf(db.knex, db.tables.typed.geotechnical).insert(row)).rejects.toThrow(/duplicate/)
      await replaceRecordView(db)
    })
  })
}
