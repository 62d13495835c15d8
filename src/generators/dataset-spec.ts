import { TailingsiqError, UsageError } from '../errors.js'
import { MAX_SEED } from './derive-seed.js'
import { resolveParams } from './generate-records.js'
import { withoutCadence } from './params.js'
import { naturalCount } from './record-layout.js'
import { dataTypeIds, isDataType, type DataType } from './data-types.js'
import { getGenerator } from './registry.js'

/**
 * The count that lets the period decide: document, compliance, environmental and financial records on each
 * facility's real calendar (`cadence: 'natural'` in their parameters), monitoring readings from `start` to
 * `end` at `interval`.
 */
export const COUNT_NATURAL = 'natural'

/** Everything that determines a dataset's records: same spec, same records. */
export interface DatasetSpec {
  readonly type: DataType
  readonly count: number
  readonly facilities: number
  readonly seed: number
  /** Seed of the facilities; datasets of one run share it. */
  readonly facilitySeed: number
  /** Validated parameters with defaults filled in. */
  readonly params: unknown
}

/** Input of {@link resolveDatasetSpec}. */
export interface DatasetSpecInput {
  readonly type: string
  /**
   * Default: the count the parameters imply (a monitoring date range, or natural cadence), else
   * `defaultCount`. `'natural'`: the period decides it, each facility holding its real calendar (see
   * {@link COUNT_NATURAL}). A number wins over natural cadence in the parameters, which is then dropped.
   */
  readonly count?: number | typeof COUNT_NATURAL
  readonly defaultCount: number
  readonly facilities: number
  readonly seed: number
  readonly facilitySeed?: number
  /** Parameter layers, lowest precedence first (config defaults, plan entry, flags). */
  readonly parameters?: readonly unknown[]
  /** The largest count allowed. Default is unlimited. */
  readonly maxRecords?: number
  /** How the guard is raised, for the error message. Default is `maxRecords in the config`. */
  readonly maxRecordsHint?: string
}

/**
 * Validates and completes what is needed to generate one dataset, with one-line errors that name the
 * problem and how to fix it.
 *
 * ### Examples
 * ```ts
 * const spec = resolveDatasetSpec({ type: 'monitoring', count: 10_000, defaultCount: 1000, facilities: 5, seed: 42 })
 * ```
 */
export function resolveDatasetSpec(input: DatasetSpecInput): DatasetSpec {
  const { type } = input
  if (!isDataType(type))
    throw new UsageError(`Unknown data type "${type}"; expected one of ${dataTypeIds().join(', ')}`)
  assertWhole('facilities', input.facilities, 1, 10_000)
  assertWhole('seed', input.seed, 0, MAX_SEED)
  if (input.facilitySeed !== undefined) assertWhole('facility seed', input.facilitySeed, 0, MAX_SEED)

  const generator = getGenerator(type)
  const natural = input.count === COUNT_NATURAL
  if (natural && generator.naturalCount === undefined && generator.impliedCount === undefined) {
    throw new UsageError(
      `${type} has no natural cadence (its records are not on a calendar); give a count instead of "natural"`,
    )
  }
  const layers = [...(input.parameters ?? [])]
  if (natural && generator.naturalCount !== undefined) layers.push({ cadence: 'natural' })
  const resolved = resolveParams(type, mergeLayers(layers))
  // A count given as a number wins over natural cadence asked for in the parameters.
  const given = typeof input.count === 'number' ? input.count : undefined
  const params = given === undefined ? resolved : withoutCadence(resolved)
  const facilitySeed = input.facilitySeed ?? input.seed
  const implied =
    generator.impliedCount?.(params, input.facilities) ??
    naturalCount({ type, facilities: input.facilities, seed: input.seed, facilitySeed, params })
  if (natural && implied === undefined) {
    throw new UsageError(`${type} has a natural count only over a closed period; give --end (or end) too`)
  }
  const count = given ?? implied ?? input.defaultCount
  assertWhole(`${type} count`, count, 1, Number.MAX_SAFE_INTEGER)
  if (input.maxRecords !== undefined && count > input.maxRecords) {
    throw new TailingsiqError(
      'LIMIT_EXCEEDED',
      `${type} count ${count} is over the guard of ${input.maxRecords} records; raise it with ${input.maxRecordsHint ?? 'maxRecords in the config'} to allow it`,
    )
  }
  const perFacility = Math.ceil(count / input.facilities)
  const fitted = given === undefined ? params : (generator.fitToCount?.(params, perFacility) ?? params)
  generator.assertCount?.(fitted, perFacility)
  return {
    type,
    count,
    facilities: input.facilities,
    seed: input.seed,
    facilitySeed,
    params: fitted,
  }
}

function assertWhole(what: string, value: number, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${what} must be a whole number from ${min} to ${max}, got ${String(value)}`)
  }
}

/** Deep-merges parameter objects, later layers winning; arrays and dates are replaced, not merged. */
function mergeLayers(layers: readonly unknown[]): Record<string, unknown> {
  let out: Record<string, unknown> = {}
  for (const layer of layers) {
    if (layer === undefined || layer === null) continue
    if (!isPlainObject(layer))
      throw new UsageError(`parameters must be an object, got ${JSON.stringify(layer)}`)
    out = deepMerge(out, layer)
  }
  return out
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base }
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue
    const previous = out[key]
    out[key] = isPlainObject(previous) && isPlainObject(value) ? deepMerge(previous, value) : value
  }
  return out
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
}
