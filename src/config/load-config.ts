import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { cosmiconfig, type Loader } from 'cosmiconfig'
import { ConfigError, TailingsiqError } from '../errors.js'
import { configSchema, type ValidatedConfig } from './config-schema.js'
import { formatIssues } from './format-issues.js'

const MODULE_NAME = 'tailingsiq'

/** Where the config is looked for, in order, in the working directory and up to the project root. */
export const CONFIG_SEARCH_PLACES = [
  'package.json',
  'tailingsiq.config.ts',
  'tailingsiq.config.mts',
  'tailingsiq.config.js',
  'tailingsiq.config.mjs',
  'tailingsiq.config.cjs',
  'tailingsiq.config.json',
  '.tailingsiqrc.json',
] as const

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Where the search starts. Default is `process.cwd()`. */
  readonly cwd?: string
  /** An explicit config file (`--config`); it must exist. */
  readonly configPath?: string
}

/** The outcome of {@link loadConfig}: the validated config (empty without a file) and where it came from. */
export interface LoadConfigResult {
  readonly config: ValidatedConfig
  readonly filepath?: string
}

// cosmiconfig's own .ts loader needs the TypeScript compiler API, which TypeScript 7 no longer ships;
// jiti transpiles in-process and resolves `tailingsiq-seed` from the config file's own folder. It loads the
// JavaScript configs too: Node's own import of a broken .mjs reports an internal error without a location.
const loadWithJiti: Loader = async (filepath) => {
  const { createJiti } = await import('jiti')
  const jiti = createJiti(import.meta.url, { moduleCache: false })
  try {
    return await jiti.import(filepath, { default: true })
  } catch (error) {
    throw userCodeError(filepath, error)
  }
}

// JSON configs parsed here, so that a syntax error names its line and column.
const loadJson: Loader = (filepath, content) => {
  const text = content.replace(/^\uFEFF/, '')
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message)
    const position = /at position (\d+)/.exec(message)
    const where = lineColumn
      ? `${lineColumn[1]}:${lineColumn[2]}`
      : lineColumnAt(text, position ? Number(position[1]) : text.length)
    const reason = oneLine(message)
      .replace(/\s*\(line \d+ column \d+\)/, '')
      .replace(/\s*(in JSON )?at position \d+.*$/, '')
    throw new TailingsiqError(
      'USER_CODE_THREW',
      `Could not load the config file ${filepath}:${where}: invalid JSON: ${reason}`,
      { cause: error },
    )
  }
}

/** `line:column` (both from 1) of a character index. */
function lineColumnAt(text: string, index: number): string {
  const before = text.slice(0, index).split('\n')
  return `${before.length}:${(before.at(-1)?.length ?? 0) + 1}`
}

/**
 * The error of a config file that failed to load, naming `file:line:column` when the error knows where:
 * jiti's parse errors say `<file>:<line>:<column from 0>`, runtime errors have the file in their stack.
 */
function userCodeError(filepath: string, error: unknown): TailingsiqError {
  const message = error instanceof Error ? error.message : String(error)
  const stack = error instanceof Error ? (error.stack ?? '') : ''
  const escaped = filepath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const found = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(`${message}\n${stack}`)
  const parse = /ParseError/.test(message)
  const where = found ? `:${found[1]}:${Number(found[2]) + (parse ? 1 : 0)}` : ''
  const reason = oneLine(message.replace(/^(Error: )?ParseError: /, 'syntax error: '))
  return new TailingsiqError(
    'USER_CODE_THREW',
    `Could not load the config file ${filepath}${where}: ${reason}`,
    {
      cause: error,
    },
  )
}

/** The first non-empty line of a message, trimmed. */
function oneLine(message: string): string {
  return (
    message
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? message
  )
}

/**
 * Finds, loads and validates the config file: `tailingsiq.config.ts` (or `.mts`, `.js`, `.mjs`, `.cjs`,
 * `.json`, `.tailingsiqrc.json`, or a `tailingsiq` key in package.json), searching from `cwd` up to the
 * project root. Without a file it returns an empty config. Throws a `ConfigError` naming the file, the key
 * path, what was expected and the value found.
 *
 * ### Examples
 * ```ts
 * const { config, filepath } = await loadConfig({ cwd: process.cwd() })
 * ```
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadConfigResult> {
  const cwd = options.cwd ?? process.cwd()
  const explorer = cosmiconfig(MODULE_NAME, {
    searchPlaces: [...CONFIG_SEARCH_PLACES],
    searchStrategy: 'project',
    loaders: {
      '.ts': loadWithJiti,
      '.mts': loadWithJiti,
      '.js': loadWithJiti,
      '.mjs': loadWithJiti,
      '.cjs': loadWithJiti,
      '.json': loadJson,
    },
    cache: false,
  })

  let found: { config: unknown; filepath: string; isEmpty?: boolean } | null
  if (options.configPath !== undefined) {
    const filepath = resolve(cwd, options.configPath)
    if (!existsSync(filepath)) {
      throw new TailingsiqError(
        'CONFIG_NOT_FOUND',
        `Config file ${options.configPath} does not exist (from --config)`,
      )
    }
    found = await runUserCode(filepath, () => explorer.load(filepath))
  } else {
    found = await runUserCode(cwd, () => explorer.search(cwd))
  }
  if (found === null || found.isEmpty === true)
    return found ? { config: {}, filepath: found.filepath } : { config: {} }

  const result = configSchema.safeParse(found.config ?? {}, { reportInput: true })
  if (!result.success) {
    const issues = formatIssues(result.error)
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more: ${issues.slice(1).join('; ')})` : ''
    throw new ConfigError(`Invalid config in ${found.filepath}: ${issues[0]}${more}`, issues)
  }
  return { config: result.data, filepath: found.filepath }
}

async function runUserCode<T>(where: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load()
  } catch (error) {
    if (error instanceof TailingsiqError) throw error
    const reason = error instanceof Error ? oneLine(error.message) : String(error)
    throw new TailingsiqError('USER_CODE_THREW', `Could not load the config file (${where}): ${reason}`, {
      cause: error,
    })
  }
}
