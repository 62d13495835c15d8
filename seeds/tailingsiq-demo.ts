import type { Knex } from 'knex'
import { loadConfig } from '../src/config/load-config.js'
import { readEnvironment, resolveSettings } from '../src/config/settings.js'
import { osUser } from '../src/cli/cli-toolkit.js'
import { databaseFromKnex } from '../src/dialects/open-database.js'
import { resolvePlan } from '../src/seeding/seed-plan.js'
import { seedPlan } from '../src/seeding/seed-runner.js'

/**
 * A Knex seed for host applications: `knex seed:run` with this package's `seedsDirectory` seeds the plan of
 * the `tailingsiq.config.*` found from the working directory (or the default plan: every type, 1,000
 * records each) into the host's own connection. Run the toolkit's migrations first. The datasets'
 * `created_by` is `TAILINGSIQ_OWNER` when set, else the OS user, as `run` without `--owner` records.
 */
export async function seed(knex: Knex): Promise<void> {
  const { config, filepath } = await loadConfig()
  const settings = resolveSettings({
    config,
    ...(filepath ? { configPath: filepath } : {}),
    env: readEnvironment(),
  })
  const db = await databaseFromKnex(knex, {
    schema: {
      tablePrefix: settings.tablePrefix,
      ...(settings.schema ? { schema: settings.schema } : {}),
      ...(settings.owners ? { owners: settings.owners } : {}),
    },
    migrationsTable: settings.migrationsTable,
  })
  const owner = process.env['TAILINGSIQ_OWNER']?.trim() || osUser()
  const result = await seedPlan(db, resolvePlan(settings), { batchSize: settings.batchSize, owner })
  const failed = result.datasets.filter((d) => d.status === 'failed')
  if (failed.length > 0) {
    throw new Error(
      `${failed.length} dataset(s) failed: ${failed.map((d) => `${d.id} (${d.type}): ${d.error ?? ''}`).join('; ')}`,
    )
  }
}
