import { shippedMigrationNames } from '../../../src/migrate/migration-source.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToolkit, type Toolkit } from '../../../src/commands/toolkit.js'
import { tableOf } from '../../../src/dialects/dialect-adapter-base.js'
import { createRecordSerializer } from '../../../src/formats/record-serializer.js'
import { FACILITY_COLUMNS } from '../../../src/generators/facility/facility-generator.js'
import { generateFacilities, generateRecords } from '../../../src/generators/generate-records.js'
import { DATA_TYPES } from '../../../src/generators/generator.js'
import { columnsOf, getGenerator } from '../../../src/generators/registry.js'
import type { DatasetPlan } from '../../../src/seeding/seed-plan.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/databases.js'
import { countRows } from '../../helpers/inspect.js'

const MIGRATION_NAMES = await shippedMigrationNames()

async function toolkitOn(test: TestDatabase, config: Record<string, unknown> = {}): Promise<Toolkit> {
  return createToolkit({ db: test.url, config: { facilities: 4, seed: 9, ...config }, useEnvironment: false })
}

/** The dataset's typed rows read back and presented like the files `generate` writes. */
async function typedRecords(
  toolkit: Toolkit,
  id: number,
  plan: DatasetPlan,
): Promise<Record<string, unknown>[]> {
  const db = await toolkit.database()
  const columns = columnsOf(plan.type)
  const raw = (await tableOf(db.knex, db.tables.typed[plan.type])
    .where({ dataset_id: id })
    .orderBy('record_index')) as Record<string, unknown>[]
  const toRecord = createRecordSerializer(columns)
  return raw.map((r) => toRecord(db.adapter.decodeRow(columns, r)))
}

function expectedRecords(plan: DatasetPlan): Record<string, unknown>[] {
  const toRecord = createRecordSerializer(columnsOf(plan.type))
  return [...generateRecords(plan)].map(toRecord)
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: run`, () => {
    let test: TestDatabase
    beforeAll(async () => (test = await createTestDatabase(dialect, 'run')))
    afterAll(async () => test.drop())

    it('migrates, then seeds every type into both tables, rows equal to the generated ones field for field', async () => {
      const toolkit = await toolkitOn(test, { storage: 'both' })
      try {
        const result = await toolkit.run({ count: 250, owner: 'ci-bot' })
        expect(result.migrations).toHaveLength(MIGRATION_NAMES.length)
        expect(result.datasets.map((d) => [d.type, d.status, d.records])).toEqual(
          DATA_TYPES.map((t) => [t, 'completed', 250]),
        )
        const db = await toolkit.database()
        const plan = toolkit.plan({ count: 250 })
        for (const [i, dataset] of result.datasets.entries()) {
          const planned = plan.datasets[i]!
          const row = (await tableOf(db.knex, db.tables.dataSets)
            .where({ id: dataset.id })
            .first()) as Record<string, unknown>
          expect(row).toMatchObject({ status: 'completed', data_type: planned.type, created_by: 'ci-bot' })
          expect(Number(row['records_written'])).toBe(250)
          expect(Number(row['record_count'])).toBe(250)
          expect(row['completed_at']).not.toBeNull()
          const manifest = (
            typeof row['manifest'] === 'string' ? JSON.parse(row['manifest']) : row['manifest']
          ) as Record<string, unknown>
          expect(manifest).toMatchObject({
            seed: 9,
            generator: { name: planned.type, version: getGenerator(planned.type).version },
            rows: { typed: 250, records: 250 },
          })

          const expected = expectedRecords(planned)
          expect(await typedRecords(toolkit, dataset.id, planned)).toEqual(expected)
          const generic = (await tableOf(db.knex, db.tables.records)
            .where({ dataset_id: dataset.id })
            .orderBy('record_index')) as Record<string, unknown>[]
          expect(
            generic.map((r): unknown => (typeof r['data'] === 'string' ? JSON.parse(r['data']) : r['data'])),
          ).toEqual(expected)
          expect(new Set(generic.map((r) => r['data_type']))).toEqual(new Set([planned.type]))
        }
        // One set of facilities for the run, as generated.
        const facilities = (await tableOf(db.knex, db.tables.facilities).orderBy('facility_index')) as Record<
          string,
          unknown
        >[]
        const toRecord = createRecordSerializer(FACILITY_COLUMNS)
        expect(facilities.map((f) => toRecord(db.adapter.decodeRow(FACILITY_COLUMNS, f)))).toEqual(
          [...generateFacilities(9, { from: 0, to: 4 })].map((f) =>
            toRecord(f as unknown as Record<string, unknown>),
          ),
        )
      } finally {
        await toolkit.close()
      }
    })

    it('shares facilities between runs with the same seed, and stores only what `storage` asks', async () => {
      const toolkit = await toolkitOn(test, { storage: 'typed' })
      try {
        const db = await toolkit.database()
        const before = await countRows(db.knex, db.tables.facilities.name)
        const typedOnly = await toolkit.run({ types: ['monitoring'], count: 100 })
        expect(await countRows(db.knex, db.tables.facilities.name)).toBe(before)
        const id = typedOnly.datasets[0]!.id
        expect(await countRows(db.knex, db.tables.typed.monitoring.name, { dataset_id: id })).toBe(100)
        expect(await countRows(db.knex, db.tables.records.name, { dataset_id: id })).toBe(0)
      } finally {
        await toolkit.close()
      }
      const generic = await toolkitOn(test, { storage: 'generic', seed: 10, facilities: 6 })
      try {
        const db = await generic.database()
        const result = await generic.run({ types: ['financial'], count: 60 })
        const id = result.datasets[0]!.id
        expect(await countRows(db.knex, db.tables.typed.financial.name, { dataset_id: id })).toBe(0)
        expect(await countRows(db.knex, db.tables.records.name, { dataset_id: id })).toBe(60)
        expect(await countRows(db.knex, db.tables.facilities.name, { seed: 10 })).toBe(6)
      } finally {
        await generic.close()
      }
    })

    it('seeds the config plan, with per-entry seeds, names and parameters', async () => {
      const toolkit = await toolkitOn(test, {
        plan: [
          {
            type: 'monitoring',
            count: 48,
            name: 'two days, hourly',
            parameters: { start: '2023-06-01', interval: '1h' },
            facilities: 2,
          },
          { type: 'document', count: 20, seed: 1234, description: 'docs' },
        ],
      })
      try {
        const result = await toolkit.run()
        expect(result.datasets.map((d) => [d.name, d.status])).toEqual([
          ['two days, hourly', 'completed'],
          ['document · 20 records · seed 1234', 'completed'],
        ])
        const plan = toolkit.plan()
        expect(await typedRecords(toolkit, result.datasets[0]!.id, plan.datasets[0]!)).toEqual(
          expectedRecords(plan.datasets[0]!),
        )
        const records = await typedRecords(toolkit, result.datasets[0]!.id, plan.datasets[0]!)
        expect(records[0]!['timestamp']).toBe('2023-06-01T00:00:00.000Z')
        expect(records[23]!['timestamp']).toBe('2023-06-01T23:00:00.000Z')
      } finally {
        await toolkit.close()
      }
    })

    it('marks a dataset failed with the reason and goes on with the rest of the plan', async () => {
      const toolkit = await toolkitOn(test)
      try {
        const db = await toolkit.database()
        await toolkit.migrate.latest()
        await db.knex.schema.renameTable(db.tables.typed.document.name, 'moved_away')
        const result = await toolkit.run({ types: ['document', 'compliance'], count: 30 })
        await db.knex.schema.renameTable('moved_away', db.tables.typed.document.name)
        const [document, compliance] = result.datasets
        expect(document).toMatchObject({ status: 'failed', records: 0 })
        expect(document!.error).toMatch(/synthetic_document_data/)
        expect(compliance).toMatchObject({ status: 'completed', records: 30 })
        const row = (await tableOf(db.knex, db.tables.dataSets)
          .where({ id: document!.id })
          .first()) as Record<string, unknown>
        expect(row).toMatchObject({ status: 'failed' })
        expect(String(row['error'])).toMatch(/synthetic_document_data/)
      } finally {
        await toolkit.close()
      }
    })
  })
}
