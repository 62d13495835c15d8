import type { Faker } from '@faker-js/faker'
import { UsageError } from '../errors.js'
import { canonicalJson } from '../util/canonical-json.js'
import type { DataType } from './data-types.js'
import { deriveSeed } from './derive-seed.js'
import { createFaker } from './faker.js'
import { generateFacility } from './facility/facility-generator.js'
import type { FacilityContext } from './generator.js'
import { isNaturalCadence } from './params.js'
import { Prng } from './prng.js'
import { getGenerator } from './registry.js'
import { scenarioFacility, scenarioOf } from './scenario.js'

/** What decides how a dataset's records fall to its facilities. */
export interface LayoutSpec {
  readonly type: DataType
  readonly count: number
  readonly facilities: number
  readonly seed: number
  /** Default is `seed`. */
  readonly facilitySeed?: number
  readonly params: unknown
}

/** A half-open range of facility indexes, `[from, to)`. */
export interface FacilityRange {
  readonly from: number
  readonly to: number
}

/** How many records one facility holds and the `record_index` of its first one. */
export interface FacilityShare {
  readonly count: number
  readonly first: number
}

/**
 * How a dataset's records fall to its facilities: the count spread evenly, or, with natural cadence, each
 * facility's own calendar. Facility `i`'s records are `record_index` `share(i).first` on, in facility order.
 */
export interface RecordLayout {
  share(index: number): FacilityShare
  /** The records of facilities `[range.from, range.to)`. */
  countIn(range: FacilityRange): number
}

/** How many records facility `index` holds and the `record_index` of its first one, the count spread evenly. */
export function facilityShare(count: number, facilities: number, index: number): FacilityShare {
  const base = Math.floor(count / facilities)
  const remainder = count % facilities
  return { count: base + (index < remainder ? 1 : 0), first: index * base + Math.min(index, remainder) }
}

/**
 * The facility and freshly seeded random streams that facility `index` of a dataset is generated from;
 * `faker` is reseeded for it (when first used). The one place these are made, so a natural count sees what `generate` sees.
 */
export function facilityContext(
  spec: Omit<LayoutSpec, 'count'>,
  index: number,
  faker: Faker,
): FacilityContext<unknown> {
  const facility = scenarioFacility(
    generateFacility(spec.facilitySeed ?? spec.seed, index, faker),
    scenarioOf(spec.params),
  )
  return {
    seed: spec.seed,
    rng: new Prng(deriveSeed(spec.seed, spec.type, index)),
    faker: seededOnUse(faker, deriveSeed(spec.seed, spec.type, index, 'faker')),
    facility,
    params: spec.params,
  }
}

/**
 * `faker`, seeded with `seed` when a generator first touches it: seeding (a Mersenne Twister initialisation)
 * costs more than most facilities' use of faker, and several generators use none. A facility's generator is
 * done with it before the next facility's context is made.
 */
function seededOnUse(faker: Faker, seed: number): Faker {
  let seeded = false
  return new Proxy(faker, {
    get(target, property) {
      if (!seeded) {
        target.seed(seed)
        seeded = true
      }
      return Reflect.get(target, property, target) as unknown
    },
  })
}

const NATURAL_CACHE = new Map<string, Float64Array>()
const NATURAL_CACHE_SIZE = 16

/**
 * Each facility's record count on its real calendar (prefix sums: entry `i` is the first `record_index` of
 * facility `i`, the last entry the total), or `undefined` when the parameters do not ask for natural cadence
 * or the type has none. Computed once per dataset and kept.
 */
function naturalStarts(spec: Omit<LayoutSpec, 'count'>): Float64Array | undefined {
  const generator = getGenerator(spec.type)
  if (generator.naturalCount === undefined || !isNaturalCadence(spec.params)) return undefined
  const key = `${spec.type}|${spec.seed}|${spec.facilitySeed ?? spec.seed}|${spec.facilities}|${canonicalJson(spec.params)}`
  let starts = NATURAL_CACHE.get(key)
  if (starts === undefined) {
    starts = new Float64Array(spec.facilities + 1)
    const faker = createFaker()
    for (let i = 0; i < spec.facilities; i++) {
      starts[i + 1] = (starts[i] as number) + generator.naturalCount(facilityContext(spec, i, faker))
    }
    if (NATURAL_CACHE.size >= NATURAL_CACHE_SIZE) NATURAL_CACHE.delete(NATURAL_CACHE.keys().next().value!)
    NATURAL_CACHE.set(key, starts)
  }
  return starts
}

/** The records a dataset holds with natural cadence (`cadence: 'natural'`), or `undefined` without it. */
export function naturalCount(spec: Omit<LayoutSpec, 'count'>): number | undefined {
  const starts = naturalStarts(spec)
  return starts === undefined ? undefined : starts[spec.facilities]
}

/**
 * How a dataset's records fall to its facilities (see {@link RecordLayout}). With natural cadence the count
 * must be the natural one (`resolveDatasetSpec` makes it so); a given count drops natural cadence there.
 *
 * ### Examples
 * ```ts
 * const layout = recordLayout({ type: 'document', count: 500, facilities: 5, seed: 42, params })
 * layout.share(2) // { count: 100, first: 200 }
 * ```
 */
export function recordLayout(spec: LayoutSpec): RecordLayout {
  const starts = naturalStarts(spec)
  if (starts === undefined) {
    return {
      share: (index) => facilityShare(spec.count, spec.facilities, index),
      countIn: ({ from, to }) => {
        if (from >= to) return 0
        const last = facilityShare(spec.count, spec.facilities, to - 1)
        return last.first + last.count - facilityShare(spec.count, spec.facilities, from).first
      },
    }
  }
  const total = starts[spec.facilities] as number
  if (total !== spec.count) {
    throw new UsageError(
      `${spec.type} with natural cadence holds ${total} records over ${spec.facilities} facilities, not ${spec.count}; give no count, or drop cadence "natural" to spread ${spec.count} evenly`,
    )
  }
  return {
    share: (index) => ({
      count: (starts[index + 1] as number) - (starts[index] as number),
      first: starts[index] as number,
    }),
    countIn: ({ from, to }) => (from >= to ? 0 : (starts[to] as number) - (starts[from] as number)),
  }
}
