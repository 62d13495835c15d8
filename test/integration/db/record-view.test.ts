import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToolkit, type Toolkit } from '../../../src/commands/toolkit.js'
import { tableOf } from '../../../src/dialects/dialect-adapter-base.js'
import type { Database } from '../../../src/dialects/open-database.js'
import { createRecordSerializer } from '../../../src/formats/record-serializer.js'
import type { FileFormat } from '../../../src/formats/record-file-writer.js'
import {
  columnsOf,
  registerDataType,
  unregisterDataType,
  type DataType,
  type DataTypeMigration,
} from '../../../src/generators/registry.js'
import { isRecordViewReadable } from '../../../src/schema/record-view.js'
import { tableNames } from '../../../src/schema/table-names.js'
import { createRecordView, dropRecordView } from '../../../src/index.js'
import calibrationType from '../../fixtures/data-types/calibration/calibration-type.js'
import * as createCalibrationData from '../../fixtures/data-types/calibration/20270101000100_create_calibration_data.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/databases.js'

// The generic-record view: each record stored once (storage typed) is still readable as the JSON record the
// physical table holds for a dataset stored `both`, without duplicates, for a type registered later too; the
// view never blocks a rollback; and `export --source records` of a typed dataset writes the same bytes.

const TYPES = ['monitoring', 'document', 'geotechnical', 'environmental'] as const

const toolkitOn = (test: TestDatabase, storage: 'typed' | 'both') =>
  createToolkit({
    db: test.url,
    config: { seed: 11, facilities: 2, storage, batchSize: 70 },
    useEnvironment: false,
  })

interface ViewRow {
  readonly record_index: number
  readonly data_type: string
  readonly data: Record<string, unknown>
}

/** The view's rows of a dataset in record order, `data` parsed where the driver hands back text. */
async function viewRows(db: Database, id: number): Promise<ViewRow[]> {
  const rows: Record<string, unknown>[] = await tableOf(db.knex, db.tables.recordView)
    .where({ dataset_id: id })
    .orderBy('record_index')
  return rows.map((r) => ({
    record_index: Number(r['record_index']),
    data_type: r['data_type'] as string,
    data: (typeof r['data'] === 'string' ? JSON.parse(r['data']) : r['data']) as Record<string, unknown>,
  }))
}

/** The physical JSON table's rows of a dataset, as {@link viewRows} reads the view. */
async function jsonRecords(db: Database, id: number): Promise<ViewRow[]> {
  const rows: Record<string, unknown>[] = await tableOf(db.knex, db.tables.records)
    .where({ dataset_id: id })
    .orderBy('record_index')
  return rows.map((r) => ({
    record_index: Number(r['record_index']),
    data_type: r['data_type'] as string,
    data: (typeof r['data'] === 'string' ? JSON.parse(r['data']) : r['data']) as Record<string, unknown>,
  }))
}

/** The typed rows of a dataset serialised in Node, as the view should present them. */
async function serialisedTyped(db: Database, id: number, type: string): Promise<ViewRow[]> {
  const columns = columnsOf(type)
  const toRecord = createRecordSerializer(columns)
  const rows: Record<string, unknown>[] = await tableOf(
    db.knex,
    tableNames(db.schema).typed[type as DataType],
  )
    .where({ dataset_id: id })
    .orderBy('record_index')
  return rows.map((r) => ({
    record_index: Number(r['record_index']),
    data_type: type,
    data: toRecord(db.adapter.decodeRow(columns, r)),
  }))
}

async function exported(toolkit: Toolkit, id: number, format: FileFormat): Promise<Buffer> {
  const stream = new PassThrough()
  const chunks: Buffer[] = []
  stream.on('data', (chunk: Buffer) => chunks.push(chunk))
  await toolkit.export(id, { format, source: 'records', to: { stream } })
  return Buffer.concat(chunks)
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: the generic-record view`, () => {
    let test: TestDatabase
    let typed: Toolkit
    let both: Toolkit
    beforeAll(async () => {
      test = await createTestDatabase(dialect, 'record_view')
      typed = await toolkitOn(test, 'typed')
      both = await toolkitOn(test, 'both')
    })
    afterAll(async () => {
      unregisterDataType('calibration')
      await typed.close()
      await both.close()
      await test.drop()
    })

    it('shows typed and both datasets as their JSON records, once each, and exports them byte for byte', async () => {
      const a = await typed.run({ types: [...TYPES], count: 90 })
      const b = await both.run({ types: [...TYPES], count: 90 })
      const db = await typed.database()
      for (const [i, type] of TYPES.entries()) {
        const typedId = a.datasets[i]!.id
        const bothId = b.datasets[i]!.id
        expect(await jsonRecords(db, typedId)).toEqual([])
        const physical = await jsonRecords(db, bothId)
        expect(physical).toHaveLength(90)
        expect(physical[0]!.data_type).toBe(type)
        // A dataset stored `both` comes from the JSON table only; a `typed` one from its typed rows.
        expect(await viewRows(db, bothId)).toEqual(physical)
        expect(await viewRows(db, typedId)).toEqual(physical)
        expect(await viewRows(db, typedId)).toEqual(await serialisedTyped(db, typedId, type))
        for (const format of ['ndjson', 'csv', 'json'] as const) {
          const fromTyped = await exported(typed, typedId, format)
          expect(fromTyped.length).toBeGreaterThan(1000)
          expect(fromTyped.equals(await exported(both, bothId, format)), `${type} ${format}`).toBe(true)
        }
      }
      const total = await tableOf(db.knex, db.tables.recordView).count({ n: '*' })
      expect(Number(total[0]?.['n'])).toBe(2 * 90 * TYPES.length)
    })

    it('includes a type registered later once migrate latest rebuilds it, and rolls back past it', async () => {
      registerDataType(calibrationType, { migrations: [createCalibrationData] })
      const late = await toolkitOn(test, 'typed')
      try {
        const result = await late.run({ types: ['calibration' as DataType], count: 40 })
        expect(result.migrations).toEqual(['20270101000100_create_calibration_data.js'])
        const db = await late.database()
        const id = result.datasets[0]!.id
        const rows = await viewRows(db, id)
        expect(rows).toHaveLength(40)
        expect(rows).toEqual(await serialisedTyped(db, id, 'calibration'))
        expect(typeof rows[0]!.data['passed']).toBe('boolean')
        expect(rows[0]!.data['calibrated_at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)

        // Rolling back the type's migration drops its table, which the view reads: the view goes first.
        const back = await late.migrate.rollback()
        expect(back.migrations).toEqual(['20270101000100_create_calibration_data.js'])
        await expect(viewRows(db, id)).rejects.toThrow()
        await late.migrate.latest()
        expect(await viewRows(db, id)).toEqual([])
        expect(await viewRows(db, id - 1)).toHaveLength(90)
        // Rolling back past the open data type needs the calibration dataset gone (see its migration).
        await late.cleanup({ dataset: id })
      } finally {
        await late.close()
      }
    })

    it('goes before a pending migration replaces a table it reads, comes back after, and stays when none runs', async () => {
      const rebuild: DataTypeMigration = {
        name: '20270101000200_rebuild_calibration_data.js',
        up: async (knex) => {
          await createCalibrationData.down(knex)
          await createCalibrationData.up(knex)
        },
        down: async () => {},
      }
      unregisterDataType('calibration')
      registerDataType(calibrationType, { migrations: [createCalibrationData, rebuild] })
      const late = await toolkitOn(test, 'typed')
      try {
        const db = await late.database()
        // The view reads the calibration table: PostgreSQL refuses to drop the table while the view stands.
        expect(await isRecordViewReadable(db)).toBe(true)
        expect((await late.migrate.latest()).migrations).toEqual([rebuild.name])
        const id = (await late.run({ types: ['calibration' as DataType], count: 30 })).datasets[0]!.id
        expect(await viewRows(db, id)).toEqual(await serialisedTyped(db, id, 'calibration'))
        // Up to date: the view is neither dropped nor made again.
        const statements: string[] = []
        const record = (q: { sql: string }) => statements.push(q.sql)
        db.knex.on('query', record)
        try {
          expect((await late.migrate.latest()).migrations).toEqual([])
        } finally {
          db.knex.off('query', record)
        }
        expect(statements.filter((sql) => /\b(drop|create) view\b/i.test(sql))).toEqual([])
        expect(await viewRows(db, id)).toHaveLength(30)
        await late.cleanup({ dataset: id })
      } finally {
        await late.close()
      }
    })

    it('is made and dropped by a host with createRecordView and dropRecordView', async () => {
      const db = await typed.database()
      await dropRecordView(db.knex)
      await expect(tableOf(db.knex, db.tables.recordView).count({ n: '*' })).rejects.toThrow()
      await createRecordView(db.knex, { tablePrefix: 'synthetic_' })
      const count = await tableOf(db.knex, db.tables.recordView).count({ n: '*' })
      expect(Number(count[0]?.['n'])).toBe(2 * 90 * TYPES.length)
      await expect(createRecordView(db.knex, { tablePrefix: 'bad prefix' })).rejects.toThrow(
        /Invalid record view options: tablePrefix/,
      )
    })

    it('lets migrate rollback --all and reset remove every table', async () => {
      const db = await typed.database()
      await typed.migrate.rollback({ all: true })
      expect(await db.adapter.listTables()).toEqual([])
      await typed.reset({ types: ['monitoring'], count: 10 })
      expect(await viewRows(db, 1)).toHaveLength(10)
      await typed.reset({ types: ['monitoring'], count: 5 })
      expect(await viewRows(db, 1)).toHaveLength(5)
      await typed.migrate.rollback({ all: true })
      expect(await db.adapter.listTables()).toEqual([])
    })
  })
}
