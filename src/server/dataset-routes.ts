import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { assertCanModify } from '../access/actor.js'
import { exportSourceOf } from '../commands/export.js'
import type { Toolkit } from '../commands/toolkit.js'
import type { FileFormat } from '../formats/record-file-writer.js'
import {
  anyObject,
  errorAnswers,
  createDatasetBody,
  dataset,
  datasetIdParams,
  datasetPage,
  datasetWithSample,
  exportParams,
  exportQuery,
  listQuery,
  showQuery,
  datasetVerification,
  verifyQuery,
} from './api-schemas.js'
import { sendProblem } from './http-errors.js'
import { createAnswerStream } from './request-limits.js'
import type { RouteContext } from './synthetic-data-api.js'

/** Content types of the export formats. */
export const CONTENT_TYPES: Readonly<Record<FileFormat, string>> = {
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
}

/** `GET/POST /datasets`, `GET/DELETE /datasets/{id}`, its stats and its streamed export. */
export function registerDatasetRoutes(app: FastifyInstance, context: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>()
  const { toolkitOf, options } = context

  api.get(
    '/datasets',
    {
      schema: {
        summary: 'List datasets, newest first',
        description: 'Users see their own datasets only; admins see all and may filter by owner.',
        querystring: listQuery,
        response: { 200: datasetPage, ...errorAnswers },
      },
    },
    async (request) => {
      const q = request.query
      return toolkitOf(request).datasets.list({
        limit: q.limit,
        offset: q.offset,
        ...(q.type ? { type: q.type } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.owner ? { owner: q.owner } : {}),
        ...(q.include_deleted ? { includeDeleted: true } : {}),
      })
    },
  )

  api.post(
    '/datasets',
    {
      bodyLimit: options.bodyLimit ?? 65_536,
      schema: {
        summary: 'Create a pending dataset (admins)',
        description: 'Fill it later with POST /generate and its dataset_id.',
        body: createDatasetBody,
        response: { 201: dataset, ...errorAnswers },
      },
    },
    async (request, reply) => {
      const toolkit = toolkitOf(request)
      assertCanModify(toolkit.actor, 'create datasets')
      if (overCap(request.body.record_count, options)) return tooMany(reply, options)
      const created = await createFrom(toolkit, request.body, options)
      return reply.code(201).send(created)
    },
  )

  api.get(
    '/datasets/:id',
    {
      schema: {
        summary: 'A dataset with sample records',
        params: datasetIdParams,
        querystring: showQuery,
        response: { 200: datasetWithSample, ...errorAnswers },
      },
    },
    async (request) => toolkitOf(request).datasets.get(request.params.id, { sample: request.query.sample }),
  )

  api.delete(
    '/datasets/:id',
    {
      schema: {
        summary: 'Soft-delete a dataset (admins)',
        params: datasetIdParams,
        response: { 200: dataset, ...errorAnswers },
      },
    },
    async (request) => toolkitOf(request).datasets.delete(request.params.id),
  )

  api.get(
    '/datasets/:id/stats',
    {
      schema: {
        summary: 'Statistics of one dataset, computed by SQL aggregates',
        params: datasetIdParams,
        response: { 200: anyObject, ...errorAnswers },
      },
    },
    async (request) => ({ ...(await toolkitOf(request).stats(request.params.id)) }),
  )

  api.get(
    '/datasets/:id/report',
    {
      schema: {
        summary: 'A self-contained HTML report with charts of one dataset',
        description:
          'One HTML document (chart library and data inlined, no further request) with the charts of the type, the manifest, row counts and column distributions, aggregated by the database.',
        params: datasetIdParams,
        // The 200 answer is an HTML document, not JSON described by a schema.
        response: errorAnswers,
      },
    },
    async (request, reply) => {
      const report = await toolkitOf(request).report({ ids: [request.params.id] })
      return reply.type('text/html; charset=utf-8').send(report.html as never)
    },
  )

  api.get(
    '/datasets/:id/verify',
    {
      schema: {
        summary: 'Regenerate a dataset from its manifest and compare it row by row with the database',
        description:
          'result is ok only when every table holds exactly the seeded rows; a difference is still a 200 answer.',
        params: datasetIdParams,
        querystring: verifyQuery,
        response: { 200: datasetVerification, ...errorAnswers },
      },
    },
    async (request) =>
      toolkitOf(request).datasets.verify(request.params.id, {
        includeDeleted: request.query.include_deleted === true,
      }),
  )

  api.get(
    '/datasets/:id/export/:format',
    {
      schema: {
        summary: 'Download a dataset as JSON, NDJSON or CSV, streamed',
        params: exportParams,
        querystring: exportQuery,
        // The 200 answer is a stream in the format asked for, not JSON described by a schema.
        response: errorAnswers,
      },
    },
    async (request, reply) => {
      const toolkit = toolkitOf(request)
      const { id, format } = request.params
      // Checked before the first byte, so an unknown or foreign dataset is still a clean 404.
      const found = await toolkit.datasets.get(id)
      exportSourceOf(found, request.query.source)
      const body = createAnswerStream()
      toolkit
        .export(id, {
          format,
          to: { stream: body },
          ...(request.query.source ? { source: request.query.source } : {}),
        })
        .then(
          () => body.end(),
          (error: unknown) => {
            // Headers are gone: cut the response short so the client sees a broken download, not a short one.
            request.log.error({ err: error }, `export of dataset ${id} failed`)
            body.destroy(error as Error)
          },
        )
      return reply
        .type(CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename="dataset-${id}-${found.data_type}.${format}"`)
        .send(body as never)
    },
  )
}

/** Creates a pending dataset from a request body (already checked against the caps). */
export async function createFrom(
  toolkit: Toolkit,
  body: {
    name: string
    data_type: string
    record_count: number | 'natural'
    description?: string | undefined
    parameters?: Record<string, unknown> | undefined
    seed?: number | undefined
    facilities?: number | undefined
  },
  options: { maxRecordsPerRequest: number },
) {
  return toolkit.datasets.create({
    name: body.name,
    type: body.data_type,
    count: body.record_count,
    // A natural count is known once the calendar is resolved: the per-request cap is checked then.
    maxRecords: { limit: options.maxRecordsPerRequest, hint: 'SYNTHETIC_DATA_MAX_RECORDS_PER_REQUEST' },
    ...(body.description !== undefined ? { description: body.description } : {}),
    ...(body.parameters !== undefined ? { parameters: body.parameters } : {}),
    ...(body.seed !== undefined ? { seed: body.seed } : {}),
    ...(body.facilities !== undefined ? { facilities: body.facilities } : {}),
  })
}

/** Whether a requested count is over the per-request cap (a natural one is checked when it is resolved). */
export function overCap(count: number | 'natural', options: { maxRecordsPerRequest: number }): boolean {
  return count !== 'natural' && count > options.maxRecordsPerRequest
}

/** 422 for a record count over the per-request cap. */
export function tooMany(reply: Parameters<typeof sendProblem>[0], options: { maxRecordsPerRequest: number }) {
  const message = `record_count is over the cap of one request (${options.maxRecordsPerRequest}, SYNTHETIC_DATA_MAX_RECORDS_PER_REQUEST)`
  return sendProblem(reply, 422, `Invalid request: body.${message}`, [
    { field: 'body.record_count', message },
  ])
}
