import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToolkit, type Toolkit } from '../../../src/commands/toolkit.js'
import type { Database } from '../../../src/dialects/open-database.js'
import { tableOf } from '../../../src/dialects/dialect-adapter-base.js'
import { migrationUserParams } from '../../../src/migrate/migration-source.js'
import * as partitionTypedTables from '../../../migrations/20261206000100_partition_typed_tables.js'
import * as partitionTypedTablesMysql from '../../../migrations/20261208000100_partition_typed_tables_mysql.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/databases.js'
import { digestDataset } from '../../helpers/inspect.js'
import { loadTarget, rowsTable } from '../../../src/schema/dataset-partitions.js'
import {
  claimDataset,
  completeDataset,
  markDeleted,
  restoreDataset,
} from '../../../src/datasets/dataset-status.js'
import {
  MysqlDatasetPartitions,
  SMALL_DATASET_ROWS,
} from '../../../src/dialects/mysql/mysql-dataset-partitions.js'
import { dropRecordViewOf, replaceRecordView } from '../../../src/schema/record-view.js'

// PostgreSQL and MySQL/MariaDB keep each dataset's typed rows in a partition of its own: removing a dataset drops the table,
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

/** The SQL statements `db` runs while `work` does (transactions included). */
async function statementsOf(db: Database, work: () => Promise<unknown>): Promise<string[]> {
  const sql: string[] = []
  const listen = (query: { sql: string }) => void sql.push(query.sql.trim())
  db.knex.on('query', listen)
  try {
    await work()
  } finally {
    db.knex.removeListener('query', listen)
  }
  return sql
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

    it('removes a dataset by dropping its partition, never deleting its rows, and gives the space back', async () => {
      const table = db.tables.typed.monitoring.name
      const before = await partitionsOf(db, table)
      const ids: number[] = []
      for (const count of [3_000, 30_000]) {
        ids.push((await toolkit.run({ types: ['monitoring'], count })).datasets[0]!.id)
      }
      expect((await partitionsOf(db, table)).bytes).toBeGreaterThan(before.bytes)
      for (const id of ids) {
        // What a purge takes does not grow with the rows (`npm run bench` times it): a table dropped whole, no
        // DELETE of the rows, whose time would.
        const sql = await statementsOf(db, () => toolkit.cleanup({ dataset: id }))
        expect(sql.some((q) => /^alter table .* detach partition /i.test(q))).toBe(true)
        expect(sql.some((q) => /^drop table /i.test(q))).toBe(true)
        expect(sql.filter((q) => q.includes(table) && /^delete /i.test(q))).toEqual([])
      }
      const after = await partitionsOf(db, table)
      expect(after.names).toEqual(before.names)
      expect(after.bytes).toBe(before.bytes)
      const left = await tableOf(db.knex, db.tables.typed.monitoring)
        .whereIn('dataset_id', ids)
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

/** MySQL/MariaDB: a table's partitions (DEFAULT left out) and what all the database's tables take. */
/**
 * Readers on connections of their own that read, in one statement (one snapshot), the status of each dataset
 * created from now on and its rows in `table`, as fast as they can until `stop`: one reads the datasets table
 * first, the other the typed table first (as the record view does). `seen` lists the reads that showed rows
 * without the `completed` mark, or the mark without all of the rows.
 */
async function watchVisibility(test: TestDatabase, db: Database, table: { name: string }) {
  const readers = [await toolkitOn(test), await toolkitOn(test)]
  const [since] = await tableOf(db.knex, db.tables.dataSets).max({ id: 'id' })
  const after = Number(since?.['id'] ?? 0)
  const queries = [
    `select d.id, d.status, d.records_written as total, count(t.dataset_id) as n
       from ?? d left join ?? t on t.dataset_id = d.id where d.id > ? group by d.id, d.status, d.records_written`,
    `select t.dataset_id as id, count(*) as n, (select status from ?? d where d.id = t.dataset_id) as status,
            (select records_written from ?? d where d.id = t.dataset_id) as total
       from ?? t where t.dataset_id > ? group by t.dataset_id`,
  ]
  const bindings = [
    [db.tables.dataSets.name, table.name, after],
    [db.tables.dataSets.name, db.tables.dataSets.name, table.name, after],
  ]
  type Read = { id: number; status: string; total: number; n: number }
  const seen: Read[] = []
  let reads = 0
  let watching = true
  const poll = async (i: number) => {
    const { knex } = await readers[i]!.database()
    while (watching) {
      const [rows] = await knex.raw<[Read[]]>(queries[i]!, bindings[i]!)
      reads++
      for (const row of rows ?? []) {
        const n = Number(row.n)
        if (n > 0 !== (row.status === 'completed') || (n > 0 && n !== Number(row.total))) seen.push(row)
      }
    }
  }
  const polling = Promise.all([poll(0), poll(1)])
  let stopped: Promise<{ seen: Read[]; reads: number }> | undefined
  return {
    stop: () =>
      (stopped ??= (async () => {
        watching = false
        try {
          await polling
        } finally {
          for (const reader of readers) await reader.close()
        }
        return { seen, reads }
      })()),
  }
}

async function mysqlPartitionsOf(db: Database, table: string) {
  const [rows] = await db.knex.raw<[{ name: string }[]]>(
    `select partition_name as name from information_schema.partitions
      where table_schema = database() and table_name = ? and partition_name <> 'pdefault'
      order by partition_ordinal_position`,
    [table],
  )
  return (rows ?? []).map((r) => r.name)
}

async function mysqlTables(db: Database): Promise<string[]> {
  const [rows] = await db.knex.raw<[{ name: string }[]]>(
    'select table_name as name from information_schema.tables where table_schema = database() order by 1',
  )
  return (rows ?? []).map((r) => r.name)
}

/** Bytes of the database's tables, from statistics refreshed first (as the bench measures them). */
async function mysqlBytes(db: Database): Promise<number> {
  const tables = await mysqlTables(db)
  await db.knex.raw(`analyze table ${tables.map(() => '??').join(', ')}`, tables)
  const [rows] = await db.knex.raw<[{ n: string }[]]>(
    'select sum(data_length + index_length) as n from information_schema.tables where table_schema = database()',
  )
  return Number(rows?.[0]?.n)
}

if (DIALECTS.includes('mysql')) {
  describe('mysql: one partition per dataset', () => {
    let test: TestDatabase
    let toolkit: Toolkit
    let db: Database
    const count = async (table: { name: string }, id?: number) =>
      Number(
        (
          await tableOf(db.knex, table)
            .where(id === undefined ? {} : { dataset_id: id })
            .count({ n: '*' })
        )[0]!['n'],
      )
    beforeAll(async () => {
      test = await createTestDatabase('mysql', 'partitions')
      toolkit = await toolkitOn(test)
      db = await toolkit.database()
      await toolkit.migrate.latest()
    })
    afterAll(async () => {
      await toolkit.close()
      await test.drop()
    })

    it('publishes datasets of one type that two processes complete at once', async () => {
      // Each completion adds a partition and exchanges the loaded table in: DDL on the same typed table, which
      // the server serialises; both complete, each with all of its rows. (Two batches each: a dataset of one
      // batch would go into the DEFAULT partition.)
      const other = await toolkitOn(test)
      try {
        for (let round = 0; round < 3; round++) {
          const [a, b] = await Promise.all([
            toolkit.run({ types: ['environmental'], count: 400, batchSize: 200 }),
            other.run({ types: ['environmental'], count: 500, batchSize: 250 }),
          ])
          expect(await mysqlPartitionsOf(db, db.tables.typed.environmental.name)).toHaveLength(2)
          expect([...a.datasets, ...b.datasets].map((d) => d.status)).toEqual(['completed', 'completed'])
          expect(await count(db.tables.typed.environmental, a.datasets[0]!.id)).toBe(400)
          expect(await count(db.tables.typed.environmental, b.datasets[0]!.id)).toBe(500)
          for (const run of [a, b]) await toolkit.cleanup({ dataset: run.datasets[0]!.id })
        }
      } finally {
        await other.close()
      }
    })

    it('shows a dataset rows and its completed mark together to readers polling both while datasets are published', async () => {
      const table = db.tables.typed.environmental
      const other = await toolkitOn(test)
      const watch = await watchVisibility(test, db, table)
      try {
        const runs: Awaited<ReturnType<typeof toolkit.run>>[] = []
        for (let round = 0; round < 4; round++) {
          runs.push(
            ...(await Promise.all([
              toolkit.run({ types: ['environmental'], count: 900, batchSize: 300 }),
              other.run({ types: ['environmental'], count: 600, batchSize: 300 }),
            ])),
          )
        }
        const { seen, reads } = await watch.stop()
        expect(seen).toEqual([])
        expect(reads).toBeGreaterThan(20)
        for (const run of runs) {
          const { id, status } = run.datasets[0]!
          expect(status).toBe('completed')
          expect(await mysqlPartitionsOf(db, table.name)).toContain(`p${id}`)
          await toolkit.cleanup({ dataset: id })
        }
        expect((await mysqlTables(db)).filter((t) => /_p\d+$/.test(t))).toEqual([])
      } finally {
        await watch.stop()
        await other.close()
      }
    })

    it('leaves the rows of a dataset deleted, or whose mark fails, as it completes in its load table, none of them visible', async () => {
      const table = db.tables.typed.environmental
      const stop = new AbortController()
      const run = await toolkit.run({
        types: ['environmental'],
        count: 2_000,
        batchSize: 500,
        signal: stop.signal,
        onProgress: (event) => {
          if (event.written >= 1_000) stop.abort('test')
        },
      })
      const id = run.datasets[0]!.id
      const load = await rowsTable(db, table, id)
      const loaded = await count(load)
      expect(loaded).toBeGreaterThanOrEqual(1_000)
      // Deleted by another process as it completes: after it found the dataset ready, before it publishes.
      expect(await claimDataset(db, id, ['failed'], { recordsWritten: loaded })).toBe(true)
      const target = await loadTarget(db, table, id)
      const deleteFirst: typeof target.publish = async (trx, completion) => {
        expect(await markDeleted(db, id)).toBe(true)
        return target.publish!(trx, completion)
      }
      expect(await completeDataset(db, id, loaded, {}, deleteFirst)).toBe(false)
      expect(await count(table, id)).toBe(0)
      expect(await count(load)).toBe(loaded)
      const [status] = await tableOf(db.knex, db.tables.dataSets).where({ id }).pluck('status')
      expect(status).toBe('generating')
      // Restored, its mark refused by the server after the exchange: the rows go back to the load table.
      expect(await restoreDataset(db, id)).toBe(true)
      const trigger = 'tsq_refuse_publish'
      await db.knex.raw(
        `create trigger ${trigger} before update on ?? for each row
           if new.status = 'completed' then signal sqlstate '45000' set message_text = 'completion refused'; end if`,
        [db.tables.dataSets.name],
      )
      try {
        await expect(
          completeDataset(db, id, loaded, {}, (await loadTarget(db, table, id)).publish),
        ).rejects.toThrow(/completion refused/)
      } finally {
        await db.knex.raw(`drop trigger if exists ${trigger}`)
      }
      expect(await count(table, id)).toBe(0)
      expect(await count(load)).toBe(loaded)
      // Then it completes with all of them.
      expect(await completeDataset(db, id, loaded, {}, (await loadTarget(db, table, id)).publish)).toBe(true)
      expect(await count(table, id)).toBe(loaded)
      expect(await mysqlTables(db)).not.toContain(load.name)
      await toolkit.cleanup({ dataset: id })
    })

    it('puts datasets past the partition limit into the DEFAULT partition, seen whole with their mark, and cleanup deletes them in batches', async () => {
      const table = db.tables.typed.document
      const inDefault = async (id: number) => {
        const [rows] = await db.knex.raw<[{ n: number }[]]>(
          `select count(*) as n from ?? partition (pdefault) where dataset_id = ?`,
          [table.name, id],
        )
        return Number(rows?.[0]?.n)
      }
      const plan = { types: ['document'], count: 1_200, batchSize: 400 } as const
      const own = (await toolkit.run(plan)).datasets[0]!.id
      const partitions = await mysqlPartitionsOf(db, table.name)
      expect(partitions).toContain(`p${own}`)
      // The table is at its limit (its partitions and DEFAULT): the next datasets get none.
      const other = await toolkitOn(test)
      const limited = [db, await other.database()].map((handle) => {
        const adapter = handle.adapter as { datasetPartitions: unknown }
        const strategy = adapter.datasetPartitions
        adapter.datasetPartitions = new MysqlDatasetPartitions(handle.knex, {
          maxPartitions: partitions.length + 1,
        })
        return () => void (adapter.datasetPartitions = strategy)
      })
      try {
        const watch = await watchVisibility(test, db, table)
        let whole: number
        let sharded: number
        try {
          whole = (await toolkit.run(plan)).datasets[0]!.id
          // Shards of one dataset from two processes.
          const shards = { ...plan, runId: 'past-limit' }
          const [a] = await Promise.all([
            toolkit.run({ ...shards, shard: { index: 0, count: 2 } }),
            other.run({ ...shards, shard: { index: 1, count: 2 } }),
          ])
          sharded = a.datasets[0]!.id
          const { seen } = await watch.stop()
          expect(seen).toEqual([])
        } finally {
          await watch.stop()
        }
        const ids = [whole, sharded]
        // Nor does making sure a dataset has its partition add one past the limit.
        await db.adapter.datasetPartitions!.ensurePartition(table, 2_000_000_000)
        expect(await mysqlPartitionsOf(db, table.name)).toEqual(partitions)
        expect((await mysqlTables(db)).filter((t) => /_p\d+$/.test(t))).toEqual([])
        const digest = (await digestDataset(db, own, 'document')).digest
        for (const id of ids) {
          const [status] = await tableOf(db.knex, db.tables.dataSets).where({ id }).pluck('status')
          expect(status).toBe('completed')
          expect(await inDefault(id)).toBe(1_200)
          expect((await digestDataset(db, id, 'document')).digest).toBe(digest)
          expect((await toolkit.datasets.verify(id)).result).toBe('ok')
          const chunks: Buffer[] = []
          const sink = new Writable({
            write: (chunk: Buffer, _encoding, done) => void (chunks.push(chunk), done()),
          })
          expect((await toolkit.export(id, { format: 'csv', to: { stream: sink } })).records).toBe(1_200)
          expect(Buffer.concat(chunks).toString().trim().split('\n')).toHaveLength(1_201)
        }
        // Cleanup deletes the rows from DEFAULT in batches; the dataset with a partition of its own keeps it.
        const purge = await statementsOf(db, () => toolkit.cleanup({ dataset: whole, batchSize: 500 }))
        expect(purge.filter((q) => q.includes(table.name) && /^delete /i.test(q))).toHaveLength(3)
        expect(purge.filter((q) => /^alter /i.test(q))).toEqual([])
        expect([await inDefault(whole), await inDefault(sharded), await count(table, own)]).toEqual([
          0, 1_200, 1_200,
        ])
        for (const id of [sharded, own]) await toolkit.cleanup({ dataset: id })
        expect(await count(table)).toBe(0)
      } finally {
        for (const restore of limited) restore()
        await other.close()
      }
    })

    it('gives each dataset its partition, removes each by dropping it, never deleting its rows, and gives the space back', async () => {
      const table = db.tables.typed.monitoring
      const bytesBefore = await mysqlBytes(db)
      const seed = async (n: number) =>
        (await toolkit.run({ types: ['monitoring'], count: n, batchSize: 2_500 })).datasets[0]!.id
      const ids = [await seed(3_000), await seed(30_000)]
      expect(await mysqlPartitionsOf(db, table.name)).toEqual(ids.map((id) => `p${id}`))
      expect(await count(table, ids[1])).toBe(30_000)
      // The load tables are gone once their datasets completed.
      expect((await mysqlTables(db)).filter((t) => /_p\d+$/.test(t))).toEqual([])
      expect(await mysqlBytes(db)).toBeGreaterThan(bytesBefore)
      for (const id of ids) {
        // What a purge takes does not grow with the rows (`npm run bench` times it): a partition dropped, no
        // DELETE of the rows, whose time would.
        const sql = await statementsOf(db, () => toolkit.cleanup({ dataset: id }))
        expect(sql.some((q) => /^alter table .* drop partition /i.test(q))).toBe(true)
        expect(sql.filter((q) => q.includes(table.name) && /^delete /i.test(q))).toEqual([])
      }
      expect(await mysqlPartitionsOf(db, table.name)).toEqual([])
      expect(await count(table)).toBe(0)
      expect(await mysqlBytes(db)).toBeLessThanOrEqual(bytesBefore * 1.1)
    })

    it('writes a dataset of one batch straight into the DEFAULT partition as it completes, and cleanup deletes exactly its rows', async () => {
      const table = db.tables.typed.monitoring
      const before = await mysqlPartitionsOf(db, table.name)
      const inDefault = async (id: number) => {
        const [rows] = await db.knex.raw<[{ n: number }[]]>(
          `select count(*) as n from ?? partition (pdefault) where dataset_id = ?`,
          [table.name, id],
        )
        return Number(rows?.[0]?.n)
      }
      const small = async () => (await toolkit.run({ types: ['monitoring'], count: 800 })).datasets[0]!
      let first: Awaited<ReturnType<typeof small>> | undefined
      // No load table, no partition: no DDL at all.
      const sql = await statementsOf(db, async () => (first = await small()))
      expect(first).toMatchObject({ status: 'completed', records: 800 })
      expect(sql.filter((q) => /^(alter|create|drop|rename) /i.test(q))).toEqual([])
      const second = (await small()).id
      expect(await mysqlPartitionsOf(db, table.name)).toEqual(before)
      expect((await mysqlTables(db)).filter((t) => /_p\d+$/.test(t))).toEqual([])
      expect([await inDefault(first!.id), await inDefault(second)]).toEqual([800, 800])
      const [written] = await tableOf(db.knex, db.tables.dataSets)
        .where({ id: first!.id })
        .pluck('records_written')
      expect(Number(written)).toBe(800)
      expect((await toolkit.stats(first!.id)).rows).toMatchObject({
        counted: 800,
        matchesRecordsWritten: true,
      })

      // The same rows as the same dataset loaded into a partition of its own (two batches).
      const own = (await toolkit.run({ types: ['monitoring'], count: 800, batchSize: 400 })).datasets[0]!.id
      expect(await mysqlPartitionsOf(db, table.name)).toEqual([...before, `p${own}`])
      expect((await digestDataset(db, first!.id, 'monitoring')).digest).toBe(
        (await digestDataset(db, own, 'monitoring')).digest,
      )

      // Removing it deletes its rows from the DEFAULT partition; the other dataset's stay.
      const purge = await statementsOf(db, () => toolkit.cleanup({ dataset: first!.id }))
      expect(purge.some((q) => q.includes(table.name) && /^delete /i.test(q))).toBe(true)
      expect(purge.filter((q) => /partition p\d+/i.test(q) && /^alter /i.test(q))).toEqual([])
      expect([await inDefault(first!.id), await inDefault(second)]).toEqual([0, 800])
      // A dataset row a host deletes itself leaves its rows in the DEFAULT partition: the next cleanup removes them.
      await tableOf(db.knex, db.tables.dataSets).where({ id: second }).delete()
      await toolkit.cleanup({ deleted: true })
      expect(await inDefault(second)).toBe(0)
      expect(await count(table, own)).toBe(800)
      await toolkit.cleanup({ dataset: own })
      expect(await count(table)).toBe(0)
    })

    it('takes a dataset into the DEFAULT partition up to one batch and SMALL_DATASET_ROWS rows, into a partition of its own past either', async () => {
      const table = db.tables.typed.financial
      const ids: number[] = []
      const partitioned = async (n: number, batchSize: number) => {
        const id = (await toolkit.run({ types: ['financial'], count: n, batchSize })).datasets[0]!.id
        ids.push(id)
        expect(await count(table, id)).toBe(n)
        return (await mysqlPartitionsOf(db, table.name)).includes(`p${id}`)
      }
      expect(await partitioned(600, 600)).toBe(false)
      expect(await partitioned(601, 600)).toBe(true)
      for (const id of ids) await toolkit.cleanup({ dataset: id })
      expect(await count(table)).toBe(0)
      // Neither shards nor a resumed load take the DEFAULT partition (see the shard and resume tests); past
      // SMALL_DATASET_ROWS a dataset of one batch gets its partition (asked of the strategy: no rows loaded).
      const strategy = db.adapter.datasetPartitions!
      const unused = 2_000_000_000
      expect(await strategy.loadTarget(table, unused, SMALL_DATASET_ROWS)).toEqual({
        table,
        withCompletion: true,
      })
      const large = await strategy.loadTarget(table, unused, SMALL_DATASET_ROWS + 1)
      expect(large.table.name).toBe(`${table.name}_p${unused}`)
      expect(await strategy.dropPartition(table, unused)).toBe(true)
      expect(await mysqlTables(db)).not.toContain(`${table.name}_p${unused}`)
    })

    it('keeps a dataset of one batch invisible until it completes: a write or a completion failing leaves none of its rows', async () => {
      const table = db.tables.typed.document
      const failed = await toolkit.run({
        types: ['document'],
        count: 2_000,
        onProgress: (event) => {
          // Rows are streaming into the DEFAULT partition, nothing committed yet.
          if (event.written === 0 && event.streamed > 0) throw new Error('power cut')
        },
      })
      const id = failed.datasets[0]!.id
      expect(failed.datasets[0]).toMatchObject({ status: 'failed', error: 'power cut' })
      expect(await count(table, id)).toBe(0)
      const [written] = await tableOf(db.knex, db.tables.dataSets).where({ id }).pluck('records_written')
      expect(Number(written)).toBe(0)

      // Every row written, then the mark refused by the server: the rows go with it.
      const trigger = 'tsq_refuse_completion'
      await db.knex.raw(
        `create trigger ${trigger} before update on ?? for each row
           if new.status = 'completed' then signal sqlstate '45000' set message_text = 'completion refused'; end if`,
        [db.tables.dataSets.name],
      )
      try {
        const refused = await toolkit.run({ types: ['document'], count: 2_000, resume: true })
        expect(refused.datasets[0]).toMatchObject({ id, status: 'failed' })
        expect(refused.datasets[0]!.error).toMatch(/completion refused/)
        expect(await count(table, id)).toBe(0)
      } finally {
        await db.knex.raw(`drop trigger if exists ${trigger}`)
      }

      const resumed = await toolkit.run({ types: ['document'], count: 2_000, resume: true })
      expect(resumed.datasets[0]).toMatchObject({ id, status: 'completed', records: 2_000 })
      expect(await count(table, id)).toBe(2_000)
      expect(await mysqlPartitionsOf(db, table.name)).not.toContain(`p${id}`)
      const fresh = await toolkit.run({ types: ['document'], count: 2_000, batchSize: 1_000 })
      expect((await digestDataset(db, id, 'document')).digest).toBe(
        (await digestDataset(db, fresh.datasets[0]!.id, 'document')).digest,
      )
      for (const done of [id, fresh.datasets[0]!.id]) await toolkit.cleanup({ dataset: done })
    })

    it('writes datasets of one batch while another process publishes partitions of the same table', async () => {
      const other = await toolkitOn(test)
      const table = db.tables.typed.environmental
      try {
        for (let round = 0; round < 3; round++) {
          const [small, own] = await Promise.all([
            toolkit.run({ types: ['environmental'], count: 300 }),
            other.run({ types: ['environmental'], count: 400, batchSize: 200 }),
          ])
          const [a, b] = [small.datasets[0]!, own.datasets[0]!]
          expect([a.status, b.status]).toEqual(['completed', 'completed'])
          expect([await count(table, a.id), await count(table, b.id)]).toEqual([300, 400])
          expect(await mysqlPartitionsOf(db, table.name)).toEqual([`p${b.id}`])
          for (const id of [a.id, b.id]) await toolkit.cleanup({ dataset: id })
        }
      } finally {
        await other.close()
      }
    })

    it('shows a dataset only once it is complete, and resumes a load a crash stopped at any step', async () => {
      const parent = db.tables.typed.environmental
      const interrupt = async () => {
        const stop = new AbortController()
        const run = await toolkit.run({
          types: ['environmental'],
          count: 6_000,
          batchSize: 1_500,
          signal: stop.signal,
          onProgress: (event) => {
            if (event.written >= 1_500) stop.abort('test')
          },
        })
        expect(run.datasets[0]!.status).toBe('failed')
        return run.datasets[0]!.id
      }
      const resume = async (id: number) => {
        const resumed = await toolkit.run({ types: ['environmental'], count: 6_000, resume: true })
        expect(resumed.datasets[0]).toMatchObject({ id, status: 'completed' })
        expect(await rowsTable(db, parent, id)).toEqual(parent)
        expect(await count(parent, id)).toBe(6_000)
        expect((await mysqlTables(db)).filter((t) => /_p\d+$/.test(t))).toEqual([])
        return (await digestDataset(db, id, 'environmental')).digest
      }

      // Stopped while loading: the rows are in the load table, none visible.
      const first = await interrupt()
      const loading = await rowsTable(db, parent, first)
      expect(loading.name).toBe(`${parent.name}_p${first}`)
      expect(await count(loading)).toBeGreaterThanOrEqual(1_500)
      expect(await count(parent, first)).toBe(0)
      const digest = await resume(first)
      const fresh = (await toolkit.run({ types: ['environmental'], count: 6_000 })).datasets[0]!.id
      expect((await digestDataset(db, fresh, 'environmental')).digest).toBe(digest)

      // Stopped between adding the partition and the exchange (MySQL commits each DDL statement).
      const second = await interrupt()
      await db.knex.raw(`alter table ?? add partition (partition p${second} values in (${second}))`, [
        parent.name,
      ])
      expect((await rowsTable(db, parent, second)).name).toBe(`${parent.name}_p${second}`)
      expect(await resume(second)).toBe(digest)

      // Stopped after the exchange, before the emptied table was dropped and the dataset marked completed.
      const third = await interrupt()
      const load = `${parent.name}_p${third}`
      await db.knex.raw(`alter table ?? add partition (partition p${third} values in (${third}))`, [
        parent.name,
      ])
      await db.knex.raw(`alter table ?? exchange partition p${third} with table ??`, [parent.name, load])
      expect(await rowsTable(db, parent, third)).toEqual(parent)
      expect(await resume(third)).toBe(digest)

      // A load that failed and is never resumed is removed with its table.
      const failed = await interrupt()
      await toolkit.cleanup({ dataset: failed })
      expect(await mysqlTables(db)).not.toContain(`${parent.name}_p${failed}`)
      await toolkit.cleanup({ dataset: fresh })
      for (const id of [first, second, third]) await toolkit.cleanup({ dataset: id })
      expect(await mysqlPartitionsOf(db, parent.name)).toEqual([])
    })

    it('writes the shards of one dataset into its load table, published whole by the last, the same rows as one process', async () => {
      const other = await toolkitOn(test)
      try {
        // A dataset of one batch, but in shards: they load its own table (a shard cannot complete it alone).
        const plan = { types: ['financial'], count: 3_000, runId: 'shards' } as const
        const [a, b] = await Promise.all([
          toolkit.run({ ...plan, shard: { index: 0, count: 3 } }),
          other.run({ ...plan, shard: { index: 1, count: 3 } }),
        ])
        const id = a.datasets[0]!.id
        expect(b.datasets[0]!.id).toBe(id)
        // Two of three shards done: none of their rows is visible, nor is the dataset completed.
        expect(await mysqlPartitionsOf(db, db.tables.typed.financial.name)).toEqual([])
        expect(await count(db.tables.typed.financial, id)).toBe(0)
        const [status] = await tableOf(db.knex, db.tables.dataSets).where({ id }).pluck('status')
        expect(status).toBe('generating')
        await toolkit.run({ ...plan, shard: { index: 2, count: 3 } })
        expect(await mysqlPartitionsOf(db, db.tables.typed.financial.name)).toEqual([`p${id}`])
        expect(await count(db.tables.typed.financial, id)).toBe(3_000)
        expect((await mysqlTables(db)).filter((t) => /_p\d+$/.test(t))).toEqual([])
        const whole = (await toolkit.run({ types: ['financial'], count: 3_000 })).datasets[0]!.id
        expect((await digestDataset(db, id, 'financial')).digest).toBe(
          (await digestDataset(db, whole, 'financial')).digest,
        )
        // Without a foreign key, a dataset row a host deletes itself leaves its rows (`whole`, one batch, in the
        // DEFAULT partition): cleanup deletes them.
        await tableOf(db.knex, db.tables.dataSets).where({ id: whole }).delete()
        await toolkit.cleanup({ deleted: true })
        expect(await mysqlPartitionsOf(db, db.tables.typed.financial.name)).toEqual([`p${id}`])
        expect(await count(db.tables.typed.financial, whole)).toBe(0)
      } finally {
        await other.close()
      }
    })

    it('upgrades plain tables in place, keeping every row, and goes back down to them and their foreign key', async () => {
      const id = (await toolkit.run({ types: ['geotechnical'], count: 700 })).datasets[0]!.id
      const digest = await digestDataset(db, id, 'geotechnical')
      const table = db.tables.typed.geotechnical.name
      // A load never published: its rows join the plain table on the way down.
      const stop = new AbortController()
      const unpublished = (
        await toolkit.run({
          types: ['geotechnical'],
          count: 900,
          batchSize: 300,
          signal: stop.signal,
          onProgress: (event) => {
            if (event.written >= 300) stop.abort('test')
          },
        })
      ).datasets[0]!.id
      const loaded = await count(await rowsTable(db, db.tables.typed.geotechnical, unpublished))
      const knex = db.knex.withUserParams({ ...db.knex.userParams, ...migrationUserParams(db.schema) })
      await partitionTypedTablesMysql.down(knex)
      await partitionTypedTablesMysql.down(knex)
      expect(await mysqlPartitionsOf(db, table)).toEqual([])
      expect(await mysqlTables(db)).not.toContain(`${table}_p${unpublished}`)
      expect(await count(db.tables.typed.geotechnical, unpublished)).toBe(loaded)
      expect(await digestDataset(db, id, 'geotechnical')).toEqual(digest)
      const [fks] = await db.knex.raw<[unknown[]]>(
        `select 1 from information_schema.table_constraints
          where table_schema = database() and table_name = ? and constraint_type = 'FOREIGN KEY'`,
        [table],
      )
      expect(fks).toHaveLength(1)
      await partitionTypedTablesMysql.up(knex)
      await partitionTypedTablesMysql.up(knex)
      expect(await mysqlPartitionsOf(db, table)).toEqual([`p${id}`, `p${unpublished}`])
      expect(await digestDataset(db, id, 'geotechnical')).toEqual(digest)
      const row = await tableOf(db.knex, db.tables.typed.geotechnical).where({ dataset_id: id }).first()
      await expect(tableOf(db.knex, db.tables.typed.geotechnical).insert(row)).rejects.toThrow(/duplicate/i)
      await toolkit.cleanup({ dataset: unpublished })
      await toolkit.cleanup({ dataset: id })
    })
  })
}

if (DIALECTS.includes('sqlite')) {
  describe('sqlite: no partitions, the space comes back all the same', () => {
    it('creates the database with incremental auto-vacuum, and cleanup shrinks it back', async () => {
      const test = await createTestDatabase('sqlite', 'vacuum')
      const toolkit = await toolkitOn(test)
      try {
        await toolkit.migrate.latest()
        const db = await toolkit.database()
        const bytes = async () => {
          const rows = await db.knex.raw<{ n: number }[]>(
            'select page_count * page_size as n from pragma_page_count(), pragma_page_size()',
          )
          return Number(rows[0]!.n)
        }
        const [mode] = await db.knex.raw<{ auto_vacuum: number }[]>('pragma auto_vacuum')
        expect(mode!.auto_vacuum).toBe(2)
        const before = await bytes()
        const id = (await toolkit.run({ types: ['monitoring'], count: 10_000 })).datasets[0]!.id
        expect(await bytes()).toBeGreaterThan(before * 5)
        await toolkit.cleanup({ dataset: id })
        expect(await bytes()).toBeLessThanOrEqual(before * 1.1)
      } finally {
        await toolkit.close()
        await test.drop()
      }
    })
  })
}
