import { userInfo } from 'node:os'
import type { Options } from 'yargs'
import { STORAGE_MODES, type StorageMode } from '../choices.js'
import type { SettingsOverrides } from '../config/settings.js'
import type { Toolkit } from '../commands/toolkit.js'
import { UsageError } from '../errors.js'
import { parseIdArgument, parseSeedFlag, parseStringFlag, parseWholeFlag } from './parse-flags.js'

/** Flags of every command that talks to a database. */
export interface DatabaseArgs {
  readonly config?: string
  readonly db?: unknown
  /** Who the CLI acts as: `created_by` of what it creates (default: the OS user), always an admin. */
  readonly owner?: unknown
  readonly json?: boolean
  readonly quiet?: boolean
}

export const databaseFlags: Record<'db' | 'json' | 'quiet', Options> = {
  db: {
    type: 'string',
    describe:
      'Database URL: postgres://…, mysql://…, sqlite:<path> [default: TAILINGSIQ_DATABASE_URL, DATABASE_URL, config connection, ./tailingsiq.sqlite]',
  },
  json: { type: 'boolean', describe: 'Print one JSON document' },
  quiet: { type: 'boolean', describe: 'Print nothing but errors and the result' },
}

/** The OS user: who the CLI acts as when `--owner` is not given. */
export function osUser(): string {
  try {
    return userInfo().username
  } catch {
    return process.env['USER'] ?? 'unknown'
  }
}

/**
 * Opens the toolkit the way the CLI does: config file (or --config), environment, then the flags given,
 * with a stderr logger, acting as `--owner` (default: the OS user) with the admin role. The toolkit
 * connects on first use; call `close()` when done.
 */
export async function openCliToolkit(
  args: DatabaseArgs,
  overrides: SettingsOverrides = {},
): Promise<Toolkit> {
  const { createToolkit } = await import('../commands/toolkit.js')
  const { createCliLogger } = await import('./cli-logger.js')
  const db = parseStringFlag('db', args.db)
  const configPath = parseStringFlag('config', args.config)
  const owner = parseStringFlag('owner', args.owner) ?? osUser()
  return createToolkit({
    ...(db ? { db } : {}),
    ...(configPath ? { configPath } : {}),
    overrides,
    logger: createCliLogger({ quiet: args.quiet === true || args.json === true }),
    actor: { id: owner, role: 'admin' },
  })
}

/** Runs `fn` with a toolkit and always closes it, so the process can exit. */
export async function withCliToolkit<T>(
  args: DatabaseArgs,
  overrides: SettingsOverrides,
  fn: (toolkit: Toolkit) => Promise<T>,
): Promise<T> {
  const toolkit = await openCliToolkit(args, overrides)
  try {
    return await fn(toolkit)
  } finally {
    await toolkit.close()
  }
}

/** The run-level flags shared by `run` and `reset`. */
export function parseRunOverrides(args: {
  seed?: unknown
  facilities?: unknown
  'max-records'?: unknown
  'batch-size'?: unknown
  storage?: unknown
}): SettingsOverrides {
  const out: { -readonly [K in keyof SettingsOverrides]: SettingsOverrides[K] } = {}
  const seed = parseSeedFlag(args.seed)
  if (seed !== undefined) out.seed = seed
  const facilities = parseWholeFlag('facilities', args.facilities, 1, 10_000)
  if (facilities !== undefined) out.facilities = facilities
  const maxRecords = parseWholeFlag('max-records', args['max-records'], 1, Number.MAX_SAFE_INTEGER)
  if (maxRecords !== undefined) out.maxRecords = maxRecords
  const batchSize = parseWholeFlag('batch-size', args['batch-size'], 1, 1_000_000)
  if (batchSize !== undefined) out.batchSize = batchSize
  const storage = parseStringFlag('storage', args.storage)
  if (storage !== undefined) out.storage = parseStorage(storage)
  return out
}

function parseStorage(text: string): StorageMode {
  if ((STORAGE_MODES as readonly string[]).includes(text)) return text as StorageMode
  throw new UsageError(`--storage must be one of ${STORAGE_MODES.join(', ')}, got "${text}"`)
}

/** A positional dataset id: a whole number ≥ 1. */
export function parseDatasetId(value: unknown): number {
  const id = parseIdArgument(value)
  if (id === undefined) throw new UsageError('Name a dataset id; see `tailingsiq-seed datasets list`')
  return id
}
