import type { Faker } from '@faker-js/faker'
import type { z } from 'zod'
import type { Facility } from './facility/facility-generator.js'
import type { Prng } from './prng.js'

export { DATA_TYPES, isDataType, type DataType } from './data-types.js'

/** A generated record in its in-memory form (see {@link ColumnSpec} for the value conventions). */
export type Row = Record<string, unknown>

/** Fields every record of every data type carries. */
export interface RecordBase {
  readonly record_index: number
  readonly facility_id: string
}

/**
 * Everything a generator needs to produce the records of one facility. The random streams are seeded from
 * (seed, type, facility index) alone, which is what makes facility partitions independent.
 */
export interface Partition<TParams> {
  /** The dataset's root seed. */
  readonly seed: number
  /** Seeded for this (seed, type, facility); the source of every number. */
  readonly rng: Prng
  /** Seeded for this (seed, type, facility); use for text pools only, never per record in a hot loop. */
  readonly faker: Faker
  readonly facility: Facility
  /** How many records to yield, exactly. */
  readonly count: number
  /** The `record_index` of the first record; the rest follow one by one. */
  readonly firstRecordIndex: number
  readonly params: TParams
}

/** What {@link DataGenerator.naturalCount} gets: one facility's partition before its count is known. */
export type FacilityContext<TParams> = Omit<Partition<TParams>, 'count' | 'firstRecordIndex'>

/**
 * A data type's generator: validates its own parameters and yields the records of one facility lazily. The
 * records' shape is its definition's `columns` (see `DataTypeDefinition`).
 *
 * ### Examples
 * ```ts
 * const generator = getGenerator('monitoring')
 * const params = generator.paramsSchema.parse({ interval: '1d' })
 * ```
 */
export interface DataGenerator<TRow extends RecordBase = RecordBase, TParams = unknown> {
  /** Raised whenever the same seed and parameters would produce different records. */
  readonly version: number
  readonly description: string
  /** Validates the `parameters` of a plan entry or the generate flags, filling in defaults. */
  readonly paramsSchema: z.ZodType<TParams>
  /** The record count the parameters imply when none is given, e.g. a monitoring date range. */
  impliedCount?(params: TParams, facilities: number): number | undefined
  /**
   * The parameters adjusted to a given count, e.g. a monitoring interval widened so `perFacility` readings
   * span the date range. Default: unchanged.
   */
  fitToCount?(params: TParams, perFacility: number): TParams
  /**
   * The records this facility holds on its real calendar of the period, when the parameters ask for natural
   * cadence (`cadence: 'natural'`, from `--count natural`); only called then. Gets the random streams `generate`
   * gets, freshly seeded, so that `generate` with this count yields exactly the calendar. The dataset's count
   * is the sum over its facilities (see `recordLayout`).
   */
  naturalCount?(context: FacilityContext<TParams>): number
  /** Throws a `UsageError` when a facility cannot hold `perFacility` records under these parameters. */
  assertCount?(params: TParams, perFacility: number): void
  /** Yields exactly `partition.count` records of one facility, in `record_index` order. */
  generate(partition: Partition<TParams>): Iterable<TRow>
}
