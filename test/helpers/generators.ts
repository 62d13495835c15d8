import { deriveSeed } from '../../src/generators/derive-seed.js'
import { createFaker } from '../../src/generators/faker.js'
import { generateFacility, type Facility } from '../../src/generators/facility/facility-generator.js'
import type { DataType, Row } from '../../src/generators/generator.js'
import { Prng } from '../../src/generators/prng.js'
import { getGenerator } from '../../src/generators/registry.js'

/** The records of one facility partition, the way `generateRecords` builds it. */
export function partitionRows<T = Row>(
  type: DataType,
  options: {
    seed?: number
    facilityIndex?: number
    count: number
    params?: unknown
    firstRecordIndex?: number
  },
): { facility: Facility; rows: T[] } {
  const seed = options.seed ?? 42
  const index = options.facilityIndex ?? 0
  const faker = createFaker()
  const facility = generateFacility(seed, index, faker)
  faker.seed(deriveSeed(seed, type, index, 'faker'))
  const generator = getGenerator(type)
  const params = generator.paramsSchema.parse(options.params ?? {})
  const rows = Array.from(
    generator.generate({
      seed,
      rng: new Prng(deriveSeed(seed, type, index)),
      faker,
      facility,
      count: options.count,
      firstRecordIndex: options.firstRecordIndex ?? 0,
      params,
    }),
  ) as T[]
  return { facility, rows }
}

/** Pearson correlation of two equally long series. */
export function correlation(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length
  const mx = xs.reduce((a, b) => a + b, 0) / n
  const my = ys.reduce((a, b) => a + b, 0) / n
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx
    const dy = (ys[i] as number) - my
    sxy += dx * dy
    sxx += dx * dx
    syy += dy * dy
  }
  return sxy / Math.sqrt(sxx * syy)
}
