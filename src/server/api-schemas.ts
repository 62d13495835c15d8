import { z } from 'zod'
import { DATA_TYPES } from '../generators/generator.js'
import { FILE_FORMATS } from '../formats/record-file-writer.js'
import { DATASET_STATUSES } from '../schema/dataset-columns.js'
import { JOB_STATUSES } from './job-store.js'

// The request and response schemas of the HTTP API. Fastify validates requests with them and
// @fastify/swagger turns the same objects into the OpenAPI document, so the two cannot drift apart.

const id = z.coerce
  .number({ error: 'expected a dataset id' })
  .int({ error: 'expected a whole number' })
  .min(1, { error: 'expected a whole number ≥ 1' })
  .max(2_147_483_647)
const dataType = z.enum(DATA_TYPES, { error: `expected one of ${DATA_TYPES.join(', ')}` })
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')
const seed = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1)

export const datasetIdParams = z.strictObject({ id })
export const exportParams = z.strictObject({
  id,
  format: z.enum(FILE_FORMATS, { error: `expected one of ${FILE_FORMATS.join(', ')}` }),
})
export const jobIdParams = z.strictObject({ id: z.uuid({ error: 'expected a job id (a UUID)' }) })
export const previewParams = z.strictObject({ data_type: dataType })

export const listQuery = z.strictObject({
  type: dataType.optional(),
  status: z.enum(DATASET_STATUSES).optional(),
  owner: z.string().min(1).max(255).optional(),
  include_deleted: flag.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})

export const showQuery = z.strictObject({
  sample: z.coerce.number().int().min(0).max(100).default(5),
})

export const exportQuery = z.strictObject({ source: z.enum(['typed', 'records']).optional() })

export const previewQuery = z.strictObject({
  count: z.coerce.number().int().min(1).default(5),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
  facilities: z.coerce.number().int().min(1).max(10_000).optional(),
  format: z.enum(FILE_FORMATS).default('json'),
})

/** What a dataset is made from; `record_count` is capped by `SYNTHETIC_DATA_MAX_RECORDS_PER_REQUEST`. */
const datasetFields = {
  name: z.string().trim().min(1).max(200),
  data_type: dataType,
  record_count: z.number().int().min(1),
  description: z.string().max(2000).optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  seed: seed.optional(),
  facilities: z.number().int().min(1).max(10_000).optional(),
}
export const createDatasetBody = z.strictObject(datasetFields)
export const generateBody = z.union([
  z
    .strictObject({
      dataset_id: id,
      resume: z
        .boolean()
        .optional()
        .describe(
          'Continue a failed dataset from its last committed row (after an error or a server restart)',
        ),
    })
    .describe('Fill an existing pending dataset, or resume a failed one'),
  z.strictObject(datasetFields).describe('Create a dataset and fill it'),
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
