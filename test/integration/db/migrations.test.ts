import type { PlanEntry } from '../../../src/config/config-schema.js'
import { createHash } from 'node:crypto'
import { PassThrough } from 'node:stream'
import type { Knex } from 'knex'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToolkit, type Toolkit } from '../../../src/commands/toolkit.js'
import { tableOf } from '../../../src/dialects/dialect-adapter-base.js'
import type { DialectName, TableRef } from '../../../src/dialects/dialect.js'
import { partitionName } from '../../../src/dialects/pg/pg-dataset-partitions.js'
import { openDatabase, type Database } from '../../../src/dialects/open-database.js'
import { createJsonSerializer } from '../../../src/formats/record-serializer.js'
import { DOC_TYPE_CODES } from '../../../src/generators/document/document-datasets.js'
import { generateRecords } from '../../../src/generators/generate-records.js'
import type { DataType } from '../../../src/generators/generator.js'
import type { ColumnSpec } from '../../../src/generators/columns.js'
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
        const ownedBy = (createdBy: unknown) => ({ ...datasetRow(), created_by: createdBy })
        await db.knex.table('synthetic_data_sets').insert(ownedBy(owner))
        await expect(db.knex.table('synthetic_data_sets').insert(ownedBy(owner + 100))).rejects.toThrow(
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
        await migrateWith(db, migrationsExcept(LABELS))
        const datasetId = await insertDataset(db, datasetRow())
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
        await migrateWith(db, migrationsExcept(NOTIFICATION))
        const datasetId = await insertDataset(db, { ...datasetRow(), data_type: 'document' })
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

    it('adds the inclinometer_mm trigger and the creep event, partitions included, and rolls back only once no reading uses them', async () => {
      const db = await open(test)
      try {
        // Everything before the creep migration, with a dataset (and its partition) holding a reading.
        await migrateWith(db, migrationsExcept(CREEP))
        const datasetId = await insertDataset(db, datasetRow())
        const table = db.tables.typed.monitoring
        await ensurePartition(db, table, datasetId)
        const reading = (recordIndex: number, trigger: string | null, event: string | null) =>
          db.knex.table(table.name).insert({
            ...monitoringRow(datasetId, recordIndex, 'spike'),
            trigger_parameter: trigger,
            event,
          })
        await reading(0, 'pore_pressure_kpa', 'storm')
        await expect(reading(1, 'inclinometer_mm', null)).rejects.toThrow()
        await expect(reading(1, null, 'creep')).rejects.toThrow()

        expect((await migrateLatest(db)).migrations).toEqual([CREEP])
        await reading(1, 'inclinometer_mm', null)
        await reading(2, null, 'creep')
        await reading(3, null, null)
        await expect(reading(4, 'inclinometer_rate', null)).rejects.toThrow()
        await expect(reading(4, null, 'landslide')).rejects.toThrow()
        await expect(migrateRollback(db)).rejects.toThrow(
          `holds readings triggered by inclinometer_mm or labelled creep in datasets ${datasetId}, which the earlier schema lacks; remove those datasets first`,
        )

        await db.knex.table(table.name).where({ record_index: 1 }).delete()
        await expect(migrateRollback(db)).rejects.toThrow(`labelled creep in datasets ${datasetId}`)
        await db.knex.table(table.name).where({ record_index: 2 }).delete()
        expect((await migrateRollback(db)).migrations).toEqual([CREEP])
        await expect(reading(1, 'inclinometer_mm', null)).rejects.toThrow()
        await expect(reading(1, null, 'creep')).rejects.toThrow()
        await reading(1, 'turbidity_ntu', 'freshet')
        const kept = await db.knex.table(table.name).where({ record_index: 0 }).first()
        expect([kept.trigger_parameter, kept.event]).toEqual(['pore_pressure_kpa', 'storm'])
        expect(await countRows(db.knex, table.name)).toBe(3)
        await migrateRollback(db, { all: true })
      } finally {
        await db.close()
      }
    })

    it('adds the clean_values JSON column to the monitoring table, partitions included, and drops it on rollback', async () => {
      const db = await open(test)
      try {
        // Everything before the clean-values migration, with a dataset (and its partition) holding a reading.
        await migrateWith(db, migrationsExcept(CLEAN_VALUES))
        const datasetId = await insertDataset(db, datasetRow())
        const table = db.tables.typed.monitoring
        await ensurePartition(db, table, datasetId)
        await db.knex.table(table.name).insert(monitoringRow(datasetId, 0, 'spike'))
        expect(await db.knex.schema.hasColumn(table.name, 'clean_values')).toBe(false)

        expect((await migrateLatest(db)).migrations).toEqual([CLEAN_VALUES])
        const values = { timestamp: '2024-01-01T01:00:00.000Z' }
        await db.knex.table(table.name).insert({
          ...monitoringRow(datasetId, 1, 'duplicate_timestamp'),
          clean_values: JSON.stringify(values),
        })
        const rows = await db.knex.table(table.name).orderBy('record_index').select('clean_values')
        const stored = rows.map((r: { clean_values: unknown }) =>
          db.adapter.decodeValue(JSON_COLUMN, r.clean_values),
        )
        // The reading written before holds none.
        expect(stored).toEqual([null, values])

        expect((await migrateRollback(db)).migrations).toEqual([CLEAN_VALUES])
        expect(await db.knex.schema.hasColumn(table.name, 'clean_values')).toBe(false)
        expect(await countRows(db.knex, table.name)).toBe(2)
        await migrateRollback(db, { all: true })
      } finally {
        await db.close()
      }
    })

    it('rewrites the enum checks of the typed tables on SQLite as OR chains in place, rows intact, refusing and accepting the same values, and back on rollback', async () => {
      const seeded = await createTestDatabase(dialect, 'enumchecks')
      const db = await open(seeded)
      const toolkit = await createToolkit({
        db: seeded.url,
        config: { seed: 5, facilities: 2, plan: ENUM_CHECKS_PLAN },
        useEnvironment: false,
      })
      const typed = ENUM_CHECKS_PLAN.map((entry) => db.tables.typed[entry.type].name)
      try {
        // Every migration before it, with a monitoring and a document dataset written as a run does.
        await migrateWith(db, migrationsExcept(ENUM_CHECKS))
        const before = new Map<string, string | undefined>()
        for (const table of typed) before.set(table, await createSql(db, table))
        if (dialect === 'sqlite') for (const table of typed) expect(before.get(table)).toMatch(IN_CHECK)
        const plan = toolkit.plan()
        await insertFacilities(db, plan.facilitySeed, plan.facilityCount)
        const ids: number[] = []
        for (const dataset of plan.datasets) {
          const columns = Object.keys(await tableOf(db.knex, db.tables.typed[dataset.type]).columnInfo())
          ids.push(await seedAsReleased(db, dataset, columns, true))
        }
        const order = await columnOrder(db, typed)

        expect((await migrateLatest(db)).migrations).toEqual([ENUM_CHECKS])
        if (dialect === 'sqlite') {
          for (const table of typed) {
            const sql = (await createSql(db, table))!
            expect(sql).not.toMatch(IN_CHECK)
            expect(sql).toMatch(/check \(`status` = '[^']+' or `status` = '/)
          }
          expect(await db.knex.raw('pragma integrity_check')).toEqual([{ integrity_check: 'ok' }])
        } else {
          for (const table of typed) expect(await createSql(db, table)).toEqual(before.get(table))
        }
        // The columns keep their order; the rows are those written before, exported as a fresh run's.
        expect(await columnOrder(db, typed)).toEqual(order)
        const fresh = await toolkit.run()
        for (const [i, dataset] of plan.datasets.entries()) {
          expect(await countRows(db.knex, db.tables.typed[dataset.type].name, { dataset_id: ids[i]! })).toBe(
            dataset.count,
          )
          const expected = await exportDigest(toolkit, fresh.datasets[i]!.id, 'typed')
          expect(expected.lines).toBe(dataset.count)
          expect(await exportDigest(toolkit, ids[i]!, 'typed')).toEqual(expected)
        }
        // The same values refused and accepted: a value off the list fails, NULL passes where nullable.
        const monitoring = db.tables.typed.monitoring.name
        const reading = (recordIndex: number, change: Record<string, unknown>) =>
          db.knex.table(monitoring).insert({ ...monitoringRow(ids[0]!, recordIndex, 'spike'), ...change })
        const refused = dialect === 'sqlite' ? /CHECK constraint failed/ : /./
        await expect(reading(10_000, { status: 'bogus' })).rejects.toThrow(refused)
        await expect(reading(10_000, { event: 'landslide' })).rejects.toThrow(refused)
        await expect(reading(10_000, { status: null })).rejects.toThrow()
        await reading(10_000, { anomaly: null, event: null, trigger_parameter: null })
        await reading(10_001, { status: 'critical', event: 'creep', trigger_parameter: 'inclinometer_mm' })

        // Down restores the CREATE statements as they were; up again makes the OR chains again.
        expect((await migrateRollback(db)).migrations).toEqual([ENUM_CHECKS])
        for (const table of typed) expect(await createSql(db, table)).toEqual(before.get(table))
        await expect(reading(10_002, { status: 'bogus' })).rejects.toThrow(refused)
        expect((await migrateLatest(db)).migrations).toEqual([ENUM_CHECKS])
        if (dialect === 'sqlite') {
          for (const table of typed) expect(await createSql(db, table)).not.toMatch(IN_CHECK)
          expect(await db.knex.raw('pragma integrity_check')).toEqual([{ integrity_check: 'ok' }])
        }
        await expect(reading(10_002, { anomaly: 'wobble' })).rejects.toThrow(refused)
        expect(await countRows(db.knex, monitoring, { dataset_id: ids[0]! })).toBe(
          plan.datasets[0]!.count + 2,
        )
        expect((await toolkit.datasets.verify(ids[1]!)).result).toBe('ok')
      } finally {
        await toolkit.close()
        await db.close()
        await seeded.drop()
      }
    })

    it('upgrades a database of the release before one partition per dataset in place: every type keeps its datasets, which export as freshly seeded ones on the columns they had and are removed as they are', async () => {
      const upgrade = await createTestDatabase(dialect, 'upgrade')
      const db = await open(upgrade)
      const toolkit = await createToolkit({
        db: upgrade.url,
        config: { seed: 11, facilities: 3, plan: UPGRADED_PLAN },
        useEnvironment: false,
      })
      try {
        // The schema as released before the typed tables were partitioned, migrated by Knex as a host would.
        await migrateWith(db, migrationsBefore(PARTITIONS))
        const plan = toolkit.plan()
        // The columns each type's table had then: the rows of that release hold these and no others.
        const released = new Map<DataType, string[]>()
        for (const dataset of plan.datasets) {
          const info = await tableOf(db.knex, db.tables.typed[dataset.type]).columnInfo()
          released.set(dataset.type, Object.keys(info))
        }
        // What that release's `run` wrote (storage `both`, its default then), with plain inserts: today's runner
        // refuses a schema that is not migrated to the latest.
        const addedSince = (type: DataType) =>
          columnsOf(type)
            .map((c) => c.name)
            .filter((name) => !released.get(type)!.includes(name))
        await insertFacilities(db, plan.facilitySeed, plan.facilityCount)
        const ids: number[] = []
        for (const dataset of plan.datasets)
          ids.push(await seedAsReleased(db, dataset, released.get(dataset.type)!))

        // Every migration from there on, whatever the latest is.
        expect((await migrateLatest(db)).migrations).toEqual(
          MIGRATION_NAMES.slice(MIGRATION_NAMES.indexOf(PARTITIONS)),
        )
        const fresh = await toolkit.run()
        for (const [i, dataset] of plan.datasets.entries()) {
          const id = ids[i]!
          const table = db.tables.typed[dataset.type]
          const added = addedSince(dataset.type)
          // The dataset as it was, its rows where the migrations put them: on PostgreSQL and MySQL/MariaDB a
          // partition of its own (never the DEFAULT partition), on SQLite the table itself.
          expect(await datasetState(db, id)).toEqual({
            status: 'completed',
            is_deleted: false,
            record_count: dataset.count,
            records_written: dataset.count,
          })
          expect(await countRows(db.knex, table.name, { dataset_id: id })).toBe(dataset.count)
          expect(await countRows(db.knex, db.tables.records.name, { dataset_id: id })).toBe(dataset.count)
          expect(await ownPartition(db, table, id)).toEqual(
            expectedPartition(dialect, table, id, dataset.count),
          )
          // The columns added since hold nothing for rows written before them.
          expect(await countFilled(db, table, id, added)).toBe(0)
          // Its export, from either source, is a fresh run's on the columns that existed then.
          const expected = await exportDigest(toolkit, fresh.datasets[i]!.id, 'typed', added)
          expect(expected.lines).toBe(dataset.count)
          expect(await exportDigest(toolkit, id, 'typed', added)).toEqual(expected)
          expect(await exportDigest(toolkit, id, 'records', added)).toEqual(expected)
          // A type whose table gained no column: its datasets are the records a run writes today, in full.
          if (added.length === 0) {
            const verification = await toolkit.datasets.verify(id)
            expect(verification.result).toBe('ok')
            expect(verification.tables.map((t) => [t.kind, t.expectedDigest === t.actualDigest])).toEqual([
              ['typed', true],
              ['records', true],
              ['facilities', true],
            ])
          }
        }
        // Every type but geotechnical gained columns since: the projections above left something out.
        expect(UPGRADED_TYPES.filter((type) => addedSince(type).length > 0)).toEqual([
          'monitoring',
          'document',
          'compliance',
          'environmental',
          'financial',
        ])

        // Removing the first dataset of each type takes its rows, its JSON records and its partition.
        for (const [i, dataset] of plan.datasets.entries()) {
          if (plan.datasets.findIndex((d) => d.type === dataset.type) !== i) continue
          const id = ids[i]!
          const table = db.tables.typed[dataset.type]
          await toolkit.cleanup({ dataset: id })
          expect(await datasetState(db, id)).toBeUndefined()
          expect(await countRows(db.knex, table.name, { dataset_id: id })).toBe(0)
          expect(await countRows(db.knex, db.tables.records.name, { dataset_id: id })).toBe(0)
          expect(await ownPartition(db, table, id)).toBeUndefined()
          if (dialect === 'pg')
            expect(await listTables(db.knex, dialect)).not.toContain(partitionName(table.name, id))
        }
        // The second of each type stays whole.
        for (const [i, dataset] of plan.datasets.entries()) {
          if (plan.datasets.findIndex((d) => d.type === dataset.type) === i) continue
          const table = db.tables.typed[dataset.type]
          expect(await datasetState(db, ids[i]!)).toMatchObject({ status: 'completed' })
          expect(await ownPartition(db, table, ids[i]!)).toEqual(
            expectedPartition(dialect, table, ids[i]!, dataset.count),
          )
        }
        const geotechnical = plan.datasets.findLastIndex((d) => d.type === 'geotechnical')
        expect((await toolkit.datasets.verify(ids[geotechnical]!)).result).toBe('ok')
      } finally {
        await toolkit.close()
        await db.close()
        await upgrade.drop()
      }
    })
  })
}

const PARTITIONS = '20261206000100_partition_typed_tables.js'

const ENUM_CHECKS = '20261213000100_sqlite_enum_checks.js'
const ENUM_CHECKS_PLAN: PlanEntry[] = [
  { type: 'monitoring', count: 60 },
  { type: 'document', count: 30 },
]
// An enum CHECK as Knex writes it on SQLite.
const IN_CHECK = /check \([`"][a-z_]+[`"] in \('/

/** A table's CREATE statement on SQLite; on the other engines its column types, in order. */
async function createSql(db: Database, table: string): Promise<string | undefined> {
  if (db.adapter.dialect === 'sqlite') {
    const rows = await db.knex.raw<{ sql: string }[]>(
      "select sql from sqlite_schema where type = 'table' and name = ?",
      [table],
    )
    return rows[0]?.sql
  }
  return JSON.stringify(await db.knex.table(table).columnInfo())
}

/** The column names of each table, in order. */
async function columnOrder(db: Database, tables: readonly string[]): Promise<string[][]> {
  return Promise.all(tables.map(async (table) => Object.keys(await db.knex.table(table).columnInfo())))
}

const UPGRADED_TYPES = [
  'monitoring',
  'document',
  'compliance',
  'geotechnical',
  'environmental',
  'financial',
] as const

/**
 * Two datasets of every type (two partitions of each table), a few dozen rows a type. Only records that
 * release's tables accept: monitoring without sensor faults (it allowed three kinds, the generator draws six) and
 * documents of every type but the TARP notification (added since).
 */
const UPGRADED_PLAN: PlanEntry[] = UPGRADED_TYPES.flatMap((type) => {
  const parameters =
    type === 'monitoring'
      ? { anomalyRate: 0 }
      : type === 'document'
        ? { docTypes: DOC_TYPE_CODES.filter((code) => code !== 'TARP') }
        : undefined
  return [
    { type, count: 40, ...(parameters ? { parameters } : {}) },
    { type, count: 30, seed: 12, ...(parameters ? { parameters } : {}) },
  ]
})

/** Shipped migrations, those whose name `keep` accepts: the schema an earlier release (or a test) installed. */
function shippedMigrations(keep: (name: string) => boolean): Knex.MigrationSource<unknown> {
  const shipped = new ShippedMigrationSource()
  return {
    getMigrations: async () =>
      (await shipped.getMigrations()).filter((m) => keep(shipped.getMigrationName(m))),
    getMigrationName: (m) => shipped.getMigrationName(m as never),
    getMigration: (m) => shipped.getMigration(m as never),
  }
}

/** The shipped migrations that sort before `name`: the schema the release before it installed. */
const migrationsBefore = (name: string) => shippedMigrations((m) => m < name)

/** Every shipped migration but `name`. */
const migrationsExcept = (name: string) => shippedMigrations((m) => m !== name)

/** Migrates `db` with `source` as Knex does for a host, recorded in `tailingsiq_migrations`. */
async function migrateWith(db: Database, source: Knex.MigrationSource<unknown>): Promise<void> {
  await db.knex
    .withUserParams(migrationUserParams(db.schema))
    .migrate.latest({ migrationSource: source, tableName: 'tailingsiq_migrations' })
}

/** Inserts a datasets row and returns its id. */
function insertDataset(db: Database, row: Record<string, unknown>): Promise<number> {
  return db.adapter.insertReturningId(db.knex, db.tables.dataSets, row)
}

/**
 * A completed dataset as a release that stored each record twice wrote it, with plain inserts: its row, its
 * typed rows of the table's columns then (`released`) and its JSON records of those fields (`data_type`,
 * `record_index`, `data`), in one transaction; on a schema `partitioned` by dataset, in the partition it makes.
 */
async function seedAsReleased(
  db: Database,
  dataset: DatasetPlan,
  released: readonly string[],
  partitioned = false,
): Promise<number> {
  const columns = columnsOf(dataset.type).filter((c) => released.includes(c.name))
  const now = db.knex.raw(db.adapter.nowSql)
  const id = await insertDataset(db, {
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
  // The schema partitioned by dataset: the dataset's partition first, as a run makes it.
  if (partitioned) await ensurePartition(db, db.tables.typed[dataset.type], id)
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

/**
 * SHA-256 and line count of a dataset's NDJSON export from `source`, each record without the fields `dropped`
 * (the columns an earlier release lacked), in the order exported.
 */
async function exportDigest(
  toolkit: Toolkit,
  id: number,
  source: 'typed' | 'records',
  dropped: readonly string[] = [],
): Promise<{ lines: number; sha256: string }> {
  const stream = new PassThrough()
  const chunks: Buffer[] = []
  stream.on('data', (chunk: Buffer) => chunks.push(chunk))
  await toolkit.export(id, { format: 'ndjson', source, to: { stream } })
  const hash = createHash('sha256')
  let lines = 0
  for (const line of Buffer.concat(chunks).toString('utf8').split('\n')) {
    if (line === '') continue
    const record = JSON.parse(line) as Record<string, unknown>
    for (const name of dropped) delete record[name]
    hash.update(`${JSON.stringify(record)}\n`)
    lines++
  }
  return { lines, sha256: hash.digest('hex') }
}

/** A dataset's status and counts, undefined once its row is gone. */
async function datasetState(db: Database, id: number): Promise<Record<string, unknown> | undefined> {
  const row = (await tableOf(db.knex, db.tables.dataSets).where({ id }).first()) as
    Record<string, unknown> | undefined
  if (row === undefined) return undefined
  return {
    status: row['status'],
    is_deleted: Boolean(Number(row['is_deleted'])),
    record_count: Number(row['record_count']),
    records_written: Number(row['records_written']),
  }
}

/** The rows of dataset `id` in `table` with a value in any of `columns`. */
async function countFilled(
  db: Database,
  table: TableRef,
  id: number,
  columns: readonly string[],
): Promise<number> {
  if (columns.length === 0) return 0
  const rows: { n: number | string }[] = await tableOf(db.knex, table)
    .where({ dataset_id: id })
    .where((q) => {
      for (const column of columns) void q.orWhereNotNull(column)
    })
    .count({ n: '*' })
  return Number(rows[0]?.n)
}

/**
 * Dataset `id`'s own partition of `table` (PostgreSQL: the partition bound to it, whatever its name;
 * MySQL/MariaDB: partition `p<id>`) and the rows it holds; undefined when it has none (SQLite has no partitions).
 */
async function ownPartition(
  db: Database,
  table: TableRef,
  id: number,
): Promise<{ name: string; rows: number } | undefined> {
  if (db.adapter.dialect === 'pg') {
    const result = await db.knex.raw<{ rows: { name: string }[] }>(
      `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = ?::regclass and pg_get_expr(c.relpartbound, c.oid) = ?`,
      [table.name, `FOR VALUES IN (${id})`],
    )
    const name = result.rows[0]?.name
    return name === undefined ? undefined : { name, rows: await countRows(db.knex, name) }
  }
  if (db.adapter.dialect === 'mysql') {
    const [found] = await db.knex.raw<[unknown[]]>(
      `select 1 from information_schema.partitions
        where table_schema = database() and table_name = ? and partition_name = ?`,
      [table.name, `p${id}`],
    )
    if ((found ?? []).length === 0) return undefined
    const [rows] = await db.knex.raw<[{ n: number }[]]>(`select count(*) as n from ?? partition (p${id})`, [
      table.name,
    ])
    return { name: `p${id}`, rows: Number(rows?.[0]?.n) }
  }
  return undefined
}

/** Where the partitioning migrations put the `rows` of dataset `id` that were in `table` before them. */
function expectedPartition(dialect: DialectName, table: TableRef, id: number, rows: number) {
  if (dialect === 'pg') return { name: partitionName(table.name, id), rows }
  if (dialect === 'mysql') return { name: `p${id}`, rows }
  return undefined
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
const CREEP = '20261211000100_add_inclinometer_creep.js'
const CLEAN_VALUES = '20261212000100_add_monitoring_clean_values.js'
const JSON_COLUMN: ColumnSpec = { name: 'clean_values', type: 'json', description: '' }

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
