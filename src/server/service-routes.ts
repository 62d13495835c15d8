import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { assertCanModify } from '../access/actor.js'
import { DEFAULTS } from '../config/defaults.js'
import { writeRecords } from '../formats/record-file-writer.js'
import { resolveDatasetSpec } from '../generators/dataset-spec.js'
import { generateRecords } from '../generators/generate-records.js'
import { columnsOf } from '../generators/registry.js'
import {
  anyObject,
  errorAnswers,
  generateBody,
  health,
  job,
  jobAccepted,
  jobIdParams,
  previewParams,
  previewQuery,
  problem,
} from './api-schemas.js'
import { CONTENT_TYPES, createFrom, overCap, tooMany } from './dataset-routes.js'
import { sendProblem } from './http-errors.js'
import { createAnswerStream } from './request-limits.js'
import type { RouteContext } from './synthetic-data-api.js'

/** `POST /generate`, `GET /jobs/{id}`, `GET /preview/{type}`, `GET /stats` and `GET /health`. */
export function registerServiceRoutes(app: FastifyInstance, context: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>()
  const { toolkitOf, options, heavyLoad } = context

  api.post(
    '/generate',
    {
      bodyLimit: options.bodyLimit ?? 65_536,
      schema: {
        summary: 'Generate a dataset in the background (admins)',
        description:
          'Answers 202 at once with the job; follow it with GET /jobs/{id}. Either names a pending dataset (or a ' +
          'failed one with "resume": true), or describes a new one. A full job queue answers 503 with Retry-After.',
        body: generateBody,
        response: { 202: jobAccepted, ...errorAnswers, 503: problem },
      },
    },
    async (request, reply) => {
      const toolkit = toolkitOf(request)
      assertCanModify(toolkit.actor, 'generate datasets')
      const body = request.body
      const resume = 'dataset_id' in body && body.resume === true
      if ('dataset_id' in body) {
        const existing = await toolkit.datasets.get(body.dataset_id)
        if (existing.status === 'failed' && !resume) {
          return sendProblem(
            reply,
            409,
            `Dataset ${existing.id} is failed; send "resume": true to continue it from its last committed row`,
          )
        }
        if (existing.status !== 'pending' && existing.status !== 'failed') {
          return sendProblem(
            reply,
            409,
            `Dataset ${existing.id} is ${existing.status}; only a pending dataset can be generated, or a failed one resumed`,
          )
        }
        if (existing.record_count > options.maxRecordsPerRequest) return tooMany(reply, options)
      } else if (overCap(body.record_count, options)) {
        return tooMany(reply, options)
      }
      const accepted = await options.jobs.submit(
        toolkit,
        async () =>
          'dataset_id' in body
            ? body.dataset_id
            : (
                await createFrom(
                  toolkit,
                  {
                    ...body,
                    name:
                      body.name ??
                      `${body.data_type} · ${body.record_count === 'natural' ? 'natural cadence' : `${body.record_count} records`} · seed ${body.seed ?? toolkit.settings.seed}`,
                  },
                  options,
                )
              ).id,
        { resume },
      )
      const datasetId = accepted.dataset_id
      return reply
        .code(202)
        .header('location', `${app.prefix}/jobs/${accepted.id}`)
        .send({ job_id: accepted.id, dataset_id: datasetId, job: accepted })
    },
  )

  api.get(
    '/jobs/:id',
    {
      schema: {
        summary: 'A generation job and its progress',
        params: jobIdParams,
        response: { 200: job, ...errorAnswers },
      },
    },
    async (request, reply) => {
      const found = await options.jobs.get(request.params.id, toolkitOf(request).actor)
      return found ?? sendProblem(reply, 404, `Job ${request.params.id} does not exist`)
    },
  )

  api.get(
    '/preview/:data_type',
    {
      schema: {
        summary: 'Records generated on the fly, saved nowhere',
        description: 'count is capped by SYNTHETIC_DATA_MAX_RECORDS_PER_REQUEST.',
        params: previewParams,
        querystring: previewQuery,
        // The 200 answer is a stream in the format asked for.
        response: errorAnswers,
      },
    },
    async (request, reply) => {
      const settings = toolkitOf(request).settings
      const { count, seed, facilities, format, scenario } = request.query
      if (count > options.maxRecordsPerRequest) {
        const message = `count is over the cap of one request (${options.maxRecordsPerRequest}, SYNTHETIC_DATA_MAX_RECORDS_PER_REQUEST)`
        return sendProblem(reply, 422, `Invalid request: querystring.${message}`, [
          { field: 'querystring.count', message },
        ])
      }
      const type = request.params.data_type
      const spec = resolveDatasetSpec({
        type,
        count,
        defaultCount: DEFAULTS.count,
        facilities: facilities ?? settings.facilities,
        seed: seed ?? settings.seed,
        parameters: [settings.parameters[type], scenario === undefined ? undefined : { scenario }],
      })
      const body = createAnswerStream()
      writeRecords(format, columnsOf(type), generateRecords(spec), body).catch((error: unknown) =>
        body.destroy(error as Error),
      )
      return reply.type(CONTENT_TYPES[format]).send(body as never)
    },
  )

  api.get(
    '/stats',
    {
      schema: {
        summary: 'A summary of every dataset the caller may see',
        response: { 200: anyObject, ...errorAnswers },
      },
    },
    async (request) => ({ ...(await toolkitOf(request).stats()) }),
  )

  api.get(
    '/health',
    {
      schema: {
        summary: 'Whether the database is reachable and the schema at the latest migration (no key needed)',
        security: [],
        response: { 200: health, 503: health },
      },
    },
    async (_request, reply) => {
      const jobs = options.jobs.load
      const heavy_requests = heavyLoad()
      try {
        const status = await options.toolkit.migrate.status()
        const pending = status.filter((m) => !m.applied).map((m) => m.name)
        const schema =
          pending.length === 0 ? 'latest' : pending.length === status.length ? 'missing' : 'behind'
        return reply.code(schema === 'latest' ? 200 : 503).send({
          status: schema === 'latest' ? 'ok' : 'unavailable',
          database: 'reachable',
          schema,
          pending_migrations: pending,
          jobs,
          heavy_requests,
        })
      } catch {
        return reply.code(503).send({
          status: 'unavailable',
          database: 'unreachable',
          schema: 'unknown',
          pending_migrations: [],
          jobs,
          heavy_requests,
        })
      }
    },
  )
}
