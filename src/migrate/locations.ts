import { join } from 'node:path'
import { packageRoot } from '../util/package-info.js'

/**
 * The folder of the compiled migrations, for a host application's knexfile:
 * `migrations: { directory: migrationsDirectory, tableName: 'tailingsiq_migrations', loadExtensions: ['.js'] }`.
 * The migrations take the table prefix, schema and owners from the knexfile's
 * `userParams: migrationUserParams({ tablePrefix: 'app_' })`, and the default prefix without it. Knex lists
 * only the files directly in the folder, so the frozen helper in its `lib/` folder is never run as one.
 */
export const migrationsDirectory: string = join(packageRoot(), 'dist', 'migrations')

/** The folder of the compiled Knex seed files (`seeds: { directory: seedsDirectory, loadExtensions: ['.js'] }`). */
export const seedsDirectory: string = join(packageRoot(), 'dist', 'seeds')
