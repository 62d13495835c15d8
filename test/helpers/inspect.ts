import type { Knex } from 'knex'
import type { DialectName } from '../../src/dialects/dialect.js'

/** Every user table of the connected database (and PostgreSQL schema). */
export async function listTables(knex: Knex, dialect: DialectName, schema?: string): Promise<string[]> {
  if (dialect === 'pg') {
    const result = await knex.raw<{ rows: { name: string }[] }>(
      `select table_name as name from information_schema.tables where table_schema = coalesce(?, current_schema()) order by 1`,
      [schema ?? null],
    )
    return result.rows.map((r) => r.name)
  }
  if (dialect === 'mysql') {
    const [rows] = await knex.raw<[{ name: string }[]]>(
      'select table_name as name from information_schema.tables where table_schema = database() order by 1',
    )
    return (rows ?? []).map((r) => r.name)
  }
  const rows = await knex.raw<{ name: string }[]>(
    `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by 1`,
  )
  return rows.map((r) => r.name)
}

/** `select count(*)` as a number. */
export async function countRows(
  knex: Knex,
  table: string,
  where: Record<string, unknown> = {},
  schema?: string,
): Promise<number> {
  const query = schema ? knex.withSchema(schema).table(table) : knex.table(table)
  const rows: { n: number | string }[] = await query.where(where).count({ n: '*' })
  return Number(rows[0]?.n)
}
