import { describe, expect, it } from 'vitest'
import { formatNumber } from '../../../src/formats/number-text.js'
import { TextBuffer } from '../../../src/formats/text-buffer.js'
import { Prng } from '../../../src/generators/prng.js'

describe('formatNumber and TextBuffer.number', () => {
  it('equals String() for 2,000,000 numbers of every size and precision, and the edges', () => {
    const rng = new Prng(21)
    const values = [0, -0, 1, -1, 0.1, 0.2, 0.1 + 0.2, 0.001, -0.001, 0.0005, 0.0001, 1e-7, 5e-324, 2.5, -2.5]
    values.push(999_999_999.999, -999_999_999.999, 1e9, 1e9 - 0.001, 123_456_789.123, 1e21, 2 ** 53, NaN)
    for (let i = 0; i < 2_000_000; i++) {
      const places = i % 6
      let value = (rng.float() - 0.3) * 10 ** rng.int(-4, 12)
      if (places < 5) value = Math.round(value * 10 ** places) / 10 ** places
      values.push(value)
    }
    const wrong = values.filter((v) => formatNumber(v) !== String(v))
    expect(wrong).toEqual([])
    // The encoders write the same digits straight into their bytes, a line each here (the edges and 300,000 more).
    const some = values.slice(0, 300_000)
    const out = new TextBuffer()
    for (const value of some) {
      out.number(value)
      out.byte(0x0a)
    }
    const lines = out.take().toString('latin1').split('\n')
    expect(lines.filter((line, i) => i < some.length && line !== String(some[i]))).toEqual([])
    expect(lines).toHaveLength(some.length + 1)
  })
})
