import type { Settings } from '../config/settings.js'
import { firstOf, tableOf } from '../dialects/dialect-adapter-base.js'
import type { Database } from '../dialects/open-database.js'
import { RefusedError } from '../errors.js'

/** Default `protect` patterns: database names or hosts containing these are protected. */
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

/** The environment recorded in the database's metadata, if any. */
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

/**
 * Records the environment the database is being seeded under (as Rails' ar_internal_metadata does). A
 * database once recorded as `production` stays so: a later run from a laptop cannot downgrade it.
 */
export async function recordEnvironment(db: Database, environment: string): Promise<void> {
  const current = await recordedEnvironment(db)
  if (current === 'production' || current === environment) return
  await tableOf(db.knex, db.tables.metadata)
    .insert({ key: 'environment', value: environment })
    .onConflict('key')
    .merge(['value', 'updated_at'])
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
  const host = db.target.dialect === 'sqlite' ? undefined : db.target.host
  for (const pattern of settings.protect) {
    if (matches(pattern, name)) reasons.push(`its name "${name}" matches the protect pattern "${pattern}"`)
    if (host !== undefined && matches(pattern, host))
      reasons.push(`its host "${host}" matches the protect pattern "${pattern}"`)
  }
  if (settings.environment === 'production') reasons.push('the environment is production')
  if ((await recordedEnvironment(db)) === 'production')
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
