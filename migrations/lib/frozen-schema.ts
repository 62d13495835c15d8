import type { Knex } from 'knex'

// FROZEN: once released, this file never changes, like the migrations beside it. A migration may import
// `knex` (types) and this file, nothing else: no code from `src/`, whose constants and adapters move on with
// the toolkit, while a released migration must create the same schema forever. When a later migration needs
// something this file does not offer, it writes it out itself or adds a new helper file beside this one;
// changing a function here would change every released migration that calls it.
//
// It lives in `lib/` so that Knex, which lists only the files directly in the migrations folder, never takes
// it for a migration.

/** The engines the migrations know, told apart by the Knex client. */
export type Engine = 'pg' | 'mysql' | 'sqlite'

/** Where an install's tables go: the per-install options the migrations take from `knex.userParams.tailingsiq`. */
export interface InstallOptions {
  readonly tablePrefix: string
  /** PostgreSQL schema; ignored by the other engines. */
  readonly schema?: string
  /** The host's users table, for a foreign key from `created_by`. */
  readonly owners?: { readonly table: string; readonly column: string }
}

/** A column as a migration writes it out: name, type and options. */
export type Column = readonly [name: string, type: ColumnKind, options?: ColumnOptions]
export type ColumnKind =
  'integer' | 'bigint' | 'float' | 'string' | 'uuid' | 'text' | 'timestamp' | 'date' | 'boolean' | 'json'
export interface ColumnOptions {
  readonly nullable?: boolean
  /** Enum values: a checked enum (CHECK on PostgreSQL and SQLite, ENUM on MySQL). */
  readonly values?: readonly string[]
  /** Length of a string column; 255 when not given. */
  readonly length?: number
}

const CLIENTS: Readonly<Record<string, Engine>> = {
  pg: 'pg',
  postgres: 'pg',
  postgresql: 'pg',
  mysql: 'mysql',
  mysql2: 'mysql',
  'better-sqlite3': 'sqlite',
  sqlite3: 'sqlite',
}

const PREFIX = /^([A-Za-z_][A-Za-z0-9_]{0,39})?$/
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

/** What a migration works with: the engine, the install's options and the helpers below bound to them. */
export class Install {
  readonly engine: Engine
  readonly options: InstallOptions
  /** The install's PostgreSQL schema, or none. */
  readonly schema: string | undefined
  readonly knex: Knex

  constructor(knex: Knex) {
    this.knex = knex
    const client = (knex.client as { config: { client?: unknown } }).config.client
    const engine = typeof client === 'string' ? CLIENTS[client] : undefined
    if (engine === undefined) throw new Error(`Unsupported Knex client "${String(client)}"`)
    this.engine = engine
    this.options = installOptions(knex)
    this.schema = engine === 'pg' ? this.options.schema : undefined
  }

  get prefix(): string {
    return this.options.tablePrefix
  }

  /** The install's name of a table: `synthetic_` + suffix. */
  name(suffix: string): string {
    return `${this.prefix}${suffix}`
  }

  /** `schema.table` or `table`, as Knex's `inTable` takes it. */
  qualified(suffix: string): string {
    return this.schema ? `${this.schema}.${this.name(suffix)}` : this.name(suffix)
  }

  /** The schema builder in the install's schema. */
  get ddl(): Knex.SchemaBuilder {
    return this.schema ? this.knex.schema.withSchema(this.schema) : this.knex.schema
  }

  /** The engine's "now" in the form it stores timestamps (ISO-8601 text on SQLite). */
  get now(): Knex.Raw {
    const sql = {
      pg: 'CURRENT_TIMESTAMP',
      mysql: 'CURRENT_TIMESTAMP(3)',
      sqlite: "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
    }[this.engine]
    return this.knex.raw(sql)
  }

  /** A timestamp with milliseconds: timestamptz(3) on PostgreSQL, datetime(3) on MySQL, ISO text on SQLite. */
  timestamp(t: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder {
    return t.datetime(name, { precision: 3, useTz: true })
  }

  /** jsonb on PostgreSQL, json on MySQL, text on SQLite. */
  json(t: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder {
    if (this.engine === 'pg') return t.jsonb(name)
    if (this.engine === 'sqlite') return t.text(name)
    return t.json(name)
  }

  /** uuid on PostgreSQL, char(36) elsewhere (ASCII with binary collation on MySQL). */
  uuid(t: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder {
    if (this.engine === 'mysql') return t.specificType(name, 'char(36) character set ascii collate ascii_bin')
    return t.uuid(name)
  }

  /** Adds one written-out column, NOT NULL unless it says nullable. */
  column(t: Knex.CreateTableBuilder, [name, kind, options = {}]: Column): Knex.ColumnBuilder {
    let builder: Knex.ColumnBuilder
    switch (kind) {
      case 'integer':
        builder = t.integer(name)
        break
      case 'bigint':
        builder = t.bigInteger(name)
        break
      case 'float':
        builder = t.double(name)
        break
      case 'string':
        builder = options.values ? t.enu(name, [...options.values]) : t.string(name, options.length ?? 255)
        break
      case 'uuid':
        builder = this.uuid(t, name)
        break
      case 'text':
        builder = t.text(name)
        break
      case 'timestamp':
        builder = this.timestamp(t, name)
        break
      case 'date':
        builder = t.date(name)
        break
      case 'boolean':
        builder = t.boolean(name)
        break
      case 'json':
        builder = this.json(t, name)
        break
    }
    return options.nullable ? builder.nullable() : builder.notNullable()
  }

  /** Creates a table stored in primary-key order where the engine lets one choose (SQLite `WITHOUT ROWID`). */
  async createClusteredTable(suffix: string, build: (t: Knex.CreateTableBuilder) => void): Promise<void> {
    if (this.engine !== 'sqlite') {
      await this.ddl.createTable(this.name(suffix), build)
      return
    }
    const statements = this.knex.schema.createTable(this.name(suffix), build).toSQL()
    for (const [i, statement] of statements.entries()) {
      await this.knex.raw(i === 0 ? `${statement.sql} without rowid` : statement.sql, statement.bindings)
    }
  }

  /** Whether one of the install's tables exists. */
  hasTable(suffix: string): Promise<boolean> {
    return this.ddl.hasTable(this.name(suffix))
  }

  /** Rows of one of the install's tables (matching `where`, if given). */
  async countRows(suffix: string, where?: (q: Knex.QueryBuilder) => void): Promise<number> {
    const query = this.schema
      ? this.knex.withSchema(this.schema).table(this.name(suffix))
      : this.knex.table(this.name(suffix))
    if (where) where(query)
    const rows: { n: number | string }[] = await query.count({ n: '*' })
    return Number(rows[0]?.n)
  }

  /**
   * Removes what an interrupted run of this migration left: MySQL and MariaDB commit each CREATE TABLE at
   * once, so a process killed in the middle of a migration leaves some of its tables behind, unrecorded. When
   * `up()` runs, the migration is not recorded, so a table of its own it finds is such a leftover, empty,
   * since nothing writes into a schema whose migrations have not all run; it is dropped (children first, in
   * the order given) and made again. A table that holds rows is not a leftover but another install's, whose
   * migrations another bookkeeping table recorded: the migration refuses, having changed nothing.
   */
  async clearLeftovers(suffixes: readonly string[]): Promise<void> {
    const present: string[] = []
    for (const suffix of suffixes) {
      if (!(await this.hasTable(suffix))) continue
      if ((await this.countRows(suffix)) > 0) throw foreignTable(this.name(suffix))
      present.push(suffix)
    }
    for (const suffix of present) await this.ddl.dropTableIfExists(this.name(suffix))
  }

  /** The SQL type of a column of any table (the owners table), or undefined when there is no such column. */
  async columnType(table: string, column: string): Promise<string | undefined> {
    if (this.engine === 'pg') {
      const result = await this.knex.raw<{ rows: { type: string }[] }>(
        `select format_type(a.atttypid, a.atttypmod) as type
           from pg_attribute a
           join pg_class c on c.oid = a.attrelid
           join pg_namespace n on n.oid = c.relnamespace
          where c.relname = ? and a.attname = ? and not a.attisdropped and a.attnum > 0
            and n.nspname = coalesce(?, current_schema())`,
        [table, column, this.schema ?? null],
      )
      return result.rows[0]?.type
    }
    if (this.engine === 'mysql') {
      const [rows] = await this.knex.raw<[{ type: string }[]]>(
        'select column_type as type from information_schema.columns where table_schema = database() and table_name = ? and column_name = ?',
        [table, column],
      )
      return rows?.[0]?.type
    }
    const rows = await this.knex.raw<{ name: string; type: string }[]>(
      'select name, type from pragma_table_info(?)',
      [table],
    )
    return rows.find((r) => r.name === column)?.type
  }
}

/** An error that says a table is another install's, never printing SQL. */
export function foreignTable(table: string): Error {
  return new Error(
    `table ${table} already exists and holds rows, but this migration is not recorded in the migrations table in use, so the table belongs to another install: use that install's migrationsTable, or another tablePrefix (nothing was changed)`,
  )
}

function installOptions(knex: Knex): InstallOptions {
  const given: unknown = (knex.userParams as Record<string, unknown> | undefined)?.['tailingsiq']
  if (given === undefined) return { tablePrefix: 'synthetic_' }
  const o = given as Partial<InstallOptions>
  const prefix = o.tablePrefix ?? 'synthetic_'
  if (typeof prefix !== 'string' || !PREFIX.test(prefix))
    throw new Error(
      'userParams.tailingsiq.tablePrefix must be letters, digits and _ (not starting with a digit), at most 40 long',
    )
  for (const [key, value] of [
    ['schema', o.schema],
    ['owners.table', o.owners?.table],
    ['owners.column', o.owners?.column],
  ] as const) {
    if (value !== undefined && (typeof value !== 'string' || !IDENTIFIER.test(value)))
      throw new Error(`userParams.tailingsiq.${key} must be a plain SQL identifier`)
  }
  if (o.owners && (o.owners.table === undefined || o.owners.column === undefined))
    throw new Error('userParams.tailingsiq.owners needs both table and column')
  return {
    tablePrefix: prefix,
    ...(o.schema ? { schema: o.schema } : {}),
    ...(o.owners ? { owners: { table: o.owners.table, column: o.owners.column } } : {}),
  }
}
