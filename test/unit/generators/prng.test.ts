import { describe, expect, it } from 'vitest'
import { deriveSeed, deriveUuid } from '../../../src/generators/derive-seed.js'
import { Prng } from '../../../src/generators/prng.js'

describe('Prng', () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = new Prng(7)
    const b = new Prng(7)
    const c = new Prng(8)
    const first = Array.from({ length: 5 }, () => a.uint32())
    expect(Array.from({ length: 5 }, () => b.uint32())).toEqual(first)
    expect(Array.from({ length: 5 }, () => c.uint32())).not.toEqual(first)
  })

  it('keeps floats in [0, 1) with a uniform mean', () => {
    const rng = new Prng(1)
    let sum = 0
    let outside = 0
    for (let i = 0; i < 100_000; i++) {
      const x = rng.float()
      if (x < 0 || x >= 1) outside++
      sum += x
    }
    expect(outside).toBe(0)
    expect(sum / 100_000).toBeCloseTo(0.5, 2)
  })

  it('draws normal deviates with mean 0 and standard deviation 1', () => {
    const rng = new Prng(3)
    const n = 200_000
    let sum = 0
    let squares = 0
    for (let i = 0; i < n; i++) {
      const z = rng.normal()
      sum += z
      squares += z * z
    }
    expect(sum / n).toBeCloseTo(0, 1)
    expect(Math.sqrt(squares / n)).toBeCloseTo(1, 1)
  })

  it('pins the stream: a change here changes every generated dataset', () => {
    const rng = new Prng(deriveSeed(42, 'monitoring', 0))
    expect([rng.uint32(), rng.uint32(), rng.uint32()]).toMatchInlineSnapshot(`
      [
        4282715150,
        868933169,
        4050201114,
      ]
    `)
    expect(deriveUuid(42, 'facility', 0)).toMatchInlineSnapshot(`"d16c3176-d45a-4d6c-b760-374e1b22241d"`)
  })
})

describe('deriveSeed', () => {
  it('depends on every part of the path, and on where the parts split', () => {
    const seeds = new Set([
      deriveSeed(42, 'monitoring', 0),
      deriveSeed(42, 'monitoring', 1),
      deriveSeed(43, 'monitoring', 0),
      deriveSeed(42, 'document', 0),
      deriveSeed(42, 'ab', 'c'),
      deriveSeed(42, 'a', 'bc'),
      deriveSeed(2 ** 40, 'monitoring', 0),
      deriveSeed(2 ** 40 + 1, 'monitoring', 0),
    ])
    expect(seeds.size).toBe(8)
  })

  it('makes version-4 shaped UUIDs', () => {
    expect(deriveUuid(1, 'facility', 3)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
  })
})
