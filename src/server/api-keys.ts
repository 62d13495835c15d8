import { createHash } from 'node:crypto'
import { ROLES, type Actor, type Role } from '../access/actor.js'
import { API_KEY_CHARACTERS, API_KEY_RULE, type ServeConfig } from '../config/config-schema.js'
import { ConfigError } from '../errors.js'

/** The variable that may hold API keys: `id:role:key` entries separated by commas. */
export const API_KEYS_ENV = 'TAILINGSIQ_API_KEYS'

/** An API key and the actor it stands for. */
export interface ApiKey {
  readonly key: string
  readonly actor: Actor
}

/**
 * The keys of `serve`: the config's `apiKeys` (each a `key`, or a `keyEnv` naming the variable that holds
 * it) and those of {@link API_KEYS_ENV}. Errors name the entry, never the key.
 */
export function resolveApiKeys(config: ServeConfig['apiKeys'], env: NodeJS.ProcessEnv): ApiKey[] {
  const keys: ApiKey[] = (config ?? []).map((entry, index) => {
    const key = entry.key ?? env[entry.keyEnv as string]
    if (key === undefined || key.length < 16 || !API_KEY_CHARACTERS.test(key)) {
      const problem =
        key === undefined
          ? 'not set'
          : key.length < 16
            ? 'shorter than 16 characters'
            : `not a usable key (expected ${API_KEY_RULE})`
      throw new ConfigError(
        `serve.apiKeys[${index}].keyEnv: environment variable ${entry.keyEnv} is ${problem}`,
        [`serve.apiKeys[${index}].keyEnv: expected a variable holding a key of ${API_KEY_RULE}`],
      )
    }
    return { key, actor: { id: entry.id, role: entry.role } }
  })
  const text = env[API_KEYS_ENV]?.trim()
  if (text) keys.push(...parseApiKeysEnv(text))
  const seen = new Set<string>()
  for (const { key, actor } of keys) {
    if (seen.has(key)) {
      throw new ConfigError(
        `Two API keys are the same (one of them is ${actor.id}'s); give each actor its own`,
        ['serve.apiKeys: expected distinct keys'],
      )
    }
    seen.add(key)
  }
  return keys
}

function parseApiKeysEnv(text: string): ApiKey[] {
  return text.split(',').map((entry, index) => {
    const [id, role, ...rest] = entry.trim().split(':')
    const key = rest.join(':')
    if (!id || !ROLES.includes(role as Role) || key.length < 16 || !API_KEY_CHARACTERS.test(key)) {
      throw new ConfigError(
        `${API_KEYS_ENV} entry ${index + 1} must be id:role:key with a role of ${ROLES.join(', ')} and a key of ${API_KEY_RULE}`,
        [`${API_KEYS_ENV}: expected id:role:key entries separated by commas`],
      )
    }
    return { key, actor: { id, role: role as Role } }
  })
}

/**
 * The actor of an `Authorization: Bearer <key>` header, or `undefined`. The scheme is case-insensitive,
 * whitespace around the header and between scheme and key is ignored, and the key is exactly one token.
 * Keys are compared by SHA-256 digest, so lookups take the same time whatever the key, and the keys
 * themselves are not kept in memory.
 */
export function createAuthenticator(
  keys: readonly ApiKey[],
): (header: string | undefined) => Actor | undefined {
  const digest = (key: string) => createHash('sha256').update(key).digest('base64')
  const actors = new Map(keys.map(({ key, actor }) => [digest(key), actor]))
  return (header) => {
    const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(header ?? '')
    return match ? actors.get(digest(match[1] as string)) : undefined
  }
}
