import type { Knex } from 'knex'
import { configSchema } from '../config/config-schema.js'
import { DEFAULTS } from '../config/defaults.js'
import { formatIssues } from '../config/format-issues.js'
import { tableOf } from '../dialects/dialect-adapter-base.js'
import { databaseFromKnex, type Database } from '../dialects/open-database.js'
import { ConfigError } from '../errors.js'
import { dataTypeDefinitions, type DataType } from '../generators/registry.js'
import { schemaOf } from '../migrate/schema-builder.js'
import type { TableRef } from '../dialects/dialect.js'
import { qualifiedName, tableNames, type SchemaOptions } from './table-names.js'

/**
 * The SELECT of the generic-record view: `dataset_id`, `record_index`, `data_type` and `data` (the record as a
 * JSON object) of every row of the JSON records table, then of every typed row whose dataset was stored
 * `typed` (datasets stored `generic` or `both` have their records in the JSON table already), for every
 * defined type whose table exists. Values are inlined: a view cannot hold bind parameters. Undefined while the
 * datasets or records table is missing (a schema not migrated, or half-made by an interrupted migration).
 */
export async function recordViewSql(db: Database): Promise<string | undefined> {
  const { knex, tables } = db
  const exists = (table: TableRef) => schemaOf(knex, table).hasTable(table.name)
  if (!(await exists(tables.dataSets)) || !(await exists(tables.records))) return undefined
  // Named afresh: a type may have been registered since the database was opened.
  const typed = tableNames(db.schema).typed
  const parts: Knex.QueryBuilder[] = []
  for (const definition of dataTypeDefinitions()) {
    const table = typed[definition.id as DataType]
    if (!(await exists(table))) continue
    const json = db.adapter.recordJsonSql(definition.columns, 't')
    parts.push(
      knex
        .from({ t: qualifiedName(table) })
        .join({ d: qualifiedName(tables.dataSets) }, 'd.id', 't.dataset_id')
        .where('d.storage', 'typed')
        .select(
          't.dataset_id',
          't.record_index',
          knex.raw('? as ??', [definition.id, 'data_type']),
          knex.raw(`${json.sql} as ??`, [...json.bindings, 'data']),
        ),
    )
  }
  const records = tableOf(knex, tables.records).select('dataset_id', 'record_index', 'data_type', 'data')
  // Not wrapped in parentheses: SQLite refuses a parenthesised SELECT in a compound one.
  return (parts.length > 0 ? records.unionAll(parts, false) : records).toQuery()
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Creates the generic-record view, or replaces it with one over the types defined now (nothing while the datasets
 * or records table is missing). Two processes migrating
 * at once may collide in the engine's catalogue (PostgreSQL: "tuple concurrently updated"); the loser retries.
 */
export async function replaceRecordView(db: Database): Promise<void> {
  const name = db.knex.raw('??', [qualifiedName(db.tables.recordView)]).toQuery()
  const select = await recordViewSql(db)
  if (select === undefined) return
  for (let attempt = 1; ; attempt++) {
    try {
      await db.knex.transaction(async (trx) => {
        await trx.raw(`drop view if exists ${name}`)
        await trx.raw(`create view ${name} as ${select}`)
      })
      return
    } catch (error) {
      if (attempt >= 10) throw error
      await sleep(50 * attempt)
    }
  }
}

/**
 * Drops the generic-record view if it exists. Migrations that drop or rename a typed table need it gone first:
 * PostgreSQL refuses to drop a table a view depends on, and SQLite to rename a table while a view names it.
 * `knex` is the connection to run it on: a migration's transaction, where the migrator drops it.
 */
export async function dropRecordViewOf(db: Database, knex: Knex = db.knex): Promise<void> {
  await knex.raw(`drop view if exists ${knex.raw('??', [qualifiedName(db.tables.recordView)]).toQuery()}`)
}

/** True when the view exists and every table it reads is still there. */
export async function isRecordViewReadable(db: Database): Promise<boolean> {
  try {
    await tableOf(db.knex, db.tables.recordView).select('dataset_id').whereRaw('1 = 0')
    return true
  } catch {
    return false
  }
}

/** Where {@link createRecordView} finds the toolkit's tables. */
export type RecordViewOptions = Partial<Pick<SchemaOptions, 'tablePrefix' | 'schema'>>

async function hostDatabase(knex: Knex, options: RecordViewOptions): Promise<Database> {
  const parsed = configSchema.pick({ tablePrefix: true, schema: true }).safeParse(options)
  if (!parsed.success) {
    const issues = formatIssues(parsed.error)
    throw new ConfigError(`Invalid record view options: ${issues.join('; ')}`, issues)
  }
  return databaseFromKnex(knex, {
    schema: {
      tablePrefix: parsed.data.tablePrefix ?? DEFAULTS.tablePrefix,
      ...(parsed.data.schema ? { schema: parsed.data.schema } : {}),
    },
    migrationsTable: DEFAULTS.migrationsTable,
  })
}

/**
 * Creates (or replaces) the generic-record view `<tablePrefix>record_view` for a host application that runs the
 * shipped migrations from its own knexfile: `tailingsiq-seed migrate` and `run` do this themselves. Call it
 * after `knex migrate:latest` and after registering your own data types; call {@link dropRecordView} before
 * `knex migrate:rollback` (PostgreSQL refuses to drop a table a view depends on). Throws a `ConfigError` for an
 * invalid prefix or schema. Default prefix is `synthetic_`.
 *
 * ### Examples
 * ```ts
 * await knex.migrate.latest({ directory: migrationsDirectory, loadExtensions: ['.js'] })
 * await createRecordView(knex, { tablePrefix: 'synthetic_' })
 * const rows = await knex('synthetic_record_view').where({ dataset_id: 12 }).orderBy('record_index')
 * ```
 */
export async function createRecordView(knex: Knex, options: RecordViewOptions = {}): Promise<void> {
  await replaceRecordView(await hostDatabase(knex, options))
}

/**
 * Drops the generic-record view if it exists (see {@link createRecordView}); run it before rolling back the
 * shipped migrations from a host's knexfile. Default prefix is `synthetic_`.
 *
 * ### Examples
 * ```ts
 * await dropRecordView(knex)
 * await knex.migrate.rollback({ directory: migrationsDirectory, loadExtensions: ['.js'] }, true)
 * ```
 */
export async function dropRecordView(knex: Knex, options: RecordViewOptions = {}): Promise<void> {
  await dropRecordViewOf(await hostDatabase(knex, options))
}
