import { readFileSync } from 'node:fs'
import type { Knex } from 'knex'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../../src/dialects/open-database.js'
import type { DialectName } from '../../../src/dialects/dialect.js'
import type { ColumnSpec, ColumnType } from '../../../src/generators/columns.js'
import { FACILITY_COLUMNS } from '../../../src/generators/facility/facility-generator.js'
import { columnsOf, dataTypeIds } from '../../../src/generators/registry.js'
import { migrationUserParams, ShippedMigrationSource } from '../../../src/migrate/migration-source.js'
import { migrateLatest, migrateRollback } from '../../../src/migrate/migrator.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/databases.js'
import { dumpSchema } from '../../helpers/schema-dump.js'

// A generator whose columns change without a new migration fails here: every data type's columns (and the
// facilities') are compared with what the migrated database has. And a released migration that someone edits
// fails here too: the schema the released migrations make is compared with the snapshot taken at release.

/** The SQL types each engine may report for a column type (as `information_schema` / `pragma_table_info` say). */
const SQL_TYPES: Readonly<Record<DialectName, Readonly<Record<ColumnType, readonly string[]>>>> = {
  pg: {
    integer: ['integer'],
    bigint: ['bigint'],
    float: ['double precision'],
    string: ['character varying'],
    uuid: ['uuid'],
    text: ['text'],
    timestamp: ['timestamp with time zone'],
    date: ['date'],
    boolean: ['boolean'],
    json: ['jsonb'],
  },
  mysql: {
    integer: ['int'],
    bigint: ['bigint'],
    float: ['double'],
    string: ['varchar'],
    uuid: ['char'],
    text: ['text'],
    timestamp: ['datetime'],
    date: ['date'],
    boolean: ['tinyint'],
    // MariaDB's json is an alias of longtext with a json_valid check; MySQL has a json type.
    json: ['json', 'longtext'],
  },
  sqlite: {
    integer: ['integer'],
    bigint: ['bigint'],
    float: ['float'],
    string: ['varchar'],
    uuid: ['char'],
    text: ['text'],
    timestamp: ['datetime'],
    date: ['date'],
    boolean: ['boolean'],
    json: ['text'],
  },
}
/** Enumerated strings: a checked text column on PostgreSQL and SQLite, ENUM on MySQL. */
const ENUM_TYPES: Readonly<Record<DialectName, string>> = { pg: 'text', mysql: 'enum', sqlite: 'text' }

/** One column as the database has it. */
interface DbColumn {
  readonly type: string
  readonly nullable: boolean
  readonly length?: number
  readonly values?: readonly string[]
}

/** The five migrations of the first release: their schema is frozen in test/fixtures/schema. */
const RELEASED = [
  '20261126000100_create_datasets.js',
  '20261126000200_create_typed_tables.js',
  '20261126000300_add_run_key.js',
  '20261126000400_create_internal_metadata.js',
  '20261126000500_create_jobs.js',
]

for (const dialect of DIALECTS) {
  describe(`${dialect}: the migrated schema`, () => {
    let test: TestDatabase
    let db: Database
    beforeAll(async () => {
      test = await createTestDatabase(dialect, 'schema_defs')
      db = await openDatabase({
        url: test.url,
        schema: { tablePrefix: 'synthetic_' },
        migrationsTable: 'tailingsiq_migrations',
      })
    })
    afterAll(async () => {
      await db?.close()
      await test?.drop()
    })

    it('of the released migrations is the one they made when released', async () => {
      const shipped = new ShippedMigrationSource()
      const released: Knex.MigrationSource<unknown> = {
        getMigrations: async () =>
          (await shipped.getMigrations()).filter((m) => RELEASED.includes(shipped.getMigrationName(m))),
        getMigrationName: (m) => shipped.getMigrationName(m as never),
        getMigration: (m) => shipped.getMigration(m as never),
      }
      const knex = db.knex.withUserParams(migrationUserParams(db.schema))
      await knex.migrate.latest({ migrationSource: released, tableName: 'tailingsiq_migrations' })
      const snapshot = JSON.parse(
        readFileSync(new URL(`../../fixtures/schema/released-${dialect}.json`, import.meta.url), 'utf8'),
      ) as { server: string; lines: string[] }
      const server = await serverVersion(db)
      // Engines word their catalogues differently across versions: compare on the version the snapshot is of.
      if (!server.startsWith(snapshot.server)) {
        console.warn(`schema snapshot is of ${snapshot.server}, server is ${server}: not compared`)
        return
      }
      expect(await dumpSchema(db.knex, dialect, 'synthetic_')).toEqual(snapshot.lines)
    })

    it("has every data type's and the facilities' columns, with their types and nullability", async () => {
      await migrateLatest(db)
      const problems: string[] = []
      for (const type of dataTypeIds()) {
        const table = db.tables.typed[type].name
        const actual = await databaseColumns(db, dialect, table)
        problems.push(...compare(dialect, table, columnsOf(type), actual, ['dataset_id']))
      }
      const facilities = db.tables.facilities.name
      problems.push(
        ...compare(dialect, facilities, FACILITY_COLUMNS, await databaseColumns(db, dialect, facilities), [
          'seed',
          'created_at',
        ]),
      )
      expect(problems).toEqual([])
      await migrateRollback(db, { all: true })
    })
  })
}

function compare(
  dialect: DialectName,
  table: string,
  expected: readonly ColumnSpec[],
  actual: ReadonlyMap<string, DbColumn>,
  extra: readonly string[],
): string[] {
  const problems: string[] = []
  const names = new Set(expected.map((c) => c.name))
  for (const name of actual.keys()) {
    if (!names.has(name) && !extra.includes(name))
      problems.push(`${table}.${name}: in the database, not defined`)
  }
  for (const spec of expected) {
    const column = actual.get(spec.name)
    const where = `${table}.${spec.name}`
    if (!column) {
      problems.push(`${where}: defined, not in the database`)
      continue
    }
    if (column.nullable !== (spec.nullable === true))
      problems.push(`${where}: nullable ${column.nullable}, defined ${spec.nullable === true}`)
    if (spec.values) {
      if (column.type !== ENUM_TYPES[dialect]) problems.push(`${where}: type ${column.type}, defined an enum`)
      if (JSON.stringify(column.values) !== JSON.stringify(spec.values))
        problems.push(
          `${where}: values ${JSON.stringify(column.values)}, defined ${JSON.stringify(spec.values)}`,
        )
      continue
    }
    if (!SQL_TYPES[dialect][spec.type].includes(column.type))
      problems.push(`${where}: type ${column.type}, defined ${spec.type}`)
    if (spec.type === 'string' && column.length !== (spec.length ?? 255))
      problems.push(`${where}: length ${column.length}, defined ${spec.length ?? 255}`)
  }
  return problems
}

async function databaseColumns(
  db: Database,
  dialect: DialectName,
  table: string,
): Promise<Map<string, DbColumn>> {
  const out = new Map<string, DbColumn>()
  if (dialect === 'sqlite') {
    const rows = await db.knex.raw<{ name: string; type: string; notnull: number }[]>(
      'select name, type, "notnull" from pragma_table_info(?)',
      [table],
    )
    const [ddl] = await db.knex.raw<{ sql: string }[]>('select sql from sqlite_master where name = ?', [
      table,
    ])
    for (const row of rows) {
      const match = /^(\w+)(?:\((\d+)\))?$/.exec(row.type.toLowerCase())
      // Knex quotes with backticks; SQLite writes a renamed column (a swapped CHECK) in double quotes. The
      // typed tables' checks are OR chains (`col` = 'a' or `col` = 'b'), the others' IN lists.
      const name = '[`"]' + row.name + '[`"]'
      const literal = "'(?:[^']|'')*'"
      const values =
        new RegExp(name + ' in \\(([^)]*)\\)').exec(ddl?.sql ?? '')?.[1] ??
        new RegExp(`check \\((${name} = ${literal}(?: or ${name} = ${literal})*)\\)`).exec(
          ddl?.sql ?? '',
        )?.[1]
      out.set(row.name, {
        type: match?.[1] ?? row.type,
        nullable: row.notnull === 0,
        ...(match?.[2] ? { length: Number(match[2]) } : {}),
        ...(values !== undefined ? { values: quoted(values) } : {}),
      })
    }
    return out
  }
  if (dialect === 'mysql') {
    const [rows] = await db.knex.raw<
      [{ name: string; type: string; ctype: string; nullable: string; length: number | null }[]]
    >(
      `select column_name as name, data_type as type, column_type as ctype, is_nullable as nullable,
              character_maximum_length as length
         from information_schema.columns where table_schema = database() and table_name = ?`,
      [table],
    )
    for (const row of rows ?? []) {
      out.set(row.name, {
        type: row.type,
        nullable: row.nullable === 'YES',
        ...(row.length !== null ? { length: Number(row.length) } : {}),
        ...(row.type === 'enum' ? { values: quoted(row.ctype.slice(5, -1)) } : {}),
      })
    }
    return out
  }
  const columns = await db.knex.raw<{
    rows: { name: string; type: string; nullable: string; length: number | null }[]
  }>(
    `select column_name as name, data_type as type, is_nullable as nullable, character_maximum_length as length
       from information_schema.columns where table_schema = current_schema() and table_name = ?`,
    [table],
  )
  const checks = await db.knex.raw<{ rows: { def: string }[] }>(
    `select pg_get_constraintdef(k.oid) as def from pg_constraint k
      where k.contype = 'c' and k.conrelid = (quote_ident(current_schema()) || '.' || quote_ident(?))::regclass`,
    [table],
  )
  for (const row of columns.rows) {
    const check = checks.rows.find(
      (c) => c.def.startsWith(`CHECK ((${row.name} = ANY`) || c.def.startsWith(`CHECK (("${row.name}" = ANY`),
    )
    out.set(row.name, {
      type: row.type,
      nullable: row.nullable === 'YES',
      ...(row.length !== null ? { length: Number(row.length) } : {}),
      ...(check ? { values: [...check.def.matchAll(/'((?:[^']|'')*)'::text/g)].map((m) => m[1]!) } : {}),
    })
  }
  return out
}

/** The values of a list of SQL string literals: `'a', 'b'` or `'a','b'`. */
function quoted(list: string): string[] {
  return [...list.matchAll(/'((?:[^'\\]|''|\\.)*)'/g)].map((m) => m[1]!.replace(/''/g, "'"))
}

async function serverVersion(db: Database): Promise<string> {
  if (db.adapter.dialect === 'sqlite') return 'SQLite'
  if (db.adapter.dialect === 'pg') {
    const result = await db.knex.raw<{ rows: { v: string }[] }>(
      "select current_setting('server_version') as v",
    )
    return `PostgreSQL ${result.rows?.[0]?.v ?? ''}`
  }
  const [rows] = await db.knex.raw<[{ v: string }[]]>('select version() as v')
  const v = rows?.[0]?.v ?? ''
  return /mariadb/i.test(v) ? `MariaDB ${v}` : `MySQL ${v}`
}
