import { describe, expect, it } from 'vitest'
import { clamp, monthOfEpochDay, round } from '../../../src/util/numbers.js'

describe('round', () => {
  it.each([
    [1.2345, 2, 1.23],
    [1.235, 0, 1],
    [-1.5, 0, -1],
    [2.5, 0, 3],
    [123.456789, 4, 123.4568],
  ])('rounds %d to %i places: %d', (value, digits, expected) => {
    expect(round(value, digits)).toBe(expected)
  })
})

describe('clamp', () => {
  it('limits a value to [min, max] and keeps one inside', () => {
    expect(clamp(-1, 0, 10)).toBe(0)
    expect(clamp(11, 0, 10)).toBe(10)
    expect(clamp(5, 0, 10)).toBe(5)
    expect(clamp(0, 0, 10)).toBe(0)
  })
})

describe('monthOfEpochDay', () => {
  it('agrees with Date for every day from 1900 to 2100', () => {
    const from = Math.floor(Date.UTC(1900, 0, 1) / 86_400_000)
    const to = Math.floor(Date.UTC(2100, 11, 31) / 86_400_000)
    for (let day = from; day <= to; day++) {
      const expected = new Date(day * 86_400_000).getUTCMonth()
      if (monthOfEpochDay(day) !== expected) expect(monthOfEpochDay(day), `day ${day}`).toBe(expected)
    }
  })
})
