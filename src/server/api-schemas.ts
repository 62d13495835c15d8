import { z } from 'zod'
import { dataTypeIds, type DataType } from '../generators/data-types.js'
import { FILE_FORMATS } from '../formats/record-file-writer.js'
import { DATASET_STATUSES } from '../schema/dataset-columns.js'
import { JOB_STATUSES } from './job-store.js'
import { scenarioParam } from '../generators/scenario.js'

// The request and response schemas of the HTTP API. Fastify validates requests with them and
// @fastify/swagger turns the same objects into the OpenAPI document, so the two cannot drift apart.

/** What a value was, for a message: `got "foo"`, or `got nothing` for a missing field. */
function got(input: unknown): string {
  return input === undefined ? 'got nothing' : `got ${JSON.stringify(input)}`
}

/** An enum whose error lists the allowed values and the value sent. */
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: (issue) => `expected one of ${values.join(', ')}; ${got(issue.input)}` })
}

/** An object refusing unknown fields, with an error that names them and the fields there are. */
function closedObject<T extends z.ZodRawShape>(shape: T) {
  const known = Object.keys(shape).join(', ')
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `"${k}"`).join(', ')}; expected one of ${known}`
        : undefined,
  })
}

const MAX_ID = 2_147_483_647
const wholeId = z
  .number({ error: (issue) => `expected a dataset id (a whole number); ${got(issue.input)}` })
  .int({ error: 'expected a whole number' })
  .min(1, { error: 'expected a whole number ≥ 1' })
  .max(MAX_ID, { error: `expected at most ${MAX_ID}` })
/** A dataset id in a path: decimal digits only, so `0x1`, `1e0` or ` 1` are not taken for 1. */
const id = z
  .string()
  .regex(/^[0-9]+$/, { error: (issue) => `expected a dataset id (decimal digits); ${got(issue.input)}` })
  .transform(Number)
  .pipe(wholeId)
// The types defined when the server's modules load: the built-in ones and any registered before.
const dataType = oneOf(dataTypeIds() as readonly [DataType, ...DataType[]])
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')
const seed = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1)

export const datasetIdParams = closedObject({ id })
export const exportParams = closedObject({ id, format: oneOf(FILE_FORMATS) })
export const jobIdParams = closedObject({ id: z.uuid({ error: 'expected a job id (a UUID)' }) })
export const previewParams = closedObject({ data_type: dataType })

export const listQuery = closedObject({
  type: dataType.optional(),
  status: oneOf(DATASET_STATUSES).optional(),
  owner: z.string().min(1).max(255).optional(),
  include_deleted: flag.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})

export const showQuery = closedObject({
  sample: z.coerce.number().int().min(0).max(100).default(5),
})

export const exportQuery = closedObject({ source: oneOf(['typed', 'records']).optional() })

export const previewQuery = closedObject({
  count: z.coerce.number().int().min(1).default(5),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
  facilities: z.coerce.number().int().min(1).max(10_000).optional(),
  format: oneOf(FILE_FORMATS).default('json'),
  scenario: scenarioParam,
})

/* eslint-disable no-control-regex -- these patterns exist to find control characters */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/
/* eslint-enable no-control-regex */

/**
 * Refuses control characters (NUL, ESC, BEL, C1 …) in stored text: PostgreSQL cannot store NUL, and the
 * others would reach terminals that print the names. `lines` allows tab, line feed and carriage return.
 */
function withoutControls(schema: z.ZodString, lines: boolean) {
  const control = lines ? CONTROL_BUT_LINE_BREAKS : CONTROL
  return schema.superRefine((value, ctx) => {
    const found = control.exec(value)
    if (found) {
      const code = (found[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')
      ctx.addIssue({
        code: 'custom',
        message: `expected no control characters; found U+${code} at character ${found.index + 1}`,
      })
    }
  })
}

/**
 * Parameters of the generator; `facility_count` is taken as `facilities`, the shape of the original API's
 * `POST /generate` example (`{"data_type": "monitoring", "record_count": 500, "parameters": {"facility_count": 5}}`).
 */
const parameters = z.looseObject({
  facility_count: z
    .number({ error: (issue) => `expected a whole number from 1 to 10000; ${got(issue.input)}` })
    .int({ error: 'expected a whole number from 1 to 10000' })
    .min(1, { error: 'expected a whole number from 1 to 10000' })
    .max(10_000, { error: 'expected a whole number from 1 to 10000' })
    .optional()
    .describe('The number of facilities, as `facilities`'),
  scenario: scenarioParam,
})

/** What a dataset is made from; `record_count` is capped by `SYNTHETIC_DATA_MAX_RECORDS_PER_REQUEST`. */
const datasetFields = {
  name: withoutControls(z.string().trim().min(1).max(200), false),
  data_type: dataType,
  record_count: z
    .union([z.number().int().min(1), z.literal('natural')])
    .describe(
      '"natural": the period of the parameters decides the count, each facility on its real calendar (document, compliance, environmental, financial; monitoring with an end)',
    ),
  description: withoutControls(z.string().max(2000), true).optional(),
  parameters: parameters.optional(),
  seed: seed.optional(),
  facilities: z.number().int().min(1).max(10_000).optional(),
}

/** Moves `parameters.facility_count` to `facilities`; both at once must agree. */
function withFacilityCount<
  T extends { parameters?: Record<string, unknown> | undefined; facilities?: number | undefined },
>(body: T, ctx: z.RefinementCtx): T {
  const count = body.parameters?.['facility_count']
  if (count === undefined || body.parameters === undefined) return body
  if (body.facilities !== undefined && body.facilities !== count) {
    ctx.addIssue({
      code: 'custom',
      path: ['parameters', 'facility_count'],
      message: `expected the same number as facilities (${body.facilities}), or only one of the two`,
    })
    return z.NEVER
  }
  const { facility_count: _count, ...rest } = body.parameters
  return { ...body, parameters: rest, facilities: count as number }
}

export const createDatasetBody = closedObject(datasetFields).transform(withFacilityCount)
export const generateBody = z.union([
  closedObject({
    dataset_id: z.union([
      wholeId,
      z
        .string()
        .regex(/^[0-9]+$/)
        .transform(Number)
        .pipe(wholeId),
    ]),
    resume: z
      .boolean()
      .optional()
      .describe('Continue a failed dataset from its last committed row (after an error or a server restart)'),
  }).describe('Fill an existing pending dataset, or resume a failed one'),
  closedObject({ ...datasetFields, name: datasetFields.name.optional() })
    .transform(withFacilityCount)
    .describe('Create a dataset and fill it; the name defaults to "<type> · <count> records · seed <seed>"'),
])

const timestamp = z.string().describe('ISO-8601 UTC')
export const dataset = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string().nullable(),
  data_type: dataType,
  status: z.enum(DATASET_STATUSES),
  record_count: z.number(),
  records_written: z.number(),
  seed: z.number(),
  facility_seed: z.number(),
  facility_count: z.number(),
  storage: z.enum(['both', 'generic', 'typed']),
  generator_version: z.number(),
  parameters: z.unknown(),
  manifest: z.unknown(),
  created_by: z.string().nullable(),
  is_deleted: z.boolean(),
  deleted_at: timestamp.nullable(),
  created_at: timestamp,
  updated_at: timestamp,
  completed_at: timestamp.nullable(),
  error: z.string().nullable(),
  run_key: z.string().nullable(),
})

export const datasetPage = z.object({
  datasets: z.array(dataset).readonly(),
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
})

export const datasetWithSample = dataset.extend({ sample: z.array(z.record(z.string(), z.unknown())) })

export const job = z.object({
  id: z.string(),
  dataset_id: z.number(),
  status: z.enum(JOB_STATUSES),
  created_by: z.string().nullable(),
  error: z.string().nullable(),
  created_at: timestamp,
  started_at: timestamp.nullable(),
  finished_at: timestamp.nullable(),
  records_written: z.number(),
  record_count: z.number(),
  dataset_status: z.enum(DATASET_STATUSES),
})

export const jobAccepted = z.object({ job_id: z.string(), dataset_id: z.number(), job })

export const problem = z
  .object({
    statusCode: z.number(),
    error: z.string(),
    message: z.string(),
    issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .describe('An error: one line saying what was wrong, and for 422 the field at fault')

/** The error answers every authenticated route may give, for the OpenAPI document. */
export const errorAnswers = { 401: problem, 403: problem, 404: problem, 422: problem }

export const health = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: z.enum(['reachable', 'unreachable']),
  schema: z.enum(['latest', 'behind', 'missing', 'unknown']),
  pending_migrations: z.array(z.string()),
  jobs: z.object({ running: z.number(), queued: z.number(), capacity: z.number() }),
  heavy_requests: z
    .object({ running: z.number(), waiting: z.number(), capacity: z.number() })
    .describe('Preview, export and stats requests running and waiting for one of `capacity` slots'),
})

export const anyObject = z.record(z.string(), z.unknown())

export const verifyQuery = z.strictObject({ include_deleted: flag.optional() })

const digest = z.string().describe('sha256:<hex> of the rows in canonical form, the same on every engine')
export const datasetVerification = z.object({
  id: z.number(),
  name: z.string(),
  type: dataType,
  datasetStatus: z.enum(DATASET_STATUSES),
  storage: z.enum(['both', 'generic', 'typed']),
  result: z.enum(['ok', 'differs', 'incomplete', 'unverifiable']),
  reason: z.string().optional(),
  tables: z
    .array(
      z.object({
        kind: z.enum(['typed', 'records', 'facilities']),
        table: z.string(),
        status: z.enum(['ok', 'missing rows', 'extra rows', 'changed rows', 'incomplete']),
        expected: z.number(),
        actual: z.number(),
        missing: z.number(),
        extra: z.number(),
        changed: z.number(),
        firstDifference: z.number().nullable(),
        expectedDigest: digest,
        actualDigest: digest,
        seconds: z.number(),
      }),
    )
    .readonly(),
  rows: z.number(),
  seconds: z.number(),
})
