import knexFactory from 'knex'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BulkTarget } from '../../../src/dialects/dialect.js'
import { openDatabase, type Database } from '../../../src/dialects/open-database.js'
import { tableOf } from '../../../src/dialects/dialect-adapter-base.js'
import { takesBulkInsert } from '../../../src/dialects/mysql/mysql-adapter.js'
import type { ColumnSpec } from '../../../src/generators/columns.js'
import { Install, type Column } from '../../../migrations/lib/frozen-schema.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/databases.js'

const COLUMNS: readonly Column[] = [
  ['n', 'bigint'],
  ['i', 'integer', { nullable: true }],
  ['x', 'float', { nullable: true }],
  ['s', 'string', { nullable: true, length: 255 }],
  ['e', 'string', { nullable: true, values: ['a', 'b c', 'd, e (f)'] }],
  ['t', 'text', { nullable: true }],
  ['u', 'uuid', { nullable: true }],
  ['at', 'timestamp', { nullable: true }],
  ['d', 'date', { nullable: true }],
  ['b', 'boolean', { nullable: true }],
  ['j', 'json', { nullable: true }],
]
const SPECS: ColumnSpec[] = COLUMNS.map(([name, type, o]) => ({
  name,
  type,
  nullable: o?.nullable ?? false,
  description: name,
}))

const HOSTILE = [
  `quote ' double " backtick \``,
  'tab\there, newline\nthere, carriage\rreturn, crlf\r\n',
  'back\\slash, \\N, \\t, \\\\ and a trailing backslash \\',
  'unicode: é ü ñ 漢字 한국어 עברית العربية 🙂 👩‍🔧 \u2028 \u2029',
  `SQL-looking: '); DROP TABLE users; -- and $1 ? ?? :name`,
  ',;|"\'\t',
  '',
  ' leading and trailing spaces ',
  'x'.repeat(20_000),
]

function hostileRows(): (Record<string, unknown> & { n: number })[] {
  return HOSTILE.map((text, k) => ({
    n: [0, 1, -1, 2 ** 53 - 1, -(2 ** 53 - 1), 4_294_967_296, -4_294_967_297, 123_456_789_012, 7][
      k
    ] as number,
    i: [0, 2_147_483_647, -2_147_483_648, null, 42, -1, 1, 2, 3][k],
    x: [0.1, -0.000123, 1e-300, 1.7976931348623157e308, -2.5e200, null, 123456.789, 1 / 3, 2 ** 0.5][k],
    s: k === 8 ? text.slice(0, 255) : text,
    e: [null, 'a', 'b c', 'd, e (f)', 'a', null, 'a', 'a', 'a'][k],
    t: text,
    u:
      k % 3 === 0
        ? null
        : `${'0123456789abcdef'[k]!.repeat(8)}-0000-4000-8000-${k.toString(16).padStart(12, '0')}`,
    at: [
      0,
      -1,
      -62_135_596_800_000,
      Date.UTC(2000, 0, 1),
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(2999, 11, 31, 23, 59, 59, 1),
      null,
      1,
      86_399_999,
    ][k],
    d: [
      0,
      Date.UTC(1969, 11, 31),
      Date.UTC(2000, 0, 1),
      Date.UTC(2024, 1, 29),
      null,
      Date.UTC(9999, 11, 31),
      Date.UTC(1900, 0, 1),
      0,
      0,
    ][k],
    b: [true, false, null, true, false, true, false, true, false][k],
    j: [{ text, nested: [1, 'two', { three: null }] }, [text], text, 1.5, null, true, { '': '' }, [], {}][k],
  }))
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: bulk writers`, () => {
    let test: TestDatabase
    let db: Database
    const table = { name: 'hostile_values' }
    const target: BulkTarget = {
      table,
      fixed: [{ column: { name: 'k', type: 'integer' }, value: 7 }],
      columns: SPECS,
    }

    beforeAll(async () => {
      test = await createTestDatabase(dialect, 'bulk_writers')
      db = await openDatabase({
        url: test.url,
        schema: { tablePrefix: 'synthetic_' },
        migrationsTable: 'tailingsiq_migrations',
      })
      await db.knex.schema.createTable(table.name, (t) => {
        t.integer('k').notNullable()
        for (const column of COLUMNS) new Install(db.knex).column(t, column)
      })
    })
    afterAll(async () => {
      await db.close()
      await test.drop()
    })

    const readBack = async () => {
      const raw: Record<string, unknown>[] = await tableOf(db.knex, table).orderBy('n')
      return raw.map((r): Record<string, unknown> => ({
        k: Number(r['k']),
        ...db.adapter.decodeRow(SPECS, r),
      }))
    }
    const expected = () =>
      hostileRows()
        .map((r) => ({ k: 7, ...r }))
        .sort((a, b) => a.n - b.n)

    it.each(['bulkWrite', 'insertWrite'] as const)(
      'stores hostile values exactly through %s',
      async (method) => {
        await tableOf(db.knex, table).delete()
        const written = await db.knex.transaction((trx) => db.adapter[method](trx, target, hostileRows()))
        expect(written).toBe(HOSTILE.length)
        expect(await readBack()).toEqual(expected())
      },
    )

    it("stores rows whose texts run across the writer's 1 MB chunks", async () => {
      await tableOf(db.knex, table).delete()
      // 40 rows of about 60 KB each (UTF-8 of up to three bytes a character): rows begin in one chunk and end in
      // the next, where a row's bytes so far move. The last row's JSON alone (1.2 MB) is larger than any writer's chunk.
      const rows = Array.from({ length: 40 }, (_, k) => ({
        n: k,
        t: `${'€'.repeat(19_000 + k * 17)}é${'x'.repeat(k)}`,
        j: { k, text: 'ü'.repeat(k * 300) },
      }))
      rows.push({ n: 40, t: 'x', j: { k: 40, text: '€'.repeat(400_000) } })
      const written = await db.knex.transaction((trx) => db.adapter.bulkWrite(trx, target, rows))
      expect(written).toBe(41)
      const stored = await readBack()
      expect(stored.map((r) => [r['n'], r['t'], r['j']])).toEqual(rows.map((r) => [r.n, r.t, r.j]))
    })

    it("writes a table of its own (`exclusive`, a dataset's load table) the same way; a duplicate key in its first batch fails the batch and leaves it empty", async () => {
      const own = { name: 'own_rows' }
      await db.knex.schema.createTable(own.name, (t) => {
        t.integer('k').notNullable()
        for (const column of COLUMNS) new Install(db.knex).column(t, column)
        t.primary(['k', 'n'])
        t.index(['s', 'at'])
      })
      const ownTarget: BulkTarget = { ...target, table: own, exclusive: true }
      const duplicated = [...hostileRows(), { ...hostileRows()[3]!, s: 'the same key again' }]
      await expect(
        db.knex.transaction((trx) => db.adapter.bulkWrite(trx, ownTarget, duplicated)),
      ).rejects.toThrow(/inserted 9 of 10 rows|duplicate|unique/i)
      expect(Number((await tableOf(db.knex, own).count({ n: '*' }))[0]!['n'])).toBe(0)

      const written = await db.knex.transaction((trx) => db.adapter.bulkWrite(trx, ownTarget, hostileRows()))
      expect(written).toBe(HOSTILE.length)
      const raw: Record<string, unknown>[] = await tableOf(db.knex, own).orderBy('n')
      expect(raw.map((r) => ({ k: Number(r['k']), ...db.adapter.decodeRow(SPECS, r) }))).toEqual(expected())
      // A second batch finds the table no longer empty: the ordinary path, the same rows.
      await db.knex.transaction((trx) =>
        db.adapter.bulkWrite(
          trx,
          { ...ownTarget, fixed: [{ column: { name: 'k', type: 'integer' }, value: 8 }] },
          hostileRows(),
        ),
      )
      expect(Number((await tableOf(db.knex, own).count({ n: '*' }))[0]!['n'])).toBe(2 * HOSTILE.length)
    })

    it.each([
      ['NaN', { x: Number.NaN }, /hostile_values\.x: NaN cannot be stored/],
      ['Infinity', { x: Number.POSITIVE_INFINITY }, /hostile_values\.x: Infinity cannot be stored/],
      ['a NUL character', { t: 'a\u0000b' }, /hostile_values\.t: text with a NUL character cannot be stored/],
    ])('refuses %s and leaves the table as it was', async (_label, change, message) => {
      await tableOf(db.knex, table).delete()
      await db.knex.transaction((trx) => db.adapter.bulkWrite(trx, target, hostileRows().slice(0, 2)))
      const rows = [
        ...hostileRows().slice(2, 5),
        { ...hostileRows()[5]!, ...change },
        ...hostileRows().slice(6),
      ]
      await expect(db.knex.transaction((trx) => db.adapter.bulkWrite(trx, target, rows))).rejects.toThrow(
        message,
      )
      await expect(db.knex.transaction((trx) => db.adapter.insertWrite(trx, target, rows))).rejects.toThrow(
        message,
      )
      expect((await readBack()).map((r) => r['n'])).toEqual([0, 1])
    })

    it('fails a batch holding a row whose key exists already, rather than count rows it did not insert', async () => {
      const keyed = { name: 'keyed_rows' }
      await db.knex.schema.createTable(keyed.name, (t) => {
        t.integer('k').notNullable()
        t.bigInteger('n').primary()
      })
      const keyedTarget: BulkTarget = {
        table: keyed,
        fixed: [{ column: { name: 'k', type: 'integer' }, value: 1 }],
        columns: [{ name: 'n', type: 'bigint' }],
      }
      const rows = (from: number, to: number) =>
        Array.from({ length: to - from }, (_, i) => ({ n: from + i }))
      await db.knex.transaction((trx) => db.adapter.bulkWrite(trx, keyedTarget, rows(0, 3)))
      // MySQL/MariaDB LOAD DATA LOCAL skips duplicates with a warning: that must not pass as 3 rows written.
      await expect(
        db.knex.transaction((trx) => db.adapter.bulkWrite(trx, keyedTarget, rows(2, 5))),
      ).rejects.toThrow(/inserted 2 of 3 rows|duplicate|unique/i)
      const stored: { n: unknown }[] = await tableOf(db.knex, keyed).orderBy('n')
      expect(stored.map((r) => Number(r.n))).toEqual([0, 1, 2])
    })
  })
}

describe.runIf(DIALECTS.includes('mysql'))("mysql: a table of its own takes InnoDB's bulk insert", () => {
  let test: TestDatabase
  let db: Database
  beforeAll(async () => {
    test = await createTestDatabase('mysql', 'bulk_insert')
    db = await openDatabase({
      url: test.url,
      schema: { tablePrefix: 'synthetic_' },
      migrationsTable: 'tailingsiq_migrations',
    })
  })
  afterAll(async () => {
    await db.close()
    await test.drop()
  })

  const keyedTable = async (name: string) => {
    await db.knex.schema.createTable(name, (t) => {
      t.integer('k').notNullable()
      t.bigInteger('n').notNullable()
      t.primary(['k', 'n'])
    })
    return { name }
  }
  const target = (table: { name: string }, exclusive: boolean): BulkTarget => ({
    table,
    fixed: [{ column: { name: 'k', type: 'integer' }, value: 1 }],
    columns: [{ name: 'n', type: 'bigint' }],
    exclusive,
  })
  const rows = Array.from({ length: 1000 }, (_, n) => ({ n }))

  /** Whether another session's insert of a key of its own waits on the writer's open transaction (1 s at most). */
  const blocksOthers = async (table: { name: string }, exclusive: boolean) => {
    const other = knexFactory({ client: 'mysql2', connection: test.url, pool: { min: 1, max: 1 } })
    try {
      await other.raw('set session innodb_lock_wait_timeout = 1')
      return await db.knex.transaction(async (trx) => {
        await db.adapter.bulkWrite(trx, target(table, exclusive), rows)
        const [flags] = await trx.raw<[{ u: number; f: number }[]]>(
          'select @@session.unique_checks as u, @@session.foreign_key_checks as f',
        )
        // The session's checks are back on after the load, inside the transaction as after it.
        expect(flags?.[0]).toEqual({ u: 1, f: 1 })
        return other.raw('insert into ?? (k, n) values (2, 0)', [table.name]).then(
          () => false,
          (error: { errno?: number }) => {
            if (error.errno !== 1205) throw error
            return true
          },
        )
      })
    } finally {
      await other.destroy()
    }
  }

  it('locks the whole table while it loads it (no undo or lock per row) where the server has the path; a shared table keeps row locks', async () => {
    const [[{ version }]] = (await db.knex.raw('select version() as version')) as [[{ version: string }]]
    expect(await blocksOthers(await keyedTable('own_table'), true)).toBe(takesBulkInsert(version))
    expect(await blocksOthers(await keyedTable('shared_table'), false)).toBe(false)
    // The probe that waited timed out; the other went in beside the writer's rows.
    const count = async (name: string) =>
      Number((await tableOf(db.knex, { name }).count({ n: '*' }))[0]!['n'])
    expect(await count('own_table')).toBe(takesBulkInsert(version) ? 1000 : 1001)
    expect(await count('shared_table')).toBe(1001)
  })
})

describe.runIf(DIALECTS.includes('mysql'))('mysql: a server that refuses LOAD DATA LOCAL INFILE', () => {
  let test: TestDatabase
  beforeAll(async () => (test = await createTestDatabase('mysql', 'no_local_infile')))
  afterAll(async () => test.drop())

  it('falls back to multi-row INSERT, says so once, and stores the same rows', async () => {
    const warnings: string[] = []
    const db = await openDatabase({
      url: `${test.url}?local_infile=0`,
      schema: { tablePrefix: 'synthetic_' },
      migrationsTable: 'tailingsiq_migrations',
      logger: { info: () => undefined, warn: (m) => warnings.push(m) },
    })
    try {
      await db.knex.schema.createTable('t', (t) => {
        t.integer('k')
        for (const column of COLUMNS) new Install(db.knex).column(t, column)
      })
      const target: BulkTarget = {
        table: { name: 't' },
        fixed: [{ column: { name: 'k', type: 'integer' }, value: 1 }],
        columns: SPECS,
      }
      expect(db.adapter.bulkMethod).toBe('LOAD DATA LOCAL INFILE')
      for (let i = 0; i < 2; i++)
        await db.knex.transaction((trx) => db.adapter.bulkWrite(trx, target, hostileRows()))
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(
        /refused LOAD DATA LOCAL INFILE .*; using multi-row INSERT, which is slower/,
      )
      expect(db.adapter.bulkMethod).toBe('multi-row INSERT (local infile refused)')
      const raw: Record<string, unknown>[] = await db.knex.table('t').orderBy('n')
      expect(raw).toHaveLength(HOSTILE.length * 2)
      expect(raw.filter((_, i) => i % 2 === 0).map((r) => db.adapter.decodeRow(SPECS, r))).toEqual(
        hostileRows().sort((a, b) => a.n - b.n),
      )
    } finally {
      await db.close()
    }
  })
})
