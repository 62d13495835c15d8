import { hostname } from 'node:os'
import type { Settings } from '../config/settings.js'
import { UsageError } from '../errors.js'
import { API_KEYS_ENV, resolveApiKeys, type ApiKey } from './api-keys.js'

/** Default mount point of the API. */
export const DEFAULT_PREFIX = '/api/v1/synthetic-data'

/** Everything `serve` needs, resolved from the config's `serve` section, the environment and flags. */
export interface ServeOptions {
  readonly host: string
  readonly port: number
  readonly prefix: string
  readonly apiKeys: readonly ApiKey[]
  readonly concurrency: number
  readonly queueSize: number
  readonly rateLimit: false | { readonly max: number; readonly windowSeconds: number }
  readonly authFailureLimit: false | { readonly max: number; readonly windowSeconds: number }
  readonly heavyRequests: { readonly concurrency: number; readonly queueSize: number }
  readonly bodyLimit: number
  readonly jobStaleAfterMs: number
  readonly instance: string
  /** Cap of one preview, and of the records one created dataset may ask for. */
  readonly maxRecordsPerRequest: number
}

/** Flags of `tailingsiq-seed serve`: they win over the config. */
export type ServeFlags = Partial<Pick<ServeOptions, 'host' | 'port' | 'prefix' | 'instance'>>

/**
 * Resolves the server's options. Defaults: loopback on port 3000, the API at {@link DEFAULT_PREFIX}, one job
 * at a time with 16 waiting, 600 requests a minute per actor, 30 failed authentications a minute per address,
 * 2 heavy requests at a time with 32 waiting, 64 KiB bodies, jobs abandoned after 60 s of silence.
 */
export function resolveServeOptions(
  settings: Settings,
  flags: ServeFlags = {},
  env: NodeJS.ProcessEnv = process.env,
): ServeOptions {
  const config = settings.serve ?? {}
  const port = flags.port ?? config.port ?? 3000
  return {
    host: flags.host ?? config.host ?? '127.0.0.1',
    port,
    prefix: flags.prefix ?? config.prefix ?? DEFAULT_PREFIX,
    apiKeys: resolveApiKeys(config.apiKeys, env),
    concurrency: config.concurrency ?? 1,
    queueSize: config.queueSize ?? 16,
    rateLimit: config.rateLimit ?? { max: 600, windowSeconds: 60 },
    authFailureLimit: config.authFailureLimit ?? { max: 30, windowSeconds: 60 },
    heavyRequests: { concurrency: config.heavyConcurrency ?? 2, queueSize: config.heavyQueueSize ?? 32 },
    bodyLimit: config.bodyLimit ?? 65_536,
    jobStaleAfterMs: (config.jobStaleAfterSeconds ?? 60) * 1000,
    instance: flags.instance ?? config.instance ?? `${hostname()}:${port}`,
    maxRecordsPerRequest: settings.maxRecordsPerRequest,
  }
}

/** Throws unless the options hold at least one API key: a server nobody can call is a mistake. */
export function assertHasKeys(options: ServeOptions): void {
  if (options.apiKeys.length === 0) {
    throw new UsageError(
      `serve needs at least one API key: set serve.apiKeys in the config or ${API_KEYS_ENV}=id:role:key`,
    )
  }
}
