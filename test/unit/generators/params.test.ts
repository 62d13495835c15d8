import { describe, expect, it } from 'vitest'
import { endAfterStart, parseInterval, parseIsoDate } from '../../../src/generators/params.js'

describe('parseIsoDate', () => {
  it.each([
    ['2024-01-01', Date.UTC(2024, 0, 1)],
    [' 2024-02-29 ', Date.UTC(2024, 1, 29)],
    ['2024-01-01T06:00:00Z', Date.UTC(2024, 0, 1, 6)],
    ['2024-01-01 06:30', Date.UTC(2024, 0, 1, 6, 30)],
    ['2024-01-01T06:00:00.250Z', Date.UTC(2024, 0, 1, 6, 0, 0, 250)],
    ['2024-01-01T06:00:00+02:00', Date.UTC(2024, 0, 1, 4)],
    ['2024-01-01T06:00:00-0130', Date.UTC(2024, 0, 1, 7, 30)],
  ])('reads %j as UTC unless it has an offset', (text, ms) => {
    expect(parseIsoDate(text)).toBe(ms)
  })

  it.each([
    '2024-02-30',
    '2023-02-29',
    '2024-13-01',
    '2024-1-1',
    'yesterday',
    '',
    '2024-01-01T25:00',
    '01/02/2024',
  ])('refuses %j', (text) => {
    expect(parseIsoDate(text)).toBeUndefined()
  })
})

describe('parseInterval', () => {
  it.each([
    ['1m', 60_000],
    ['15min', 900_000],
    ['6h', 21_600_000],
    [' 1d ', 86_400_000],
    ['1 w', 604_800_000],
    ['366d', 366 * 86_400_000],
  ])('reads %j in milliseconds', (text, ms) => {
    expect(parseInterval(text)).toBe(ms)
  })

  it.each(['90s', '0m', '367d', '53w', '1.5h', 'h', '1y', '-1h', ''])('refuses %j', (text) => {
    expect(parseInterval(text)).toBeUndefined()
  })
})

describe('endAfterStart', () => {
  it('holds without an end, and only for an end strictly after the start', () => {
    expect(endAfterStart({ start: '2024-01-01T00:00:00Z' })).toBe(true)
    expect(endAfterStart({ start: '2024-01-01T00:00:00Z', end: '2024-01-01T00:00:00.001Z' })).toBe(true)
    expect(endAfterStart({ start: '2024-01-01T00:00:00Z', end: '2024-01-01T00:00:00Z' })).toBe(false)
    expect(endAfterStart({ start: '2024-06-01T00:00:00Z', end: '2024-01-01T00:00:00Z' })).toBe(false)
  })
})
