import { describe, expect, it } from 'vitest'
import {
  describeWholeRange,
  parseCountFlag,
  parseIdArgument,
  parseSeedFlag,
  parseStringFlag,
  parseTypeArgument,
  parseTypeFlag,
  parseTypesFlag,
  parseWholeFlag,
} from '../../../src/cli/parse-flags.js'

describe('parseCountFlag', () => {
  it('reads a whole number or natural, and refuses anything else as --count', () => {
    expect(parseCountFlag('1_000')).toBe(1000)
    expect(parseCountFlag(' Natural ')).toBe('natural')
    expect(parseCountFlag(undefined)).toBeUndefined()
    expect(() => parseCountFlag('naturally')).toThrow('--count must be a whole number ≥ 1, got "naturally"')
  })
})

describe('parseWholeFlag', () => {
  it.each([
    ['12', 12],
    ['1_000', 1000],
    [' 7 ', 7],
    [3, 3],
  ])('reads %j', (value, expected) => {
    expect(parseWholeFlag('count', value, 1, Number.MAX_SAFE_INTEGER)).toBe(expected)
  })

  it('says "≥ min" when there is no real maximum, and names a real one', () => {
    expect(() => parseWholeFlag('count', '0', 1, Number.MAX_SAFE_INTEGER)).toThrow(
      '--count must be a whole number ≥ 1, got "0"',
    )
    expect(() => parseWholeFlag('limit', '1001', 1, 1000)).toThrow(
      '--limit must be a whole number from 1 to 1000, got "1001"',
    )
    expect(describeWholeRange(0, Number.MAX_SAFE_INTEGER)).toBe('a whole number ≥ 0')
  })

  it.each(['1.5', 'abc', '', '1e3', '9007199254740992'])('refuses %j', (value) => {
    expect(() => parseWholeFlag('count', value, 1, Number.MAX_SAFE_INTEGER)).toThrow(
      `--count must be a whole number ≥ 1, got "${value}"`,
    )
  })

  it('refuses a flag given twice', () => {
    expect(() => parseWholeFlag('count', ['1', '2'], 1, 10)).toThrow('--count was given more than once')
  })
})

describe('parseIdArgument', () => {
  it('speaks of the dataset id, not of a flag', () => {
    expect(parseIdArgument('12')).toBe(12)
    expect(() => parseIdArgument('abc')).toThrow('The dataset id must be a whole number ≥ 1, got "abc"')
  })
})

describe('data type flags', () => {
  it('parses comma lists and repeats, without duplicates', () => {
    expect(parseTypesFlag('types', 'document, financial')).toEqual(['document', 'financial'])
    expect(parseTypesFlag('types', ['document', 'document,monitoring'])).toEqual(['document', 'monitoring'])
  })

  it('names the unknown type and the known ones', () => {
    expect(() => parseTypesFlag('type', 'weather')).toThrow(
      /--type: unknown data type "weather"; expected one of monitoring, document/,
    )
  })

  it('takes one type where only one makes sense', () => {
    expect(parseTypeFlag('type', 'document')).toBe('document')
    expect(() => parseTypeFlag('type', 'document,financial')).toThrow(
      '--type takes one data type here, got 2',
    )
  })

  it('parses a positional type', () => {
    expect(parseTypeArgument('monitoring')).toBe('monitoring')
    expect(() => parseTypeArgument('weather')).toThrow(/^Unknown data type "weather"; expected one of/)
  })
})

describe('parseSeedFlag', () => {
  it('takes 0 up to 2^53 − 1, and nothing when not given', () => {
    expect(parseSeedFlag(undefined)).toBeUndefined()
    expect(parseSeedFlag('0')).toBe(0)
    expect(parseSeedFlag(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER)
  })

  it.each(['-1', '9007199254740992', '4.2', 'random', ''])('refuses %j quoting it', (value) => {
    expect(() => parseSeedFlag(value)).toThrow(`--seed must be a whole number ≥ 0, got "${value}"`)
  })
})

describe('parseStringFlag', () => {
  it('keeps the text as given, and nothing when not given', () => {
    expect(parseStringFlag('name', undefined)).toBeUndefined()
    expect(parseStringFlag('name', ' nightly run ')).toBe(' nightly run ')
    expect(parseStringFlag('instance', 3000)).toBe('3000')
  })

  it('refuses an empty value and a flag given twice', () => {
    expect(() => parseStringFlag('name', '')).toThrow('--name needs a value')
    expect(() => parseStringFlag('name', '   ')).toThrow('--name needs a value')
    expect(() => parseStringFlag('name', ['a', 'b'])).toThrow('--name was given more than once')
  })
})
