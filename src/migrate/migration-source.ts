import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Knex } from 'knex'
import { MigrationError } from '../errors.js'
import { reasonOf } from '../dialects/open-database.js'
import type { SchemaOptions } from '../schema/table-names.js'
import { registeredMigrations } from '../generators/registry.js'

interface MigrationModule {
  up(knex: Knex): Promise<void>
  down(knex: Knex): Promise<void>
  /** `{ transaction: false }` for a migration that manages its own transaction. */
  readonly config?: { readonly transaction?: boolean }
}

interface ShippedMigration {
  readonly name: string
  readonly module: MigrationModule
}

/**
 * The package's `migrations/` folder, beside `src/` both in the sources (TypeScript, under Vitest) and in the
 * build (`dist/migrations/` beside `dist/src/`, which is also what an installed package holds).
 */
const SHIPPED_DIRECTORY: string = fileURLToPath(new URL('../../migrations/', import.meta.url))

/** A migration file: 14 digits, a name, `.js` or `.ts` (never `.d.ts` nor a map; `lib/` is not listed). */
const MIGRATION_FILE = /^(\d{14}_[A-Za-z0-9_-]+)\.(js|ts)$/

/** This module's own extension: where a folder holds both a `.ts` and a `.js` of one migration, it wins. */
const OWN_EXTENSION = import.meta.url.endsWith('.ts') ? 'ts' : 'js'

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

/**
 * The migration files of a folder, oldest first, each named `<14 digits>_<name>.js` whatever the runtime
 * (TypeScript sources in tests, built files otherwise), so the names match what Knex records when a host runs
 * the same files from its own knexfile's `directory`.
 */
export async function listMigrationFiles(
  directory: string = SHIPPED_DIRECTORY,
): Promise<{ readonly name: string; readonly file: string }[]> {
  const found = new Map<string, { name: string; file: string }>()
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const match = entry.isFile() ? MIGRATION_FILE.exec(entry.name) : null
    if (!match) continue
    const name = `${match[1]}.js`
    if (!found.has(name) || match[2] === OWN_EXTENSION)
      found.set(name, { name, file: join(directory, entry.name) })
  }
  return [...found.values()].sort(byName)
}

let shipped: Promise<ShippedMigration[]> | undefined

/**
 * The migrations shipped in the package's `migrations/` folder, imported, oldest first; read once per process
 * (the migrator loads them before it touches the database, see `run` in `migrator.ts`).
 */
function shippedMigrations(): Promise<ShippedMigration[]> {
  shipped ??= listMigrationFiles()
    .then((files) =>
      Promise.all(
        files.map(async ({ name, file }) => ({
          name,
          module: (await import(pathToFileURL(file).href)) as MigrationModule,
        })),
      ),
    )
    .catch((error: unknown) => {
      shipped = undefined
      throw error
    })
  return shipped
}

/**
 * The Knex `userParams` that tell the shipped migrations where an install's tables go. The migrations import
 * nothing from the toolkit, so the table prefix, PostgreSQL schema and owners table reach them this way: the
 * toolkit's migrator runs them on `knex.withUserParams(migrationUserParams(schema))`, and a host knexfile sets
 * `userParams: migrationUserParams({ tablePrefix: 'app_' })` (without it they use the default prefix
 * `synthetic_`, no schema and no owners).
 *
 * ### Examples
 * ```ts
 * const knex = knexFactory({ client: 'pg', connection, userParams: migrationUserParams({ tablePrefix: 'app_' }) })
 * ```
 */
export function migrationUserParams(schema: SchemaOptions): { tailingsiq: SchemaOptions } {
  return {
    tailingsiq: {
      tablePrefix: schema.tablePrefix,
      ...(schema.schema ? { schema: schema.schema } : {}),
      ...(schema.owners ? { owners: { table: schema.owners.table, column: schema.owners.column } } : {}),
    },
  }
}

/**
 * The names of the migrations shipped in this package, oldest first, as Knex records them (`….js`).
 *
 * ### Examples
 * ```ts
 * const latest = (await shippedMigrationNames()).at(-1)
 * ```
 */
export async function shippedMigrationNames(): Promise<readonly string[]> {
  return (await shippedMigrations()).map((m) => m.name)
}

/** The shipped migrations and those of the registered data types, in the order they run. */
async function allMigrations(): Promise<ShippedMigration[]> {
  const extra = registeredMigrations().map((m) => ({ name: m.name, module: m }))
  return [...(await shippedMigrations()), ...extra].sort(byName)
}

/** The names of every migration that runs: the shipped ones and the registered data types', oldest first. */
export async function migrationNames(): Promise<readonly string[]> {
  const extra = registeredMigrations().map((m) => m.name)
  return [...(await shippedMigrationNames()), ...extra].sort()
}

/**
 * A Knex `MigrationSource` over the migrations shipped in this package (every migration file in its
 * `migrations/` folder, found from the package itself rather than the working directory) and those of the
 * registered data types. Each failure names its migration and direction.
 *
 * ### Examples
 * ```ts
 * await knex.migrate.latest({ migrationSource: new ShippedMigrationSource(), tableName: 'tailingsiq_migrations' })
 * ```
 */
export class ShippedMigrationSource implements Knex.MigrationSource<ShippedMigration> {
  readonly #beforeUp: ((knex: Knex) => Promise<void>) | undefined

  /** `beforeUp` runs on each migration's connection (its transaction) just before the migration's `up`. */
  constructor(hooks: { readonly beforeUp?: (knex: Knex) => Promise<void> } = {}) {
    this.#beforeUp = hooks.beforeUp
  }

  getMigrations(): Promise<ShippedMigration[]> {
    return allMigrations()
  }

  getMigrationName(migration: ShippedMigration): string {
    return migration.name
  }

  getMigration(migration: ShippedMigration): Promise<Knex.Migration> {
    const wrap = (direction: 'up' | 'down') => async (knex: Knex) => {
      try {
        if (direction === 'up') await this.#beforeUp?.(knex)
        await migration.module[direction](knex)
      } catch (error) {
        const reason = reasonOf(error)
        throw new MigrationError(
          migration.name,
          direction,
          `Migration "${migration.name}" (${direction}) failed: ${reason}`,
          {
            cause: error,
          },
        )
      }
    }
    return Promise.resolve({
      up: wrap('up'),
      down: wrap('down'),
      ...(migration.module.config ? { config: migration.module.config } : {}),
    })
  }
}
