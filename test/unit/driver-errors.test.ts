import { describe, expect, it } from 'vitest'
import { isDriverError } from '../../src/errors.js'

// Exit codes and messages of every error code and class: errors.test.ts.
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
