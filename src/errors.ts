/**
 * Stable machine-readable codes carried by every {@link TailingsiqError}.
 */
export type ErrorCode =
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_INVALID'
  | 'USER_CODE_THREW'
  | 'USAGE'
  | 'OUTPUT_EXISTS'
  | 'OUTPUT_UNWRITABLE'
  | 'LIMIT_EXCEEDED'
  | 'GENERATOR_INVALID'
  | 'DATABASE'
  | 'MIGRATION_FAILED'
  | 'SEED_FAILED'
  | 'VERIFY_FAILED'
  | 'NOT_FOUND'
  | 'REFUSED'
  | 'FORBIDDEN'
  | 'INTERRUPTED'
  | 'BUSY'
  | 'INTERNAL'

/**
 * Base class of every error the toolkit throws on purpose. The message is one line, names what was wrong
 * with the user's own words (key paths, file names, flag names) and says how to fix it.
 *
 * ### Examples
 * ```ts
 * try {
 *   await loadConfig({ cwd: process.cwd() })
 * } catch (error) {
 *   if (error instanceof TailingsiqError && error.code === 'CONFIG_INVALID') console.error(error.message)
 * }
 * ```
 */
export class TailingsiqError extends Error {
  readonly code: ErrorCode
  /**
   * How to fix it with the CLI (`restore it with \`tailingsiq-seed datasets restore 12\``), kept apart from the
   * message so that other front ends, such as the HTTP API, can leave it out. The CLI prints `message; hint`.
   */
  readonly hint?: string

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; hint?: string }) {
    super(message, options)
    this.name = new.target.name
    this.code = code
    if (options?.hint !== undefined) this.hint = options.hint
  }
}

/** The configuration (file, environment or flags) failed validation; `issues` holds one line per problem. */
export class ConfigError extends TailingsiqError {
  readonly issues: readonly string[]

  constructor(message: string, issues: readonly string[], options?: { cause?: unknown }) {
    super('CONFIG_INVALID', message, options)
    this.issues = issues
  }
}

/** Arguments that cannot work together or are out of range (bad type name, count over a guard, …). */
export class UsageError extends TailingsiqError {
  constructor(message: string, options?: { cause?: unknown; hint?: string }) {
    super('USAGE', message, options)
  }
}

/** The database could not be reached, refused the credentials, or failed a statement. */
export class DatabaseError extends TailingsiqError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('DATABASE', message, options)
  }
}

/** A migration failed; `migration` and `direction` name it. */
export class MigrationError extends TailingsiqError {
  readonly migration: string
  readonly direction: 'up' | 'down'

  constructor(migration: string, direction: 'up' | 'down', message: string, options?: { cause?: unknown }) {
    super('MIGRATION_FAILED', message, options)
    this.migration = migration
    this.direction = direction
  }
}

/** The dataset (or other record) asked for does not exist, or is deleted and was not asked for as such. */
export class NotFoundError extends TailingsiqError {
  constructor(message: string, options?: { hint?: string }) {
    super('NOT_FOUND', message, options)
  }
}

/** A safety rule stopped a destructive command: protected database, or no confirmation. */
export class RefusedError extends TailingsiqError {
  constructor(message: string) {
    super('REFUSED', message)
  }
}

/** An actor's role does not allow an operation (HTTP 403; exit code 3 on the CLI). */
export class AccessDeniedError extends TailingsiqError {
  constructor(message: string) {
    super('FORBIDDEN', message)
  }
}

/** The API's job queue is full: answered with 503 and `Retry-After: retryAfterSeconds`. */
export class QueueFullError extends TailingsiqError {
  readonly retryAfterSeconds: number

  constructor(capacity: number, retryAfterSeconds: number) {
    super('REFUSED', `The job queue is full (${capacity} jobs); try again in ${retryAfterSeconds} s`)
    this.retryAfterSeconds = retryAfterSeconds
  }
}

/**
 * Something that should never happen did: a bug in the toolkit, not in the caller's input. The only way to
 * raise the `INTERNAL` code (a lint rule forbids `new TailingsiqError('INTERNAL', …)`); the CLI reports it
 * as a bug with exit code 1 and the API as a 500 with a generic message. Check with {@link isInternalError}.
 */
export class InternalError extends TailingsiqError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INTERNAL', message, options)
  }
}

/** True for an error that is a bug of the toolkit: any error with the `INTERNAL` code, whatever its class. */
export function isInternalError(error: unknown): boolean {
  return error instanceof TailingsiqError && error.code === 'INTERNAL'
}

/**
 * Process exit codes of the CLI, documented in the README.
 * `USAGE` covers bad flags and bad config; `REFUSED` a destructive command stopped by a safety rule;
 * `DATABASE` an unreachable or failing database; `PARTIAL` a run where some datasets failed, or a `verify`
 * that found a dataset different from its manifest (or incomplete, or unverifiable); `BUSY` a dataset that
 * another live process is writing (refused before writing anything of it).
 */
export const EXIT_CODES = {
  OK: 0,
  FAILED: 1,
  USAGE: 2,
  REFUSED: 3,
  DATABASE: 4,
  PARTIAL: 5,
  BUSY: 6,
  INTERRUPTED: 130,
} as const
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES]

/**
 * True for an error raised by a database driver or its connection: SQLite's SQLITE_* codes, PostgreSQL's
 * five-character SQLSTATEs, MySQL's ER_* codes, and lost sockets.
 */
export function isDriverError(error: unknown): boolean {
  const e = error as { code?: unknown; name?: unknown }
  if (typeof e !== 'object' || e === null) return false
  if (e.name === 'SqliteError' || e.name === 'DatabaseError') return true
  return (
    typeof e.code === 'string' &&
    /^(SQLITE_|ER_|[0-9A-Z]{5}$|ECONNREFUSED$|ECONNRESET$|ETIMEDOUT$|EPIPE$|PROTOCOL_)/.test(e.code)
  )
}

/** The exit code that a CLI run ending with `error` should return. */
export function exitCodeOf(error: unknown): ExitCode {
  if (!(error instanceof TailingsiqError))
    return isDriverError(error) ? EXIT_CODES.DATABASE : EXIT_CODES.FAILED
  switch (error.code) {
    case 'CONFIG_NOT_FOUND':
    case 'CONFIG_INVALID':
    case 'USER_CODE_THREW':
    case 'USAGE':
    case 'OUTPUT_EXISTS':
    case 'OUTPUT_UNWRITABLE':
    case 'LIMIT_EXCEEDED':
      return EXIT_CODES.USAGE
    case 'NOT_FOUND':
      return EXIT_CODES.USAGE
    case 'REFUSED':
    case 'FORBIDDEN':
      return EXIT_CODES.REFUSED
    case 'DATABASE':
    case 'MIGRATION_FAILED':
      return EXIT_CODES.DATABASE
    case 'SEED_FAILED':
    case 'VERIFY_FAILED':
      return EXIT_CODES.PARTIAL
    case 'INTERRUPTED':
      return EXIT_CODES.INTERRUPTED
    case 'BUSY':
      return EXIT_CODES.BUSY
    case 'GENERATOR_INVALID':
    case 'INTERNAL':
      return EXIT_CODES.FAILED
  }
}
