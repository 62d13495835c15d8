import type { Knex } from 'knex'

// FROZEN once released, like frozen-schema.ts beside it: the migrations that call it must make the same schema
// forever. A migration may import `knex` (types), frozen-schema.ts and the files of this folder, nothing else.

/** The form of a SQLite enum CHECK: `col in ('a', 'b')` (as Knex's enum writes it) or `col = 'a' or col = 'b'`. */
export type EnumCheckForm = 'in' | 'or'

// A column name as Knex or SQLite's RENAME COLUMN write it (backticks or double quotes, or bare).
const NAME = String.raw`(?:\`[A-Za-z_][A-Za-z0-9_]*\`|"[A-Za-z_][A-Za-z0-9_]*"|[A-Za-z_][A-Za-z0-9_]*)`
// A string literal; a quote inside is doubled.
const LITERAL = String.raw`'(?:[^']|'')*'`
const IN_CHECK = new RegExp(String.raw`check \((${NAME}) in \((${LITERAL}(?:, ${LITERAL})*)\)\)`, 'g')
const OR_CHECK = new RegExp(String.raw`check \((${NAME}) = (${LITERAL}(?: or \1 = ${LITERAL})*)\)`, 'g')
const LITERALS = new RegExp(LITERAL, 'g')

/** `sql` (a CREATE TABLE) with every enum CHECK of the other form written in `form`; the rest unchanged. */
export function enumChecksAs(sql: string, form: EnumCheckForm): string {
  if (form === 'or')
    return sql.replace(IN_CHECK, (_, name: string, list: string) => {
      const values = list.match(LITERALS) ?? []
      return `check (${values.map((v) => `${name} = ${v}`).join(' or ')})`
    })
  return sql.replace(OR_CHECK, (whole: string, name: string) => {
    const values = whole.slice('check ('.length, -1).match(LITERALS) ?? []
    return `check (${name} in (${values.join(', ')}))`
  })
}

/**
 * Writes every enum CHECK of SQLite table `table` in `form`, in place. SQLite evaluates `col in (list)` by
 * building an ephemeral table for the list on every execution of a statement (about 1 µs a column and row in a
 * 32-row INSERT, measured), while `col = 'a' or col = 'b' …` costs next to nothing; the two accept the same
 * values, and NULL (a CHECK passes when its expression is NULL). SQLite cannot alter a CHECK, so this edits the
 * table's CREATE statement in `sqlite_schema`, as SQLite documents for a change that leaves the stored rows valid
 * (https://sqlite.org/lang_altertable.html, section 7): writable_schema on, the row updated, schema_version
 * raised so that every connection, this one included, reads the schema again, writable_schema off. Inside the
 * migration's transaction: a failure rolls the edit back. No row is copied or moved and the columns keep their
 * order (swapping each column instead would copy every row once per column and move the columns to the end).
 * SQLite's integrity check of the table then tests every row against the new CHECKs (1.2 s for 1,000,000
 * monitoring rows) and a fault refuses the change. Returns whether the table changed.
 */
export async function setSqliteEnumChecks(knex: Knex, table: string, form: EnumCheckForm): Promise<boolean> {
  const rows = await knex.raw<{ sql: string }[]>(
    "select sql from sqlite_schema where type = 'table' and name = ?",
    [table],
  )
  const sql = rows[0]?.sql
  if (sql === undefined) return false
  const rewritten = enumChecksAs(sql, form)
  if (rewritten === sql) return false
  const [{ schema_version: version } = { schema_version: 0 }] =
    await knex.raw<{ schema_version: number }[]>('pragma schema_version')
  await withDefensiveOff(knex, async () => {
    await knex.raw('pragma writable_schema = on')
    try {
      await knex.raw("update sqlite_schema set sql = ? where type = 'table' and name = ?", [rewritten, table])
      // A literal integer read just above: PRAGMA takes no bound parameters.
      await knex.raw(`pragma schema_version = ${Math.trunc(Number(version)) + 1}`)
    } finally {
      await knex.raw('pragma writable_schema = off')
    }
  })
  const check = await knex.raw<{ integrity_check: string }[]>('select * from pragma_integrity_check(?)', [
    table,
  ])
  const faults = check.map((r) => r.integrity_check).filter((r) => r !== 'ok')
  if (faults.length > 0) throw new Error(`${table} fails SQLite's integrity check: ${faults.join('; ')}`)
  return true
}

/**
 * Runs `work` with SQLite's DEFENSIVE flag off on the connection (the migration's transaction's): better-sqlite3
 * opens every connection DEFENSIVE, which forbids editing `sqlite_schema` even with writable_schema on, and
 * lifts it in its "unsafe mode" only (the toolkit's connections never use that mode, so it is turned off again
 * when `work` ends). A driver without that switch is left as it is.
 */
async function withDefensiveOff(knex: Knex, work: () => Promise<void>): Promise<void> {
  const client = knex.client as {
    acquireConnection(): Promise<unknown>
    releaseConnection(connection: unknown): Promise<unknown>
  }
  const connection = (await client.acquireConnection()) as { unsafeMode?: (on: boolean) => unknown }
  try {
    connection.unsafeMode?.(true)
    try {
      await work()
    } finally {
      connection.unsafeMode?.(false)
    }
  } finally {
    await client.releaseConnection(connection)
  }
}
