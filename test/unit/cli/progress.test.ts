import { describe, expect, it } from 'vitest'
import { formatCompact, formatEta, formatProgressLine } from '../../../src/cli/progress.js'
import type { SeedProgress } from '../../../src/seeding/seed-runner.js'

const event = (over: Partial<SeedProgress> = {}): SeedProgress => ({
  datasetId: 12,
  type: 'environmental',
  name: 'environmental · 1000000 records · seed 42',
  written: 400_000,
  streamed: 437_512,
  total: 1_000_000,
  seconds: 7.1,
  ...over,
})

describe('formatProgressLine', () => {
  it.each([80, 100, 120])('fits %i columns with the name, bar, rows/s and ETA', (width) => {
    const line = formatProgressLine(event(), width)
    expect(line.length).toBeLessThan(width)
    expect(line).toMatch(/^#12 environmental \[█+░+\] {2}43% 437\.5k\/1\.000M 61,621\/s ETA 0:09 +$/)
  })

  it('keeps the same width as the numbers change', () => {
    const widths = [0, 7, 64, 99_999, 100_000, 437_512, 999_999, 1_000_000].map(
      (streamed) =>
        formatProgressLine(event({ streamed, written: streamed, seconds: 3 + streamed }), 80).length,
    )
    expect(new Set(widths).size).toBe(1)
  })

  it('drops the name, then the bar, before the rate', () => {
    const narrow = formatProgressLine(event(), 60)
    expect(narrow.length).toBeLessThan(60)
    expect(narrow).not.toContain('environmental')
    expect(narrow).toMatch(/^\[█+░+\] {2}43% .* 61,621\/s ETA 0:09/)
    const tiny = formatProgressLine(event(), 44)
    expect(tiny.length).toBeLessThan(44)
    expect(tiny).toMatch(/^ 43% 437\.5k\/1\.000M 61,621\/s ETA 0:09 *$/)
  })

  it('says done once everything is committed, and never shows more than the total', () => {
    const line = formatProgressLine(event({ written: 1_000_000, streamed: 1_000_000, seconds: 20 }), 80)
    expect(line).toMatch(/100% 1\.000M\/1\.000M 50,000\/s done +$/)
  })
})

describe('formatCompact and formatEta', () => {
  it('writes counts in at most six characters', () => {
    expect(
      [999, 12_345, 99_999, 100_000, 999_949, 999_999, 12_345_678, 2_000_000_000].map(formatCompact),
    ).toEqual(['999', '12,345', '99,999', '100.0k', '999.9k', '1000k', '12.35M', '2.000G'])
  })

  it('writes durations as m:ss or h:mm:ss', () => {
    expect([0, 9.4, 61, 3599, 3600, 36_061, 360_000].map(formatEta)).toEqual([
      '0:00',
      '0:09',
      '1:01',
      '59:59',
      '1:00:00',
      '10:01:01',
      '>99h',
    ])
    expect(formatEta(undefined)).toBe('--:--')
  })
})
