import fastifyRateLimit, { normalizeIP } from '@fastify/rate-limit'
import fastifySwagger from '@fastify/swagger'
import type { FastifyRequest } from 'fastify'
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type FastifyPluginAsyncZod,
} from 'fastify-type-provider-zod'
import type { Actor } from '../access/actor.js'
import type { Toolkit } from '../commands/toolkit.js'
import { packageVersion } from '../util/package-info.js'
import { createAuthenticator, type ApiKey } from './api-keys.js'
import { registerDatasetRoutes } from './dataset-routes.js'
import { handleError, sendProblem } from './http-errors.js'
import type { JobRunner } from './job-runner.js'
import { ConcurrencyGate, FailureCounter, formatWindow, type WindowLimit } from './request-limits.js'
import { registerServiceRoutes } from './service-routes.js'

/** Options of {@link syntheticDataApi}. */
export interface SyntheticDataApiOptions {
  /** The toolkit the API acts through; each request acts as its authenticated actor. */
  readonly toolkit: Toolkit
  readonly jobs: JobRunner
  /** Keys and their actors. A host with its own authentication passes `authenticate` instead. */
  readonly apiKeys?: readonly ApiKey[]
  /** The actor of a request, or `undefined` for 401. Default: an `Authorization: Bearer` API key. */
  readonly authenticate?: (request: FastifyRequest) => Actor | undefined | Promise<Actor | undefined>
  /** Cap of a preview and of a created dataset's `record_count`. */
  readonly maxRecordsPerRequest: number
  /** Largest request body in bytes. Default is 64 KiB. */
  readonly bodyLimit?: number
  /**
   * Requests per window per actor (the authenticated key's id; the client address for `/health` and the
   * OpenAPI document); `false` for none. Default: 600 a minute.
   */
  readonly rateLimit?: false | WindowLimit
  /**
   * Failed authentications (401) per window per client address; past it every request of that address
   * needing a key answers 429 until the window ends. `false` for none. Default: 30 a minute.
   */
  readonly authFailureLimit?: false | WindowLimit
  /**
   * Heavy requests ({@link HEAVY_ROUTES}) running at once, and waiting beyond those; more answer 503 with
   * Retry-After. Default: 2 running, 32 waiting.
   */
  readonly heavyRequests?: { readonly concurrency: number; readonly queueSize: number }
}

/** What a route needs: the request's toolkit, acting as its actor. */
export interface RouteContext {
  readonly options: SyntheticDataApiOptions
  /** Heavy requests running and waiting now. */
  readonly heavyLoad: () => { readonly running: number; readonly waiting: number; readonly capacity: number }
  readonly toolkitOf: (request: FastifyRequest) => Toolkit
}

/** Routes that answer without a key: load balancers probe health, and the API describes itself. */
const PUBLIC = new Set(['/health', '/docs/openapi.json'])

/**
 * Routes that generate, stream or aggregate many rows. They share a bound on how many run at once, so that
 * `/health` and light reads stay fast while they run.
 */
export const HEAVY_ROUTES: ReadonlySet<string> = new Set([
  '/preview/:data_type',
  '/datasets/:id/export/:format',
  '/datasets/:id/stats',
  '/datasets/:id/verify',
  '/datasets/:id/report',
  '/stats',
  '/report',
])

/**
 * The synthetic-data HTTP API as a Fastify plugin: register it under a prefix in any Fastify 5 server.
 * Validation (zod), the OpenAPI document, error answers and rate limits are encapsulated in it and leave
 * the host's own routes alone.
 *
 * ### Examples
 * ```ts
 * const toolkit = await createToolkit({ db: process.env.DATABASE_URL })
 * const jobs = new JobRunner(await toolkit.database(), { concurrency: 1, queueSize: 16, staleAfterMs: 60_000, instance: 'web-1' })
 * await jobs.start()
 * await app.register(syntheticDataApi, { prefix: '/api/v1/synthetic-data', toolkit, jobs, apiKeys, maxRecordsPerRequest: 10_000 })
 * ```
 */
export const syntheticDataApi: FastifyPluginAsyncZod<SyntheticDataApiOptions> = async (app, options) => {
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.setErrorHandler(handleError)
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, 404, `No route ${request.method} ${request.url.split('?')[0]}`),
  )
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'TailingsIQ synthetic data',
        description: 'Create, fill, inspect and export synthetic TailingsIQ datasets.',
        version: packageVersion(),
      },
      servers: [{ url: app.prefix || '/' }],
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
    transform: (input) => {
      const result = jsonSchemaTransform(input)
      return { ...result, url: input.url.slice(app.prefix.length) || '/' }
    },
  })

  const actors = new WeakMap<FastifyRequest, { actorId: string; toolkit: Toolkit }>()
  const authenticate =
    options.authenticate ??
    (() => {
      const fromHeader = createAuthenticator(options.apiKeys ?? [])
      return (request: FastifyRequest) => fromHeader(request.headers.authorization)
    })()
  const routeOf = (request: FastifyRequest) =>
    (request.routeOptions.url ?? request.url).slice(app.prefix.length) || '/'
  const failureLimit = options.authFailureLimit ?? { max: 30, windowSeconds: 60 }
  const failures = failureLimit === false ? undefined : new FailureCounter(failureLimit)
  app.addHook('onRequest', async (request, reply) => {
    if (PUBLIC.has(routeOf(request))) return
    // An address that failed too often is refused before its key is looked at, so guessing stops there.
    const address = normalizeIP(request.ip)
    const blocked = failures?.blockedFor(address) ?? 0
    if (failureLimit !== false && blocked > 0) {
      void reply.header('retry-after', String(blocked))
      return sendProblem(
        reply,
        429,
        `Too many failed authentications from this address (${failureLimit.max} per ${formatWindow(failureLimit.windowSeconds)}); retry in ${blocked} s`,
      )
    }
    const actor = await authenticate(request)
    if (actor === undefined) {
      failures?.add(address)
      void reply.header('www-authenticate', 'Bearer')
      return sendProblem(reply, 401, 'Missing or unknown API key; send Authorization: Bearer <key>')
    }
    actors.set(request, { actorId: actor.id, toolkit: options.toolkit.as(actor) })
  })
  if (options.rateLimit !== false) {
    const limit = options.rateLimit ?? { max: 600, windowSeconds: 60 }
    await app.register(fastifyRateLimit, {
      max: limit.max,
      timeWindow: limit.windowSeconds * 1000,
      // Route hooks run after the authentication hook above, so the actor is known here: one budget per
      // actor however its key is spelt in the header.
      keyGenerator: (request) => {
        const actor = actors.get(request)
        return actor ? `actor:${actor.actorId}` : `address:${normalizeIP(request.ip)}`
      },
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        error: 'Too Many Requests',
        message: `Rate limit of ${context.max} requests per ${formatWindow(limit.windowSeconds)} exceeded; retry in ${Math.max(1, Math.ceil(context.ttl / 1000))} s`,
      }),
    })
  }
  const heavy = new ConcurrencyGate(options.heavyRequests ?? { concurrency: 2, queueSize: 32 })
  // After validation, so a request refused anyway never takes a slot.
  app.addHook('preHandler', async (request, reply) => {
    if (!HEAVY_ROUTES.has(routeOf(request))) return
    const gone = new AbortController()
    const entered = heavy.enter(gone.signal)
    if (entered === undefined) {
      void reply.header('retry-after', '1')
      return sendProblem(
        reply,
        503,
        `Too many heavy requests (preview, export, stats) at once: ${heavy.concurrency} running and ${heavy.queueSize} waiting; retry in 1 s`,
      )
    }
    // 'close' comes when the answer is sent, streamed to its end, or the client went away.
    reply.raw.once('close', () => gone.abort())
    const release = await entered
    if (gone.signal.aborted) return release()
    reply.raw.once('close', release)
  })

  const context: RouteContext = {
    options,
    heavyLoad: () => ({ ...heavy.load, capacity: heavy.concurrency }),
    toolkitOf: (request) => {
      const entry = actors.get(request)
      if (entry === undefined) throw new Error('route reached without an actor')
      return entry.toolkit
    },
  }
  registerDatasetRoutes(app, context)
  registerServiceRoutes(app, context)
  app.get('/docs/openapi.json', { schema: { hide: true } }, () => app.swagger())
}
