import { describe, expect, it } from 'vitest'
import { shouldCountExactly } from '../../../src/dialects/dialect-adapter-base.js'

describe('shouldCountExactly', () => {
  it('counts small tables and tables never analysed, unless they are large on disk', () => {
    expect(shouldCountExactly(null, 8192)).toBe(true)
    expect(shouldCountExactly(0, 40 * 1024 * 1024)).toBe(true)
    expect(shouldCountExactly(999_999, null)).toBe(true)
    expect(shouldCountExactly(null, 2 * 1024 ** 3)).toBe(false)
    expect(shouldCountExactly(5_000_000, 1024 ** 3)).toBe(false)
  })
})
