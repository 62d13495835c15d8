import { describe, expect, it } from 'vitest'
import { formatIsoTimestamp, parseIsoTimestamp } from '../../../src/formats/iso-time.js'
import { Prng } from '../../../src/generators/prng.js'

describe('parseIsoTimestamp', () => {
  it('equals Date.parse for ISO text with Z, and for MySQL text read as UTC; NaN for any other text', () => {
    const rng = new Prng(7)
    const wrong: string[] = []
    for (let i = 0; i < 50_000; i++) {
      // Series within a day and jumps across years, before 1970 and after 2038.
      const ms = i % 2 === 0 ? Date.UTC(2024, 0, 1) + i * 61_001 : rng.int(-2e12, 7e12)
      const iso = formatIsoTimestamp(ms)
      const mysql = iso.replace('T', ' ').slice(0, 23)
      if (parseIsoTimestamp(iso, false) !== Date.parse(iso)) wrong.push(iso)
      if (parseIsoTimestamp(mysql, true) !== Date.parse(`${mysql.replace(' ', 'T')}Z`)) wrong.push(mysql)
    }
    expect(wrong).toEqual([])
    for (const text of [
      '2024-01-01T00:00:00.000', // no zone: Date.parse reads local time
      '2024-01-01 00:00:00.000Z',
      '2024-01-01T24:00:00.000Z',
      '2024-01-01T10:60:00.000Z',
      '2024-13-01T00:00:00.000Z',
      '2024-02-30T00:00:00.000Z',
      '2024-01-01T00:00:00.00xZ',
      '+02024-01-01T00:00:00.000Z',
      '2024-01-01T00:00:00+01:00',
    ]) {
      const parsed = parseIsoTimestamp(text, false)
      // Either refused (the caller falls back to Date.parse) or the same value.
      if (!Number.isNaN(parsed)) expect(parsed, text).toBe(Date.parse(text))
    }
    expect(parseIsoTimestamp('2024-01-01T00:00:00.000', false)).toBeNaN()
    expect(parseIsoTimestamp('2024-01-01T24:00:00.000Z', false)).toBeNaN()
  })
})
