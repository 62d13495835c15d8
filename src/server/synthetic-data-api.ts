import { createHash } from 'node:crypto'
import fastifyRateLimit from '@fastify/rate-limit'
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
  /** Requests per window per key (or address); `false` for none. Default: 600 a minute. */
  readonly rateLimit?: false | { readonly max: number; readonly windowSeconds: number }
}

/** What a route needs: the request's toolkit, acting as its actor. */
export interface RouteContext {
  readonly options: SyntheticDataApiOptions
  readonly toolkitOf: (request: FastifyRequest) => Toolkit
}

/** Routes that answer without a key: load balancers probe health, and the API describes itself. */
const PUBLIC = new Set(['/health', '/docs/openapi.json'])

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

  const actors = new WeakMap<FastifyRequest, Toolkit>()
  const authenticate =
    options.authenticate ??
    (() => {
      const fromHeader = createAuthenticator(options.apiKeys ?? [])
      return (request: FastifyRequest) => fromHeader(request.headers.authorization)
    })()
  const routeOf = (request: FastifyRequest) =>
    (request.routeOptions.url ?? request.url).slice(app.prefix.length) || '/'
  app.addHook('onRequest', async (request, reply) => {
    if (PUBLIC.has(routeOf(request))) return
    const actor = await authenticate(request)
    if (actor === undefined) {
      void reply.header('www-authenticate', 'Bearer')
      return sendProblem(reply, 401, 'Missing or unknown API key; send Authorization: Bearer <key>')
    }
    actors.set(request, options.toolkit.as(actor))
  })
  if (options.rateLimit !== false) {
    const limit = options.rateLimit ?? { max: 600, windowSeconds: 60 }
    await app.register(fastifyRateLimit, {
      max: limit.max,
      timeWindow: limit.windowSeconds * 1000,
      keyGenerator: (request) => {
        const header = request.headers.authorization
        return header ? createHash('sha256').update(header).digest('base64') : request.ip
      },
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        error: 'Too Many Requests',
        message: `Rate limit of ${context.max} requests per ${context.after} reached; retry after ${Math.ceil(context.ttl / 1000)} s`,
      }),
    })
  }

  const context: RouteContext = {
    options,
    toolkitOf: (request) => {
      const toolkit = actors.get(request)
      if (toolkit === undefined) throw new Error('route reached without an actor')
      return toolkit
    },
  }
  registerDatasetRoutes(app, context)
  registerServiceRoutes(app, context)
  app.get('/docs/openapi.json', { schema: { hide: true } }, () => app.swagger())
}
