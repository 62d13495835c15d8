import type { Knex } from 'knex'
import type { DialectName } from '../../src/dialects/dialect.js'

/**
 * Everything the engine says about the tables whose names start with `prefix` (Knex's bookkeeping tables
 * left out), as sorted text lines: SQLite's and MySQL's own CREATE statements, PostgreSQL's columns,
 * constraints and indexes. Two databases migrated by different code have the same schema when their dumps
 * are equal. The prefix and the PostgreSQL schema are written as `<prefix>` and `<schema>`.
 */
export async function dumpSchema(
  knex: Knex,
  dialect: DialectName,
  prefix: string,
  schema?: string,
): Promise<string[]> {
  const lines = await rawDump(knex, dialect, prefix, schema)
  return lines
    .map((line) => {
      let out = line.split(prefix).join('<prefix>')
      if (schema) out = out.split(`${schema}.`).join('<schema>.')
      return out.replace(/\bpublic\./g, '<schema>.')
    })
    .sort()
}

async function rawDump(knex: Knex, dialect: DialectName, prefix: string, schema?: string): Promise<string[]> {
  const ours = (name: string) =>
    name.startsWith(prefix) && !/migrations(_lock)?$/.test(name) && !name.endsWith('_migrations')
  if (dialect === 'sqlite') {
    const rows = await knex.raw<{ type: string; name: string; tbl_name: string; sql: string | null }[]>(
      `select type, name, tbl_name, sql from sqlite_master where name not like 'sqlite_%'`,
    )
    return rows
      .filter((r) => ours(r.tbl_name))
      .map((r) => `${r.type} ${r.name}: ${(r.sql ?? '').replace(/\s+/g, ' ')}`)
  }
  if (dialect === 'mysql') {
    const [tables] = await knex.raw<[{ name: string }[]]>(
      'select table_name as name from information_schema.tables where table_schema = database()',
    )
    const out: string[] = []
    for (const { name } of (tables ?? []).filter((t) => ours(t.name))) {
      const [rows] = await knex.raw<[Record<string, string>[]]>('show create table ??', [name])
      const create = rows?.[0]?.['Create Table'] ?? ''
      out.push(
        ...create
          .replace(/ AUTO_INCREMENT=\d+/, '')
          .split('\n')
          .map((l) => `${name}: ${l.trim()}`),
      )
    }
    return out
  }
  const ns = [schema ?? null]
  const columns = await knex.raw<{ rows: Record<string, unknown>[] }>(
    `select table_name, column_name, ordinal_position, data_type, udt_name, character_maximum_length,
            numeric_precision, datetime_precision, is_nullable, column_default
       from information_schema.columns where table_schema = coalesce(?, current_schema())`,
    ns,
  )
  const constraints = await knex.raw<{ rows: { t: string; name: string; def: string }[] }>(
    `select c.relname as t, k.conname as name, pg_get_constraintdef(k.oid) as def
       from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = coalesce(?, current_schema())`,
    ns,
  )
  const indexes = await knex.raw<{ rows: { t: string; def: string }[] }>(
    `select tablename as t, indexdef as def from pg_indexes where schemaname = coalesce(?, current_schema())`,
    ns,
  )
  return [
    ...columns.rows
      .filter((r) => ours(String(r['table_name'])))
      .map((r) => `${String(r['table_name'])} column ${JSON.stringify(r)}`),
    ...constraints.rows.filter((r) => ours(r.t)).map((r) => `${r.t} constraint ${r.name}: ${r.def}`),
    ...indexes.rows.filter((r) => ours(r.t)).map((r) => `${r.t} index ${r.def}`),
  ]
}
