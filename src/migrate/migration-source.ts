import type { Knex } from 'knex'
import { MigrationError } from '../errors.js'
import { reasonOf } from '../dialects/open-database.js'
import type { SchemaOptions } from '../schema/table-names.js'
import { registeredMigrations } from '../generators/registry.js'
import * as createDatasets from '../../migrations/20261126000100_create_datasets.js'
import * as createTypedTables from '../../migrations/20261126000200_create_typed_tables.js'
import * as addRunKey from '../../migrations/20261126000300_add_run_key.js'
import * as createInternalMetadata from '../../migrations/20261126000400_create_internal_metadata.js'
import * as createJobs from '../../migrations/20261126000500_create_jobs.js'
import * as createDatasetWriters from '../../migrations/20261204000100_create_dataset_writers.js'
import * as openDataType from '../../migrations/20261205000100_open_data_type.js'
import * as addMonitoringEvent from '../../migrations/20261205000200_add_monitoring_event.js'
import * as partitionTypedTables from '../../migrations/20261206000100_partition_typed_tables.js'

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

// In order. Names carry `.js` whatever the runtime (TypeScript sources in tests, built files otherwise), so
// they match what Knex records when a host runs the same files from its own knexfile's `directory`.
const MIGRATIONS: readonly ShippedMigration[] = [
  { name: '20261126000100_create_datasets.js', module: createDatasets },
  { name: '20261126000200_create_typed_tables.js', module: createTypedTables },
  { name: '20261126000300_add_run_key.js', module: addRunKey },
  { name: '20261126000400_create_internal_metadata.js', module: createInternalMetadata },
  { name: '20261126000500_create_jobs.js', module: createJobs },
  { name: '20261204000100_create_dataset_writers.js', module: createDatasetWriters },
  { name: '20261205000100_open_data_type.js', module: openDataType },
  { name: '20261205000200_add_monitoring_event.js', module: addMonitoringEvent },
  { name: '20261206000100_partition_typed_tables.js', module: partitionTypedTables },
]

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

/** The names of the shipped migrations, oldest first. */
export const MIGRATION_NAMES: readonly string[] = MIGRATIONS.map((m) => m.name)

/** The shipped migrations and those of the registered data types, in the order they run. */
function allMigrations(): ShippedMigration[] {
  const extra = registeredMigrations().map((m) => ({ name: m.name, module: m }))
  return [...MIGRATIONS, ...extra].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** The names of every migration that runs: the shipped ones and the registered data types', oldest first. */
export function migrationNames(): readonly string[] {
  return allMigrations().map((m) => m.name)
}

/**
 * A Knex `MigrationSource` over the migrations shipped in this package, resolved from the package itself
 * rather than the working directory. Each failure names its migration and direction.
 *
 * ### Examples
 * ```ts
 * await knex.migrate.latest({ migrationSource: new ShippedMigrationSource(), tableName: 'tailingsiq_migrations' })
 * ```
 */
export class ShippedMigrationSource implements Knex.MigrationSource<ShippedMigration> {
  getMigrations(): Promise<ShippedMigration[]> {
    return Promise.resolve(allMigrations())
  }

  getMigrationName(migration: ShippedMigration): string {
    return migration.name
  }

  getMigration(migration: ShippedMigration): Promise<Knex.Migration> {
    const wrap = (direction: 'up' | 'down') => async (knex: Knex) => {
      try {
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
