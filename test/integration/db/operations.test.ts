import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../../src/access/actor.js'
import { createToolkit, type Toolkit } from '../../../src/commands/toolkit.js'
import { generateFiles } from '../../../src/commands/generate.js'
import { tableOf } from '../../../src/dialects/dialect-adapter-base.js'
import { resolveDatasetSpec } from '../../../src/generators/dataset-spec.js'
import { generateRecords } from '../../../src/generators/generate-records.js'
import { columnsOf } from '../../../src/generators/registry.js'
import { writeRecords } from '../../../src/formats/record-file-writer.js'
import { planOf } from '../../../src/commands/datasets.js'
import type { MonitoringRow } from '../../../src/generators/monitoring/monitoring-generator.js'
import { MONITORING_PARAMETERS } from '../../../src/generators/monitoring/monitoring-type.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/databases.js'
import { startCli } from '../../helpers/child-run.js'
import { afterFirstCommit, countRows, digestDataset, expectedDigest } from '../../helpers/inspect.js'

const ADMIN: Actor = { id: 'alice', role: 'admin' }
const toolkitAs = (test: TestDatabase, actor: Actor = ADMIN, config: Record<string, unknown> = {}) =>
  createToolkit({
    db: test.url,
    actor,
    // Stored `both`: these tests follow the JSON records table through resume, export and cleanup too.
    config: { seed: 11, facilities: 3, batchSize: 700, storage: 'both', ...config },
    useEnvironment: false,
  })

class Collect extends Writable {
  text = ''
  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    this.text += chunk.toString('utf8')
    callback()
  }
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: live-database operations`, () => {
    let test: TestDatabase
    let admin: Toolkit
    let ids: Record<string, number>
    beforeAll(async () => {
      test = await createTestDatabase(dialect, 'operations')
      admin = await toolkitAs(test)
      const monitoring = await admin.run({ types: ['monitoring'], count: 1500 })
      const others = await admin.run({
        types: ['document', 'compliance', 'geotechnical', 'environmental', 'financial'],
        count: 400,
        owner: 'bob',
      })
      ids = Object.fromEntries([...monitoring.datasets, ...others.datasets].map((d) => [d.type, d.id]))
    })
    afterAll(async () => {
      await admin.close()
      await test.drop()
    })

    it('lists datasets newest first, filtered and paged, with the total', async () => {
      const all = await admin.datasets.list()
      expect(all.total).toBe(6)
      expect(all.datasets.map((d) => d.id)).toEqual([...all.datasets.map((d) => d.id)].sort((a, b) => b - a))
      expect((await admin.datasets.list({ type: 'monitoring' })).datasets.map((d) => d.id)).toEqual([
        ids['monitoring'],
      ])
      expect((await admin.datasets.list({ owner: 'bob' })).total).toBe(5)
      expect((await admin.datasets.list({ status: 'failed' })).total).toBe(0)
      const page = await admin.datasets.list({ limit: 2, offset: 2 })
      expect(page).toMatchObject({ total: 6, limit: 2, offset: 2 })
      expect(page.datasets.map((d) => d.id)).toEqual(all.datasets.slice(2, 4).map((d) => d.id))
      expect(all.datasets[0]).toMatchObject({ status: 'completed', records_written: 400, is_deleted: false })
      expect(all.datasets[0]!.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    })

    it('shows a dataset with sample records from its typed table', async () => {
      const shown = await admin.datasets.get(ids['compliance']!, { sample: 2 })
      expect(shown.sample).toHaveLength(2)
      expect(shown.sample[0]).toMatchObject({ record_index: 0, framework: expect.any(String) as string })
      await expect(admin.datasets.get(9999)).rejects.toThrow('Dataset 9999 does not exist')
    })

    it('creates a pending dataset and fills it later, the two-step flow', async () => {
      const created = await admin.datasets.create({
        name: "two-step'); drop table x; --",
        type: 'financial',
        count: 90,
        description: 'later',
      })
      expect(created).toMatchObject({
        status: 'pending',
        records_written: 0,
        created_by: 'alice',
        name: "two-step'); drop table x; --",
      })
      const filled = await admin.datasets.generate(created.id)
      expect(filled).toMatchObject({ status: 'completed', records: 90 })
      await expect(admin.datasets.generate(created.id)).rejects.toThrow(
        `Dataset ${created.id} is completed, not pending`,
      )
      const db = await admin.database()
      expect(await countRows(db.knex, db.tables.typed.financial.name, { dataset_id: created.id })).toBe(90)
      await admin.cleanup({ dataset: created.id })
    })

    it('resumes a failed dataset from its last committed row, equal to an uninterrupted run', async () => {
      const created = await admin.datasets.create({
        name: 'resumable',
        type: 'monitoring',
        count: 6000,
        seed: 42,
        facilities: 4,
      })
      const controller = new AbortController()
      const first = await admin.datasets.generate(created.id, {
        batchSize: 1000,
        signal: controller.signal,
        onProgress: (event) => {
          if (event.written >= 2000) controller.abort('stopped by the test')
        },
      })
      expect(first).toMatchObject({ status: 'failed' })
      const partial = await digestDataset(test.url, created.id)
      expect(partial).toMatchObject(expectedDigest({ count: 6000, facilities: 4 }, 2000))
      expect(partial.dataset).toMatchObject({ status: 'failed' })

      await expect(admin.datasets.generate(created.id)).rejects.toThrow(
        `Dataset ${created.id} is failed (interrupted (stopped by the test)); resume it to continue from its last committed row`,
      )
      const resumed = await admin.datasets.generate(created.id, { resume: true, batchSize: 1000 })
      expect(resumed).toMatchObject({ status: 'completed', records: 6000 })
      const final = await digestDataset(test.url, created.id)
      expect(final).toMatchObject(expectedDigest({ count: 6000, facilities: 4 }))
      expect(final.dataset).toMatchObject({ status: 'completed', error: null })
      expect(Number(final.dataset?.['records_written'])).toBe(6000)
      const db = await admin.database()
      expect(await countRows(db.knex, db.tables.records.name, { dataset_id: created.id })).toBe(6000)
      await expect(admin.datasets.generate(created.id, { resume: true })).rejects.toThrow(
        `Dataset ${created.id} is completed, not pending`,
      )
      await admin.cleanup({ dataset: created.id })
    })

    it('lets only one of two callers generate a dataset, and refuses to resume one written in shards', async () => {
      const created = await admin.datasets.create({ name: 'contended', type: 'financial', count: 300 })
      const outcomes = await Promise.allSettled([
        admin.datasets.generate(created.id),
        admin.datasets.generate(created.id),
      ])
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected'])
      const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult
      expect(String(refused.reason)).toMatch(
        new RegExp(
          `Dataset ${created.id} is (being written by pid \\d+ on .+ since |completed, not pending)`,
        ),
      )
      const db = await admin.database()
      expect(await countRows(db.knex, db.tables.typed.financial.name, { dataset_id: created.id })).toBe(300)
      await admin.cleanup({ dataset: created.id })

      // Shard 2 of 2 wrote its part; shard 1 did not: the rows are not the dataset's first records.
      const sharded = await admin.run({ types: ['financial'], count: 400, shard: { index: 1, count: 2 } })
      const id = sharded.datasets[0]!.id
      await tableOf(db.knex, db.tables.dataSets).where({ id }).update({ status: 'failed', error: 'test' })
      await expect(admin.datasets.generate(id, { resume: true })).rejects.toThrow(
        `Dataset ${id} was written in shards`,
      )
      await admin.cleanup({ dataset: id })
    })

    it('resumes by id a dataset whose `datasets generate` was killed with SIGKILL, equal to an uninterrupted run', async () => {
      // 30 batches of 1,000 rows: the kill lands right after the first is in the database (seen by polling it;
      // progress lines come every 2 s at most), so mid-way on every engine, as in the crash tests.
      const spec = { type: 'monitoring', count: 30_000, seed: 5, facilities: 4 } as const
      const killed = await admin.datasets.create({ name: 'killed', ...spec })
      const cwd = await mkdtemp(join(tmpdir(), 'tailingsiq-kill-'))
      await writeFile(join(cwd, 'tailingsiq.config.json'), JSON.stringify({ batchSize: 1000 }))
      const child = await afterFirstCommit(test.url, 'monitoring', () =>
        startCli(['datasets', 'generate', String(killed.id), '--db', test.url, '--json'], { cwd }),
      )
      child.child.kill('SIGKILL')
      expect((await child.exited()).signal).toBe('SIGKILL')
      const db = await admin.database()
      const left = await digestDataset(db, killed.id)
      expect(left.rows).toBeGreaterThan(0)
      expect(left.rows).toBeLessThan(spec.count)
      // What it committed is the dataset's first records, in whole batches.
      expect(left.rows % 1000).toBe(0)
      expect(left).toMatchObject(expectedDigest(spec, left.rows))
      // Its writer is gone: a plain generate says so and how to go on; --resume takes over at once.
      await expect(admin.datasets.generate(killed.id)).rejects.toThrow(
        `Dataset ${killed.id} is generating but its writer is gone`,
      )
      const resumed = await admin.datasets.generate(killed.id, { resume: true, batchSize: 4000 })
      expect(resumed).toMatchObject({ status: 'completed' })

      // Equal to an uninterrupted run: the records its spec generates, every one, in order.
      const whole = await digestDataset(db, killed.id)
      expect(whole.rows).toBe(spec.count)
      expect(whole).toMatchObject(expectedDigest(spec))
      expect([whole.dataset?.['status'], Number(whole.dataset?.['records_written'])]).toEqual([
        'completed',
        spec.count,
      ])
      expect(await countRows(db.knex, db.tables.writers.name)).toBe(0)
      await admin.cleanup({ dataset: killed.id })
      await rm(cwd, { recursive: true, force: true })
    })

    it('soft-deletes and restores; a deleted dataset is hidden from list, show, stats and export', async () => {
      const id = ids['document']!
      await admin.datasets.delete(id)
      expect((await admin.datasets.list()).datasets.map((d) => d.id)).not.toContain(id)
      expect(
        (await admin.datasets.list({ includeDeleted: true })).datasets.find((d) => d.id === id),
      ).toMatchObject({ is_deleted: true })
      // The message says what is wrong; the hint, printed after it by the CLI, how to fix it there.
      const hidden = expect.objectContaining({
        name: 'NotFoundError',
        message: `Dataset ${id} is deleted`,
        hint: `restore it with \`tailingsiq-seed datasets restore ${id}\` or pass --include-deleted`,
      })
      await expect(admin.datasets.get(id)).rejects.toEqual(hidden)
      await expect(admin.stats(id)).rejects.toEqual(hidden)
      await expect(admin.export(id, { format: 'json', to: { stream: new Collect() } })).rejects.toEqual(
        hidden,
      )
      expect((await admin.stats()).datasets).toMatchObject({ total: 5, deleted: 1 })
      await admin.datasets.restore(id)
      expect((await admin.datasets.get(id)).is_deleted).toBe(false)
    })

    it('applies the access rules of the original API', async () => {
      const bob = await toolkitAs(test, { id: 'bob', role: 'user' })
      const carol = await toolkitAs(test, { id: 'carol', role: 'user' })
      const root = await toolkitAs(test, { id: 'root', role: 'super_admin' })
      try {
        expect((await bob.datasets.list()).total).toBe(5)
        expect((await bob.datasets.list({ owner: 'alice' })).total).toBe(5)
        expect((await carol.datasets.list()).total).toBe(0)
        await expect(carol.datasets.get(ids['document']!)).rejects.toThrow('does not exist')
        await expect(carol.stats(ids['document']!)).rejects.toThrow('does not exist')
        await expect(
          carol.export(ids['document']!, { format: 'ndjson', to: { stream: new Collect() } }),
        ).rejects.toThrow('does not exist')
        const sink = new Collect()
        await bob.export(ids['document']!, { format: 'ndjson', to: { stream: sink } })
        expect(sink.text.trim().split('\n')).toHaveLength(400)
        expect((await bob.stats(ids['financial']!)).rows.counted).toBe(400)
        expect((await bob.stats()).tables).toBeUndefined()
        expect((await bob.stats()).datasets.total).toBe(5)
        const denied = /Role "user" may not .*; it needs admin or super_admin/
        await expect(bob.datasets.create({ name: 'x', type: 'document', count: 1 })).rejects.toThrow(denied)
        await expect(bob.datasets.delete(ids['document']!)).rejects.toThrow(denied)
        await expect(bob.datasets.restore(ids['document']!)).rejects.toThrow(denied)
        await expect(bob.datasets.generate(ids['document']!)).rejects.toThrow(denied)
        await expect(bob.cleanup({ dryRun: true })).rejects.toThrow(denied)
        expect((await root.datasets.list()).total).toBe(6)
        expect((await root.stats()).tables).toBeDefined()
      } finally {
        await Promise.all([bob.close(), carol.close(), root.close()])
      }
    })

    it('computes stats in the database that agree with the generated rows', async () => {
      const stats = await admin.stats(ids['monitoring']!)
      expect(stats.rows).toMatchObject({ counted: 1500, matchesRecordsWritten: true })
      expect(stats.facilities).toBe(3)
      expect(stats.timeSpan).toEqual({
        column: 'timestamp',
        from: '2024-01-01T00:00:00.000Z',
        to: '2024-01-21T19:00:00.000Z',
      })
      const rows = [
        ...generateRecords(
          resolveDatasetSpec({ type: 'monitoring', count: 1500, defaultCount: 1, facilities: 3, seed: 11 }),
        ),
      ] as unknown as MonitoringRow[]
      const breakdown = stats.breakdown as {
        perFacility: {
          facility_id: string
          facility_code: string
          facility_name: string
          readings: number
          parameters: Record<
            string,
            { count: number; min: number; max: number; mean: number; stddev: number }
          >
        }[]
        status: Record<string, number>
        tarpLevels: Record<string, number>
      }
      expect(breakdown.perFacility).toHaveLength(3)
      // Facilities are named by their code and name, not only by their UUID.
      const db = await admin.database()
      const facilities: { id: string; code: string; name: string }[] = await tableOf(
        db.knex,
        db.tables.facilities,
      )
        .whereIn(
          'id',
          breakdown.perFacility.map((f) => f.facility_id),
        )
        .select('id', 'code', 'name')
      expect(
        breakdown.perFacility.map((f) => [f.facility_id, f.facility_code, f.facility_name]).sort(),
      ).toEqual(facilities.map((f) => [f.id, f.code, f.name]).sort())
      for (const facility of breakdown.perFacility) {
        const mine = rows.filter((r) => r.facility_id === facility.facility_id)
        expect(facility.readings).toBe(mine.length)
        for (const parameter of MONITORING_PARAMETERS) {
          const values = mine.map((r) => r[parameter]).filter((v): v is number => v !== null)
          const s = facility.parameters[parameter]!
          expect(s.count).toBe(values.length)
          if (values.length === 0) continue
          const mean = values.reduce((a, b) => a + b, 0) / values.length
          const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1))
          expect(s.min).toBe(Math.min(...values))
          expect(s.max).toBe(Math.max(...values))
          expect(s.mean).toBeCloseTo(mean, 6)
          expect(s.stddev).toBeCloseTo(sd, 4)
        }
      }
      const statuses: Record<string, number> = {}
      for (const r of rows) statuses[r.status] = (statuses[r.status] ?? 0) + 1
      expect(breakdown.status).toEqual(statuses)
      expect(Object.values(breakdown.tarpLevels).reduce((a, b) => a + b)).toBe(1500)
      for (const type of ['document', 'compliance', 'geotechnical', 'environmental', 'financial'] as const) {
        const s = await admin.stats(ids[type]!)
        expect(s.rows.counted).toBe(400)
        const first = Object.values(s.breakdown ?? {})[0]
        const total = Array.isArray(first)
          ? (first as Record<string, unknown>[]).reduce(
              (a, r) => a + Number(r['count'] ?? r['samples'] ?? r['lines']),
              0,
            )
          : Object.values(first as Record<string, number>).reduce((a, b) => a + b, 0)
        expect(total, type).toBe(400)
      }
      const summary = await admin.stats()
      expect(summary.datasets.byType).toMatchObject({ monitoring: 1, document: 1 })
      expect(summary.records).toBe(1500 + 5 * 400)
      expect(summary.tables?.map((t) => t.table)).toContain('synthetic_monitoring_data')
      // Freshly seeded and never analysed (PostgreSQL's reltuples is -1, InnoDB's estimate is a guess): small
      // tables are counted exactly.
      const tables = Object.fromEntries((summary.tables ?? []).map((t) => [t.table, t]))
      expect(tables['synthetic_monitoring_data']).toMatchObject({ rows: 1500, estimated: false })
      for (const type of ['document', 'compliance', 'geotechnical', 'environmental', 'financial'])
        expect(tables[`synthetic_${type}_data`], type).toMatchObject({ rows: 400, estimated: false })
    })

    it('exports every format equal, byte for byte, to the files generate writes, from typed rows and JSON records', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'tailingsiq-export-'))
      try {
        const spec = resolveDatasetSpec({
          type: 'monitoring',
          count: 1500,
          defaultCount: 1,
          facilities: 3,
          seed: 11,
        })
        await generateFiles({ datasets: [spec], formats: ['json', 'ndjson', 'csv'], outputDir: dir })
        for (const format of ['json', 'ndjson', 'csv'] as const) {
          const expected = await readFile(join(dir, `monitoring.${format}`), 'utf8')
          for (const source of ['typed', 'records'] as const) {
            const out = join(dir, `export-${source}.${format}`)
            const result = await admin.export(ids['monitoring']!, { format, source, to: { path: out } })
            expect(result).toMatchObject({ records: 1500, source })
            expect(await readFile(out, 'utf8'), `${format} from ${source}`).toBe(expected)
          }
        }
        const target = join(dir, 'exists.csv')
        await writeFile(target, 'keep')
        await expect(
          admin.export(ids['monitoring']!, { format: 'csv', to: { path: target } }),
        ).rejects.toThrow('already exists; pass --force to overwrite it')
        expect(await readFile(target, 'utf8')).toBe('keep')
        await admin.export(ids['monitoring']!, { format: 'csv', to: { path: target, force: true } })
        expect((await readFile(target, 'utf8')).startsWith('record_index,')).toBe(true)
        await expect(
          admin.export(ids['monitoring']!, { format: 'csv', to: { path: join(dir, 'missing/x.csv') } }),
        ).rejects.toThrow(/folder .*missing does not exist/)
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    })

    it('exports every type, CSV and NDJSON, byte for byte as its regenerated records are written', async () => {
      // Every column type goes through the engine's export path (PostgreSQL decodes COPY BINARY itself):
      // uuids, dates, booleans, integers, JSON and text with commas, quotes and line breaks.
      for (const [type, id] of Object.entries(ids)) {
        const dataset = await admin.datasets.get(id)
        const columns = columnsOf(dataset.data_type)
        for (const format of ['csv', 'ndjson'] as const) {
          const expected = new Collect()
          await writeRecords(format, columns, generateRecords(planOf(dataset)), expected)
          const actual = new Collect()
          await admin.export(id, { format, to: { stream: actual } })
          expect(actual.text.length, `${type} ${format}`).toBeGreaterThan(10_000)
          expect(actual.text === expected.text, `${type} ${format} equals the regenerated records`).toBe(true)
        }
      }
    })

    it('cleans up in bounded batches; a dry run changes nothing; an interrupted cleanup finishes on the next run', async () => {
      const toolkit = await toolkitAs(test, ADMIN, { seed: 77, facilities: 2 })
      try {
        const db = await toolkit.database()
        const run = await toolkit.run({ types: ['monitoring', 'document'], count: 2500 })
        const [monitoring, document] = run.datasets as unknown as [{ id: number }, { id: number }]
        await tableOf(db.knex, db.tables.dataSets)
          .where({ id: document.id })
          .update({ status: 'failed', error: 'test' })
        await toolkit.datasets.delete(monitoring.id)

        const dry = await toolkit.cleanup({ deleted: true, failed: true, dryRun: true })
        expect(dry.dryRun).toBe(true)
        expect(dry.datasets.map((d) => [d.id, d.reasons])).toEqual([
          [monitoring.id, ['deleted']],
          [document.id, ['failed']],
        ])
        expect(dry.datasets[0]!.rows).toEqual({
          synthetic_monitoring_data: 2500,
          synthetic_data_records: 2500,
        })
        expect(await countRows(db.knex, db.tables.typed.monitoring.name, { dataset_id: monitoring.id })).toBe(
          2500,
        )

        // Interrupt the cleanup after its first batch. Where the typed table keeps one partition per dataset,
        // that first step drops the dataset's partition whole.
        const whole = db.adapter.supportsListPartitions
        const batches: number[] = []
        await expect(
          toolkit.cleanup({
            deleted: true,
            batchSize: 1000,
            onProgress: (event) => {
              batches.push(event.deleted)
              throw new Error('power cut')
            },
          }),
        ).rejects.toThrow('power cut')
        expect(batches).toEqual([whole ? 2500 : 1000])
        expect(await countRows(db.knex, db.tables.typed.monitoring.name, { dataset_id: monitoring.id })).toBe(
          whole ? 0 : 1500,
        )
        const again = await toolkit.cleanup({ deleted: true, batchSize: 1000 })
        expect(again.datasets.map((d) => d.id)).toEqual([monitoring.id])
        expect(await countRows(db.knex, db.tables.typed.monitoring.name, { dataset_id: monitoring.id })).toBe(
          0,
        )
        expect(await countRows(db.knex, db.tables.records.name, { dataset_id: monitoring.id })).toBe(0)
        expect(await countRows(db.knex, db.tables.dataSets.name, { id: monitoring.id })).toBe(0)

        const dryFailed = await toolkit.cleanup({ failed: true, dryRun: true })
        expect(dryFailed.facilitiesRemoved).toBe(2)
        const failed = await toolkit.cleanup({ failed: true })
        expect(failed.datasets.map((d) => d.id)).toEqual([document.id])
        // Nothing uses seed 77's facilities any more.
        expect(failed.facilitiesRemoved).toBe(2)
        expect(await countRows(db.knex, db.tables.facilities.name, { seed: 77 })).toBe(0)
        expect(await countRows(db.knex, db.tables.facilities.name, { seed: 11 })).toBe(3)
      } finally {
        await toolkit.close()
      }
    })

    it('removes stale and expired datasets, and by default everything past the retention', async () => {
      const toolkit = await toolkitAs(test, ADMIN, { seed: 78, cleanupDays: 10 })
      try {
        const db = await toolkit.database()
        const run = await toolkit.run({ types: ['financial', 'compliance', 'geotechnical'], count: 30 })
        const [stale, old, fresh] = run.datasets.map((d) => d.id) as [number, number, number]
        const ago = (days: number) =>
          db.adapter.encodeValue({ name: 'x', type: 'timestamp' }, Date.now() - days * 86_400_000)
        await tableOf(db.knex, db.tables.dataSets)
          .where({ id: stale })
          .update({ status: 'generating', updated_at: ago(1) })
        await tableOf(db.knex, db.tables.dataSets)
          .where({ id: old })
          .update({ created_at: ago(11) })
        expect((await toolkit.cleanup({ stale: true, dryRun: true })).datasets.map((d) => d.id)).toEqual([
          stale,
        ])
        expect(
          (await toolkit.cleanup({ olderThanMs: 5 * 86_400_000, dryRun: true })).datasets.map((d) => d.id),
        ).toEqual([old])
        const byDefault = await toolkit.cleanup({ dryRun: true })
        expect(byDefault.datasets.map((d) => [d.id, d.reasons])).toEqual([
          [stale, ['stale']],
          [old, ['expired']],
        ])
        await toolkit.cleanup({})
        expect((await toolkit.datasets.list()).datasets.map((d) => d.id)).toContain(fresh)
        await toolkit.cleanup({ dataset: fresh })
      } finally {
        await toolkit.close()
      }
    })
  })
}
