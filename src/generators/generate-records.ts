import type { Faker } from '@faker-js/faker'
import { UsageError } from '../errors.js'
import { createFaker } from './faker.js'
import { generateFacility, type Facility } from './facility/facility-generator.js'
import type { DataType, Row } from './generator.js'
import { facilityContext, recordLayout, type FacilityRange } from './record-layout.js'
import { getGenerator } from './registry.js'

export { facilityShare, type FacilityRange } from './record-layout.js'

/** What to generate: a data type, how many records over how many facilities, and from which seed. */
export interface GenerateOptions {
  readonly type: DataType
  /**
   * Total records of the type, spread as evenly as possible over the facilities; with natural cadence in the
   * parameters, the natural count (see `recordLayout`).
   */
  readonly count: number
  readonly facilities: number
  readonly seed: number
  /** Seed of the facilities the records belong to. Default is `seed`. */
  readonly facilitySeed?: number
  /** The type's parameters, already validated by its `paramsSchema` (see {@link resolveParams}). */
  readonly params: unknown
  /** Only facilities `from` (inclusive) to `to` (exclusive). Default is all of them. */
  readonly facilityRange?: FacilityRange
}

/**
 * Validates a data type's parameters and fills in defaults; throws a `UsageError` naming the parameter.
 *
 * ### Examples
 * ```ts
 * const params = resolveParams('monitoring', { interval: '1d', start: '2023-01-01' })
 * ```
 */
export function resolveParams(type: DataType, input: unknown): unknown {
  const result = getGenerator(type).paramsSchema.safeParse(input ?? {}, { reportInput: true })
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const path = issue?.path.join('.') ?? ''
  const value = issue && 'input' in issue ? issueInput(issue.input, issue.path.at(-1)) : undefined
  const got = value === undefined ? '' : ` (got ${JSON.stringify(value)})`
  throw new UsageError(
    `Invalid ${type} parameter${path ? ` "${path}"` : ''}: ${issue?.message ?? 'invalid'}${got}`,
  )
}

/**
 * What an issue got: a rule over a whole object (`end must be after start`) reports the field its path names,
 * not every parameter.
 */
function issueInput(input: unknown, key: PropertyKey | undefined): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input) || input instanceof Date)
    return input
  return typeof key === 'string' && key in input ? (input as Record<string, unknown>)[key] : undefined
}

/** The facilities `range` of the run seeded with `seed`, one at a time. */
export function* generateFacilities(
  seed: number,
  range: FacilityRange,
  faker: Faker = createFaker(),
): Generator<Facility> {
  for (let i = range.from; i < range.to; i++) yield generateFacility(seed, i, faker)
}

/**
 * Yields the records of one data type, facility by facility, lazily: memory does not grow with `count`.
 * Each facility's records come from streams seeded by (seed, type, facility index), so any facility range
 * yields exactly the records that range holds in the full run.
 *
 * ### Examples
 * ```ts
 * const params = resolveParams('monitoring', {})
 * for (const row of generateRecords({ type: 'monitoring', count: 100, facilities: 2, seed: 42, params })) {
 *   console.log(row.record_index)
 * }
 * ```
 */
export function* generateRecords(options: GenerateOptions): Generator<Row> {
  const { count, facilities } = options
  if (!Number.isSafeInteger(count) || count < 0)
    throw new UsageError(`count must be a whole number ≥ 0, got ${count}`)
  if (!Number.isSafeInteger(facilities) || facilities < 1) {
    throw new UsageError(`facilities must be a whole number ≥ 1, got ${facilities}`)
  }
  const generator = getGenerator(options.type)
  const range = options.facilityRange ?? { from: 0, to: facilities }
  if (range.from < 0 || range.to > facilities || range.from > range.to) {
    throw new UsageError(`facility range ${range.from}..${range.to} is outside 0..${facilities}`)
  }
  const layout = recordLayout(options)
  generator.assertCount?.(options.params, layout.share(0).count)
  const faker = createFaker()
  for (let i = range.from; i < range.to; i++) {
    const share = layout.share(i)
    if (share.count === 0) continue
    yield* generator.generate({
      ...facilityContext(options, i, faker),
      count: share.count,
      firstRecordIndex: share.first,
    }) as Iterable<Row>
  }
}

/**
 * The records of `options` (its facility range) from record index `from` on, as an uninterrupted run yields them:
 * facilities wholly before `from` are not even generated. What a resumed dataset writes.
 */
export function* generateRecordsFrom(
  options: GenerateOptions & { readonly facilityRange: FacilityRange },
  from: number,
): Generator<Row> {
  const layout = recordLayout(options)
  const range = options.facilityRange
  let first = range.from
  while (first < range.to) {
    const share = layout.share(first)
    if (share.first + share.count > from) break
    first++
  }
  for (const row of generateRecords({ ...options, facilityRange: { from: first, to: range.to } })) {
    if ((row['record_index'] as number) >= from) yield row
  }
}
