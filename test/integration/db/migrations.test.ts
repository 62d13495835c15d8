import type { PlanEntry } from '../../../src/config/config-schema.js'
import { createHash } from 'node:crypto'
import { PassThrough } from 'node:stream'
import type { Knex } from 'knex'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToolkit, type Toolkit } from '../../../src/commands/toolkit.js'
import type { TableRef } from '../../../src/dialects/dialect.js'
import { openDatabase, type Database } from '../../../src/dialects/open-database.js'
import { createJsonSerializer } from '../../../src/formats/record-serializer.js'
import { generateRecords } from '../../../src/generators/generate-records.js'
import { columnsOf, getGenerator } from '../../../src/generators/registry.js'
import { insertFacilities, manifestOf } from '../../../src/seeding/seed-runner.js'
import type { DatasetPlan } from '../../../src/seeding/seed-plan.js'
import * as createDatasets from '../../../migrations/20261126000100_create_datasets.js'
import { defaultMigrationsTable } from '../../../src/config/defaults.js'
import {
  migrationUserParams,
  ShippedMigrationSource,
  shippedMigrationNames,
} from '../../../src/migrate/migration-source.js'
import { ensurePartition } from '../../../src/schema/dataset-partitions.js'
import {
  isSchemaCurrent,
  migrateLatest,
  migrateRollback,
  migrateUnlock,
  migrationStatus,
} from '../../../src/migrate/migrator.js'
import type { SchemaOptions } from '../../../src/schema/table-names.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/databases.js'
import { countRows, listTables } from '../../helpers/inspect.js'

const MIGRATION_NAMES = await shippedMigrationNames()

const open = (
  test: TestDatabase,
  schema: SchemaOptions = { tablePrefix: 'synthetic_' },
  migrationsTable = 'tailingsiq_migrations',
) => openDatabase({ url: test.url, schema, migrationsTable })

for (const dialect of DIALECTS) {
  describe(`${dialect}: migrations`, () => {
    let test: TestDatabase
    beforeAll(async () => (test = await createTestDatabase(dialect, 'migrations')))
    afterAll(async () => test.drop())

    it('create every table and go back down to nothing', async () => {
      const db = await open(test)
      try {
        const before = await listTables(db.knex, dialect)
        const up = await migrateLatest(db)
        expect(up.migrations).toEqual(MIGRATION_NAMES)
        expect((await migrationStatus(db)).map((m) => [m.name, m.applied])).toEqual(
          MIGRATION_NAMES.map((n) => [n, true]),
        )
        expect((await migrateLatest(db)).migrations).toEqual([])

        // The columns themselves: schema-matches-definitions.test.ts.
        const tables = await listTables(db.knex, dialect)
        for (const table of db.tables.all) expect(tables).toContain(table.name)
        expect(tables).toContain('tailingsiq_migrations')

        const down = await migrateRollback(db, { all: true })
        expect(down.migrations).toEqual([...MIGRATION_NAMES].reverse())
        expect(await listTables(db.knex, dialect)).toEqual(before)
        expect((await migrationStatus(db)).every((m) => !m.applied)).toBe(true)
      } finally {
        await db.close()
      }
    })

    it('rolls back one batch at a time', async () => {
      const db = await open(test)
      try {
        await migrateLatest(db)
        const down = await migrateRollback(db)
        expect(down.migrations).toHaveLength(MIGRATION_NAMES.length)
        expect(await listTables(db.knex, dialect)).toEqual([
          'tailingsiq_migrations',
          'tailingsiq_migrations_lock',
        ])
        await migrateRollback(db, { all: true })
      } finally {
        await db.close()
      }
    })

    it('keeps one migration lock row when processes migrate a fresh database at once, and repairs a lock table with several', async () => {
      const dbs = await Promise.all(Array.from({ length: 4 }, () => open(test)))
      const lockRows = () =>
        dbs[0]!.knex('tailingsiq_migrations_lock').orderBy('index').select('index', 'is_locked')
      try {
        // Knex inserts its lock row when it finds none; racing processes used to insert one each, and with two
        // rows the lock (an update that must touch exactly one row) could never be taken again.
        const results = await Promise.all(dbs.map((db) => migrateLatest(db)))
        expect(results.flatMap((r) => r.migrations).sort()).toEqual([...MIGRATION_NAMES].sort())
        expect(await lockRows()).toHaveLength(1)

        // A lock table an earlier race left with two unlocked rows is brought back to one.
        await dbs[0]!.knex('tailingsiq_migrations_lock').insert({ index: 2, is_locked: 0 })
        expect(await lockRows()).toHaveLength(2)
        expect((await migrateLatest(dbs[1]!)).migrations).toEqual([])
        expect((await lockRows()).map((r: { is_locked: unknown }) => Number(r.is_locked))).toEqual([0])
        await migrateRollback(dbs[0]!, { all: true })
      } finally {
        await Promise.all(dbs.map((db) => db.close()))
      }
    })

    it(
      'keeps installs with different prefixes' +
        (dialect === 'pg' ? ' or schemas' : '') +
        ' apart: each migrates, rolls back and resets alone',
      async () => {
        const pairs: [SchemaOptions, SchemaOptions][] = [
          [{ tablePrefix: 'synthetic_' }, { tablePrefix: 'other_' }],
          ...(dialect === 'pg'
            ? ([
                [
                  { tablePrefix: 'tsq_', schema: 'one' },
                  { tablePrefix: 'tsq_', schema: 'two' },
                ],
              ] as [SchemaOptions, SchemaOptions][])
            : []),
        ]
        for (const [optionsA, optionsB] of pairs) {
          const a = await open(test, optionsA, defaultMigrationsTable(optionsA.tablePrefix))
          const b = await open(test, optionsB, defaultMigrationsTable(optionsB.tablePrefix))
          const tablesOf = async (db: Database) =>
            (await listTables(db.knex, dialect, db.schema.schema)).filter((t) =>
              t.startsWith(db.schema.tablePrefix),
            )
          try {
            await migrateLatest(a)
            const tablesA = await tablesOf(a)
            expect((await migrateLatest(b)).migrations).toEqual(MIGRATION_NAMES)
            expect(await tablesOf(b)).toEqual(
              expect.arrayContaining([...b.tables.all.map((t) => t.name), b.migrationsTable]),
            )
            // Rolling B back (all of it) leaves A's tables and records alone.
            await migrateRollback(b, { all: true })
            expect(await tablesOf(b)).toEqual([])
            expect(await isSchemaCurrent(a)).toBe(true)
            expect(await tablesOf(a)).toEqual(tablesA)
            // And the other way round, after B migrated again (a reset of B).
            await migrateLatest(b)
            await migrateRollback(a, { all: true })
            expect(await isSchemaCurrent(b)).toBe(true)
            expect((await migrationStatus(a)).every((m) => !m.applied)).toBe(true)
            await migrateRollback(b, { all: true })
            expect(await listTables(a.knex, dialect, a.schema.schema)).toEqual([])
          } finally {
            await a.close()
            await b.close()
          }
        }
      },
    )

    it('refuses a migrations table that records another prefix, changing nothing', async () => {
      const a = await open(test)
      const b = await open(test, { tablePrefix: 'other_' }, 'tailingsiq_migrations')
      try {
        await migrateLatest(a)
        const before = await listTables(a.knex, dialect)
        const refusal =
          /records the migrations of tablePrefix "synthetic_", not of tablePrefix "other_"; give this install its own migrationsTable/
        await expect(migrateLatest(b)).rejects.toThrow(refusal)
        await expect(migrateRollback(b, { all: true })).rejects.toThrow(refusal)
        expect((await migrationStatus(b)).every((m) => !m.applied)).toBe(true)
        expect(await listTables(a.knex, dialect)).toEqual(before)
        expect(await isSchemaCurrent(a)).toBe(true)
        await migrateRollback(a, { all: true })
      } finally {
        await a.close()
        await b.close()
      }
    })

    it('moves the records of a prefixed install out of tailingsiq_migrations, where older releases kept them', async () => {
      // An older release recorded every prefix in tailingsiq_migrations, without saying which.
      const old = await open(test, { tablePrefix: 'other_' }, 'tailingsiq_migrations')
      const other = await open(test, { tablePrefix: 'other_' }, 'other_migrations')
      try {
        await knexBookkeeping(old.knex)
        await old
          .knex('tailingsiq_migrations')
          .insert(MIGRATION_NAMES.map((name) => ({ name, batch: 1, migration_time: new Date() })))
        await old.knex.schema.createTable('other_data_sets', (t) => {
          t.increments('id')
        })
        expect(await isSchemaCurrent(other)).toBe(true)
        expect((await migrateLatest(other)).migrations).toEqual([])
        expect(await countRows(other.knex, 'other_migrations')).toBe(MIGRATION_NAMES.length)
        expect(await countRows(other.knex, 'tailingsiq_migrations')).toBe(0)
        expect(await isSchemaCurrent(other)).toBe(true)
        for (const table of ['other_data_sets', 'other_migrations', 'other_migrations_lock'])
          await other.knex.schema.dropTable(table)
        await migrateRollback(old, { all: true })
        expect(await listTables(other.knex, dialect)).toEqual([])
      } finally {
        await Promise.all([old.close(), other.close()])
      }
    })

    it('recovers a first migration that a kill interrupted half-way, with `migrate unlock` and `migrate latest`', async () => {
      const db = await open(test)
      try {
        // What a process killed while MySQL ran the first migration leaves (each CREATE TABLE commits at once):
        // Knex's bookkeeping with the lock taken, the datasets table made, nothing recorded.
        await knexBookkeeping(db.knex)
        await db.knex('tailingsiq_migrations_lock').update({ is_locked: 1 })
        await createDatasets.up(db.knex.withUserParams(migrationUserParams(db.schema)))
        await db.knex.schema.dropTable('synthetic_facilities')
        await db.knex.schema.dropTable('synthetic_data_records')
        expect(await listTables(db.knex, dialect)).toContain('synthetic_data_sets')

        await migrateUnlock(db)
        expect((await migrateLatest(db)).migrations).toEqual(MIGRATION_NAMES)
        expect(await isSchemaCurrent(db)).toBe(true)

        // The same state, recovered with a reset (rollback --all, then latest).
        await migrateRollback(db, { all: true })
        await createDatasets.up(db.knex.withUserParams(migrationUserParams(db.schema)))
        await db.knex.schema.dropTable('synthetic_facilities')
        await migrateRollback(db, { all: true })
        expect((await migrateLatest(db)).migrations).toEqual(MIGRATION_NAMES)
        await migrateRollback(db, { all: true })
        expect(await listTables(db.knex, dialect)).toEqual([])
      } finally {
        await db.close()
      }
    })

    it("refuses, without printing SQL, to replace a table that holds rows but isn't recorded", async () => {
      const db = await open(test)
      try {
        await createDatasets.up(db.knex.withUserParams(migrationUserParams(db.schema)))
        await db.knex('synthetic_facilities').insert(facilityRow())
        const error = await migrateLatest(db).then(
          () => undefined,
          (e: unknown) => e as Error,
        )
        expect(error?.message).toMatch(
          /Migration "20261126000100_create_datasets.js" \(up\) failed: table synthetic_facilities already exists and holds rows, but this migration is not recorded/,
        )
        expect(error?.message).not.toMatch(/create table|insert into/i)
        expect(error?.message.split('\n')).toHaveLength(1)
        expect(await countRows(db.knex, 'synthetic_facilities')).toBe(1)
        await db.knex.schema.dropTable('synthetic_facilities')
        await db.knex.schema.dropTable('synthetic_data_records')
        await db.knex.schema.dropTable('synthetic_data_sets')
        await migrateRollback(db, { all: true })
      } finally {
        await db.close()
      }
    })

    it('adds a foreign key from created_by to the host application users table, matching its type', async () => {
      const db: Database = await open(test, {
        tablePrefix: 'synthetic_',
        owners: { table: 'app_users', column: 'id' },
      })
      try {
        await db.knex.schema.createTable('app_users', (t) => {
          t.increments('id')
          t.string('email')
        })
        const inserted: (number | { id: number })[] = await db.knex
          .table('app_users')
          .insert({ email: 'a@example.com' })
          .returning('id')
        const userId = inserted[0]
        const owner = typeof userId === 'object' ? userId.id : Number(userId)
        await migrateLatest(db)
        const datasetRow = (createdBy: unknown) => ({
          name: 'x',
          data_type: 'monitoring',
          status: 'pending',
          record_count: 1,
          records_written: 0,
          seed: 1,
          facility_seed: 1,
          facility_count: 1,
          storage: 'both',
          generator_version: 1,
          parameters: '{}',
          created_by: createdBy,
        })
        await db.knex.table('synthetic_data_sets').insert(datasetRow(owner))
        await expect(db.knex.table('synthetic_data_sets').insert(datasetRow(owner + 100))).rejects.toThrow(
          /foreign key|FOREIGN KEY/i,
        )
        await migrateRollback(db, { all: true })
        await db.knex.schema.dropTable('app_users')
      } finally {
        await db.close()
      }
    })

    it('names the missing owners table instead of failing obscurely', async () => {
      const db = await open(test, {
        tablePrefix: 'synthetic_',
        owners: { table: 'no_such_users', column: 'id' },
      })
      try {
        await expect(migrateLatest(db)).rejects.toThrow(
          /Migration "20261126000100_create_datasets.js" \(up\) failed: owners: column no_such_users.id does not exist/,
        )
        await migrateRollback(db, { all: true })
      } finally {
        await db.close()
      }
    })

    it('adds the stuck, step and duplicate-timestamp kinds and the clean values, partitions included, and rolls back only once no reading uses a new kind', async () => {
      const db = await open(test)
      try {
        // Everything before the labels migration, with a dataset (and its partition) holding a reading.
        const shipped = new ShippedMigrationSource()
        const before: Knex.MigrationSource<unknown> = {
          getMigrations: async () =>
            (await shipped.getMigrations()).filter((m) => shipped.getMigrationName(m) !== LABELS),
          getMigrationName: (m) => shipped.getMigrationName(m as never),
          getMigration: (m) => shipped.getMigration(m as never),
        }
        await db.knex
          .withUserParams(migrationUserParams(db.schema))
          .migrate.latest({ migrationSource: before, tableName: 'tailingsiq_migrations' })
        const inserted: (number | { id: number })[] = await db.knex
          .table('synthetic_data_sets')
          .insert(datasetRow())
          .returning('id')
        const first = inserted[0]
        const datasetId = typeof first === 'object' ? first.id : Number(first)
        const table = db.tables.typed.monitoring
        await ensurePartition(db, table, datasetId)
        const reading = (recordIndex: number, anomaly: string) =>
          db.knex.table(table.name).insert(monitoringRow(datasetId, recordIndex, anomaly))
        await reading(0, 'spike')
        await expect(reading(1, 'stuck')).rejects.toThrow()

        expect((await migrateLatest(db)).migrations).toEqual([LABELS])
        await reading(1, 'stuck')
        await db.knex.table(table.name).where({ record_index: 1 }).update({ pore_pressure_clean_kpa: 12.5 })
        await expect(reading(2, 'bogus')).rejects.toThrow()
        await expect(migrateRollback(db)).rejects.toThrow(
          `holds readings of the anomaly kinds stuck, step, duplicate_timestamp in datasets ${datasetId}, which the earlier schema lacks; remove those datasets first`,
        )
        expect(await db.knex.schema.hasColumn(table.name, 'pore_pressure_clean_kpa')).toBe(true)

        await db.knex.table(table.name).where({ record_index: 1 }).delete()
        expect((await migrateRollback(db)).migrations).toEqual([LABELS])
        expect(await db.knex.schema.hasColumn(table.name, 'pore_pressure_clean_kpa')).toBe(false)
        await expect(reading(1, 'step')).rejects.toThrow()
        await reading(1, 'drift')
        expect(await countRows(db.knex, table.name)).toBe(2)
        await migrateRollback(db, { all: true })
      } finally {
        await db.close()
      }
    })

    it('adds the TARP Notification document type, partitions included, and rolls back only once no document uses it', async () => {
      const db = await open(test)
      try {
        // Everything before the notification migration, with a dataset (and its partition) holding a document.
        const shipped = new ShippedMigrationSource()
        const before: Knex.MigrationSource<unknown> = {
          getMigrations: async () =>
            (await shipped.getMigrations()).filter((m) => shipped.getMigrationName(m) !== NOTIFICATION),
          getMigrationName: (m) => shipped.getMigrationName(m as never),
          getMigration: (m) => shipped.getMigration(m as never),
        }
        await db.knex
          .withUserParams(migrationUserParams(db.schema))
          .migrate.latest({ migrationSource: before, tableName: 'tailingsiq_migrations' })
        const inserted: (number | { id: number })[] = await db.knex
          .table('synthetic_data_sets')
          .insert({ ...datasetRow(), data_type: 'document' })
          .returning('id')
        const first = inserted[0]
        const datasetId = typeof first === 'object' ? first.id : Number(first)
        const table = db.tables.typed.document
        await ensurePartition(db, table, datasetId)
        const document = (recordIndex: number, name: string, code: string) =>
          db.knex.table(table.name).insert(documentRow(datasetId, recordIndex, name, code))
        await document(0, 'Incident Investigation Report', 'INC')
        await expect(document(1, 'TARP Notification', 'TARP')).rejects.toThrow()

        expect((await migrateLatest(db)).migrations).toEqual([NOTIFICATION])
        await document(1, 'TARP Notification', 'TARP')
        await expect(document(2, 'Bogus Report', 'TARP')).rejects.toThrow()
        await expect(document(2, 'TARP Notification', 'BOGUS')).rejects.toThrow()
        await expect(migrateRollback(db)).rejects.toThrow(
          `holds TARP Notification documents in datasets ${datasetId}, which the earlier schema lacks; remove those datasets first`,
        )

        await db.knex.table(table.name).where({ record_index: 1 }).delete()
        expect((await migrateRollback(db)).migrations).toEqual([NOTIFICATION])
        await expect(document(1, 'TARP Notification', 'TARP')).rejects.toThrow()
        await document(1, 'Dam Safety Inspection Report', 'DSI')
        const kept = await db.knex.table(table.name).where({ record_index: 0 }).first()
        expect([kept.doc_type, kept.doc_type_code]).toEqual(['Incident Investigation Report', 'INC'])
        expect(await countRows(db.knex, table.name)).toBe(2)
        await migrateRollback(db, { all: true })
      } finally {
        await db.close()
      }
    })

    it('upgrades a database of the release before one partition per dataset in place: its datasets verify, export as freshly seeded ones and are removed as they are', async () => {
      const upgrade = await createTestDatabase(dialect, 'upgrade')
      const db = await open(upgrade)
      const toolkit = await createToolkit({
        db: upgrade.url,
        config: { seed: 11, facilities: 3, plan: UPGRADED_PLAN },
        useEnvironment: false,
      })
      try {
        // The schema as released before the typed tables were partitioned, migrated by Knex as a host would.
        await db.knex.withUserParams(migrationUserParams(db.schema)).migrate.latest({
          migrationSource: migrationsBefore(PARTITIONS),
          tableName: 'tailingsiq_migrations',
        })
        // What that release's `run` wrote (storage `both`, its default then), with plain inserts: today's runner
        // refuses a schema that is not migrated to the latest.
        const plan = toolkit.plan()
        await insertFacilities(db, plan.facilitySeed, plan.facilityCount)
        const ids: number[] = []
        for (const dataset of plan.datasets) ids.push(await seedAsReleased(db, dataset))

        // Every migration from there on, whatever the latest is.
        expect((await migrateLatest(db)).migrations).toEqual(
          MIGRATION_NAMES.slice(MIGRATION_NAMES.indexOf(PARTITIONS)),
        )
        const fresh = await toolkit.run()
        for (const [i, id] of ids.entries()) {
          const verification = await toolkit.datasets.verify(id)
          expect(verification.result).toBe('ok')
          expect(verification.tables.map((t) => [t.kind, t.expectedDigest === t.actualDigest])).toEqual([
            ['typed', true],
            ['records', true],
            ['facilities', true],
          ])
          const expected = await exportDigest(toolkit, fresh.datasets[i]!.id, 'typed')
          expect(expected.lines).toBe(240)
          expect(await exportDigest(toolkit, id, 'typed')).toEqual(expected)
          expect(await exportDigest(toolkit, id, 'records')).toEqual(expected)
        }
        const [first] = ids as [number]
        await toolkit.cleanup({ dataset: first })
        const left = async (table: TableRef) => countRows(db.knex, table.name, { dataset_id: first })
        expect(await left(db.tables.typed.geotechnical)).toBe(0)
        expect(await left(db.tables.records)).toBe(0)
        expect((await toolkit.datasets.verify(ids[1]!)).result).toBe('ok')
      } finally {
        await toolkit.close()
        await db.close()
        await upgrade.drop()
      }
    })
  })
}

const PARTITIONS = '20261206000100_partition_typed_tables.js'

/**
 * Two datasets of the one type whose table is unchanged since that release (the others gained columns since:
 * monitoring its labels, and monitoring, document, compliance, environmental and financial their `event_id`), so
 * that the rows written then are the rows a run writes today.
 */
const UPGRADED_PLAN: PlanEntry[] = [
  { type: 'geotechnical', count: 240 },
  { type: 'geotechnical', count: 240, seed: 12 },
]

/** The shipped migrations that sort before `name`: the schema an earlier release installed. */
function migrationsBefore(name: string): Knex.MigrationSource<unknown> {
  const shipped = new ShippedMigrationSource()
  return {
    getMigrations: async () =>
      (await shipped.getMigrations()).filter((m) => shipped.getMigrationName(m) < name),
    getMigrationName: (m) => shipped.getMigrationName(m as never),
    getMigration: (m) => shipped.getMigration(m as never),
  }
}

/**
 * A completed dataset as a release that stored each record twice wrote it, with plain inserts: its row, its
 * typed rows and its JSON records (`data_type`, `record_index`, `data`), in one transaction.
 */
async function seedAsReleased(db: Database, dataset: DatasetPlan): Promise<number> {
  const columns = columnsOf(dataset.type)
  const now = db.knex.raw(db.adapter.nowSql)
  const id = await db.adapter.insertReturningId(db.knex, db.tables.dataSets, {
    name: dataset.name,
    data_type: dataset.type,
    status: 'completed',
    record_count: dataset.count,
    records_written: dataset.count,
    seed: dataset.seed,
    facility_seed: dataset.facilitySeed,
    facility_count: dataset.facilities,
    storage: 'both',
    generator_version: getGenerator(dataset.type).version,
    parameters: JSON.stringify(dataset.params),
    manifest: JSON.stringify(manifestOf(dataset, 'both')),
    completed_at: now,
  })
  const fixed = [{ column: { name: 'dataset_id', type: 'integer' as const }, value: id }]
  const toJson = createJsonSerializer(columns)
  await db.knex.transaction(async (trx) => {
    await db.adapter.insertWrite(
      trx,
      { table: db.tables.typed[dataset.type], fixed, columns },
      generateRecords(dataset),
    )
    const records = [...generateRecords(dataset)].map((row) => ({
      data_type: dataset.type,
      record_index: row['record_index'],
      data: toJson(row),
    }))
    await db.adapter.insertWrite(
      trx,
      {
        table: db.tables.records,
        fixed,
        columns: [
          { name: 'data_type', type: 'string' },
          { name: 'record_index', type: 'bigint' },
          { name: 'data', type: 'json-text' },
        ],
      },
      records,
    )
  })
  return id
}

/** SHA-256 and line count of a dataset's NDJSON export from `source`. */
async function exportDigest(
  toolkit: Toolkit,
  id: number,
  source: 'typed' | 'records',
): Promise<{ lines: number; sha256: string }> {
  const stream = new PassThrough()
  const hash = createHash('sha256')
  let lines = 0
  stream.on('data', (chunk: Buffer) => {
    hash.update(chunk)
    for (const byte of chunk) if (byte === 10) lines++
  })
  await toolkit.export(id, { format: 'ndjson', source, to: { stream } })
  return { lines, sha256: hash.digest('hex') }
}

const LABELS = '20261207000100_add_monitoring_labels.js'

/** A datasets row of the first release's columns. */
function datasetRow(): Record<string, unknown> {
  return {
    name: 'x',
    data_type: 'monitoring',
    status: 'pending',
    record_count: 1,
    records_written: 0,
    seed: 1,
    facility_seed: 1,
    facility_count: 1,
    storage: 'typed',
    generator_version: 1,
    parameters: '{}',
  }
}

/** A monitoring reading of the first release's required columns. */
function monitoringRow(datasetId: number, recordIndex: number, anomaly: string): Record<string, unknown> {
  return {
    dataset_id: datasetId,
    record_index: recordIndex,
    facility_id: '00000000-0000-4000-8000-000000000001',
    timestamp: '2024-01-01 00:00:00',
    pore_pressure_expected_kpa: 100,
    status: 'normal',
    tarp_level: 0,
    anomaly,
  }
}

const NOTIFICATION = '20261210000100_add_tarp_notification.js'

/** A document of the first release's required columns. */
function documentRow(
  datasetId: number,
  recordIndex: number,
  name: string,
  code: string,
): Record<string, unknown> {
  return {
    dataset_id: datasetId,
    record_index: recordIndex,
    facility_id: '00000000-0000-4000-8000-000000000001',
    doc_id: `F0-GEO-RPT-2024${recordIndex}`,
    title: 'x',
    doc_type: name,
    doc_type_code: code,
    revision: '0',
    status: 'IFU',
    issue_date: '2024-01-01',
    author_org: 'x',
    author_name: 'x',
    author_role: 'EOR',
    consequence_class: 'Low',
    pages: 1,
    file_size_bytes: 1,
    language: 'en',
    confidentiality: 'internal',
    keywords: '[]',
  }
}

/** Knex's bookkeeping tables as Knex (or an older release of the toolkit) makes them. */
async function knexBookkeeping(knex: Knex): Promise<void> {
  await knex.schema.createTable('tailingsiq_migrations', (t) => {
    t.increments()
    t.string('name')
    t.integer('batch')
    t.timestamp('migration_time')
  })
  await knex.schema.createTable('tailingsiq_migrations_lock', (t) => {
    t.increments('index').primary()
    t.integer('is_locked')
  })
  await knex('tailingsiq_migrations_lock').insert({ is_locked: 0 })
}

/** A facilities row of the first release's columns. */
function facilityRow(): Record<string, unknown> {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    facility_index: 0,
    code: 'F0',
    name: 'x',
    mine_name: 'x',
    operator: 'x',
    commodity: 'gold',
    construction_method: 'upstream',
    deposition_method: 'paste',
    status: 'active',
    consequence_class: 'Low',
    population_at_risk: 0,
    country: 'x',
    country_code: 'AU',
    region: 'WA',
    currency: 'AUD',
    language: 'en',
    timezone: 'Australia/Perth',
    climate: 'arid',
    latitude: 0,
    longitude: 0,
    ground_elevation_m: 0,
    crest_elevation_m: 0,
    footprint_ha: 0,
    capacity_mm3: 0,
    stored_volume_mm3: 0,
    construction_year: 2000,
    rate_of_rise_m_per_yr: 0,
    annual_rainfall_mm: 0,
    seismic_pga_g: 0,
    has_pond: false,
    design_pore_pressure_kpa: 0,
    baseline_seepage_l_s: 0,
    seed: 1,
  }
}
