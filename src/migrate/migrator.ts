import type { Knex } from 'knex'
import type { Database } from '../dialects/open-database.js'
import { DatabaseError, MigrationError, TailingsiqError } from '../errors.js'
import { schemaOf } from './schema-builder.js'
import { ShippedMigrationSource, migrationNames, migrationUserParams } from './migration-source.js'
import { reasonOf } from '../dialects/open-database.js'
import { tableOf } from '../dialects/dialect-adapter-base.js'
import { DEFAULTS, defaultMigrationsTable } from '../config/defaults.js'
import type { TableRef } from '../dialects/dialect.js'
import { dropRecordViewOf, isRecordViewReadable, replaceRecordView } from '../schema/record-view.js'

/** One shipped migration and whether it has run. */
export interface MigrationState {
  readonly name: string
  readonly applied: boolean
  /** When it ran (ISO-8601), if it has. */
  readonly appliedAt?: string
  readonly batch?: number
}

/** What a migrate command did. */
export interface MigrateResult {
  /** Migrations run (latest) or reverted (rollback), in the order they ran. */
  readonly migrations: readonly string[]
  readonly direction: 'up' | 'down'
  readonly batch: number
}

function migratorConfig(db: Database, table: string): Knex.MigratorConfig {
  return {
    // The generic-record view reads every typed table, so it goes before a migration that may change one: in the
    // migration's own transaction, and only when one runs, so an up-to-date schema costs no round trip for it.
    migrationSource: new ShippedMigrationSource({ beforeUp: (knex) => dropRecordViewOf(db, knex) }),
    tableName: table,
    ...(db.schema.schema ? { schemaName: db.schema.schema } : {}),
  }
}

/** The column of the migrations table that records which table prefix ran each migration. */
const PREFIX_COLUMN = 'table_prefix'

const refOf = (db: Database, name: string): TableRef => ({
  name,
  ...(db.schema.schema ? { schema: db.schema.schema } : {}),
})

/** How long a migration waits for another process's migration lock before giving up. */
export const MIGRATION_LOCK_WAIT_MS = 60_000

async function run<T>(
  db: Database,
  fn: (knex: Knex, config: Knex.MigratorConfig, table: string) => Promise<T>,
  options: { write: boolean },
): Promise<T> {
  // Read and import the migration files before touching the database, so Knex's migrate never waits on the file
  // system half-way: better-sqlite3 waits for a lock synchronously, and four SQLite connections of one process
  // migrating at once deadlocked until their busy timeouts (test/integration/db/migration-discovery.test.ts).
  await migrationNames()
  if (db.schema.schema && db.adapter.supportsSchemas) {
    // Knex creates its bookkeeping tables before the first migration runs, so the schema must exist first.
    await db.knex.raw('create schema if not exists ??', [db.schema.schema])
  }
  const table = await bookkeepingTable(db, options).catch((error: unknown) => {
    if (error instanceof TailingsiqError) throw error
    throw new DatabaseError(`Migration failed: ${reasonOf(error)}`, { cause: error })
  })
  // The migrations import nothing from the toolkit: the prefix, schema and owners reach them as userParams.
  const knex = db.knex.withUserParams({ ...db.knex.userParams, ...migrationUserParams(db.schema) })
  const deadline = Date.now() + MIGRATION_LOCK_WAIT_MS
  let waiting = false
  for (;;) {
    try {
      return await fn(knex, migratorConfig(db, table), table)
    } catch (error) {
      if (error instanceof TailingsiqError) throw error
      const cause = (error as { cause?: unknown }).cause
      if (cause instanceof MigrationError) throw cause
      // Two processes racing to create Knex's bookkeeping tables: the loser retries and finds them made.
      if (isBookkeepingRace(error, table) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        continue
      }
      // Another process holds Knex's migration lock: wait for it, then say how to free a lock left by a crash.
      if ((error as Error).name === 'MigrationLocked') {
        if (!waiting) {
          waiting = true
          db.logger?.warn(
            `Another process holds the migration lock (${table}_lock); waiting up to ${MIGRATION_LOCK_WAIT_MS / 1000} s for it`,
          )
        }
        if (Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 500))
          continue
        }
        throw new DatabaseError(
          `Another process has held the migration lock (${table}_lock) for ${MIGRATION_LOCK_WAIT_MS / 1000} s; if none is running (a crash left it), free it with \`tailingsiq-seed migrate unlock\``,
          { cause: error },
        )
      }
      throw new DatabaseError(`Migration failed: ${reasonOf(error)}`, { cause: error })
    }
  }
}

/**
 * Creates Knex's bookkeeping tables and the one row of its lock table before Knex would. Knex checks for the
 * lock row and inserts it when missing, so two processes migrating a fresh database at once can both insert
 * one; with two rows Knex's lock (`update … where is_locked = 0` must touch exactly one row) can never be
 * taken again. Here the row has a fixed key and the insert ignores a conflict, so there is only ever one, and
 * a lock table that an earlier race left with several unlocked rows is brought back to one.
 */
async function ensureBookkeeping(db: Database, name: string): Promise<void> {
  const table = refOf(db, name)
  const lock = refOf(db, `${name}_lock`)
  const schema = () => schemaOf(db.knex, table)
  if (!(await schema().hasTable(table.name))) {
    // The same columns Knex gives the table, so Knex (and a host's `knex migrate`) reads it as its own, plus
    // the prefix of the install that ran each migration (Knex leaves it null; `claimRecords` fills it in).
    await schema().createTable(table.name, (t) => {
      t.increments()
      t.string('name')
      t.integer('batch')
      t.timestamp('migration_time')
      t.string(PREFIX_COLUMN, 64).nullable()
    })
  } else if (!(await schema().hasColumn(table.name, PREFIX_COLUMN))) {
    await schema().alterTable(table.name, (t) => {
      t.string(PREFIX_COLUMN, 64).nullable()
    })
  }
  if (!(await schema().hasTable(lock.name))) {
    await schema().createTable(lock.name, (t) => {
      t.increments('index').primary()
      t.integer('is_locked')
    })
  }
  const rows: { index: number; is_locked: number | string | null }[] = await tableOf(db.knex, lock).select(
    'index',
    'is_locked',
  )
  if (rows.length === 0) {
    await tableOf(db.knex, lock).insert({ index: 1, is_locked: 0 }).onConflict('index').ignore()
  } else if (rows.length > 1 && rows.every((row) => Number(row.is_locked) === 0)) {
    const keep = Math.min(...rows.map((row) => Number(row.index)))
    await tableOf(db.knex, lock).where('index', '>', keep).andWhere('is_locked', 0).del()
  }
}

/**
 * The prefixes recorded in a migrations table: those of its rows, with a row Knex (or an older release)
 * left without one counted as this install's when this install's datasets table exists, else as unknown.
 */
async function recordedPrefixes(db: Database, name: string): Promise<Set<string | null>> {
  const table = refOf(db, name)
  if (!(await schemaOf(db.knex, table).hasTable(name))) return new Set()
  if (!(await schemaOf(db.knex, table).hasColumn(name, PREFIX_COLUMN))) {
    const rows: { n: number | string }[] = await tableOf(db.knex, table).count({ n: '*' })
    return Number(rows[0]?.n) > 0 ? new Set([await nullOwner(db)]) : new Set()
  }
  const rows: { p: string | null }[] = await tableOf(db.knex, table).distinct({ p: PREFIX_COLUMN })
  const out = new Set<string | null>()
  for (const row of rows) out.add(row.p === null ? await nullOwner(db) : row.p)
  return out
}

async function nullOwner(db: Database): Promise<string | null> {
  const own = db.tables.dataSets
  return (await schemaOf(db.knex, own).hasTable(own.name)) ? db.schema.tablePrefix : null
}

/**
 * Refuses, before Knex reads it, a migrations table that records migrations of another install (another
 * table prefix, or rows of unknown origin while this install has no tables): Knex would take them for this
 * install's, report "already at the latest migration" and roll back the other install's records.
 */
async function assertOwnRecords(db: Database, name: string): Promise<void> {
  const others = [...(await recordedPrefixes(db, name))].filter((p) => p !== db.schema.tablePrefix)
  if (others.length === 0) return
  const whose = others.map((p) =>
    p === null ? 'an install whose tables are not here' : `tablePrefix "${p}"`,
  )
  throw new DatabaseError(
    `The migrations table ${name} records the migrations of ${whose.join(' and ')}, not of tablePrefix "${db.schema.tablePrefix}"; give this install its own migrationsTable (or leave migrationsTable unset: each prefix then gets ${defaultMigrationsTable('<prefix>')})`,
  )
}

/** Marks the rows Knex just wrote (without a prefix) as this install's. */
async function claimRecords(db: Database, name: string): Promise<void> {
  await tableOf(db.knex, refOf(db, name))
    .whereNull(PREFIX_COLUMN)
    .update({ [PREFIX_COLUMN]: db.schema.tablePrefix })
}

/**
 * The migrations table of this install. Releases before per-prefix tables recorded every install in
 * `tailingsiq_migrations`; an install with another prefix whose records are still there (and whose own,
 * derived table holds none) keeps reading them there, and a command that writes moves them to its own table
 * first, leaving the default install's records in place.
 */
async function bookkeepingTable(db: Database, options: { write: boolean }): Promise<string> {
  const own = db.migrationsTable
  const legacy = DEFAULTS.migrationsTable
  if (own === legacy || own !== defaultMigrationsTable(db.schema.tablePrefix)) return own
  if (await hasRows(db, own)) return own
  if (!(await recordedPrefixes(db, legacy)).has(db.schema.tablePrefix)) return own
  if (!options.write) return legacy
  await ensureBookkeeping(db, own)
  const defaultTables = refOf(db, `${DEFAULTS.tablePrefix}data_sets`)
  const shared = await schemaOf(db.knex, defaultTables).hasTable(defaultTables.name)
  const withPrefix = await schemaOf(db.knex, refOf(db, legacy)).hasColumn(legacy, PREFIX_COLUMN)
  const mine = (q: Knex.QueryBuilder): Knex.QueryBuilder => {
    if (!withPrefix) return q
    return q.where((w) => {
      void w.where(PREFIX_COLUMN, db.schema.tablePrefix)
      if (!shared) void w.orWhereNull(PREFIX_COLUMN)
    })
  }
  await db.knex.transaction(async (trx) => {
    // A no-op update first: it locks the rows (and, on SQLite, the database) against a second process moving them.
    await mine(tableOf(trx, refOf(db, legacy))).update({ batch: trx.ref('batch') })
    const rows: { id: number; name: string; batch: number; migration_time: unknown }[] = await mine(
      tableOf(trx, refOf(db, legacy)),
    ).select('id', 'name', 'batch', 'migration_time')
    const present: { n: number | string }[] = await tableOf(trx, refOf(db, own)).count({ n: '*' })
    if (rows.length === 0 || Number(present[0]?.n) > 0) return
    await tableOf(trx, refOf(db, own)).insert(
      rows.map((r) => ({
        name: r.name,
        batch: r.batch,
        migration_time: r.migration_time,
        [PREFIX_COLUMN]: db.schema.tablePrefix,
      })),
    )
    // Rows without a prefix stay when the default install is here too: they may be its records as well.
    await tableOf(trx, refOf(db, legacy))
      .whereIn(
        'id',
        rows.map((r) => r.id),
      )
      .modify((q: Knex.QueryBuilder) => {
        if (shared) void (withPrefix ? q.andWhere(PREFIX_COLUMN, db.schema.tablePrefix) : q.whereRaw('1 = 0'))
      })
      .del()
  })
  return own
}

async function hasRows(db: Database, name: string): Promise<boolean> {
  const table = refOf(db, name)
  if (!(await schemaOf(db.knex, table).hasTable(name))) return false
  const rows: { n: number | string }[] = await tableOf(db.knex, table).count({ n: '*' })
  return Number(rows[0]?.n) > 0
}

function isBookkeepingRace(error: unknown, table: string): boolean {
  // PostgreSQL names only its catalogue's unique index in the message ("pg_type_typname_nsp_index"); the
  // table is in the detail ("Key (typname, typnamespace)=(tailingsiq_migrations, 2200) already exists").
  const { message, detail } = error as { message?: unknown; detail?: unknown }
  const text = `${typeof message === 'string' ? message : ''} ${typeof detail === 'string' ? detail : ''}`
  return text.includes(table) && /already exists|duplicate/i.test(text)
}

const checked = new WeakSet<Database>()

/**
 * Refuses to go on unless every shipped migration has run, so commands that read or change existing data
 * fail with what to do instead of an engine's "no such table". `fix` says how to migrate; default:
 * `` `tailingsiq-seed migrate latest` ``.
 */
export async function assertMigrated(db: Database, fix?: string): Promise<void> {
  if (checked.has(db)) return
  const status = await migrationStatus(db)
  const pending = status.filter((m) => !m.applied)
  if (pending.length === status.length) {
    throw new DatabaseError(
      `${db.target.display} has no synthetic-data schema yet; ${fix ?? 'create it with `tailingsiq-seed migrate latest` (or `tailingsiq-seed run`, which migrates first)'}`,
    )
  }
  if (pending.length > 0) {
    throw new DatabaseError(
      `The synthetic-data schema in ${db.target.display} is ${pending.length} migration(s) behind (${pending.map((m) => m.name).join(', ')}); ${fix ?? 'update it with `tailingsiq-seed migrate latest`'}`,
    )
  }
  checked.add(db)
}

/** Frees Knex's migration lock, as left by a process that crashed while migrating. */
export async function migrateUnlock(db: Database): Promise<void> {
  await run(db, (knex, config) => knex.migrate.forceFreeMigrationsLock(config), { write: false })
}

/**
 * Runs every pending shipped migration. Knex's migration lock serialises concurrent runs. Then (re)creates the
 * generic-record view `<prefix>record_view` over the types defined in this process, when a migration ran or
 * the view is missing (see `src/schema/record-view.ts`).
 *
 * ### Examples
 * ```ts
 * const { migrations } = await migrateLatest(db)
 * ```
 */
export async function migrateLatest(db: Database): Promise<MigrateResult> {
  const [batch, names] = (await run(
    db,
    async (knex, config, table) => {
      await ensureBookkeeping(db, table)
      await assertOwnRecords(db, table)
      try {
        return (await knex.migrate.latest(config)) as unknown
      } finally {
        await claimRecords(db, table)
      }
    },
    { write: true },
  )) as [number, string[]]
  // Rebuilt only when the schema changed or the view is gone: a process that has not registered a host's data
  // type would otherwise drop that type's rows from the view on every `run`.
  if (names.length > 0 || !(await isRecordViewReadable(db))) {
    await replaceRecordView(db).catch((error: unknown) => {
      throw new DatabaseError(`Creating the view ${db.tables.recordView.name} failed: ${reasonOf(error)}`, {
        cause: error,
      })
    })
  }
  return { migrations: names, direction: 'up', batch }
}

/**
 * Reverts the last batch of migrations, or all of them. The generic-record view is dropped first (the next
 * `migrateLatest` makes it again). With `all`, the typed tables are emptied first: every row goes with its table
 * anyway, and a migration whose `down` refuses rows the earlier schema cannot hold (a newer anomaly kind, say)
 * must not stop `reset`. After `all`, the bookkeeping tables go too, so no table of the toolkit is left.
 */
export async function migrateRollback(db: Database, options: { all?: boolean } = {}): Promise<MigrateResult> {
  checked.delete(db)
  let used = db.migrationsTable
  const [batch, names] = (await run(
    db,
    async (knex, config, table) => {
      used = table
      await ensureBookkeeping(db, table)
      await assertOwnRecords(db, table)
      // The view reads every typed table, so it goes first; `migrate latest` makes it again.
      await dropRecordViewOf(db)
      if (options.all === true) await emptyTypedTables(db)
      return (await knex.migrate.rollback(config, options.all === true)) as unknown
    },
    { write: true },
  )) as [number, string[]]
  if (options.all && !(await hasRows(db, used))) {
    const bookkeeping = refOf(db, used)
    await schemaOf(db.knex, bookkeeping).dropTableIfExists(`${used}_lock`)
    await schemaOf(db.knex, bookkeeping).dropTableIfExists(used)
  }
  return { migrations: names, direction: 'down', batch }
}

/** Empties every typed table there is (TRUNCATE; SQLite: DELETE without a condition, its own fast path). */
async function emptyTypedTables(db: Database): Promise<void> {
  for (const table of Object.values(db.tables.typed)) {
    if (await schemaOf(db.knex, table).hasTable(table.name)) await tableOf(db.knex, table).truncate()
  }
}

/** Every shipped migration, applied or not, oldest first. */
export async function migrationStatus(db: Database): Promise<MigrationState[]> {
  const table = refOf(db, await bookkeepingTable(db, { write: false }))
  const exists = await schemaOf(db.knex, table).hasTable(table.name)
  const applied = new Map<string, { migration_time: unknown; batch: number }>()
  if (exists) {
    const hasPrefix = await schemaOf(db.knex, table).hasColumn(table.name, PREFIX_COLUMN)
    const rows: { name: string; batch: number; migration_time: unknown; prefix?: string | null }[] =
      await tableOf(db.knex, table).select(
        'name',
        'batch',
        'migration_time',
        ...(hasPrefix ? [{ prefix: PREFIX_COLUMN }] : []),
      )
    // Records of another prefix, or of unknown origin while this install has no tables, are not this install's.
    const unknownIsOurs = rows.some((r) => (r.prefix ?? null) === null)
      ? (await nullOwner(db)) !== null
      : false
    for (const row of rows) {
      const prefix = row.prefix ?? null
      if (prefix === db.schema.tablePrefix || (prefix === null && unknownIsOurs)) applied.set(row.name, row)
    }
  }
  return (await migrationNames()).map((name) => {
    const row = applied.get(name)
    if (!row) return { name, applied: false }
    // Knex stores the time as a timestamp column; decode it the way the engine hands timestamps back.
    const ms = db.adapter.decodeValue(
      { name: 'migration_time', type: 'timestamp', description: '' },
      row.migration_time,
    ) as number
    const appliedAt = Number.isFinite(ms) ? new Date(ms).toISOString() : String(row.migration_time)
    return { name, applied: true, appliedAt, batch: Number(row.batch) }
  })
}

/** True when every shipped migration has run. */
export async function isSchemaCurrent(db: Database): Promise<boolean> {
  return (await migrationStatus(db)).every((m) => m.applied)
}
