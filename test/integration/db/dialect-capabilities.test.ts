import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../../src/dialects/open-database.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/databases.js'

/** A query that keeps the engine busy for a few hundred milliseconds. */
const SLOW_QUERY = {
  pg: 'select pg_sleep(0.3)',
  mysql: 'select sleep(0.3)',
  sqlite:
    'with recursive c(x) as (select 1 union all select x + 1 from c where x < 1000000) select count(*) from c',
} as const

// Each capability flag of the adapter checked against what the engine really does.
for (const dialect of DIALECTS) {
  describe(`${dialect}: adapter capabilities match the engine`, () => {
    let test: TestDatabase
    let db: Database
    beforeAll(async () => {
      test = await createTestDatabase(dialect, 'capabilities')
      db = await openDatabase({
        url: test.url,
        schema: { tablePrefix: 'cap_', schema: 'tsq_cap_schema' },
        migrationsTable: 'cap_migrations',
      })
    })
    afterAll(async () => {
      await db?.close()
      await test?.drop()
    })

    it('supportsTransactionalDdl: a CREATE TABLE in a rolled-back transaction is gone exactly when true', async () => {
      await db.knex
        .transaction(async (trx) => {
          await trx.schema.createTable('cap_ddl', (t) => t.integer('id'))
          throw new Error('roll back')
        })
        .catch((error: unknown) => {
          if ((error as Error).message !== 'roll back') throw error
        })
      expect((await db.adapter.listTables()).includes('cap_ddl')).toBe(!db.adapter.supportsTransactionalDdl)
    })

    it('supportsReturning: INSERT … RETURNING hands back the row when true; insertReturningId works either way', async () => {
      await db.knex.schema.createTable('cap_returning', (t) => {
        t.increments('id')
        t.integer('v')
      })
      const returning = db.knex.raw('insert into cap_returning (v) values (1) returning id')
      if (db.adapter.supportsReturning) {
        const result: unknown = await returning
        const rows = (dialect === 'pg' ? (result as { rows: unknown[] }).rows : result) as { id: number }[]
        expect(Number(rows[0]?.id)).toBe(1)
      } else {
        // MySQL has no RETURNING; MariaDB accepts it for INSERT from 10.5, so the flag stays false for both.
        const [[version]] = (await db.knex.raw('select version() as v')) as [[{ v: string }]]
        if (version.v.includes('MariaDB')) await returning
        else await expect(returning).rejects.toThrow()
      }
      const id = await db.adapter.insertReturningId(db.knex, { name: 'cap_returning' }, { v: 2 })
      const row: { v: number } | undefined = await db.knex('cap_returning').where({ id }).first('v')
      expect(Number(row?.v)).toBe(2)
    })

    it('supportsSchemas: tables live in the named schema when true; the schema option is dropped when false', async () => {
      if (!db.adapter.supportsSchemas) {
        expect(db.schema.schema).toBeUndefined()
        return
      }
      expect(db.schema.schema).toBe('tsq_cap_schema')
      await db.knex.raw('create schema ??', ['tsq_cap_schema'])
      await db.knex.schema.withSchema('tsq_cap_schema').createTable('cap_in_schema', (t) => t.integer('id'))
      expect(await db.adapter.listTables('tsq_cap_schema')).toEqual(['cap_in_schema'])
      expect(await db.adapter.listTables()).not.toContain('cap_in_schema')
    })

    it('blocksEventLoop: timers cannot fire during a statement exactly when true', async () => {
      await db.knex.raw('select 1')
      let ticks = 0
      const timer = setInterval(() => ticks++, 5)
      const started = performance.now()
      await db.knex.raw(SLOW_QUERY[dialect])
      const elapsed = performance.now() - started
      clearInterval(timer)
      expect(elapsed).toBeGreaterThan(100)
      if (db.adapter.blocksEventLoop) expect(ticks).toBeLessThanOrEqual(2)
      else expect(ticks).toBeGreaterThan(elapsed / 5 / 4)
    })

    it('isEmbedded: a database file without a host exactly when true', () => {
      expect('host' in db.target).toBe(!db.adapter.isEmbedded)
      if (db.adapter.isEmbedded) {
        expect('filename' in db.target && existsSync(db.target.filename)).toBe(true)
      } else {
        expect('host' in db.target && db.target.host).toBe('127.0.0.1')
      }
    })

    it('listTables and listColumns read the catalogue: names, types and nullability in column order', async () => {
      await db.knex.schema.createTable('cap_columns', (t) => {
        t.increments('id')
        t.string('name', 40).notNullable()
        t.bigInteger('count')
        t.boolean('flag').notNullable()
      })
      const tables = await db.adapter.listTables()
      expect(tables).toContain('cap_columns')
      expect(tables).toEqual([...tables].sort())
      const columns = await db.adapter.listColumns({ name: 'cap_columns' })
      expect(columns.map((c) => [c.name, c.nullable])).toEqual([
        ['id', false],
        ['name', false],
        ['count', true],
        ['flag', false],
      ])
      for (const column of columns) {
        expect(column.type).toBe(column.type.toLowerCase())
        expect((await db.adapter.columnType({ name: 'cap_columns' }, column.name))?.toLowerCase()).toBe(
          column.type,
        )
      }
      expect(columns.find((c) => c.name === 'name')?.type).toMatch(/char.*40/)
      expect(await db.adapter.listColumns({ name: 'cap_no_such_table' })).toEqual([])
    })
  })
}
