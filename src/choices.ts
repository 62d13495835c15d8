/**
 * The closed sets of values users choose from (CLI flags, config, API), each defined once here. This module
 * imports nothing, so the CLI can validate and list them without loading the code behind them; the modules
 * that act on them re-export them. The data types are in `generators/data-types.ts`.
 */

/** The largest seed accepted anywhere: seeds are non-negative safe integers. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER

/** Lifecycle of a dataset: created `pending`, `generating` while it fills, then `completed` or `failed`. */
export const DATASET_STATUSES = ['pending', 'generating', 'completed', 'failed'] as const
export type DatasetStatus = (typeof DATASET_STATUSES)[number]

/**
 * Where `run` stores records: the typed tables (`typed`, the default), the generic JSON records table, or both.
 */
export const STORAGE_MODES = ['both', 'generic', 'typed'] as const
export type StorageMode = (typeof STORAGE_MODES)[number]

/** How rows reach the database: each engine's bulk path, or portable multi-row INSERTs. */
export const WRITERS = ['bulk', 'insert'] as const
export type Writer = (typeof WRITERS)[number]

/** Which table an export reads: the typed table, or the generic JSON records. */
export const EXPORT_SOURCES = ['typed', 'records'] as const
export type ExportSource = (typeof EXPORT_SOURCES)[number]

/** The file formats of `generate` and `export`. */
export const FILE_FORMATS = ['json', 'ndjson', 'csv'] as const
export type FileFormat = (typeof FILE_FORMATS)[number]

/**
 * Scenario presets: `baseline` (the default, today's data) and the situations a tailings dashboard must show.
 * What each one does to the data is in the README, "Scenario presets".
 */
export const SCENARIOS = [
  'baseline',
  'extreme-storm',
  'progressive-failure',
  'drought',
  'closure',
  'non-compliant-operator',
] as const
export type Scenario = (typeof SCENARIOS)[number]
