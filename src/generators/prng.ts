/**
 * A small, fast, seeded pseudo-random number generator (sfc32, from PractRand) with the distributions the
 * generators need. Integer arithmetic only for the state, so the stream is identical on every machine.
 *
 * Faker is far slower than this and is kept for text; every number a generator makes comes from here.
 *
 * ### Examples
 * ```ts
 * const rng = new Prng(deriveSeed(42, 'monitoring', 0))
 * const rainfall = rng.chance(0.3) ? rng.exponential(4) : 0
 * ```
 */
export class Prng {
  // Int32Array state: plain number fields would box values outside the small-integer range on every write.
  readonly #state = new Int32Array(4)
  #spareNormal = Number.NaN

  constructor(seed: number) {
    // splitmix32 spreads a 32-bit seed over the 128-bit state; a dozen rounds decorrelate close seeds.
    let s = seed >>> 0
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
      return (z ^ (z >>> 16)) >>> 0
    }
    const state = this.#state
    for (let i = 0; i < 4; i++) state[i] = next()
    for (let i = 0; i < 12; i++) this.uint32()
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    const s = this.#state
    const a = s[0] as number
    const b = s[1] as number
    const c = s[2] as number
    const d = s[3] as number
    const t = (((a + b) | 0) + d) | 0
    s[3] = d + 1
    s[0] = b ^ (b >>> 9)
    s[1] = c + (c << 3)
    s[2] = ((c << 21) | (c >>> 11)) + t
    return t >>> 0
  }

  /** A uniform float in [0, 1). */
  float(): number {
    return this.uint32() / 4294967296
  }

  /** A uniform float in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.float()
  }

  /** A uniform integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1))
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)] as T
  }

  /**
   * A standard normal deviate, read from a 4096-step inverse-CDF table with linear interpolation: one
   * draw and no transcendental call, about five times faster than the polar method. Tails are cut at
   * about ±3.9σ, which suits measurement noise; use {@link exactNormal} where the far tail matters.
   */
  normal(): number {
    const u = this.uint32()
    const i = u >>> 20
    const frac = (u & 0xfffff) / 0x100000
    const lo = NORMAL_TABLE[i] as number
    return lo + ((NORMAL_TABLE[i + 1] as number) - lo) * frac
  }

  /** A standard normal deviate by the Marsaglia polar method (exact tails, slower). */
  exactNormal(): number {
    const spare = this.#spareNormal
    if (spare === spare) {
      this.#spareNormal = Number.NaN
      return spare
    }
    let u: number
    let v: number
    let s: number
    do {
      u = this.float() * 2 - 1
      v = this.float() * 2 - 1
      s = u * u + v * v
    } while (s >= 1 || s === 0)
    const f = Math.sqrt((-2 * Math.log(s)) / s)
    this.#spareNormal = v * f
    return u * f
  }

  /** A normal deviate with the given mean and standard deviation. */
  gaussian(mean: number, sd: number): number {
    return mean + sd * this.normal()
  }

  /** A log-normal deviate given its median and the standard deviation of its logarithm. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal())
  }

  /** A log-normal deviate whose P10..P90 band is roughly [low, high]. */
  logNormalBetween(low: number, high: number): number {
    const median = Math.sqrt(low * high)
    const sigma = Math.log(high / low) / (2 * 1.2816)
    return this.logNormal(median, sigma)
  }

  /** An exponential deviate with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.float())
  }

  /** Picks a key of `weights` with probability proportional to its weight. */
  weighted<K extends string>(table: WeightedTable<K>): K {
    let x = this.float() * table.total
    const { keys, weights } = table
    for (let i = 0; i < keys.length - 1; i++) {
      x -= weights[i] as number
      if (x < 0) return keys[i] as K
    }
    return keys[keys.length - 1] as K
  }
}

/** A precomputed table for {@link Prng.weighted}; build it once with {@link weightedTable}. */
export interface WeightedTable<K extends string> {
  readonly keys: readonly K[]
  readonly weights: readonly number[]
  readonly total: number
}

/**
 * Builds a {@link WeightedTable} from `{ key: weight }`. Key order is the object's insertion order, which is
 * part of the output contract: reordering keys changes generated data.
 */
export function weightedTable<K extends string>(weights: Readonly<Record<K, number>>): WeightedTable<K> {
  const keys = Object.keys(weights) as K[]
  const values = keys.map((k) => weights[k])
  return { keys, weights: values, total: values.reduce((a, b) => a + b, 0) }
}

/**
 * Inverse normal CDF by Acklam's rational approximation (relative error below 1.2e-9), used once to fill
 * the table behind {@link Prng.normal}.
 */
function inverseNormalCdf(p: number): number {
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
    2.506628277459239,
  ]
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
    -1.328068155288572e1,
  ]
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ]
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416]
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number]
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number]
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number]
  const [d0, d1, d2, d3] = d as [number, number, number, number]
  const low = 0.02425
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p))
    return (
      (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) /
      ((((d0 * q + d1) * q + d2) * q + d3) * q + 1)
    )
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p))
    return (
      -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) /
      ((((d0 * q + d1) * q + d2) * q + d3) * q + 1)
    )
  }
  const q = p - 0.5
  const r = q * q
  return (
    ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  )
}

const NORMAL_TABLE = Float64Array.from({ length: 4097 }, (_, i) => inverseNormalCdf((i + 0.5) / 4097))
