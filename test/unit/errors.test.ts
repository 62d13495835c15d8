import { describe, expect, it } from 'vitest'
import {
  ConfigError,
  EXIT_CODES,
  exitCodeOf,
  isDriverError,
  TailingsiqError,
  UsageError,
  type ErrorCode,
} from '../../src/errors.js'

describe('exitCodeOf', () => {
  it.each<[ErrorCode, number]>([
    ['CONFIG_NOT_FOUND', 2],
    ['CONFIG_INVALID', 2],
    ['USER_CODE_THREW', 2],
    ['USAGE', 2],
    ['OUTPUT_EXISTS', 2],
    ['OUTPUT_UNWRITABLE', 2],
    ['LIMIT_EXCEEDED', 2],
    ['NOT_FOUND', 2],
    ['REFUSED', 3],
    ['FORBIDDEN', 3],
    ['DATABASE', 4],
    ['MIGRATION_FAILED', 4],
    ['SEED_FAILED', 5],
    ['VERIFY_FAILED', 5],
    ['BUSY', 6],
    ['INTERRUPTED', 130],
    ['GENERATOR_INVALID', 1],
    ['INTERNAL', 1],
  ])('%s exits with %i', (code, exit) => {
    expect(exitCodeOf(new TailingsiqError(code, 'x'))).toBe(exit)
  })

  it('maps the subclasses by their code', () => {
    expect(exitCodeOf(new UsageError('x'))).toBe(EXIT_CODES.USAGE)
    expect(exitCodeOf(new ConfigError('x', ['a: b']))).toBe(EXIT_CODES.USAGE)
  })

  it('gives a driver error 4 and anything else 1', () => {
    expect(exitCodeOf(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(4)
    expect(exitCodeOf(Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' }))).toBe(4)
    expect(exitCodeOf(new TypeError('x is undefined'))).toBe(1)
    expect(exitCodeOf('a string')).toBe(1)
    expect(exitCodeOf(undefined)).toBe(1)
  })
})

describe('isDriverError', () => {
  it.each([
    [{ code: 'SQLITE_CONSTRAINT' }, true],
    [{ code: '23505' }, true],
    [{ code: 'ER_DUP_ENTRY' }, true],
    [{ code: 'ECONNRESET' }, true],
    [{ code: 'PROTOCOL_CONNECTION_LOST' }, true],
    [{ name: 'SqliteError' }, true],
    [{ code: 'ENOENT' }, false],
    [{ code: 'ECONNREFUSEDX' }, false],
    [{ code: 'abcde' }, false],
    [{ code: 42 }, false],
    [null, false],
    ['ER_DUP_ENTRY', false],
  ])('%j → %s', (error, expected) => {
    expect(isDriverError(error)).toBe(expected)
  })
})
