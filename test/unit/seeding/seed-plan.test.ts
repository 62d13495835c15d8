import { describe, expect, it } from 'vitest'
import { UsageError } from '../../../src/errors.js'
import { resolveDatasetSpec } from '../../../src/generators/dataset-spec.js'
import { datasetKey, parseShard, shardRange, type DatasetPlan } from '../../../src/seeding/seed-plan.js'

describe('parseShard', () => {
  it.each([
    ['1/1', { index: 0, count: 1 }],
    ['2/4', { index: 1, count: 4 }],
    [' 4/4 ', { index: 3, count: 4 }],
    ['10000/10000', { index: 9999, count: 10_000 }],
  ])('reads %j as a zero-based index', (text, shard) => {
    expect(parseShard(text)).toEqual(shard)
  })

  it.each(['0/4', '5/4', '1/0', '1/10001', '-1/4', '1.5/4', '2 / 4', '2/', '/4', '2', 'a/b', '', '1/4/8'])(
    'refuses %j with the expected form',
    (text) => {
      expect(() => parseShard(text)).toThrow(UsageError)
      expect(() => parseShard(text)).toThrow(
        `--shard must be K/N with 1 ≤ K ≤ N ≤ 10000, e.g. 2/4, got "${text}"`,
      )
    },
  )
})

describe('shardRange', () => {
  it('is every facility without a shard', () => {
    expect(shardRange(undefined, 7)).toEqual({ from: 0, to: 7 })
  })

  it.each([
    [4, 2],
    [7, 3],
    [5, 5],
    [2, 4],
    [1000, 7],
  ])('splits %i facilities among %i shards into adjacent ranges covering each once', (facilities, count) => {
    const ranges = Array.from({ length: count }, (_, index) => shardRange({ index, count }, facilities))
    expect(ranges[0]!.from).toBe(0)
    expect(ranges.at(-1)!.to).toBe(facilities)
    for (let i = 1; i < count; i++) expect(ranges[i]!.from).toBe(ranges[i - 1]!.to)
    const sizes = ranges.map((r) => r.to - r.from)
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
  })

  it('gives 2/4 of 10 facilities the third and fourth', () => {
    expect(shardRange({ index: 1, count: 4 }, 10)).toEqual({ from: 2, to: 5 })
  })
})

describe('datasetKey', () => {
  const plan = (overrides: { count?: number; seed?: number } = {}): DatasetPlan => ({
    ...resolveDatasetSpec({
      type: 'monitoring',
      count: 100,
      defaultCount: 1,
      facilities: 3,
      seed: 7,
      ...overrides,
    }),
    name: 'nightly',
  })

  it('is the same for the same run, position, rows and storage, whatever the name', () => {
    const key = datasetKey('run-1', 0, plan(), 'both')
    expect(key).toMatch(/^[0-9a-f]{64}$/)
    expect(datasetKey('run-1', 0, { ...plan(), name: 'renamed' }, 'both')).toBe(key)
  })

  it('differs when the run, the position, the rows or the storage differ', () => {
    const key = datasetKey('run-1', 0, plan(), 'both')
    const others = [
      datasetKey('run-2', 0, plan(), 'both'),
      datasetKey('run-1', 1, plan(), 'both'),
      datasetKey('run-1', 0, plan({ count: 101 }), 'both'),
      datasetKey('run-1', 0, plan({ seed: 8 }), 'both'),
      datasetKey('run-1', 0, plan(), 'typed'),
    ]
    expect(new Set([key, ...others]).size).toBe(6)
  })
})
