import { dirname } from 'node:path'
import type { Settings } from '../config/settings.js'
import { firstOf, tableOf } from '../dialects/dialect-adapter-base.js'
import type { Database } from '../dialects/open-database.js'
import { RefusedError, UsageError } from '../errors.js'

/**
 * Default `protect` patterns: database names, hosts, SQLite folders and PostgreSQL schemas containing these
 * are protected.
 */
export const DEFAULT_PROTECT_PATTERNS: readonly string[] = ['prod', 'production']

/** What a destructive operation needs to get past a protected database. */
export interface DestructiveOptions {
  /** Run on a protected database (also needs `confirm`). */
  readonly force?: boolean
  /** The database name, typed back, when `force` is given. */
  readonly confirm?: string
}

function matches(pattern: string, value: string): boolean {
  const regex = /^\/(.+)\/([a-z]*)$/.exec(pattern)
  if (regex)
    return new RegExp(regex[1] as string, regex[2]?.includes('i') ? regex[2] : `${regex[2] ?? ''}i`).test(
      value,
    )
  return value.toLowerCase().includes(pattern.toLowerCase())
}

/** `prod` and `production` in any case, alone or followed by a separator (`Production`, `PROD`, `prod-eu`). */
const PRODUCTION = /^prod(uction)?([^a-z0-9].*)?$/

/**
 * An environment name as the toolkit compares and records it: trimmed and lower-cased, and every spelling of
 * production (`PRODUCTION`, `Prod`, `prod-eu`, `production_2`) as `production`.
 *
 * ### Examples
 * ```ts
 * normalizeEnvironment(' Production ') // 'production'
 * normalizeEnvironment('Staging')      // 'staging'
 * ```
 */
export function normalizeEnvironment(environment: string): string {
  const text = environment.trim().toLowerCase()
  return PRODUCTION.test(text) ? 'production' : text
}

/** True for any spelling of production (see {@link normalizeEnvironment}). */
export function isProductionEnvironment(environment: string | undefined): boolean {
  return environment !== undefined && normalizeEnvironment(environment) === 'production'
}

/** The environment recorded in the database's metadata, if any, as it was stored. */
export async function recordedEnvironment(db: Database): Promise<string | undefined> {
  const schema = db.tables.metadata.schema
    ? db.knex.schema.withSchema(db.tables.metadata.schema)
    : db.knex.schema
  if (!(await schema.hasTable(db.tables.metadata.name))) return undefined
  const row = await firstOf(
    tableOf(db.knex, db.tables.metadata).where({ key: 'environment' }).select('value'),
  )
  return typeof row?.['value'] === 'string' ? row['value'] : undefined
}

/** Options of {@link recordEnvironment}. */
export interface RecordEnvironmentOptions {
  /**
   * Replace a recorded production environment with another one. Only an explicit, confirmed command passes
   * it (`run --environment <name> --force --confirm <database>`); see {@link assertEnvironmentChange}.
   */
  readonly replaceProduction?: boolean
}

/**
 * Records the environment the database is being seeded under (as Rails' ar_internal_metadata does),
 * normalised (see {@link normalizeEnvironment}). A database once recorded as production stays so: a later
 * run from a laptop cannot downgrade it, unless `replaceProduction` is given.
 */
export async function recordEnvironment(
  db: Database,
  environment: string,
  options: RecordEnvironmentOptions = {},
): Promise<void> {
  const current = await recordedEnvironment(db)
  let next = normalizeEnvironment(environment)
  if (isProductionEnvironment(current) && !options.replaceProduction) next = 'production'
  if (current === next) return
  await tableOf(db.knex, db.tables.metadata)
    .insert({ key: 'environment', value: next })
    .onConflict('key')
    .merge(['value', 'updated_at'])
}

/**
 * Checks an explicit request to record `environment` (`run --environment`): it may not contradict a
 * production environment in effect, and replacing a recorded production environment needs `force` and the
 * database name typed back in `confirm`. Returns the options {@link recordEnvironment} should then get.
 */
export async function assertEnvironmentChange(
  db: Database,
  settings: Pick<Settings, 'environment'>,
  environment: string,
  options: DestructiveOptions = {},
): Promise<RecordEnvironmentOptions> {
  const next = normalizeEnvironment(environment)
  if (next === '') throw new UsageError('--environment needs a name, e.g. --environment development')
  if (next === 'production') return {}
  if (isProductionEnvironment(settings.environment))
    throw new UsageError(
      `--environment ${next} contradicts the production environment in effect (NODE_ENV or the config's environment)`,
    )
  if (!isProductionEnvironment(await recordedEnvironment(db))) return {}
  const name = await db.adapter.databaseName()
  if (options.force && options.confirm === name) return { replaceProduction: true }
  throw new RefusedError(
    `Refusing to record the environment "${next}" in database "${name}": it is recorded as production; pass --force --confirm ${name} to change it`,
  )
}

/**
 * Why a database is protected, one reason each: its name or host matches a `protect` pattern, the current
 * environment is production, or it was seeded under production. Empty when it is not protected.
 */
export async function protectionReasons(
  db: Database,
  settings: Pick<Settings, 'protect' | 'environment'>,
): Promise<string[]> {
  const reasons: string[] = []
  const name = await db.adapter.databaseName()
  const target = db.target
  const host = 'host' in target ? target.host : undefined
  // Each folder name on a database file's path, so that /srv/production/app.sqlite is protected too.
  const folders =
    'filename' in target && target.filename !== ':memory:'
      ? dirname(target.filename)
          .split(/[\\/]/)
          .filter((f) => f !== '')
      : []
  const schema = db.adapter.supportsSchemas ? db.schema.schema : undefined
  for (const pattern of settings.protect) {
    if (matches(pattern, name)) reasons.push(`its name "${name}" matches the protect pattern "${pattern}"`)
    if (host !== undefined && matches(pattern, host))
      reasons.push(`its host "${host}" matches the protect pattern "${pattern}"`)
    const folder = folders.find((f) => matches(pattern, f))
    if (folder !== undefined) reasons.push(`its folder "${folder}" matches the protect pattern "${pattern}"`)
    if (schema !== undefined && matches(pattern, schema))
      reasons.push(`its schema "${schema}" matches the protect pattern "${pattern}"`)
  }
  if (isProductionEnvironment(settings.environment)) reasons.push('the environment is production')
  if (isProductionEnvironment(await recordedEnvironment(db)))
    reasons.push('it was seeded under the production environment')
  return reasons
}

/**
 * Throws a `RefusedError` (exit code 3) when `action` would run on a protected database without `force` and
 * the database name typed back in `confirm`.
 *
 * ### Examples
 * ```ts
 * await assertDestructiveAllowed(db, settings, 'reset', { force: true, confirm: 'app_prod' })
 * ```
 */
export async function assertDestructiveAllowed(
  db: Database,
  settings: Pick<Settings, 'protect' | 'environment'>,
  action: string,
  options: DestructiveOptions = {},
): Promise<void> {
  const reasons = await protectionReasons(db, settings)
  if (reasons.length === 0) return
  const name = await db.adapter.databaseName()
  if (options.force && options.confirm === name) return
  const how = options.force
    ? `--confirm ${name} must name the database exactly`
    : `pass --force --confirm ${name} to proceed`
  throw new RefusedError(
    `Refusing to ${action} database "${name}": it is protected (${reasons.join('; ')}); ${how}`,
  )
}
