import type { Knex } from 'knex'

// FROZEN once released, like frozen-schema.ts beside it: the migrations that call it must make the same schema
// forever. A migration may import `knex` (types), frozen-schema.ts and this file, nothing else.

/**
 * Replaces SQLite column `column` of `table` by one of `definition` (given the name the new column has while
 * both exist, for its own CHECK), keeping its values and the indexes on it. SQLite keeps a CHECK in the
 * column's definition and cannot alter it, so the column is swapped: add, copy, drop the indexes and the old
 * column, rename, index again. All inside the migration's transaction: rebuilding the whole table would need
 * foreign keys off, which SQLite allows only outside one. The column moves to the end of the table.
 */
export async function swapSqliteColumn(
  knex: Knex,
  table: string,
  column: string,
  definition: (name: string) => string,
): Promise<void> {
  const indexes = await knex.raw<{ name: string; sql: string }[]>(
    "select name, sql from sqlite_schema where type = 'index' and tbl_name = ? and sql is not null",
    [table],
  )
  const onColumn = indexes.filter((index) =>
    new RegExp(`[(,]\\s*[\`"]?${column}[\`"]?\\s*[,)]`).test(index.sql),
  )
  const swap = `${column}__swap`
  await knex.raw(`alter table ?? add column ?? ${definition(swap)}`, [table, swap])
  await knex.raw('update ?? set ?? = ??', [table, swap, column])
  for (const index of onColumn) await knex.raw('drop index ??', [index.name])
  await knex.raw('alter table ?? drop column ??', [table, column])
  await knex.raw('alter table ?? rename column ?? to ??', [table, swap, column])
  for (const index of onColumn) await knex.raw(index.sql)
}
