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
  migrateUnlock,
  assertMigrated,
  migrationStatus,
  type MigrateResult,
  type MigrationState,
} from '../migrate/migrator.js'
import { resolvePlan, type PlanFlags, type SeedPlan, type Shard } from '../seeding/seed-plan.js'
import { seedPlan, type SeedOptions, type SeedResult } from '../seeding/seed-runner.js'
import type { Logger } from '../util/logger.js'
import type { Actor } from '../access/actor.js'
import type { DatasetRecord } from '../schema/dataset-columns.js'
import type { OutputRecord } from '../formats/record-serializer.js'
import type { DatasetResult } from '../seeding/seed-runner.js'
import { cleanup, type CleanupOptions, type CleanupResult } from './cleanup.js'
import { assertDatasetText } from './dataset-text.js'
import {
  createPendingDataset,
  deleteDataset,
  generateDataset,
  getDataset,
  listDatasets,
  restoreDataset,
  sampleRecords,
  type CreateDatasetOptions,
  type DatasetPage,
  type ListDatasetsOptions,
} from './datasets.js'
import { exportDataset, type ExportOptions, type ExportResult } from './export.js'
import {
  assertDestructiveAllowed,
  assertEnvironmentChange,
  recordEnvironment,
  recordedEnvironment,
  type DestructiveOptions,
} from './protection.js'
import {
  verifyAll,
  verifyDataset,
  type DatasetVerification,
  type VerifyOptions,
  type VerifyResult,
} from './verify.js'
import { datasetStats, summaryStats, type DatasetStats, type SummaryStats } from './stats.js'
import type { ReportOptions, ReportResult } from './report.js'

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
  /** Who acts: `created_by` of what it creates, and the role the access rules check. Default: an admin. */
  readonly actor?: Actor
}

/** The actor of a toolkit created without one: an admin, as the CLI is. */
export const DEFAULT_ACTOR: Actor = { id: 'tailingsiq-seed', role: 'admin' }

/** What a caller may set of how rows are seeded (see {@link SeedOptions}). */
export type SeedTuning = Partial<
  Pick<SeedOptions, 'onProgress' | 'signal' | 'batchSize' | 'writer' | 'generation'>
>

/** Options of {@link Toolkit.run}. */
export interface RunOptions extends PlanFlags, DestructiveOptions, SeedTuning {
  /** Stored as `created_by`. Default: the toolkit's actor. */
  readonly owner?: string
  /** Roll back every migration first (destructive: checked against protected databases). */
  readonly reset?: boolean
  /**
   * Record this environment in the database instead of the settings' one. Replacing a recorded production
   * environment needs `force` and `confirm`; without this option, a run or reset never replaces it.
   */
  readonly environment?: string
  /**
   * Continue the plan's unfinished datasets (left `generating` or `failed` by a crash, a lost server or an
   * interruption) from the rows already committed, instead of creating new ones. The result equals an
   * uninterrupted run.
   */
  readonly resume?: boolean
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
  /**
   * Connects on first use. With `mustExist`, a SQLite file that does not exist yet is an error instead of
   * being created: what commands that only work on existing data ask for (a string says how to create it).
   */
  database(options?: { mustExist?: boolean | string }): Promise<Database>
  readonly actor: Actor
  /**
   * The same toolkit, on the same connection, acting as `actor`: what a server does per request. Closing any
   * of them closes the shared connection.
   */
  as(actor: Actor): Toolkit
  readonly migrate: {
    latest(): Promise<MigrateResult>
    /** Destructive: refused on a protected database without `force` and `confirm`. */
    rollback(options?: { all?: boolean } & DestructiveOptions): Promise<MigrateResult>
    status(): Promise<MigrationState[]>
    /** Frees Knex's migration lock left behind by a process that crashed while migrating. */
    unlock(): Promise<void>
  }
  /** The plan a `run` with these options would seed. */
  plan(options?: PlanFlags): SeedPlan
  /** Migrates to latest (after rolling everything back, with `reset`), then seeds the plan. */
  run(options?: RunOptions): Promise<SeedResult & { migrations: readonly string[] }>
  /** For CI: roll back every migration, migrate to latest, run the plan. Destructive. */
  reset(options?: RunOptions): Promise<SeedResult & { migrations: readonly string[] }>
  readonly datasets: {
    list(options?: ListDatasetsOptions): Promise<DatasetPage>
    /** The dataset and its first `sample` records. */
    get(
      id: number,
      options?: { sample?: number; includeDeleted?: boolean },
    ): Promise<DatasetRecord & { sample: OutputRecord[] }>
    create(options: CreateDatasetOptions): Promise<DatasetRecord>
    /** Fills a pending dataset; with `resume`, continues a failed one from its last committed row. */
    generate(
      id: number,
      options?: SeedTuning & {
        resume?: boolean
      },
    ): Promise<DatasetResult>
    delete(id: number): Promise<DatasetRecord>
    restore(id: number): Promise<DatasetRecord>
    /**
     * Regenerates the dataset from its manifest and compares it row by row with its tables and facilities,
     * streaming both sides; `result` is `ok` only when they hold exactly the seeded rows.
     */
    verify(id: number, options?: VerifyOptions): Promise<DatasetVerification>
    /** {@link verify} for every dataset the actor can see; `ok` only when every one is. */
    verifyAll(options?: VerifyOptions): Promise<VerifyResult>
  }
  /** Statistics of one dataset, or a summary of all. */
  stats(id: number): Promise<DatasetStats>
  stats(): Promise<SummaryStats>
  /**
   * One self-contained HTML report (charts per type, manifest, row counts, column distributions) on the
   * datasets named, or on every dataset with `all`; aggregated by the database, so it stays small.
   */
  report(options: ReportOptions): Promise<ReportResult>
  /** Destructive unless `dryRun`: refused on a protected database without `force` and `confirm`. */
  cleanup(options?: CleanupOptions & DestructiveOptions): Promise<CleanupResult>
  export(id: number, options: ExportOptions): Promise<ExportResult>
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
  const database = (open: { mustExist?: boolean | string } = {}) => {
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
        ...(open.mustExist ? { mustExist: open.mustExist } : {}),
      })
      db.catch(() => (db = undefined))
    }
    return db
  }
  /** The database, once its schema is known to be at the latest migration: for commands on existing data. */
  const migrated = async () => {
    const handle = await database({ mustExist: true })
    await assertMigrated(handle)
    return handle
  }
  const seedOptions = (o: SeedTuning): SeedOptions => {
    const batchSize = o.batchSize ?? settings.batchSize
    return {
      ...(batchSize !== undefined ? { batchSize } : {}),
      ...(o.writer ? { writer: o.writer } : {}),
      ...(o.generation ? { generation: o.generation } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    }
  }
  const build = (actor: Actor): Toolkit => {
    const toolkit: Toolkit = {
      settings,
      actor,
      as: (other) => build(other),
      database,
      migrate: {
        latest: async () => migrateLatest(await database()),
        async rollback(o = {}) {
          const handle = await database()
          await assertDestructiveAllowed(
            handle,
            settings,
            o.all ? 'roll back every migration of' : 'roll back migrations of',
            o,
          )
          return migrateRollback(handle, o)
        },
        status: async () => migrationStatus(await database({ mustExist: true })),
        unlock: async () => migrateUnlock(await database()),
      },
      plan(flags = {}) {
        assertDatasetText('name', flags.name, '--name')
        return resolvePlan(settings, flags)
      },
      reset: (runOptions = {}) => toolkit.run({ ...runOptions, reset: true }),
      datasets: {
        list: async (o = {}) => listDatasets(await migrated(), actor, o),
        async get(id, o = {}) {
          const handle = await migrated()
          const dataset = await getDataset(handle, actor, id, o)
          return { ...dataset, sample: await sampleRecords(handle, dataset, o.sample ?? 0) }
        },
        create: async (o) => createPendingDataset(await migrated(), settings, actor, o),
        generate: async (id, o = {}) =>
          generateDataset(await migrated(), actor, id, {
            ...seedOptions(o),
            ...(o.resume ? { resume: true } : {}),
          }),
        delete: async (id) => deleteDataset(await migrated(), actor, id),
        restore: async (id) => restoreDataset(await migrated(), actor, id),
        verify: async (id, o = {}) => verifyDataset(await migrated(), actor, id, o),
        verifyAll: async (o = {}) => verifyAll(await migrated(), actor, o),
      },
      stats: (async (id?: number) =>
        id === undefined
          ? summaryStats(await migrated(), actor)
          : datasetStats(await migrated(), actor, id)) as Toolkit['stats'],
      async report(o) {
        const handle = await migrated()
        // Loaded on first use: the report modules are only needed here.
        const { buildReport } = await import('./report.js')
        return buildReport(handle, actor, o)
      },
      async cleanup(o = {}) {
        const handle = await migrated()
        if (!o.dryRun) await assertDestructiveAllowed(handle, settings, 'clean up', o)
        return cleanup(handle, actor, {
          retentionMs: settings.cleanupDays * 86_400_000,
          ...(options.logger ? { logger: options.logger } : {}),
          ...o,
        })
      },
      export: async (id, o) => exportDataset(await migrated(), actor, id, o),
      async run(runOptions = {}) {
        const base = toolkit.plan(runOptions)
        const runKey = runOptions.runId ?? (runOptions.shard ? 'plan' : undefined)
        const plan: SeedPlan = {
          ...base,
          ...(runOptions.shard ? { shard: runOptions.shard } : {}),
          ...(runKey !== undefined ? { runKey } : {}),
          ...(runOptions.resume ? { resume: true } : {}),
        }
        const handle = await database()
        const record =
          runOptions.environment === undefined
            ? {}
            : await assertEnvironmentChange(handle, settings, runOptions.environment, runOptions)
        // Rolling back drops the metadata table: what it recorded is read first and recorded again.
        const recorded = runOptions.reset ? await recordedEnvironment(handle) : undefined
        if (runOptions.reset) {
          await assertDestructiveAllowed(handle, settings, 'reset', runOptions)
          await migrateRollback(handle, { all: true })
        }
        const { migrations } = await migrateLatest(handle)
        if (recorded !== undefined) await recordEnvironment(handle, recorded)
        await recordEnvironment(handle, runOptions.environment ?? settings.environment, record)
        const result = await seedPlan(handle, plan, {
          ...seedOptions(runOptions),
          owner: runOptions.owner ?? actor.id,
        })
        return { ...result, migrations }
      },
      async close() {
        const open = db
        db = undefined
        if (open) await (await open.catch(() => undefined))?.close()
      },
    }
    return toolkit
  }
  return build(options.actor ?? DEFAULT_ACTOR)
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
