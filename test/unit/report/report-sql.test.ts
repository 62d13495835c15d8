import { describe, expect, it } from 'vitest'
import { roundSig, timeBucketsOf } from '../../../src/report/report-sql.js'

describe('report helpers', () => {
  it('rounds to 6 significant digits without letting the order of a floating-point sum show', () => {
    expect(roundSig(883.2375 + 1e-13)).toBe(roundSig(883.2375 - 1e-13))
    expect(roundSig(1234567.89)).toBe(1234570)
    expect(roundSig(null)).toBeNull()
    expect(roundSig(Number.NaN)).toBeNull()
  })

  it('cuts a time range into whole buckets a reader can name', () => {
    const day = 86_400_000
    expect(timeBucketsOf({ min: 0, max: 365 * day - 1 }, 1_000)).toEqual({
      from: 0,
      to: 31_535_999,
      width: 43_200,
    })
    expect(timeBucketsOf({ min: 1_000, max: 1_000 }, 1_000)).toEqual({ from: 1, to: 1, width: 1 })
    expect(timeBucketsOf(undefined, 10)).toBeUndefined()
  })
})
