import { existsSync } from 'node:fs'
import { basename, dirname, extname, join, resolve } from 'node:path'
import { UsageError } from '../errors.js'
import type { DialectName } from './dialect.js'

/** The embedded default database: a SQLite file in the working directory. */
export const DEFAULT_SQLITE_FILE = './tailingsiq.sqlite'

/** A parsed database URL. `display` is safe to print: it never contains the password. */
export type ConnectionTarget =
  | {
      readonly dialect: 'pg' | 'mysql'
      readonly host: string
      readonly port: number
      readonly user?: string
      readonly password?: string
      readonly database: string
      /** Query parameters of the URL, e.g. `sslmode`. */
      readonly options: Readonly<Record<string, string>>
      readonly display: string
    }
  | {
      readonly dialect: 'sqlite'
      /** Absolute path, or `:memory:`. */
      readonly filename: string
      readonly display: string
    }

/** Where a connection URL came from, for error messages. */
export type ConnectionSource =
  '--db' | 'TAILINGSIQ_DATABASE_URL' | 'DATABASE_URL' | 'config connection' | 'default'

/**
 * Picks the connection URL: `--db`, else `TAILINGSIQ_DATABASE_URL`, else `DATABASE_URL`, else the config's
 * `connection`, else the embedded SQLite file `./tailingsiq.sqlite`.
 */
export function pickConnection(options: { flag?: string; env?: NodeJS.ProcessEnv; config?: string }): {
  url: string
  source: ConnectionSource
} {
  const env = options.env ?? process.env
  const nonEmpty = (v: string | undefined) => (v !== undefined && v.trim() !== '' ? v.trim() : undefined)
  const flag = nonEmpty(options.flag)
  if (flag) return { url: flag, source: '--db' }
  const own = nonEmpty(env['TAILINGSIQ_DATABASE_URL'])
  if (own) return { url: own, source: 'TAILINGSIQ_DATABASE_URL' }
  const generic = nonEmpty(env['DATABASE_URL'])
  if (generic) return { url: generic, source: 'DATABASE_URL' }
  const config = nonEmpty(options.config)
  if (config) return { url: config, source: 'config connection' }
  return { url: DEFAULT_SQLITE_FILE, source: 'default' }
}

const DEFAULT_PORTS: Readonly<Record<'pg' | 'mysql', number>> = { pg: 5432, mysql: 3306 }

/** File name endings of a SQLite database the toolkit may create; an existing file of any name is opened. */
export const SQLITE_EXTENSIONS: readonly string[] = ['.sqlite', '.sqlite3', '.db']

/**
 * Parses `postgres://` / `postgresql://`, `mysql://` / `mariadb://`, `sqlite:<path>`, `sqlite::memory:` or a
 * plain path ending `.sqlite`, `.sqlite3` or `.db`. Throws a `UsageError` that names the source and shows the
 * URL without its password. A `sqlite:` path must end in one of {@link SQLITE_EXTENSIONS} unless the file
 * exists, so that a typo (`sqlite:dev.sqlit`) is not silently created as a new, empty database.
 *
 * ### Examples
 * ```ts
 * parseConnectionUrl('postgres://app:secret@db:5432/dev').display // 'postgres://app:***@db:5432/dev'
 * parseConnectionUrl('sqlite::memory:').dialect                     // 'sqlite'
 * ```
 */
export function parseConnectionUrl(
  url: string,
  source: ConnectionSource = '--db',
  cwd = process.cwd(),
): ConnectionTarget {
  const text = url.trim()
  if (text === 'sqlite::memory:' || text === ':memory:')
    return { dialect: 'sqlite', filename: ':memory:', display: 'sqlite::memory:' }
  if (text.startsWith('sqlite:')) {
    const path = text.replace(/^sqlite:(\/\/)?/, '')
    if (path === '') throw new UsageError(`${source}: "sqlite:" needs a file path, e.g. sqlite:./dev.sqlite`)
    const filename = resolve(cwd, path)
    assertSqliteName(filename, source)
    return { dialect: 'sqlite', filename, display: `sqlite:${filename}` }
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    if (/\.(sqlite3?|db)$/i.test(text)) {
      const filename = resolve(cwd, text)
      return { dialect: 'sqlite', filename, display: `sqlite:${filename}` }
    }
    throw new UsageError(
      `${source}: "${redact(text)}" is not a database URL; use postgres://, mysql://, sqlite:<path> or a path ending .sqlite or .db`,
    )
  }
  let parsed: URL
  try {
    parsed = new URL(text)
  } catch {
    throw new UsageError(`${source}: "${redact(text)}" is not a valid URL`)
  }
  const scheme = parsed.protocol.slice(0, -1).toLowerCase()
  const dialect: Exclude<DialectName, 'sqlite'> | undefined =
    scheme === 'postgres' || scheme === 'postgresql'
      ? 'pg'
      : scheme === 'mysql' || scheme === 'mariadb'
        ? 'mysql'
        : undefined
  if (dialect === undefined) {
    throw new UsageError(
      `${source}: unsupported database "${scheme}://"; use postgres://, mysql://, or sqlite:<path>`,
    )
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''))
  if (database === '' || database.includes('/')) {
    throw new UsageError(
      `${source}: "${redact(text)}" names no database; add it to the path, e.g. ${scheme}://host/dev`,
    )
  }
  const port = parsed.port === '' ? DEFAULT_PORTS[dialect] : Number(parsed.port)
  const options: Record<string, string> = {}
  parsed.searchParams.forEach((value, key) => (options[key] = value))
  const safe = new URL(text)
  if (safe.password !== '') safe.password = '***'
  return {
    dialect,
    host: parsed.hostname.replace(/^\[|\]$/g, '') || 'localhost',
    port,
    ...(parsed.username ? { user: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    database,
    options,
    display: safe.toString(),
  }
}

function assertSqliteName(filename: string, source: ConnectionSource): void {
  const extension = extname(filename).toLowerCase()
  if (SQLITE_EXTENSIONS.includes(extension) || existsSync(filename)) return
  const stem = extension === '' ? basename(filename) : basename(filename).slice(0, -extension.length)
  throw new UsageError(
    `${source}: no SQLite file ${filename}, and a new one must end in ${SQLITE_EXTENSIONS.join(', ')}; did you mean sqlite:${join(dirname(filename), `${stem}.sqlite`)}?`,
  )
}

/**
 * A URL-ish text with its password replaced by `***`: everything between `://` (or the start) and the last
 * `@`, after the user name, since a password typed without percent-encoding may itself contain `@`, `:` or `/`.
 *
 * ### Examples
 * ```ts
 * redact('postgres://u:S3cret@PART2@[bad/db') // 'postgres://u:***@[bad/db'
 * ```
 */
export function redact(text: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0] ?? ''
  const rest = text.slice(scheme.length)
  const at = rest.lastIndexOf('@')
  if (at < 0) return text
  const user = /^[^:@]*/.exec(rest)?.[0] ?? ''
  if (user.length === at) return text
  return `${scheme}${user}:***${rest.slice(at)}`
}

/**
 * A message with the URLs in it redacted (see {@link redact}). A password may hold spaces, so everything
 * from a `scheme://` to the last `@` of its line counts as the URL's user and password.
 */
export function redactUrls(message: string): string {
  return message.replace(/[a-z][a-z0-9+.-]*:\/\/[^\n]*@\S*/gi, (url) => redact(url))
}
