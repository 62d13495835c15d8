export { MAX_SEED } from '../choices.js'

/**
 * Derives a 32-bit sub-seed from a root seed and a path such as `('monitoring', 3)`.
 *
 * Every stream of randomness in a run is seeded this way, so the records of one facility depend only on
 * (seed, type, facility index): adding a data type, a facility or a column elsewhere leaves them unchanged.
 * The hash is plain integer arithmetic (murmur3 mixing), identical on every platform.
 *
 * ### Examples
 * ```ts
 * deriveSeed(42, 'monitoring', 0) === deriveSeed(42, 'monitoring', 0) // true
 * deriveSeed(42, 'monitoring', 0) === deriveSeed(42, 'monitoring', 1) // false
 * ```
 */
export function deriveSeed(rootSeed: number, ...path: readonly (string | number)[]): number {
  let h = mix(0x2f6b_7a1d, rootSeed % 4294967296)
  h = mix(h, Math.floor(rootSeed / 4294967296))
  for (const part of path) {
    const text = typeof part === 'number' ? `#${part}` : part
    for (let i = 0; i < text.length; i++) h = mix(h, text.charCodeAt(i))
    h = mix(h, 0x2f) // separator, so ('ab','c') and ('a','bc') differ
  }
  return finalize(h)
}

function mix(h: number, value: number): number {
  let k = Math.imul(value >>> 0, 0xcc9e2d51)
  k = (k << 15) | (k >>> 17)
  k = Math.imul(k, 0x1b873593)
  h ^= k
  h = (h << 13) | (h >>> 19)
  return (Math.imul(h, 5) + 0xe6546b64) | 0
}

function finalize(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/**
 * A UUID-shaped identifier (version 4 layout) that depends only on the seed and path: four independently
 * derived 32-bit words, so two different (seed, path) pairs collide with negligible probability.
 */
export function deriveUuid(rootSeed: number, ...path: readonly (string | number)[]): string {
  const words = [0, 1, 2, 3].map((lane) => deriveSeed(rootSeed, ...path, `uuid${lane}`))
  const hex = words.map((w) => w.toString(16).padStart(8, '0')).join('')
  const variant = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}
