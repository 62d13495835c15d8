import { z } from 'zod'
import { MAX_SEED } from '../generators/derive-seed.js'
import { DATA_TYPES, dataTypeIds, getGenerator, isDataType, type DataType } from '../generators/registry.js'
import { ROLES } from '../access/actor.js'
import { datasetTextProblem, type DatasetTextField } from '../commands/dataset-text.js'
import { STORAGE_MODES } from '../choices.js'

/** A plain SQL identifier: letters, digits and underscores, not starting with a digit, at most 63 long. */
export const SQL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

export const identifierSchema = z.string().regex(SQL_IDENTIFIER, {
  error: 'expected a plain SQL identifier (letters, digits, _; not starting with a digit; ≤ 63 long)',
})

export const seedSchema = z
  .number({ error: 'expected a number' })
  .int({ error: 'expected a whole number' })
  .min(0, { error: 'expected a seed ≥ 0' })
  .max(MAX_SEED, { error: `expected a seed ≤ ${MAX_SEED}` })

export const positiveIntSchema = z
  .number({ error: 'expected a number' })
  .int({ error: 'expected a whole number' })
  .min(1, { error: 'expected a whole number ≥ 1' })
  .max(Number.MAX_SAFE_INTEGER, { error: 'expected a smaller number' })

export const facilitiesSchema = positiveIntSchema.max(10_000, { error: 'expected at most 10000 facilities' })

/** A data type id: a built-in one, or one registered before the config is read. */
export const dataTypeSchema = z.custom<DataType>(isDataType, {
  error: () => `expected one of ${dataTypeIds().join(', ')}`,
})

export { STORAGE_MODES, type StorageMode } from '../choices.js'

/**
 * Per-type default parameters, each validated by its generator's own schema: the built-in types by name, and
 * any registered type when the config is read.
 */
const parametersSchema = z
  .strictObject(
    Object.fromEntries(
      DATA_TYPES.map((type) => [type, getGenerator(type).paramsSchema.optional()]),
    ) as Record<DataType, z.ZodOptional<z.ZodType>>,
  )
  .catchall(z.unknown())
  .transform((value, ctx) => {
    const out: Partial<Record<DataType, unknown>> = {}
    for (const [name, entry] of Object.entries(value)) {
      const key = name as DataType
      if ((DATA_TYPES as readonly string[]).includes(key) || entry === undefined) {
        out[key] = entry
      } else if (!isDataType(key)) {
        ctx.issues.push({
          code: 'custom',
          path: [name],
          input: entry,
          message: `unknown data type; expected one of ${dataTypeIds().join(', ')}`,
        })
      } else {
        const parsed = getGenerator(key).paramsSchema.safeParse(entry, { reportInput: true })
        if (parsed.success) out[key] = parsed.data
        else
          for (const issue of parsed.error.issues)
            ctx.issues.push({
              code: 'custom',
              input: issue.input,
              message: issue.message,
              path: [key, ...issue.path],
            })
      }
    }
    return out
  })

/** A dataset name or description: no control characters (see {@link datasetTextProblem}). */
function datasetTextSchema(field: DatasetTextField, max: number) {
  return z
    .string()
    .max(max, { error: `expected at most ${max} characters` })
    .check((ctx) => {
      const problem = datasetTextProblem(field, ctx.value)
      if (problem !== undefined)
        ctx.issues.push({
          code: 'custom',
          message: `expected no control characters: ${problem}`,
          input: ctx.value,
        })
    })
}

/** One dataset to seed: a data type, how many records, and optionally its own seed, name and parameters. */
export const planEntrySchema = z.strictObject({
  type: dataTypeSchema,
  /** `'natural'`: the period decides the count (document, compliance, environmental, financial, monitoring). */
  count: z.union([positiveIntSchema, z.literal('natural')]),
  facilities: facilitiesSchema.optional(),
  seed: seedSchema.optional(),
  name: datasetTextSchema('name', 200).min(1, { error: 'expected a name' }).optional(),
  description: datasetTextSchema('description', 2000).optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
})

/**
 * What an API key may be made of: printable ASCII, no spaces. A key with whitespace or other characters could
 * never arrive intact in an `Authorization: Bearer` header, so it is refused when the config is read.
 */
export const API_KEY_CHARACTERS = /^[\x21-\x7e]+$/
export const API_KEY_RULE = 'printable ASCII without spaces, at least 16 characters'

/** One API key of `serve` and the actor it stands for. The key itself, or the variable that holds it. */
export const apiKeySchema = z
  .strictObject({
    key: z
      .string()
      .min(16, { error: 'expected at least 16 characters' })
      .regex(API_KEY_CHARACTERS, { error: `expected ${API_KEY_RULE}` })
      .optional(),
    keyEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected an environment variable name' })
      .optional(),
    id: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[^,:]+$/, { error: 'expected no commas or colons' }),
    role: z.enum(ROLES, { error: `expected one of ${ROLES.join(', ')}` }),
  })
  .refine((k) => (k.key === undefined) !== (k.keyEnv === undefined), {
    error: 'expected exactly one of key and keyEnv',
  })

/** `tailingsiq-seed serve`: where it listens and how much work it accepts. */
export const serveSchema = z.strictObject({
  host: z.string().min(1).optional(),
  port: z
    .number({ error: 'expected a port number from 0 to 65535' })
    .int({ error: 'expected a port number from 0 to 65535' })
    .min(0, { error: 'expected a port number from 0 to 65535' })
    .max(65_535, { error: 'expected a port number from 0 to 65535' })
    .optional(),
  prefix: z
    .string()
    .regex(/^(\/[A-Za-z0-9._~-]+)*$/, { error: 'expected a path such as /api/v1/synthetic-data, or ""' })
    .optional(),
  apiKeys: z.array(apiKeySchema).optional(),
  /** Generation jobs running at once. */
  concurrency: positiveIntSchema.max(16, { error: 'expected at most 16' }).optional(),
  /** Jobs waiting beyond those running; a full queue answers 503 with Retry-After. */
  queueSize: z
    .number({ error: 'expected a whole number from 0 to 10000' })
    .int({ error: 'expected a whole number from 0 to 10000' })
    .min(0, { error: 'expected a whole number from 0 to 10000' })
    .max(10_000, { error: 'expected a whole number from 0 to 10000' })
    .optional(),
  /** Requests per actor (or address, for /health) and window; `false` turns rate limiting off. */
  rateLimit: z
    .union([z.literal(false), z.strictObject({ max: positiveIntSchema, windowSeconds: positiveIntSchema })])
    .optional(),
  /** Failed authentications per client address and window, then 429; `false` for no limit. */
  authFailureLimit: z
    .union([z.literal(false), z.strictObject({ max: positiveIntSchema, windowSeconds: positiveIntSchema })])
    .optional(),
  /** Heavy requests (preview, export, stats) running at once; more wait, up to `heavyQueueSize`. */
  heavyConcurrency: positiveIntSchema.max(64, { error: 'expected at most 64' }).optional(),
  /** Heavy requests waiting beyond those running; more answer 503 with Retry-After. */
  heavyQueueSize: z.number({ error: 'expected a number' }).int().min(0).max(10_000).optional(),
  /** Largest request body in bytes. */
  bodyLimit: positiveIntSchema.max(10_485_760, { error: 'expected at most 10485760' }).optional(),
  /** A job whose server has not reported for this long is marked failed by any other server. */
  jobStaleAfterSeconds: positiveIntSchema.optional(),
  /** This server's name in the jobs table. Default: host name and port. */
  instance: z.string().min(1).max(255).optional(),
})

/** The schema of `tailingsiq.config.ts`. Unknown keys are errors, so a typo never goes unnoticed. */
export const configSchema = z.strictObject({
  seed: seedSchema.optional(),
  facilities: facilitiesSchema.optional(),
  maxRecords: positiveIntSchema.optional(),
  maxRecordsPerRequest: positiveIntSchema.optional(),
  cleanupDays: z
    .number({ error: 'expected a whole number of days ≥ 0' })
    .int({ error: 'expected a whole number of days ≥ 0' })
    .min(0, { error: 'expected a whole number of days ≥ 0 (0 removes everything older than now)' })
    .max(100_000, { error: 'expected at most 100000 days' })
    .optional(),
  outputDir: z.string().min(1).optional(),
  parameters: parametersSchema.optional(),
  plan: z.array(planEntrySchema).min(1, { error: 'expected at least one plan entry' }).optional(),
  connection: z.string().min(1).optional(),
  tablePrefix: z
    .string()
    .regex(/^([A-Za-z_][A-Za-z0-9_]{0,39})?$/, {
      error: 'expected letters, digits and _ (not starting with a digit), at most 40 long',
    })
    .optional(),
  schema: identifierSchema.optional(),
  migrationsTable: identifierSchema.optional(),
  owners: z.strictObject({ table: identifierSchema, column: identifierSchema }).optional(),
  storage: z.enum(STORAGE_MODES, { error: `expected one of ${STORAGE_MODES.join(', ')}` }).optional(),
  /**
   * Database names, hosts, SQLite folder names and PostgreSQL schemas that destructive commands refuse:
   * case-insensitive substrings, or `/regular expressions/`.
   */
  protect: z.array(z.string().min(1)).optional(),
  /**
   * The environment (production, in any case, or `prod`, protects every database). Default: NODE_ENV, else
   * `development`.
   */
  environment: z.string().min(1).max(64).optional(),
  batchSize: positiveIntSchema.max(1_000_000, { error: 'expected at most 1000000' }).optional(),
  serve: serveSchema.optional(),
})

/** What a config file may contain (the input side of {@link configSchema}). */
export type TailingsiqConfig = z.input<typeof configSchema>
/** A validated config file, with parameters normalised. */
export type ValidatedConfig = z.output<typeof configSchema>
export type PlanEntry = z.output<typeof planEntrySchema>
export type ServeConfig = z.output<typeof serveSchema>
