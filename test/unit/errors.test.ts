import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { formatError } from '../../src/cli/report-error.js'
import {
  AccessDeniedError,
  ConfigError,
  DatabaseError,
  EXIT_CODES,
  InternalError,
  MigrationError,
  NotFoundError,
  QueueFullError,
  RefusedError,
  TailingsiqError,
  UsageError,
  exitCodeOf,
  isInternalError,
  type ErrorCode,
  type ExitCode,
} from '../../src/errors.js'
import { handleError } from '../../src/server/http-errors.js'

const BUG_NOTE = 'This is a bug in tailingsiq-seed; please report it'

/** Exit code and HTTP status of every code: a new code fails to compile until it is added here. */
const BY_CODE: Record<ErrorCode, { exit: ExitCode; status: number }> = {
  CONFIG_NOT_FOUND: { exit: EXIT_CODES.USAGE, status: 500 },
  CONFIG_INVALID: { exit: EXIT_CODES.USAGE, status: 422 },
  USER_CODE_THREW: { exit: EXIT_CODES.USAGE, status: 500 },
  USAGE: { exit: EXIT_CODES.USAGE, status: 422 },
  OUTPUT_EXISTS: { exit: EXIT_CODES.USAGE, status: 409 },
  OUTPUT_UNWRITABLE: { exit: EXIT_CODES.USAGE, status: 500 },
  LIMIT_EXCEEDED: { exit: EXIT_CODES.USAGE, status: 422 },
  GENERATOR_INVALID: { exit: EXIT_CODES.FAILED, status: 500 },
  DATABASE: { exit: EXIT_CODES.DATABASE, status: 503 },
  MIGRATION_FAILED: { exit: EXIT_CODES.DATABASE, status: 503 },
  SEED_FAILED: { exit: EXIT_CODES.PARTIAL, status: 500 },
  VERIFY_FAILED: { exit: EXIT_CODES.PARTIAL, status: 500 },
  NOT_FOUND: { exit: EXIT_CODES.USAGE, status: 404 },
  REFUSED: { exit: EXIT_CODES.REFUSED, status: 409 },
  FORBIDDEN: { exit: EXIT_CODES.REFUSED, status: 403 },
  INTERRUPTED: { exit: EXIT_CODES.INTERRUPTED, status: 503 },
  BUSY: { exit: EXIT_CODES.BUSY, status: 409 },
  INTERNAL: { exit: EXIT_CODES.FAILED, status: 500 },
}
const CODES = Object.keys(BY_CODE) as ErrorCode[]

/** Every error class, with the code it carries. */
const CLASSES: [TailingsiqError, ErrorCode][] = [
  [new ConfigError('config.ts: count must be a number', ['count: expected number']), 'CONFIG_INVALID'],
  [new UsageError('--count must be a whole number', { hint: 'e.g. --count 10' }), 'USAGE'],
  [new DatabaseError('Cannot connect to PostgreSQL at h:5432/db'), 'DATABASE'],
  [new MigrationError('0100_x', 'up', 'Migration 0100_x failed'), 'MIGRATION_FAILED'],
  [new NotFoundError('No dataset 7'), 'NOT_FOUND'],
  [new RefusedError('Refusing to reset production'), 'REFUSED'],
  [new AccessDeniedError('Role "user" may not delete datasets'), 'FORBIDDEN'],
  [new QueueFullError(4, 5), 'REFUSED'],
  [new InternalError('record_index went backwards'), 'INTERNAL'],
]

/** The answer the API's error handler gives for `error`, through a real (injected) Fastify request. */
async function answerOf(error: unknown): Promise<{ status: number; body: { message: string } }> {
  const app = Fastify({ logger: false })
  app.setErrorHandler(handleError)
  app.get('/', () => {
    throw error
  })
  try {
    const response = await app.inject({ method: 'GET', url: '/' })
    return { status: response.statusCode, body: response.json() }
  } finally {
    await app.close()
  }
}

describe('exitCodeOf', () => {
  it.each(CODES)('maps the code %s to its documented exit code', (code) => {
    expect(exitCodeOf(new TailingsiqError(code, 'x'))).toBe(BY_CODE[code].exit)
  })

  it.each(CLASSES)('maps %o to the exit code of its code', (error, code) => {
    expect(error.code).toBe(code)
    expect(exitCodeOf(error)).toBe(BY_CODE[code].exit)
  })

  it('gives 4 for a driver error and 1 for anything else', () => {
    expect(exitCodeOf(Object.assign(new Error('relation "x" does not exist'), { code: '42P01' }))).toBe(4)
    expect(exitCodeOf(Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' }))).toBe(4)
    expect(exitCodeOf(new TypeError('x is undefined'))).toBe(1)
    expect(exitCodeOf('a string')).toBe(1)
  })
})

describe('formatError', () => {
  it.each(CLASSES.filter(([, code]) => code !== 'INTERNAL'))(
    'prints %o as one line with its hint, no bug note',
    (error) => {
      const text = formatError(error, false)
      expect(text).toBe(`tailingsiq-seed: ${error.message}${error.hint ? `; ${error.hint}` : ''}\n`)
    },
  )

  it.each(CODES.filter((code) => code !== 'INTERNAL'))('prints the code %s as one line', (code) => {
    expect(formatError(new TailingsiqError(code, 'what went wrong'), false)).toBe(
      'tailingsiq-seed: what went wrong\n',
    )
  })

  it('reports an InternalError as a bug', () => {
    const text = formatError(new InternalError('record_index went backwards'), false)
    expect(text).toContain('unexpected error: record_index went backwards')
    expect(text).toContain(BUG_NOTE)
  })

  it('reports any error with the INTERNAL code as a bug with exit code 1, whatever its class', () => {
    // What seed-runner.ts once threw: a plain TailingsiqError with the INTERNAL code.
    // eslint-disable-next-line no-restricted-syntax -- the very construction the lint rule forbids in src/
    const error = new TailingsiqError('INTERNAL', 'Dataset with run key k vanished after creation')
    expect(isInternalError(error)).toBe(true)
    expect(formatError(error, false)).toContain(BUG_NOTE)
    expect(exitCodeOf(error)).toBe(EXIT_CODES.FAILED)
  })

  it('reports an unknown error as a bug and a driver error as one database line', () => {
    expect(formatError(new TypeError('x is undefined'), false)).toContain(BUG_NOTE)
    const driver = Object.assign(new Error('deadlock detected\nDETAIL: …'), { code: '40P01' })
    expect(formatError(driver, false)).toBe('tailingsiq-seed: database error: deadlock detected\n')
  })

  it('adds the stack with debug on', () => {
    const error = new InternalError('boom')
    expect(formatError(error, true)).toContain('at ')
    const wrapped = new DatabaseError('Cannot connect', { cause: new Error('ECONNREFUSED') })
    expect(formatError(wrapped, true)).toMatch(
      /^tailingsiq-seed: Cannot connect\nError: ECONNREFUSED\n {4}at /,
    )
  })
})

describe('handleError (HTTP API)', () => {
  it.each(CODES)('answers the code %s with its status', async (code) => {
    const { status, body } = await answerOf(new TailingsiqError(code, 'what went wrong'))
    expect(status).toBe(BY_CODE[code].status)
    expect(body.message).toBe(status === 500 ? 'Internal error; see the server log' : 'what went wrong')
  })

  it('answers an internal error with 500 and a generic message that reveals nothing', async () => {
    const { status, body } = await answerOf(new InternalError('COPY BINARY sent 3 fields, secret_table'))
    expect(status).toBe(500)
    expect(body.message).toBe('Internal error; see the server log')
    expect(JSON.stringify(body)).not.toContain('secret_table')
  })

  it('answers a full queue with 503 and Retry-After', async () => {
    const app = Fastify({ logger: false })
    app.setErrorHandler(handleError)
    app.get('/', () => {
      throw new QueueFullError(4, 5)
    })
    const response = await app.inject({ method: 'GET', url: '/' })
    await app.close()
    expect(response.statusCode).toBe(503)
    expect(response.headers['retry-after']).toBe('5')
  })
})
