import type { PlanEntry, StorageMode } from '../config/config-schema.js'
import { DEFAULTS } from '../config/defaults.js'
import type { Settings } from '../config/settings.js'
import { resolveDatasetSpec, type DatasetSpec } from '../generators/dataset-spec.js'
import { DATA_TYPES, type DataType } from '../generators/generator.js'

/** One dataset of a run: what to generate and how to label it. */
export interface DatasetPlan extends DatasetSpec {
  readonly name: string
  readonly description?: string
}

/** Everything a run will seed. Datasets of one run share one set of facilities. */
export interface SeedPlan {
  readonly datasets: readonly DatasetPlan[]
  readonly facilitySeed: number
  /** Facilities of the run: the most any dataset uses. */
  readonly facilityCount: number
  readonly storage: StorageMode
}

/** The plan as flags give it (`run --types … --count …`). */
export interface PlanFlags {
  readonly types?: readonly DataType[]
  readonly count?: number
  readonly name?: string
}

/**
 * Builds the plan of a run: from flags when `--types` or `--count` is given, else the config's `plan`, else
 * the default plan (every type, {@link DEFAULTS.count} records each, which seeds in seconds). Seed and
 * facility count of the run come from the settings; plan entries may set their own.
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
      : (flags.types ?? DATA_TYPES).map((type) => ({ type, count: flags.count ?? DEFAULTS.count }))
  const datasets = entries.map((entry): DatasetPlan => {
    const spec = resolveDatasetSpec({
      type: entry.type,
      count: entry.count,
      defaultCount: DEFAULTS.count,
      facilities: entry.facilities ?? settings.facilities,
      seed: entry.seed ?? settings.seed,
      facilitySeed: settings.seed,
      parameters: [settings.parameters[entry.type], entry.parameters],
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
