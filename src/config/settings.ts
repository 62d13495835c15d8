import { ConfigError } from '../errors.js'
import type { DataType } from '../generators/generator.js'
import type { PlanEntry, ServeConfig, StorageMode, ValidatedConfig } from './config-schema.js'
import { DEFAULTS, ENV, defaultMigrationsTable } from './defaults.js'
import { DEFAULT_PROTECT_PATTERNS, normalizeEnvironment } from '../commands/protection.js'

/**
 * Every setting resolved, with the precedence CLI flags > environment > config file > defaults.
 * The library's commands take this; `resolveSettings` builds it.
 */
export interface Settings {
  readonly seed: number
  readonly facilities: number
  readonly maxRecords: number
  readonly maxRecordsPerRequest: number
  readonly cleanupDays: number
  readonly outputDir: string
  /** Default parameters per data type, from the config file. */
  readonly parameters: Readonly<Partial<Record<DataType, unknown>>>
  readonly plan?: readonly PlanEntry[]
  readonly connection?: string
  readonly tablePrefix: string
  readonly schema?: string
  readonly migrationsTable: string
  readonly owners?: { readonly table: string; readonly column: string }
  readonly storage: StorageMode
  /** Rows per transaction of a seed run; when unset, the engine's default (`DialectAdapter.defaultBatchSize`). */
  readonly batchSize?: number
  /** Patterns of protected database names and hosts. */
  readonly protect: readonly string[]
  /** `production` protects every database; recorded in the metadata of what it seeds. */
  readonly environment: string
  /** The config's `serve` section, resolved by the server. */
  readonly serve?: ServeConfig
  /** The config file the settings came from, if any. */
  readonly configPath?: string
}

/** Settings given on the command line; each already validated by the CLI. */
export type SettingsOverrides = Partial<
  Omit<Settings, 'parameters' | 'plan' | 'configPath' | 'protect' | 'serve'>
>

/** Reads the toolkit's environment variables, failing with the variable's name on a bad value. */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env): SettingsOverrides {
  const out: { -readonly [K in keyof SettingsOverrides]: SettingsOverrides[K] } = {}
  const facilities = readInteger(env, ENV.facilities, 1, 10_000)
  if (facilities !== undefined) out.facilities = facilities
  const maxPerRequest = readInteger(env, ENV.maxRecordsPerRequest, 1, Number.MAX_SAFE_INTEGER)
  if (maxPerRequest !== undefined) out.maxRecordsPerRequest = maxPerRequest
  const cleanupDays = readInteger(env, ENV.cleanupDays, 0, 100_000)
  if (cleanupDays !== undefined) out.cleanupDays = cleanupDays
  const nodeEnv = env['NODE_ENV']?.trim()
  if (nodeEnv) out.environment = nodeEnv
  return out
}

function readInteger(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | undefined {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return undefined
  const value = Number(raw.trim())
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new ConfigError(
      `Environment variable ${name} must be a whole number from ${min} to ${max}, got "${raw}"`,
      [`${name}: expected a whole number from ${min} to ${max}`],
    )
  }
  return value
}

/**
 * Merges the layers: `flags` over `env` over the config file over {@link DEFAULTS}.
 *
 * ### Examples
 * ```ts
 * const { config, filepath } = await loadConfig()
 * const settings = resolveSettings({ config, configPath: filepath, env: readEnvironment(), flags: { seed: 7 } })
 * ```
 */
export function resolveSettings(layers: {
  config: ValidatedConfig
  configPath?: string
  env?: SettingsOverrides
  flags?: SettingsOverrides
}): Settings {
  const { config } = layers
  const pick = <K extends keyof SettingsOverrides>(key: K): SettingsOverrides[K] | undefined =>
    layers.flags?.[key] ?? layers.env?.[key] ?? (config[key as keyof ValidatedConfig] as SettingsOverrides[K])
  const tablePrefix = pick('tablePrefix') ?? DEFAULTS.tablePrefix
  return {
    seed: pick('seed') ?? DEFAULTS.seed,
    facilities: pick('facilities') ?? DEFAULTS.facilities,
    maxRecords: pick('maxRecords') ?? DEFAULTS.maxRecords,
    maxRecordsPerRequest: pick('maxRecordsPerRequest') ?? DEFAULTS.maxRecordsPerRequest,
    cleanupDays: pick('cleanupDays') ?? DEFAULTS.cleanupDays,
    outputDir: pick('outputDir') ?? DEFAULTS.outputDir,
    parameters: config.parameters ?? {},
    ...(config.plan ? { plan: config.plan } : {}),
    ...optional('connection', pick('connection')),
    tablePrefix,
    ...optional('schema', pick('schema')),
    migrationsTable: pick('migrationsTable') ?? defaultMigrationsTable(tablePrefix),
    ...optional('owners', pick('owners')),
    storage: pick('storage') ?? DEFAULTS.storage,
    ...optional('batchSize', pick('batchSize')),
    protect: config.protect ?? DEFAULT_PROTECT_PATTERNS,
    environment: resolveEnvironment(layers.flags?.environment, config.environment, layers.env?.environment),
    ...optional('serve', config.serve),
    ...optional('configPath', layers.configPath),
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}

/**
 * The environment, normalised (any case; `prod` is `production`): production if any layer says production
 * (the safe reading when they disagree), else the most specific one given, else `development`.
 */
function resolveEnvironment(...layers: (string | undefined)[]): string {
  const given = layers
    .filter((e): e is string => e !== undefined)
    .map(normalizeEnvironment)
    .filter((e) => e !== '')
  if (given.includes('production')) return 'production'
  return given[0] ?? 'development'
}
