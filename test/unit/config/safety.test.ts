import { describe, expect, it } from 'vitest'
import { configSchema } from '../../../src/config/config-schema.js'
import { formatIssues } from '../../../src/config/format-issues.js'
import { readEnvironment, resolveSettings } from '../../../src/config/settings.js'
import { normalizeEnvironment } from '../../../src/commands/protection.js'
import { datasetTextProblem } from '../../../src/commands/dataset-text.js'
import { resolveApiKeys } from '../../../src/server/api-keys.js'

/** The one-line issues of a config, or [] when it is valid. */
function issuesOf(config: unknown): string[] {
  const result = configSchema.safeParse(config, { reportInput: true })
  return result.success ? [] : formatIssues(result.error)
}

describe('environments', () => {
  it.each([
    ['production', 'production'],
    ['PRODUCTION', 'production'],
    [' Production ', 'production'],
    ['prod', 'production'],
    ['Prod-EU', 'production'],
    ['production_2', 'production'],
    ['Staging', 'staging'],
    ['preprod', 'preprod'],
    ['products', 'products'],
  ])('%j is %j', (given, expected) => {
    expect(normalizeEnvironment(given)).toBe(expected)
  })

  it('any spelling of production, in any layer, makes the settings production', () => {
    const env = readEnvironment({ NODE_ENV: 'PRODUCTION' })
    expect(resolveSettings({ config: {}, env }).environment).toBe('production')
    expect(resolveSettings({ config: { environment: 'Production' } }).environment).toBe('production')
    expect(
      resolveSettings({ config: { environment: 'Prod' }, flags: { environment: 'Development' } }).environment,
    ).toBe('production')
    expect(resolveSettings({ config: { environment: 'Staging' } }).environment).toBe('staging')
  })
})

describe('dataset names and descriptions', () => {
  it('refuse control characters before anything reaches a database', () => {
    expect(datasetTextProblem('name', 'a\u0000b')).toBe(
      'contains the control character U+0000 at character 2 (none allowed)',
    )
    expect(datasetTextProblem('name', 'x\u001b[31m')).toMatch(/U\+001B at character 2/)
    expect(datasetTextProblem('name', 'tab\there')).toMatch(/U\+0009/)
    expect(datasetTextProblem('name', 'c1\u009b')).toMatch(/U\+009B/)
    expect(datasetTextProblem('description', 'line 1\nline 2\tend\r\n')).toBeUndefined()
    expect(datasetTextProblem('description', 'bell\u0007')).toMatch(/U\+0007 .*only tabs and line breaks/)
    expect(datasetTextProblem('name', `x'); DROP TABLE t; -- ü 名前`)).toBeUndefined()
  })

  it('in a config plan: names the entry and the field', () => {
    expect(issuesOf({ plan: [{ type: 'document', count: 5, name: 'a\u0000b' }] })).toEqual([
      'plan[0].name: expected no control characters: contains the control character U+0000 at character 2 (none allowed), got "a\\u0000b"',
    ])
    expect(
      issuesOf({ plan: [{ type: 'document', count: 5, description: 'x\u001b]0;title\u0007' }] })[0],
    ).toMatch(/^plan\[0\]\.description: expected no control characters: .*U\+001B/)
  })
})

describe('config values say what they expect', () => {
  it.each([
    [
      { cleanupDays: -1 },
      'cleanupDays: expected a whole number of days ≥ 0 (0 removes everything older than now), got -1',
    ],
    [{ cleanupDays: 1.5 }, 'cleanupDays: expected a whole number of days ≥ 0, got 1.5'],
    [{ cleanupDays: 'ten' }, 'cleanupDays: expected a whole number of days ≥ 0, got "ten"'],
    [{ serve: { port: -1 } }, 'serve.port: expected a port number from 0 to 65535, got -1'],
    [{ serve: { queueSize: -3 } }, 'serve.queueSize: expected a whole number from 0 to 10000, got -3'],
  ])('%j', (config, message) => {
    expect(issuesOf(config)).toEqual([message])
  })
})

describe('API keys with whitespace', () => {
  const entry = { id: 'ci', role: 'admin' }
  it.each([
    'a key with spaces 12345',
    ' leading-space-key-123',
    'trailing-newline-key-1\n',
    'tab\tinside-the-key-123',
  ])('refused in the config: %j', (key) => {
    expect(issuesOf({ serve: { apiKeys: [{ ...entry, key }] } })[0]).toMatch(
      /^serve\.apiKeys\[0\]\.key: expected printable ASCII without spaces, at least 16 characters/,
    )
  })

  it('refused from a variable (keyEnv) and from TAILINGSIQ_API_KEYS', () => {
    expect(() =>
      resolveApiKeys([{ ...entry, role: 'admin', keyEnv: 'K' }], { K: 'a key with spaces 12345' }),
    ).toThrow(
      'serve.apiKeys[0].keyEnv: environment variable K is not a usable key (expected printable ASCII without spaces, at least 16 characters)',
    )
    expect(() => resolveApiKeys([], { TAILINGSIQ_API_KEYS: 'ci:admin:has a space in it 123' })).toThrow(
      /TAILINGSIQ_API_KEYS entry 1 must be id:role:key .* printable ASCII without spaces/,
    )
    expect(resolveApiKeys([], { TAILINGSIQ_API_KEYS: 'ci:admin:0123456789abcdef' })).toHaveLength(1)
  })
})
