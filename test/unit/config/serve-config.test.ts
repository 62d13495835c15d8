import { describe, expect, it } from 'vitest'
import { configSchema } from '../../../src/config/config-schema.js'
import { formatIssues } from '../../../src/config/format-issues.js'
import { resolveSettings } from '../../../src/config/settings.js'
import { ConfigError } from '../../../src/errors.js'
import { createAuthenticator, resolveApiKeys } from '../../../src/server/api-keys.js'
import { resolveServeOptions } from '../../../src/server/server-options.js'

const issuesOf = (config: unknown) => {
  const parsed = configSchema.safeParse(config, { reportInput: true })
  return parsed.success ? [] : formatIssues(parsed.error)
}

describe('serve config', () => {
  it('accepts keys given inline or by environment variable, and resolves defaults', () => {
    const config = configSchema.parse({
      serve: {
        apiKeys: [
          { key: 'k'.repeat(16), id: 'ci', role: 'admin' },
          { keyEnv: 'VIEWER_KEY', id: 'v', role: 'user' },
        ],
      },
    })
    const options = resolveServeOptions(resolveSettings({ config }), {}, { VIEWER_KEY: 'v'.repeat(20) })
    expect(options).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      prefix: '/api/v1/synthetic-data',
      concurrency: 1,
      queueSize: 16,
      rateLimit: { max: 600, windowSeconds: 60 },
      authFailureLimit: { max: 30, windowSeconds: 60 },
      heavyRequests: { concurrency: 2, queueSize: 32 },
      bodyLimit: 65_536,
      jobStaleAfterMs: 60_000,
      maxRecordsPerRequest: 10_000,
    })
    expect(options.apiKeys.map((k) => k.actor)).toEqual([
      { id: 'ci', role: 'admin' },
      { id: 'v', role: 'user' },
    ])
  })

  it.each([
    [
      { apiKeys: [{ key: 'short', id: 'a', role: 'admin' }] },
      /serve\.apiKeys\[0\]\.key: expected at least 16 characters/,
    ],
    [
      { apiKeys: [{ id: 'a', role: 'admin' }] },
      /serve\.apiKeys\[0\]: expected exactly one of key and keyEnv/,
    ],
    [
      { apiKeys: [{ key: 'k'.repeat(16), id: 'a', role: 'owner' }] },
      /serve\.apiKeys\[0\]\.role: expected one of user, admin, super_admin/,
    ],
    [
      { apiKeys: [{ key: 'k'.repeat(16), id: 'a:b', role: 'user' }] },
      /serve\.apiKeys\[0\]\.id: expected no commas or colons/,
    ],
    [{ prefix: 'api' }, /serve\.prefix: expected a path/],
    [{ port: 70_000 }, /serve\.port/],
    [{ queueSize: -1 }, /serve\.queueSize/],
    [{ rateLimit: { max: 0, windowSeconds: 60 } }, /serve\.rateLimit/],
    [{ authFailureLimit: { max: 30 } }, /serve\.authFailureLimit/],
    [{ heavyConcurrency: 0 }, /serve\.heavyConcurrency/],
    [{ heavyQueueSize: -1 }, /serve\.heavyQueueSize/],
    [{ colour: 'red' }, /unknown key "colour"/],
  ])('refuses %o naming the key', (serve, message) => {
    expect(issuesOf({ serve }).join('\n')).toMatch(message)
  })

  it('names a missing key variable and duplicate keys without printing a key', () => {
    expect(() => resolveApiKeys([{ keyEnv: 'MISSING_KEY', id: 'a', role: 'admin' }], {})).toThrow(
      /serve\.apiKeys\[0\]\.keyEnv: environment variable MISSING_KEY is not set/,
    )
    const key = 'same-key-0123456789'
    try {
      resolveApiKeys([{ key, id: 'a', role: 'admin' }], { TAILINGSIQ_API_KEYS: `b:user:${key}` })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      expect((error as Error).message).toMatch(/Two API keys are the same/)
      expect((error as Error).message).not.toContain(key)
    }
  })

  it('authenticates Bearer keys only, case-insensitive scheme, exact key', () => {
    const authenticate = createAuthenticator(
      resolveApiKeys(undefined, { TAILINGSIQ_API_KEYS: 'ci:admin:0123456789abcdef:x' }),
    )
    expect(authenticate('Bearer 0123456789abcdef:x')).toEqual({ id: 'ci', role: 'admin' })
    expect(authenticate('bearer 0123456789abcdef:x')).toEqual({ id: 'ci', role: 'admin' })
    expect(authenticate(' BEARER \t 0123456789abcdef:x  ')).toEqual({ id: 'ci', role: 'admin' })
    expect(authenticate('Bearer 0123456789abcdef:x extra')).toBeUndefined()
    expect(authenticate('Bearer 0123456789abcdef:')).toBeUndefined()
    expect(authenticate('Basic 0123456789abcdef:x')).toBeUndefined()
    expect(authenticate(undefined)).toBeUndefined()
  })
})
