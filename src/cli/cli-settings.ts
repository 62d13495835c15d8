import type { Settings, SettingsOverrides } from '../config/settings.js'
import { parseSeedFlag, parseStringFlag, parseWholeFlag } from './parse-flags.js'

/** The global flags every command accepts. */
export interface GlobalArgs {
  readonly config?: string
  readonly seed?: unknown
  readonly facilities?: unknown
  readonly 'max-records'?: unknown
  readonly 'output-dir'?: unknown
}

/** Loads the config file and the environment, and lays the command's flags over them. */
export async function loadCliSettings(args: GlobalArgs, extra: SettingsOverrides = {}): Promise<Settings> {
  const configPath = parseStringFlag('config', args.config)
  // Loaded here, not at the top, so that `--help` never loads the config schema (zod) or the generators.
  const { loadConfig } = await import('../config/load-config.js')
  const { readEnvironment, resolveSettings } = await import('../config/settings.js')
  const { config, filepath } = await loadConfig(configPath === undefined ? {} : { configPath })
  const flags: { -readonly [K in keyof SettingsOverrides]: SettingsOverrides[K] } = { ...extra }
  const seed = parseSeedFlag(args.seed)
  if (seed !== undefined) flags.seed = seed
  const facilities = parseWholeFlag('facilities', args.facilities, 1, 10_000)
  if (facilities !== undefined) flags.facilities = facilities
  const maxRecords = parseWholeFlag('max-records', args['max-records'], 1, Number.MAX_SAFE_INTEGER)
  if (maxRecords !== undefined) flags.maxRecords = maxRecords
  const outputDir = parseStringFlag('output-dir', args['output-dir'])
  if (outputDir !== undefined) flags.outputDir = outputDir
  return resolveSettings({
    config,
    ...(filepath ? { configPath: filepath } : {}),
    env: readEnvironment(),
    flags,
  })
}
