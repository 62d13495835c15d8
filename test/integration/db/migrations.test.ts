import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../../src/dialects/open-database.js'
import { DATA_TYPES } from '../../../src/generators/generator.js'
import { FACILITY_COLUMNS } from '../../../src/generators/facility/facility-generator.js'
import { getGenerator } from '../../../src/generators/registry.js'
import { MIGRATION_NAMES } from '../../../src/migrate/migration-source.js'
import { migrateLatest, migrateRollback, migrationStatus } from '../../../src/migrate/migrator.js'
import type { SchemaOptions } from '../../../src/schema/table-names.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/databases.js'
import { listTables } from '../../helpers/inspect.js'

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

    it('create every table with a real column for every generated field, and go back down to nothing', async () => {
      const db = await open(test)
      try {
        const before = await listTables(db.knex, dialect)
        const up = await migrateLatest(db)
        expect(up.migrations).toEqual(MIGRATION_NAMES)
        expect((await migrationStatus(db)).map((m) => [m.name, m.applied])).toEqual(
          MIGRATION_NAMES.map((n) => [n, true]),
        )
        expect((await migrateLatest(db)).migrations).toEqual([])

        const tables = await listTables(db.knex, dialect)
        for (const table of db.tables.all) expect(tables).toContain(table.name)
        expect(tables).toContain('tailingsiq_migrations')
        for (const type of DATA_TYPES) {
          const info = await db.knex.table(db.tables.typed[type].name).columnInfo()
          const expected = ['dataset_id', ...getGenerator(type).columns.map((c) => c.name)]
          expect(Object.keys(info).sort()).toEqual([...expected].sort())
          for (const column of getGenerator(type).columns) {
            expect(info[column.name]?.nullable, `${type}.${column.name} nullable`).toBe(
              column.nullable === true,
            )
          }
        }
        const facilityInfo = await db.knex.table(db.tables.facilities.name).columnInfo()
        expect(Object.keys(facilityInfo).sort()).toEqual(
          [...FACILITY_COLUMNS.map((c) => c.name), 'seed', 'created_at'].sort(),
        )

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
      'uses the configured table prefix, migrations table' + (dialect === 'pg' ? ' and schema' : ''),
      async () => {
        const schema = dialect === 'pg' ? 'synthetic' : undefined
        const db = await open(test, { tablePrefix: 'tsq_', ...(schema ? { schema } : {}) }, 'tsq_migrations')
        try {
          await migrateLatest(db)
          const tables = await listTables(db.knex, dialect, schema)
          expect(tables).toEqual(
            expect.arrayContaining([
              'tsq_data_sets',
              'tsq_data_records',
              'tsq_facilities',
              'tsq_monitoring_data',
              'tsq_migrations',
            ]),
          )
          if (schema) expect(await listTables(db.knex, dialect)).toEqual([])
          await migrateRollback(db, { all: true })
          expect(await listTables(db.knex, dialect, schema)).toEqual([])
        } finally {
          await db.close()
        }
      },
    )

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
  })
}
