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
// jiti transpiles in-process and resolves `tailingsiq-seed` from the config file's own folder.
const loadWithJiti: Loader = async (filepath) => {
  const { createJiti } = await import('jiti')
  const jiti = createJiti(import.meta.url, { moduleCache: false })
  try {
    return await jiti.import(filepath, { default: true })
  } catch (error) {
    const reason = error instanceof Error ? oneLine(error.message) : String(error)
    throw new TailingsiqError('USER_CODE_THREW', `Could not load the config file ${filepath}: ${reason}`, {
      cause: error,
    })
  }
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
    loaders: { '.ts': loadWithJiti, '.mts': loadWithJiti },
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
