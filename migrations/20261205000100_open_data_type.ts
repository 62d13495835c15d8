import type { Knex } from 'knex'
import { Install } from './lib/frozen-schema.js'

// `data_type` of the datasets and generic records tables becomes a plain varchar(32): the set of data types
// is open (a type is a definition in the toolkit, or one a host registers), so the database no longer lists
// them; the toolkit validates the type before it writes. Each later type then needs only its own table's
// migration. Imports nothing but knex and the frozen helper.
//
// PostgreSQL drops the CHECK Knex made for the enum; MySQL turns the ENUM into varchar. SQLite keeps the CHECK
// in the column's own definition, so the column is swapped for a new one (add, copy, drop the index and the
// old column, rename, index again): all inside the migration's transaction. Rebuilding the whole table would
// need foreign keys off, which SQLite allows only outside a transaction, and a migration outside Knex's
// transaction loses Knex's re-check of what another process migrated while this one waited for the lock.

const TABLES = ['data_sets', 'data_records'] as const
const TYPES_V1 = ['monitoring', 'document', 'compliance', 'geotechnical', 'environmental', 'financial']
// Literal constants of this file, not input: DDL takes no bound parameters.
const LIST = TYPES_V1.map((t) => `'${t}'`).join(', ')

export async function up(knex: Knex): Promise<void> {
  const db = new Install(knex)
  for (const suffix of TABLES) {
    const table = db.name(suffix)
    if (db.engine === 'pg') {
      const ref = db.schema ? `${db.schema}.${table}` : table
      await knex.raw('alter table ?? drop constraint if exists ??', [ref, `${table}_data_type_check`])
      await knex.raw('alter table ?? alter column data_type type varchar(32)', [ref])
    } else if (db.engine === 'mysql') {
      await knex.raw('alter table ?? modify data_type varchar(32) not null', [table])
    } else {
      await swapSqliteColumn(knex, db, suffix, "varchar(32) not null default ''")
    }
  }
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
  for (const suffix of TABLES) {
    const table = db.name(suffix)
    if (db.engine === 'pg') {
      const ref = db.schema ? `${db.schema}.${table}` : table
      await knex.raw('alter table ?? alter column data_type type text', [ref])
      await knex.raw(`alter table ?? add constraint ?? check (data_type in (${LIST}))`, [
        ref,
        `${table}_data_type_check`,
      ])
    } else if (db.engine === 'mysql') {
      await knex.raw(`alter table ?? modify data_type enum(${LIST}) not null`, [table])
    } else {
      await swapSqliteColumn(
        knex,
        db,
        suffix,
        `text not null default 'monitoring' check (data_type in (${LIST}))`,
      )
    }
  }
}

/** Replaces SQLite column `data_type` of a table by one of `definition`, keeping its values and its index. */
async function swapSqliteColumn(knex: Knex, db: Install, suffix: string, definition: string): Promise<void> {
  const table = db.name(suffix)
  const indexes = await knex.raw<{ name: string; sql: string }[]>(
    "select name, sql from sqlite_schema where type = 'index' and tbl_name = ? and sql is not null",
    [table],
  )
  const onColumn = indexes.filter((index) => /[(,]\s*[`"]?data_type[`"]?\s*[,)]/.test(index.sql))
  // The new column's CHECK (down) names it as it will be named; SQLite renames it with the column.
  const swap = 'data_type__swap'
  await knex.raw(`alter table ?? add column ?? ${definition.replace('(data_type in', `(${swap} in`)}`, [
    table,
    swap,
  ])
  await knex.raw('update ?? set ?? = ??', [table, swap, 'data_type'])
  for (const index of onColumn) await knex.raw('drop index ??', [index.name])
  await knex.raw('alter table ?? drop column data_type', [table])
  await knex.raw('alter table ?? rename column ?? to data_type', [table, swap])
  for (const index of onColumn) await knex.raw(index.sql)
}
