import { join } from 'node:path'
import { packageRoot } from '../util/package-info.js'

/**
 * The folder of the compiled migrations, for a host application's knexfile:
 * `migrations: { directory: migrationsDirectory, tableName: 'tailingsiq_migrations', loadExtensions: ['.js'] }`.
 */
export const migrationsDirectory: string = join(packageRoot(), 'dist', 'migrations')

/** The folder of the compiled Knex seed files (`seeds: { directory: seedsDirectory, loadExtensions: ['.js'] }`). */
export const seedsDirectory: string = join(packageRoot(), 'dist', 'seeds')
