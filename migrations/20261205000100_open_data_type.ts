import type { Knex } from 'knex'
import { Install } from './lib/frozen-schema.js'

// `data_type` of the datasets and generic records tables becomes a plain varchar(32): the set of data types
// is open (a type is a definition in the toolkit, or one a host registers), so the database no longer lists
// them; the toolkit validates the type before it writes. Each later type then needs only its own table's
// migration. Imports nothing but knex and the frozen helper.
//
// PostgreSQL drops the CHECK Knex made for the enum; MySQL turns the ENUM into varchar. SQLite keeps a CHECK
// inside the table's own SQL, so the table is rebuilt the way SQLite documents for removing a constraint
// (foreign keys off, new table, copy, drop, rename, indexes, foreign_key_check): outside a transaction,
// because SQLite ignores `PRAGMA foreign_keys` inside one, and a DROP of the parent with foreign keys on would
// cascade into every child row.

export const config = { transaction: false }

const TABLES = ['data_sets', 'data_records'] as const
const TYPES_V1 = ['monitoring', 'document', 'compliance', 'geotechnical', 'environmental', 'financial']
const ENUM_SQLITE = `\`data_type\` text check (\`data_type\` in (${TYPES_V1.map((t) => `'${t}'`).join(', ')}))`
const OPEN_SQLITE = '`data_type` varchar(32)'

export async function up(knex: Knex): Promise<void> {
  const db = new Install(knex)
  if (db.engine === 'sqlite') {
    for (const suffix of TABLES)
      await rebuildSqlite(knex, db.name(suffix), (sql) => sql.replace(ENUM_SQLITE, OPEN_SQLITE))
    return
  }
  await knex.transaction(async (trx) => {
    for (const suffix of TABLES) {
      const table = db.name(suffix)
      if (db.engine === 'pg') {
        const ref = db.schema ? `${db.schema}.${table}` : table
        await trx.raw('alter table ?? drop constraint if exists ??', [ref, `${table}_data_type_check`])
        await trx.raw('alter table ?? alter column data_type type varchar(32)', [ref])
      } else {
        await trx.raw('alter table ?? modify data_type varchar(32) not null', [table])
      }
    }
  })
}

export async function down(knex: Knex): Promise<void> {
  const db = new Install(knex)
  // The fixed list cannot hold rows of other types: refuse, and say how to remove them, rather than lose them.
  for (const suffix of TABLES) {
    const ref = db.schema ? `${db.schema}.${db.name(suffix)}` : db.name(suffix)
    const others = (await knex(ref).distinct('data_type').whereNotIn('data_type', TYPES_V1)) as {
      data_type: string
    }[]
    if (others.length > 0)
      throw new Error(
        `${db.name(suffix)} holds rows of data types the fixed list lacks (${others.map((o) => o.data_type).join(', ')}); remove those datasets first (tailingsiq-seed cleanup --dataset <id> --yes)`,
      )
  }
  if (db.engine === 'sqlite') {
    for (const suffix of TABLES)
      await rebuildSqlite(knex, db.name(suffix), (sql) => sql.replace(OPEN_SQLITE, ENUM_SQLITE))
    return
  }
  // Literal constants of this file, not input: DDL takes no bound parameters.
  const list = TYPES_V1.map((t) => `'${t}'`).join(', ')
  await knex.transaction(async (trx) => {
    for (const suffix of TABLES) {
      const table = db.name(suffix)
      if (db.engine === 'pg') {
        const ref = db.schema ? `${db.schema}.${table}` : table
        await trx.raw('alter table ?? alter column data_type type text', [ref])
        await trx.raw(`alter table ?? add constraint ?? check (data_type in (${list}))`, [
          ref,
          `${table}_data_type_check`,
        ])
      } else {
        await trx.raw(`alter table ?? modify data_type enum(${list}) not null`, [table])
      }
    }
  })
}

/** Rebuilds a SQLite table under new SQL, keeping its rows, its indexes and the foreign keys pointing at it. */
async function rebuildSqlite(knex: Knex, table: string, rewrite: (sql: string) => string): Promise<void> {
  // One connection for all of it: the pragma holds per connection.
  const client = knex.client as {
    acquireConnection(): Promise<unknown>
    releaseConnection(connection: unknown): Promise<void>
  }
  const connection = await client.acquireConnection()
  const on = (query: Knex.Raw) => query.connection(connection)
  try {
    const [found] = (await on(
      knex.raw("select sql from sqlite_schema where type = 'table' and name = ?", [table]),
    )) as { sql: string }[]
    if (!found) return
    const sql = rewrite(found.sql)
    if (sql === found.sql) return
    const indexes = (await on(
      knex.raw("select sql from sqlite_schema where type = 'index' and tbl_name = ? and sql is not null", [
        table,
      ]),
    )) as { sql: string }[]
    const rebuilt = `${table}__rebuilt`
    await on(knex.raw('pragma foreign_keys = off'))
    try {
      await on(knex.raw('begin immediate'))
      try {
        // SQLite quotes the name as it was written, or with double quotes once a table was renamed.
        await on(
          knex.raw(sql.replace(/^CREATE TABLE\s+(?:`[^`]+`|"[^"]+"|\S+)/i, `CREATE TABLE \`${rebuilt}\``)),
        )
        await on(knex.raw('insert into ?? select * from ??', [rebuilt, table]))
        await on(knex.raw('drop table ??', [table]))
        await on(knex.raw('alter table ?? rename to ??', [rebuilt, table]))
        for (const index of indexes) await on(knex.raw(index.sql))
        const broken = (await on(knex.raw('pragma foreign_key_check'))) as unknown[]
        if (broken.length > 0)
          throw new Error(`${broken.length} foreign key(s) broken by rebuilding ${table}`)
        await on(knex.raw('commit'))
      } catch (error) {
        await on(knex.raw('rollback'))
        throw error
      }
    } finally {
      await on(knex.raw('pragma foreign_keys = on'))
    }
  } finally {
    await client.releaseConnection(connection)
  }
}
