import { AsyncLocalStorage } from 'node:async_hooks'
import { loadConfig } from '../config/load-config.js'
import { DEFAULTS } from '../config/defaults.js'
import type { SchemaOptions } from '../schema/table-names.js'

const store = new AsyncLocalStorage<SchemaOptions>()

/**
 * Runs `fn` with the schema options the shipped migrations should use. The toolkit's migrator wraps every
 * Knex migration call in this; the context follows the promise chain into each migration.
 */
export function withSchemaOptions<T>(options: SchemaOptions, fn: () => Promise<T>): Promise<T> {
  return store.run(options, fn)
}

/**
 * The schema options of the migration running now: those of the toolkit's migrator, or, when a host runs the
 * migrations from its own knexfile, those of the `tailingsiq.config.*` found from the working directory.
 */
export async function currentSchemaOptions(): Promise<SchemaOptions> {
  const fromRunner = store.getStore()
  if (fromRunner) return fromRunner
  const { config } = await loadConfig()
  return {
    tablePrefix: config.tablePrefix ?? DEFAULTS.tablePrefix,
    ...(config.schema ? { schema: config.schema } : {}),
    ...(config.owners ? { owners: config.owners } : {}),
  }
}
