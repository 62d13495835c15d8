import { describe, expect, it } from 'vitest'
import {
  describeWholeRange,
  parseIdArgument,
  parseTypeArgument,
  parseTypeFlag,
  parseTypesFlag,
  parseWholeFlag,
} from '../../../src/cli/parse-flags.js'

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
