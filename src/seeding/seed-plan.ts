import { createHash } from 'node:crypto'
import type { PlanEntry, StorageMode } from '../config/config-schema.js'
import { UsageError } from '../errors.js'
import { DEFAULTS } from '../config/defaults.js'
import type { Settings } from '../config/settings.js'
import { resolveDatasetSpec, type DatasetSpec } from '../generators/dataset-spec.js'
import { dataTypeIds, type DataType } from '../generators/data-types.js'
import type { Scenario } from '../choices.js'

/** One dataset of a run: what to generate and how to label it. */
export interface DatasetPlan extends DatasetSpec {
  readonly name: string
  readonly description?: string
}

/** The K-th (0-based `index`) of `count` facility partitions of every dataset: what one shard seeds. */
export interface Shard {
  readonly index: number
  readonly count: number
}

/** Everything a run will seed. Datasets of one run share one set of facilities. */
export interface SeedPlan {
  readonly datasets: readonly DatasetPlan[]
  readonly facilitySeed: number
  /** Facilities of the run: the most any dataset uses. */
  readonly facilityCount: number
  readonly storage: StorageMode
  /** Only this shard's facilities. Default: all of them. */
  readonly shard?: Shard
  /**
   * Identifies the run, so the datasets of its shards are created once: each dataset's key derives from it.
   * Without it, every run creates new datasets.
   */
  readonly runKey?: string
  /** Continue unfinished datasets of the same plan (after a crash) instead of creating new ones. */
  readonly resume?: boolean
}

/**
 * Parses `K/N` (1-based K): shard K of N. Throws a `UsageError` naming the flag.
 *
 * ### Examples
 * ```ts
 * parseShard('2/4') // { index: 1, count: 4 }
 * ```
 */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim())
  const k = Number(match?.[1])
  const n = Number(match?.[2])
  if (
    !match ||
    !Number.isSafeInteger(k) ||
    !Number.isSafeInteger(n) ||
    n < 1 ||
    n > 10_000 ||
    k < 1 ||
    k > n
  ) {
    throw new UsageError(`--shard must be K/N with 1 ≤ K ≤ N ≤ 10000, e.g. 2/4, got "${text}"`)
  }
  return { index: k - 1, count: n }
}

/** The facility range `[from, to)` of a shard among `facilities`. */
export function shardRange(shard: Shard | undefined, facilities: number): { from: number; to: number } {
  if (!shard) return { from: 0, to: facilities }
  return {
    from: Math.floor((shard.index * facilities) / shard.count),
    to: Math.floor(((shard.index + 1) * facilities) / shard.count),
  }
}

/**
 * The key of dataset `position` of a plan under `runKey`: a SHA-256 of the run key and everything that
 * determines the dataset's rows, so shards of one run agree on it and different plans never share it.
 */
export function datasetKey(
  runKey: string,
  position: number,
  dataset: DatasetPlan,
  storage: StorageMode,
): string {
  const { type, count, facilities, seed, facilitySeed, params } = dataset
  return createHash('sha256')
    .update(JSON.stringify([runKey, position, type, count, facilities, seed, facilitySeed, params, storage]))
    .digest('hex')
}

/** The plan as flags give it (`run --types … --count …`). */
export interface PlanFlags {
  readonly types?: readonly DataType[]
  /** A number, or `'natural'`: the period decides it (see `COUNT_NATURAL`). */
  readonly count?: number | 'natural'
  readonly name?: string
  /** Scenario preset of every dataset of the plan, over the config's parameters and plan entries. */
  readonly scenario?: Scenario
  /**
   * Start of the period of every dataset of the plan (ISO-8601 or a `Date`), over the config's parameters and
   * plan entries, as {@link scenario} is; with `end`, what `count: 'natural'` spreads each calendar over.
   * Default: the parameters' `start`, else 2024-01-01.
   */
  readonly start?: string | Date
  /** End of the period, inclusive of its day when date-only; over the parameters as `start` is. */
  readonly end?: string | Date
  /**
   * Reading interval of every monitoring dataset of the plan (`15m`, `1h`, `6h`, `1d`, `1w`), over the config's
   * parameters and plan entries as `start` is; other types have none. Default: the parameters' own, else `1h`.
   */
  readonly interval?: string
}

/**
 * Builds the plan of a run: from flags when `--types` or `--count` is given, else the config's `plan`, else
 * the default plan (every type, {@link DEFAULTS.count} records each, which seeds in seconds). Seed and
 * facility count of the run come from the settings; plan entries may set their own. The flags' `scenario`,
 * `start` and `end` apply to every dataset (`interval` to every monitoring one), over the config's parameters
 * and the plan entries' own.
 *
 * ### Examples
 * ```ts
 * const plan = resolvePlan(settings, { types: ['monitoring'], count: 50_000 })
 * ```
 */
export function resolvePlan(settings: Settings, flags: PlanFlags = {}): SeedPlan {
  const fromFlags = flags.types !== undefined || flags.count !== undefined
  const entries: PlanEntry[] =
    !fromFlags && settings.plan
      ? [...settings.plan]
      : (flags.types ?? dataTypeIds()).map((type) => ({ type, count: flags.count ?? DEFAULTS.count }))
  const datasets = entries.map((entry): DatasetPlan => {
    const spec = resolveDatasetSpec({
      type: entry.type,
      count: entry.count,
      defaultCount: DEFAULTS.count,
      facilities: entry.facilities ?? settings.facilities,
      seed: entry.seed ?? settings.seed,
      facilitySeed: settings.seed,
      parameters: [
        settings.parameters[entry.type],
        entry.parameters,
        flags.scenario === undefined ? undefined : { scenario: flags.scenario },
        periodLayer(flags, entry.type),
      ],
      maxRecords: settings.maxRecords,
      maxRecordsHint: '--max-records',
    })
    const label = flags.name ?? entry.name
    const name =
      label === undefined
        ? `${entry.type} · ${spec.count} records · seed ${spec.seed}`
        : entries.length > 1 && flags.name
          ? `${label} · ${entry.type}`
          : label
    return { ...spec, name, ...(entry.description ? { description: entry.description } : {}) }
  })
  return {
    datasets,
    facilitySeed: settings.seed,
    facilityCount: Math.max(...datasets.map((d) => d.facilities)),
    storage: settings.storage,
  }
}

/**
 * The flags' period (and, for monitoring, interval) as a parameter layer of one dataset of `type`; what the
 * flags leave out stays the parameters' own.
 */
function periodLayer(
  flags: PlanFlags,
  type: DataType,
): { start?: string | Date; end?: string | Date; interval?: string } | undefined {
  const interval = type === 'monitoring' ? flags.interval : undefined
  if (flags.start === undefined && flags.end === undefined && interval === undefined) return undefined
  return {
    ...(flags.start === undefined ? {} : { start: flags.start }),
    ...(flags.end === undefined ? {} : { end: flags.end }),
    ...(interval === undefined ? {} : { interval }),
  }
}
