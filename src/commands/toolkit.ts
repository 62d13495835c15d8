import { configSchema, type TailingsiqConfig } from '../config/config-schema.js'
import { formatIssues } from '../config/format-issues.js'
import { loadConfig } from '../config/load-config.js'
import {
  readEnvironment,
  resolveSettings,
  type Settings,
  type SettingsOverrides,
} from '../config/settings.js'
import { pickConnection } from '../dialects/connection.js'
import { openDatabase, type Database } from '../dialects/open-database.js'
import { ConfigError } from '../errors.js'
import {
  migrateLatest,
  migrateRollback,
  migrationStatus,
  type MigrateResult,
  type MigrationState,
} from '../migrate/migrator.js'
import { resolvePlan, type PlanFlags, type SeedPlan, type Shard } from '../seeding/seed-plan.js'
import { seedPlan, type SeedOptions, type SeedResult } from '../seeding/seed-runner.js'
import type { Logger } from '../util/logger.js'

/** Options of {@link createToolkit}. */
export interface ToolkitOptions {
  /** Database URL. Default: `TAILINGSIQ_DATABASE_URL`, `DATABASE_URL`, the config's `connection`, else `./tailingsiq.sqlite`. */
  readonly db?: string
  /** An inline config; when given, no config file is read. */
  readonly config?: TailingsiqConfig
  /** A config file to load instead of searching from `cwd`. */
  readonly configPath?: string
  readonly cwd?: string
  /** Settings that win over everything else (what CLI flags are to the CLI). */
  readonly overrides?: SettingsOverrides
  /** Read `SYNTHETIC_DATA_*` variables. Default is `true`. */
  readonly useEnvironment?: boolean
  readonly logger?: Logger
}

/** Options of {@link Toolkit.run}. */
export interface RunOptions
  extends PlanFlags, Partial<Pick<SeedOptions, 'onProgress' | 'signal' | 'batchSize' | 'writer'>> {
  readonly owner?: string
  /** Seed only this facility partition of every dataset (see `run --shard K/N`). */
  readonly shard?: Shard
  /**
   * Names the run, so that its shards share datasets. Default with a shard: derived from the plan, so shards
   * of the same plan agree; pass a fresh id (a CI build number) to seed the same plan again as new datasets.
   */
  readonly runId?: string
}

/** The programmatic API: everything the CLI does to a database, on one connection. */
export interface Toolkit {
  readonly settings: Settings
  /** Connects on first use. */
  database(): Promise<Database>
  readonly migrate: {
    latest(): Promise<MigrateResult>
    rollback(options?: { all?: boolean }): Promise<MigrateResult>
    status(): Promise<MigrationState[]>
  }
  /** The plan a `run` with these options would seed. */
  plan(options?: PlanFlags): SeedPlan
  /** Migrates to latest, then seeds the plan. */
  run(options?: RunOptions): Promise<SeedResult & { migrations: readonly string[] }>
  close(): Promise<void>
}

/**
 * Creates a toolkit on a database. The config is loaded as the CLI loads it, unless given inline.
 *
 * ### Examples
 * ```ts
 * const toolkit = await createToolkit({ db: 'postgres://postgres@127.0.0.1:5432/dev' })
 * try {
 *   const result = await toolkit.run({ types: ['monitoring'], count: 10_000 })
 *   console.log(result.datasets.map((d) => d.id))
 * } finally {
 *   await toolkit.close()
 * }
 * ```
 */
export async function createToolkit(options: ToolkitOptions = {}): Promise<Toolkit> {
  const settings = await resolveToolkitSettings(options)
  let db: Promise<Database> | undefined
  const database = () => {
    if (!db) {
      const { url, source } = pickConnection({
        ...(options.db ? { flag: options.db } : {}),
        ...(settings.connection ? { config: settings.connection } : {}),
      })
      db = openDatabase({
        url,
        source,
        schema: {
          tablePrefix: settings.tablePrefix,
          ...(settings.schema ? { schema: settings.schema } : {}),
          ...(settings.owners ? { owners: settings.owners } : {}),
        },
        migrationsTable: settings.migrationsTable,
        ...(options.logger ? { logger: options.logger } : {}),
      })
      db.catch(() => (db = undefined))
    }
    return db
  }
  return {
    settings,
    database,
    migrate: {
      latest: async () => migrateLatest(await database()),
      rollback: async (o = {}) => migrateRollback(await database(), o),
      status: async () => migrationStatus(await database()),
    },
    plan: (flags = {}) => resolvePlan(settings, flags),
    async run(runOptions = {}) {
      const base = resolvePlan(settings, runOptions)
      const runKey = runOptions.runId ?? (runOptions.shard ? 'plan' : undefined)
      const plan: SeedPlan = {
        ...base,
        ...(runOptions.shard ? { shard: runOptions.shard } : {}),
        ...(runKey !== undefined ? { runKey } : {}),
      }
      const handle = await database()
      const { migrations } = await migrateLatest(handle)
      const result = await seedPlan(handle, plan, {
        batchSize: runOptions.batchSize ?? settings.batchSize,
        ...(runOptions.writer ? { writer: runOptions.writer } : {}),
        ...(runOptions.owner !== undefined ? { owner: runOptions.owner } : {}),
        ...(options.logger ? { logger: options.logger } : {}),
        ...(runOptions.onProgress ? { onProgress: runOptions.onProgress } : {}),
        ...(runOptions.signal ? { signal: runOptions.signal } : {}),
      })
      return { ...result, migrations }
    },
    async close() {
      const open = db
      db = undefined
      if (open) await (await open.catch(() => undefined))?.close()
    },
  }
}

async function resolveToolkitSettings(options: ToolkitOptions): Promise<Settings> {
  const env = options.useEnvironment === false ? {} : readEnvironment()
  if (options.config !== undefined) {
    const parsed = configSchema.safeParse(options.config, { reportInput: true })
    if (!parsed.success) {
      const issues = formatIssues(parsed.error)
      throw new ConfigError(`Invalid config: ${issues.join('; ')}`, issues)
    }
    return resolveSettings({ config: parsed.data, env, flags: options.overrides ?? {} })
  }
  const { config, filepath } = await loadConfig({
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.configPath ? { configPath: options.configPath } : {}),
  })
  return resolveSettings({
    config,
    ...(filepath ? { configPath: filepath } : {}),
    env,
    flags: options.overrides ?? {},
  })
}
