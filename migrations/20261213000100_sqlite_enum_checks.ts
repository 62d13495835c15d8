import type { Knex } from 'knex'
import { Install } from './lib/frozen-schema.js'
import { setSqliteEnumChecks } from './lib/sqlite-enum-checks.js'

// SQLite only: every enum CHECK of the tables a run writes rows into, `col in ('a', 'b', …)` as Knex's enum
// made it, becomes `col = 'a' or col = 'b' or …`. SQLite builds an ephemeral table for an IN list on every
// execution of a statement: inserting 1,000,000 monitoring rows in 32-row statements took 9.1–10.3 CPU seconds
// with the IN checks and 5.3–5.7 with the OR chains, about what the table takes with no checks. The two forms
// accept the same values, and NULL. PostgreSQL and MySQL/MariaDB (an ENUM there) are left as they are. Imports
// nothing but knex and the frozen helpers.
//
// The tables: those of the install with a foreign key to its datasets table, that is the typed tables of the
// built-in types, those of types a host registered whose migrations ran before this one, the generic records
// and the jobs; their CREATE statement in `sqlite_schema` says which checks they have. The datasets and
// facilities tables, written a row at a time, keep theirs. The CREATE statement is edited in place (see the
// helper): no row is copied, the columns keep their order, the indexes and the record view are untouched. A
// type whose migration runs later calls the helper itself (the test suite's calibration type does).

export async function up(knex: Knex): Promise<void> {
  const db = new Install(knex)
  if (db.engine !== 'sqlite') return
  for (const table of await datasetTables(knex, db)) await setSqliteEnumChecks(knex, table, 'or')
}

export async function down(knex: Knex): Promise<void> {
  const db = new Install(knex)
  if (db.engine !== 'sqlite') return
  for (const table of await datasetTables(knex, db)) await setSqliteEnumChecks(knex, table, 'in')
}

/** The install's tables (name order) with a foreign key to its datasets table. */
async function datasetTables(knex: Knex, db: Install): Promise<string[]> {
  const rows = await knex.raw<{ name: string }[]>(
    `select distinct t.name from sqlite_schema t, pragma_foreign_key_list(t.name) f
      where t.type = 'table' and substr(t.name, 1, length(?)) = ? and f."table" = ?
      order by t.name`,
    [db.prefix, db.prefix, db.name('data_sets')],
  )
  return rows.map((r) => r.name)
}
