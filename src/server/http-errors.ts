import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { QueueFullError, TailingsiqError, isDriverError, type ErrorCode } from '../errors.js'

/** One field at fault in a 422 answer. */
export interface FieldIssue {
  readonly field: string
  readonly message: string
}

const STATUS: Readonly<Record<ErrorCode, number>> = {
  CONFIG_NOT_FOUND: 500,
  CONFIG_INVALID: 422,
  USER_CODE_THREW: 500,
  USAGE: 422,
  OUTPUT_EXISTS: 409,
  OUTPUT_UNWRITABLE: 500,
  LIMIT_EXCEEDED: 422,
  GENERATOR_INVALID: 500,
  DATABASE: 503,
  MIGRATION_FAILED: 503,
  SEED_FAILED: 500,
  VERIFY_FAILED: 500,
  NOT_FOUND: 404,
  REFUSED: 409,
  FORBIDDEN: 403,
  INTERRUPTED: 503,
  BUSY: 409,
  INTERNAL: 500,
}

const REASON: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

/** Sends an error answer: one line, the HTTP reason, and for 422 the fields at fault. */
export function sendProblem(reply: FastifyReply, statusCode: number, message: string, issues?: FieldIssue[]) {
  return reply
    .code(statusCode)
    .type('application/json; charset=utf-8')
    .send({ statusCode, error: REASON[statusCode] ?? 'Error', message, ...(issues ? { issues } : {}) })
}

/** A zod issue as the validator hands it over. */
interface RawIssue {
  readonly code?: string
  readonly path?: readonly PropertyKey[]
  readonly message?: string
  readonly keys?: readonly string[]
  readonly errors?: readonly (readonly RawIssue[])[]
}

/**
 * The fields at fault in one issue. A body that matches none of a union's shapes (`POST /generate` takes a
 * dataset id or a new dataset) is described by the shape it came closest to, the one with the fewest issues,
 * instead of zod's bare "Invalid input".
 */
function fieldIssues(where: string, path: readonly PropertyKey[], issue: RawIssue): FieldIssue[] {
  const branches = issue.code === 'invalid_union' ? (issue.errors ?? []) : []
  if (branches.length > 0) {
    const closest = branches.reduce((best, branch) => (branch.length < best.length ? branch : best))
    if (closest.length > 0) {
      return closest.flatMap((inner) => fieldIssues(where, [...path, ...(inner.path ?? [])], inner))
    }
  }
  const field = [where, ...path.map(String), issue.keys?.join(',')].filter(Boolean).join('.')
  return [{ field, message: issue.message ?? 'invalid' }]
}

/**
 * The API's error handler: request validation is 422 naming the field, the toolkit's errors map to their
 * status (not found 404, forbidden 403, full queue 503 with Retry-After, database 503), and anything else is
 * a 500 with a generic message: no stack trace, no SQL, ever leaves the server.
 */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'request'
    const issues = error.validation.flatMap((entry) =>
      fieldIssues(where, entry.instancePath.split('/').filter(Boolean), {
        ...(entry.params as RawIssue),
        code: entry.keyword,
        message: entry.message ?? 'invalid',
      }),
    )
    const message = issues.map((i) => `${i.field}: ${i.message}`).join('; ')
    return sendProblem(reply, 422, `Invalid request: ${message}`, issues)
  }
  if (error instanceof QueueFullError) {
    void reply.header('retry-after', String(error.retryAfterSeconds))
    return sendProblem(reply, 503, error.message)
  }
  if (error instanceof TailingsiqError) {
    const status = STATUS[error.code]
    if (status >= 500) request.log.error({ err: error }, error.message)
    return sendProblem(reply, status, status === 500 ? 'Internal error; see the server log' : error.message)
  }
  if (isDriverError(error)) {
    request.log.error({ err: error }, 'database error')
    return sendProblem(reply, 503, 'The database failed the request; see the server log')
  }
  // Fastify's own client errors (malformed JSON, body too large, unsupported media type, 429 …) keep their
  // status and one-line message.
  const status = error.statusCode
  if (status !== undefined && status >= 400 && status < 500) {
    return sendProblem(reply, status, error.message.split('\n')[0] ?? 'Bad request')
  }
  request.log.error({ err: error }, 'unexpected error')
  return sendProblem(reply, 500, 'Internal error; see the server log')
}
