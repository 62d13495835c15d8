import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { configSchema } from '../../../src/config/config-schema.js'
import { formatIssues } from '../../../src/config/format-issues.js'
import { readEnvironment, resolveSettings } from '../../../src/config/settings.js'
import { parseConnectionUrl } from '../../../src/dialects/connection.js'
import { TailingsiqError } from '../../../src/errors.js'
import { resolveDatasetSpec } from '../../../src/generators/dataset-spec.js'
import { DATA_TYPES } from '../../../src/generators/generator.js'
import { parseDuration } from '../../../src/commands/cleanup.js'

// Property tests: whatever arrives, the answer is a value or one of our errors with a message; never a
// crash, never a stack trace. Seeds are fixed so a failure can be replayed.
const KEYS = [
  'seed',
  'facilities',
  'maxRecords',
  'maxRecordsPerRequest',
  'cleanupDays',
  'outputDir',
  'parameters',
  'plan',
  'connection',
  'tablePrefix',
  'schema',
  'migrationsTable',
  'owners',
  'storage',
  'batchSize',
  'protect',
  'environment',
  'sede',
  '__proto__',
  'constructor',
]
const anyValue = fc.oneof(
  fc.anything(),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.constantFrom('monitoring', 'typed', '2024-01-01', '1h', 'prod', 'x; drop table y', '-1', 'NaN'),
)
const config = fc.dictionary(fc.constantFrom(...KEYS), anyValue, { maxKeys: 6 })
const planEntry = fc.record(
  {
    type: fc.oneof(fc.constantFrom('monitoring', 'document', 'weather'), fc.string()),
    count: anyValue,
    seed: anyValue,
    parameters: anyValue,
  },
  { requiredKeys: [] },
)

function expectOurError(fn: () => unknown): void {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(TailingsiqError)
    expect((error as Error).message.length).toBeGreaterThan(0)
    expect((error as Error).message).not.toMatch(/\n\s+at /)
  }
}

describe('fuzzed configuration', () => {
  it('is either valid or explained, key path by key path', () => {
    fc.assert(
      fc.property(fc.oneof(config, fc.record({ plan: fc.array(planEntry, { maxLength: 3 }) })), (input) => {
        const parsed = configSchema.safeParse(input, { reportInput: true })
        if (parsed.success) {
          expect(() => resolveSettings({ config: parsed.data })).not.toThrow()
        } else {
          const issues = formatIssues(parsed.error)
          expect(issues.length).toBeGreaterThan(0)
          for (const issue of issues) expect(issue).toMatch(/\S/)
        }
      }),
      { seed: 20261126, numRuns: 2000 },
    )
  })

  it('accepts any environment or names the variable at fault', () => {
    const env = fc.dictionary(
      fc.constantFrom(
        'SYNTHETIC_DATA_DEFAULT_FACILITY_COUNT',
        'SYNTHETIC_DATA_MAX_RECORDS_PER_REQUEST',
        'SYNTHETIC_DATA_CLEANUP_DAYS',
        'NODE_ENV',
      ),
      fc.string(),
    )
    fc.assert(
      fc.property(env, (vars) => expectOurError(() => readEnvironment(vars))),
      { seed: 7, numRuns: 1000 },
    )
  })

  it('parses any database URL or explains it', () => {
    const url = fc.oneof(
      fc.string(),
      fc.webUrl(),
      fc.constantFrom(
        'postgres://',
        'mysql://u:p@h:99999/d',
        'sqlite:',
        'sqlite::memory:',
        'x.db',
        'postgres://a:b@[::1]:5432/db?sslmode=require',
      ),
    )
    fc.assert(
      fc.property(url, (text) => expectOurError(() => parseConnectionUrl(text))),
      { seed: 11, numRuns: 2000 },
    )
  })

  it('resolves any dataset request or explains it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<string>(...DATA_TYPES, 'weather', ''),
        fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double(), fc.constant(undefined)),
        fc.oneof(fc.integer({ min: -3, max: 20_000 }), fc.double()),
        fc.oneof(fc.integer({ min: -3, max: 2 ** 53 }), fc.double()),
        fc.oneof(fc.object(), anyValue),
        (type, count, facilities, seed, parameters) =>
          expectOurError(() =>
            resolveDatasetSpec({
              type,
              ...(count === undefined ? {} : { count }),
              defaultCount: 10,
              facilities,
              seed,
              parameters: [parameters],
              maxRecords: 1000,
            }),
          ),
      ),
      { seed: 3, numRuns: 3000 },
    )
  })

  it('parses any duration or explains it', () => {
    fc.assert(
      fc.property(fc.string(), (text) => expectOurError(() => parseDuration(text))),
      { seed: 5, numRuns: 1000 },
    )
  })
})
