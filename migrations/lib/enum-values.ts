import type { Knex } from 'knex'
import type { Install } from './frozen-schema.js'
import { swapSqliteColumn } from './sqlite-column-swap.js'

// FROZEN once released, like frozen-schema.ts beside it: the migrations that call it must make the same schema
// forever. A migration may import `knex` (types), frozen-schema.ts and the files of this folder, nothing else.

/**
 * Makes `values` the values enum column `column` of `table` allows: PostgreSQL replaces the column's CHECK on the
 * table (on a partitioned table every partition inherits it), MySQL/MariaDB re-declares the ENUM, SQLite swaps the
 * column (its CHECK lives in the column's definition; see swapSqliteColumn). A not-null column keeps its first
 * value as SQLite's default, which the swap needs to add it.
 */
export async function setEnumValues(
  knex: Knex,
  db: Install,
  table: string,
  column: string,
  values: readonly string[],
  nullable: boolean,
): Promise<void> {
  // Literal constants of the calling migration, not input: DDL takes no bound parameters.
  const list = values.map((v) => `'${v}'`).join(', ')
  if (db.engine === 'pg') {
    const ref = db.schema ? `${db.schema}.${table}` : table
    const name = await checkName(knex, db, table, column)
    await knex.raw('alter table ?? drop constraint ??', [ref, name])
    await knex.raw(`alter table ?? add constraint ?? check (?? in (${list}))`, [ref, name, column])
  } else if (db.engine === 'mysql') {
    await knex.raw(`alter table ?? modify ?? enum(${list}) ${nullable ? 'null' : 'not null'}`, [
      table,
      column,
    ])
  } else {
    const notNull = nullable ? '' : `not null default '${values[0] as string}' `
    await swapSqliteColumn(knex, table, column, (name) => `text ${notNull}check (\`${name}\` in (${list}))`)
  }
}

/** The name PostgreSQL gave the CHECK on `column` alone (Knex's enum made it unnamed, so the server named it). */
async function checkName(knex: Knex, db: Install, table: string, column: string): Promise<string> {
  const result = await knex.raw<{ rows: { name: string }[] }>(
    `select k.conname as name from pg_constraint k
       join pg_class c on c.oid = k.conrelid
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum = k.conkey[1]
      where c.relname = ? and n.nspname = coalesce(?, current_schema()) and k.contype = 'c'
        and cardinality(k.conkey) = 1 and a.attname = ?`,
    [table, db.schema ?? null, column],
  )
  return result.rows[0]?.name ?? `${table}_${column}_check`.slice(0, 63)
}
