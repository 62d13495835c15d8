import type { Knex } from 'knex'
import type { Database } from '../dialects/open-database.js'
import { DatabaseError, MigrationError, TailingsiqError } from '../errors.js'
import { schemaOf } from './schema-builder.js'
import { withSchemaOptions } from './schema-context.js'
import { MIGRATION_NAMES, ShippedMigrationSource } from './migration-source.js'
import { reasonOf } from '../dialects/open-database.js'
import { tableOf } from '../dialects/dialect-adapter-base.js'

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

function migratorConfig(db: Database): Knex.MigratorConfig {
  return {
    migrationSource: new ShippedMigrationSource(),
    tableName: db.migrationsTable,
    ...(db.schema.schema ? { schemaName: db.schema.schema } : {}),
  }
}

/** How long a migration waits for another process's migration lock before giving up. */
export const MIGRATION_LOCK_WAIT_MS = 60_000

async function run<T>(db: Database, fn: (config: Knex.MigratorConfig) => Promise<T>): Promise<T> {
  if (db.schema.schema && db.adapter.supportsSchemas) {
    // Knex creates its bookkeeping tables before the first migration runs, so the schema must exist first.
    await db.knex.raw('create schema if not exists ??', [db.schema.schema])
  }
  const deadline = Date.now() + MIGRATION_LOCK_WAIT_MS
  let waiting = false
  for (;;) {
    try {
      return await withSchemaOptions(db.schema, () => fn(migratorConfig(db)))
    } catch (error) {
      if (error instanceof TailingsiqError) throw error
      const cause = (error as { cause?: unknown }).cause
      if (cause instanceof MigrationError) throw cause
      // Two processes racing to create Knex's bookkeeping tables: the loser retries and finds them made.
      if (isBookkeepingRace(error, db.migrationsTable) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        continue
      }
      // Another process holds Knex's migration lock: wait for it, then say how to free a lock left by a crash.
      if ((error as Error).name === 'MigrationLocked') {
        if (!waiting) {
          waiting = true
          db.logger?.warn(
            `Another process holds the migration lock (${db.migrationsTable}_lock); waiting up to ${MIGRATION_LOCK_WAIT_MS / 1000} s for it`,
          )
        }
        if (Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 500))
          continue
        }
        throw new DatabaseError(
          `Another process has held the migration lock (${db.migrationsTable}_lock) for ${MIGRATION_LOCK_WAIT_MS / 1000} s; if none is running (a crash left it), free it with \`tailingsiq-seed migrate unlock\``,
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
async function ensureBookkeeping(db: Database): Promise<void> {
  const ref = (name: string) => ({ name, ...(db.schema.schema ? { schema: db.schema.schema } : {}) })
  const table = ref(db.migrationsTable)
  const lock = ref(`${db.migrationsTable}_lock`)
  const schema = () => schemaOf(db.knex, table)
  if (!(await schema().hasTable(table.name))) {
    // The same columns Knex gives the table, so Knex (and a host's `knex migrate`) reads it as its own.
    await schema().createTable(table.name, (t) => {
      t.increments()
      t.string('name')
      t.integer('batch')
      t.timestamp('migration_time')
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

function isBookkeepingRace(error: unknown, table: string): boolean {
  const message = (error as Error).message ?? ''
  return message.includes(table) && /already exists|duplicate/i.test(message)
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
  await run(db, (config) => db.knex.migrate.forceFreeMigrationsLock(config))
}

/**
 * Runs every pending shipped migration. Knex's migration lock serialises concurrent runs.
 *
 * ### Examples
 * ```ts
 * const { migrations } = await migrateLatest(db)
 * ```
 */
export async function migrateLatest(db: Database): Promise<MigrateResult> {
  const [batch, names] = (await run(db, async (config) => {
    await ensureBookkeeping(db)
    return (await db.knex.migrate.latest(config)) as unknown
  })) as [number, string[]]
  return { migrations: names, direction: 'up', batch }
}

/**
 * Reverts the last batch of migrations, or all of them. After `all`, the bookkeeping tables go too, so no
 * table of the toolkit is left.
 */
export async function migrateRollback(db: Database, options: { all?: boolean } = {}): Promise<MigrateResult> {
  checked.delete(db)
  const [batch, names] = (await run(db, async (config) => {
    await ensureBookkeeping(db)
    return (await db.knex.migrate.rollback(config, options.all === true)) as unknown
  })) as [number, string[]]
  if (options.all) {
    const remaining = await migrationStatus(db)
    if (remaining.every((m) => !m.applied)) {
      const bookkeeping = {
        name: db.migrationsTable,
        ...(db.schema.schema ? { schema: db.schema.schema } : {}),
      }
      await schemaOf(db.knex, bookkeeping).dropTableIfExists(`${db.migrationsTable}_lock`)
      await schemaOf(db.knex, bookkeeping).dropTableIfExists(db.migrationsTable)
    }
  }
  return { migrations: names, direction: 'down', batch }
}

/** Every shipped migration, applied or not, oldest first. */
export async function migrationStatus(db: Database): Promise<MigrationState[]> {
  const table = { name: db.migrationsTable, ...(db.schema.schema ? { schema: db.schema.schema } : {}) }
  const exists = await (
    db.schema.schema ? db.knex.schema.withSchema(db.schema.schema) : db.knex.schema
  ).hasTable(table.name)
  const applied = new Map<string, { migration_time: unknown; batch: number }>()
  if (exists) {
    const query = db.schema.schema
      ? db.knex.withSchema(db.schema.schema).table(table.name)
      : db.knex.table(table.name)
    const rows: { name: string; batch: number; migration_time: unknown }[] = await query.select(
      'name',
      'batch',
      'migration_time',
    )
    for (const row of rows) applied.set(row.name, row)
  }
  return MIGRATION_NAMES.map((name) => {
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
