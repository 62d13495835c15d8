import { request as httpRequest } from 'node:http'
import { Worker } from 'node:worker_threads'
import { parse as parseCsv } from 'csv-parse/sync'
import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToolkit, type Toolkit } from '../../src/commands/toolkit.js'
import { createRecordSerializer } from '../../src/formats/record-serializer.js'
import { resolveDatasetSpec } from '../../src/generators/dataset-spec.js'
import { generateRecords } from '../../src/generators/generate-records.js'
import { columnsOf } from '../../src/generators/registry.js'
import { startServer, type RunningServer } from '../../src/server/create-server.js'
import { JobRunner } from '../../src/server/job-runner.js'
import { syntheticDataApi } from '../../src/server/synthetic-data-api.js'
import { resolveServeOptions, type ServeOptions } from '../../src/server/server-options.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.js'

// The HTTP API over real HTTP on a loopback port, on each database: every endpoint, every role rule, every
// error status, a large streamed export re-parsed, and background jobs followed to completion.

const KEYS = {
  admin: 'admin-key-0123456789abcdef',
  superAdmin: 'super-key-0123456789abcdef',
  alice: 'alice-key-0123456789abcdef',
  bob: 'bob-key-0123456789abcdefgh',
}
const API_KEYS = `admin1:admin:${KEYS.admin},root:super_admin:${KEYS.superAdmin},alice:user:${KEYS.alice},bob:user:${KEYS.bob}`
const PREFIX = '/api/v1/synthetic-data'
// Large enough to stream in many pieces: 10 cursor batches on PostgreSQL (2,000 rows), 20 stream chunks on
// MariaDB (1,000), and several MB of NDJSON through the socket.
const EXPORT_ROWS = 20_000

interface Answer {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  json<T = Record<string, unknown>>(): T
}

function client(server: () => RunningServer) {
  return async (
    path: string,
    options: { key?: string | null; method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> => {
    const headers: Record<string, string> = { ...options.headers }
    const key = options.key === undefined ? KEYS.admin : options.key
    if (key !== null) headers['authorization'] = `Bearer ${key}`
    if (options.body !== undefined) headers['content-type'] ??= 'application/json'
    const response = await fetch(`${server().url}${PREFIX}${path}`, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      ...(options.body !== undefined
        ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
        : {}),
    })
    const text = await response.text()
    return {
      status: response.status,
      headers: response.headers,
      text,
      json: <T>() => JSON.parse(text) as T,
    }
  }
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await fn()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

function expectProblem(answer: Answer, status: number, message: RegExp): void {
  expect(answer.status, answer.text).toBe(status)
  const body = answer.json<{ statusCode: number; message: string }>()
  expect(body.statusCode).toBe(status)
  expect(body.message).toMatch(message)
  expect(answer.text).not.toMatch(/\n\s+at |\.ts:\d+|select .* from/i)
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: the HTTP API`, () => {
    let test: TestDatabase
    let toolkit: Toolkit
    let server: RunningServer
    let aliceDataset: number
    let bigDataset: number
    const api = client(() => server)

    const options = (overrides: Partial<ServeOptions> = {}): ServeOptions => ({
      ...resolveServeOptions(
        toolkit.settings,
        { port: 0, instance: `test-${dialect}` },
        { TAILINGSIQ_API_KEYS: API_KEYS },
      ),
      concurrency: 1,
      queueSize: 1,
      maxRecordsPerRequest: 5000,
      rateLimit: { max: 10_000, windowSeconds: 60 },
      bodyLimit: 4096,
      ...overrides,
    })

    beforeAll(async () => {
      test = await createTestDatabase(dialect, 'server-api')
      toolkit = await createToolkit({ db: test.url, config: {}, useEnvironment: false })
      await toolkit.migrate.latest()
      const alice = await toolkit.run({
        types: ['monitoring'],
        count: 300,
        owner: 'alice',
        name: 'alice-monitoring',
      })
      aliceDataset = alice.datasets[0]!.id
      // Typed rows only: the export test also checks that asking for the JSON records is refused.
      const typedOnly = await createToolkit({
        db: test.url,
        config: { storage: 'typed' },
        useEnvironment: false,
      })
      const big = await typedOnly
        .run({ types: ['monitoring'], count: EXPORT_ROWS, owner: 'admin1', name: 'big-export' })
        .finally(() => typedOnly.close())
      bigDataset = big.datasets[0]!.id
      server = await startServer(toolkit, options(), { logLevel: false })
    })
    afterAll(async () => {
      await server?.close()
      await toolkit?.close()
      await test?.drop()
    })

    it('answers /health without a key: database reachable, schema at latest', async () => {
      const health = await api('/health', { key: null })
      expect(health.status).toBe(200)
      expect(health.json()).toMatchObject({
        status: 'ok',
        database: 'reachable',
        schema: 'latest',
        pending_migrations: [],
      })
    })

    it('serves an OpenAPI document generated from the request schemas', async () => {
      const doc = (await api('/docs/openapi.json', { key: null })).json<{
        openapi: string
        servers: { url: string }[]
        paths: Record<
          string,
          Record<
            string,
            {
              requestBody?: {
                content: Record<
                  string,
                  { schema: { properties: Record<string, unknown>; required: string[] } }
                >
              }
            }
          >
        >
      }>()
      expect(doc.openapi).toMatch(/^3\./)
      expect(doc.servers[0]?.url).toBe(PREFIX)
      expect(Object.keys(doc.paths).sort()).toEqual(
        [
          '/datasets',
          '/datasets/{id}',
          '/datasets/{id}/export/{format}',
          '/datasets/{id}/report',
          '/datasets/{id}/stats',
          '/datasets/{id}/verify',
          '/generate',
          '/health',
          '/jobs/{id}',
          '/preview/{data_type}',
          '/stats',
        ].sort(),
      )
      const create = doc.paths['/datasets']!['post']!.requestBody!.content['application/json']!.schema
      expect(create.required).toEqual(expect.arrayContaining(['name', 'data_type', 'record_count']))
      expect(create.properties['data_type']).toMatchObject({
        enum: expect.arrayContaining(['monitoring', 'financial']),
      })
    })

    it('answers 401 without a key, with an unknown key, or with another scheme', async () => {
      const attempts: Record<string, string>[] = [
        {},
        { authorization: 'Bearer not-a-key-at-all-000000' },
        { authorization: `Basic ${KEYS.admin}` },
      ]
      for (const headers of attempts) {
        const answer = await api('/datasets', { key: null, headers })
        expectProblem(answer, 401, /Missing or unknown API key/)
        expect(answer.headers.get('www-authenticate')).toBe('Bearer')
      }
    })

    it('lists datasets newest first with filters and a total; users see only their own', async () => {
      const all = (await api('/datasets')).json<{
        datasets: { id: number; created_by: string }[]
        total: number
      }>()
      expect(all.total).toBe(2)
      expect(all.datasets.map((d) => d.id)).toEqual([bigDataset, aliceDataset])
      const page = (await api('/datasets?limit=1&offset=1')).json<{
        datasets: { id: number }[]
        total: number
        limit: number
      }>()
      expect(page).toMatchObject({ total: 2, limit: 1, offset: 1, datasets: [{ id: aliceDataset }] })
      expect((await api('/datasets?owner=alice')).json()).toMatchObject({ total: 1 })
      expect((await api('/datasets?type=document')).json()).toMatchObject({ total: 0 })
      expect((await api('/datasets?status=completed&type=monitoring')).json()).toMatchObject({ total: 2 })
      const alice = (await api('/datasets', { key: KEYS.alice })).json<{
        datasets: { created_by: string }[]
        total: number
      }>()
      expect(alice.total).toBe(1)
      expect(alice.datasets.every((d) => d.created_by === 'alice')).toBe(true)
      // A user's owner filter cannot widen what it sees.
      expect((await api('/datasets?owner=admin1', { key: KEYS.alice })).json()).toMatchObject({ total: 1 })
      expect((await api('/datasets', { key: KEYS.bob })).json()).toMatchObject({ total: 0 })
    })

    it('answers 422 naming the field for bad filters', async () => {
      const answer = await api('/datasets?limit=0&type=weather')
      expectProblem(answer, 422, /querystring\.limit/)
      const fields = answer.json<{ issues: { field: string }[] }>().issues.map((i) => i.field)
      expect(fields).toEqual(expect.arrayContaining(['querystring.limit', 'querystring.type']))
      expectProblem(
        await api('/datasets?colour=red'),
        422,
        /querystring\.colour: unknown field "colour"; expected one of type, status, owner/,
      )
    })

    it('shows a dataset with sample records to its owner and admins; 404 to others and for unknown ids', async () => {
      const own = await api(`/datasets/${aliceDataset}?sample=3`, { key: KEYS.alice })
      expect(own.status).toBe(200)
      const body = own.json<{ id: number; sample: { record_index: number }[] }>()
      expect(body.id).toBe(aliceDataset)
      expect(body.sample.map((r) => r.record_index)).toEqual([0, 1, 2])
      expect((await api(`/datasets/${aliceDataset}`, { key: KEYS.superAdmin })).status).toBe(200)
      expectProblem(
        await api(`/datasets/${aliceDataset}`, { key: KEYS.bob }),
        404,
        new RegExp(`Dataset ${aliceDataset} does not exist`),
      )
      expectProblem(await api('/datasets/999999'), 404, /Dataset 999999 does not exist/)
      expectProblem(
        await api('/datasets/abc'),
        422,
        /params\.id: expected a dataset id \(decimal digits\); got "abc"/,
      )
      // Number() reads these as 1; an id is decimal digits only.
      for (const spelling of ['0x1', '1e0', '%201', '1.0', '+1']) {
        expectProblem(
          await api(`/datasets/${spelling}`),
          422,
          /params\.id: expected a dataset id \(decimal digits\)/,
        )
        expectProblem(await api(`/datasets/${spelling}/stats`), 422, /params\.id/)
      }
      expect((await api(`/datasets/00${aliceDataset}`)).json()).toMatchObject({ id: aliceDataset })
    })

    it('creates pending datasets for admins only, validating and capping the body', async () => {
      const body = {
        name: 'created',
        data_type: 'financial',
        record_count: 40,
        description: "x'); drop table y; --",
      }
      const created = await api('/datasets', { body, key: KEYS.superAdmin })
      expect(created.status, created.text).toBe(201)
      expect(created.json()).toMatchObject({
        ...body,
        status: 'pending',
        created_by: 'root',
        records_written: 0,
      })
      expectProblem(
        await api('/datasets', { body, key: KEYS.alice }),
        403,
        /Role "user" may not create datasets/,
      )
      const bad = await api('/datasets', {
        body: { name: '', data_type: 'weather', record_count: 1.5, extra: 1 },
      })
      expectProblem(bad, 422, /Invalid request/)
      expect(bad.json<{ issues: { field: string }[] }>().issues.map((i) => i.field)).toEqual(
        expect.arrayContaining(['body.name', 'body.data_type', 'body.record_count', 'body.extra']),
      )
      expectProblem(
        await api('/datasets', { body: { ...body, record_count: 5001 } }),
        422,
        /record_count is over the cap of one request \(5000/,
      )
      expectProblem(
        await api('/datasets', { body: { ...body, description: 'x'.repeat(5000) } }),
        413,
        /Request body is too large/,
      )
      expectProblem(await api('/datasets', { body: '{"name":', headers: {} }), 400, /not valid JSON/)
    })

    it('names the field at fault, the allowed values and the value sent in a 422, for both shapes of /generate', async () => {
      const types = 'monitoring, document, compliance, geotechnical, environmental, financial'
      for (const path of ['/datasets', '/generate']) {
        const badType = await api(path, { body: { name: 'x', data_type: 'foo', record_count: 5 } })
        expectProblem(badType, 422, new RegExp(`body\\.data_type: expected one of ${types}; got "foo"`))
        expect(badType.json<{ issues: unknown[] }>().issues).toEqual([
          { field: 'body.data_type', message: `expected one of ${types}; got "foo"` },
        ])
        expectProblem(
          await api(path, { body: { name: 'x', data_type: 'document', record_count: 5, facility_count: 3 } }),
          422,
          /^Invalid request: body\.facility_count: unknown field "facility_count"; expected one of name, data_type, record_count/,
        )
      }
      expectProblem(
        await api('/generate', { body: { dataset_id: 'x1' } }),
        422,
        /^Invalid request: body\.dataset_id: expected a dataset id/,
      )
      expectProblem(
        await api('/generate', { body: { dataset_id: 1, colour: 'red' } }),
        422,
        /^Invalid request: body\.colour: unknown field "colour"; expected one of dataset_id, resume$/,
      )
      expectProblem(
        await api('/datasets/1/export/xml'),
        422,
        /params\.format: expected one of json, ndjson, csv; got "xml"/,
      )
    })

    it("accepts the original API's example body for POST /generate, parameters.facility_count as facilities", async () => {
      const seedExample = { data_type: 'monitoring', record_count: 500, parameters: { facility_count: 5 } }
      const accepted = await api('/generate', { body: seedExample })
      expect(accepted.status, accepted.text).toBe(202)
      const { job_id, dataset_id } = accepted.json<{ job_id: string; dataset_id: number }>()
      await waitFor('the job', async () =>
        (await api(`/jobs/${job_id}`)).json<{ status: string }>().status === 'completed' ? true : undefined,
      )
      expect((await api(`/datasets/${dataset_id}`)).json()).toMatchObject({
        name: 'monitoring · 500 records · seed 42',
        status: 'completed',
        records_written: 500,
        facility_count: 5,
      })
      const created = await api('/datasets', {
        body: {
          name: 'seed-shape',
          data_type: 'document',
          record_count: 10,
          parameters: { facility_count: 2 },
        },
      })
      expect(created.json()).toMatchObject({ facility_count: 2 })
      expectProblem(
        await api('/generate', { body: { ...seedExample, facilities: 4 } }),
        422,
        /body\.parameters\.facility_count: expected the same number as facilities \(4\)/,
      )
      expectProblem(
        await api('/generate', { body: { ...seedExample, parameters: { facility_count: 0 } } }),
        422,
        /body\.parameters\.facility_count: expected a whole number from 1 to 10000/,
      )
    })

    it('takes record_count "natural": the period decides it, capped per request once resolved', async () => {
      const body = {
        data_type: 'financial',
        record_count: 'natural',
        parameters: { start: '2024-01-01', end: '2024-12-31', facility_count: 2 },
      }
      const expected = resolveDatasetSpec({
        type: 'financial',
        count: 'natural',
        defaultCount: 1,
        facilities: 2,
        seed: 42,
        parameters: [{ start: '2024-01-01', end: '2024-12-31' }],
      }).count
      const accepted = await api('/generate', { body })
      expect(accepted.status, accepted.text).toBe(202)
      const { job_id, dataset_id } = accepted.json<{ job_id: string; dataset_id: number }>()
      await waitFor('the job', async () =>
        (await api(`/jobs/${job_id}`)).json<{ status: string }>().status === 'completed' ? true : undefined,
      )
      expect((await api(`/datasets/${dataset_id}`)).json()).toMatchObject({
        name: 'financial · natural cadence · seed 42',
        record_count: expected,
        records_written: expected,
      })
      const tooMany = { ...body, name: 'big', data_type: 'environmental', parameters: { end: '2024-12-31' } }
      expectProblem(await api('/datasets', { body: tooMany }), 422, /SYNTHETIC_DATA_MAX_RECORDS_PER_REQUEST/)
      expectProblem(
        await api('/datasets', { body: { ...body, name: 'geo', data_type: 'geotechnical', parameters: {} } }),
        422,
        /geotechnical has no natural cadence/,
      )
    })

    it('takes a scenario preset in parameters, and refuses an unknown one naming the presets', async () => {
      const created = await api('/datasets', {
        body: { name: 'dry', data_type: 'monitoring', record_count: 10, parameters: { scenario: 'drought' } },
      })
      expect(created.status, created.text).toBe(201)
      expect(created.json()).toMatchObject({ parameters: { scenario: 'drought' } })
      expectProblem(
        await api('/datasets', {
          body: { name: 'x', data_type: 'monitoring', record_count: 10, parameters: { scenario: 'nope' } },
        }),
        422,
        /body\.parameters\.scenario: expected one of baseline, extreme-storm, progressive-failure, drought, closure, non-compliant-operator/,
      )
    })

    it('answers 422 for control characters in a name or description, and stores nothing', async () => {
      const before = (await api('/datasets?include_deleted=true')).json<{ total: number }>().total
      const bodies = [
        { name: 'nul\u0000name', field: 'body.name', code: 'U+0000' },
        { name: 'esc\u001b]0;title\u0007', field: 'body.name', code: 'U+001B' },
        { name: 'ok', description: 'line\nnul\u0000', field: 'body.description', code: 'U+0000' },
        { name: 'ok', description: 'c1\u009b31m', field: 'body.description', code: 'U+009B' },
      ]
      for (const { field, code, ...text } of bodies) {
        for (const path of ['/datasets', '/generate']) {
          const answer = await api(path, { body: { ...text, data_type: 'document', record_count: 5 } })
          expectProblem(
            answer,
            422,
            new RegExp(
              `${field.replace('.', '\\.')}: expected no control characters; found ${code.replace('+', '\\+')} at character \\d+$`,
            ),
          )
        }
      }
      expect((await api('/datasets?include_deleted=true')).json<{ total: number }>().total).toBe(before)
      const multiline = await api('/datasets', {
        body: {
          name: 'multi-line',
          description: 'first\r\n\tsecond',
          data_type: 'document',
          record_count: 5,
        },
      })
      expect(multiline.status, multiline.text).toBe(201)
    })

    it('generates in the background: 202 at once, the job followed to completion, the rows in the database', async () => {
      const accepted = await api('/generate', {
        body: { name: 'generated', data_type: 'geotechnical', record_count: 1200, seed: 7 },
      })
      expect(accepted.status, accepted.text).toBe(202)
      const { job_id, dataset_id } = accepted.json<{ job_id: string; dataset_id: number }>()
      expect(accepted.headers.get('location')).toBe(`${PREFIX}/jobs/${job_id}`)
      const done = await waitFor('the job', async () => {
        const job = (await api(`/jobs/${job_id}`)).json<{ status: string }>()
        return job.status === 'completed' || job.status === 'failed' ? job : undefined
      })
      expect(done).toMatchObject({
        status: 'completed',
        dataset_id,
        records_written: 1200,
        record_count: 1200,
        dataset_status: 'completed',
        error: null,
      })
      const dataset = (await api(`/datasets/${dataset_id}`)).json()
      expect(dataset).toMatchObject({
        status: 'completed',
        records_written: 1200,
        seed: 7,
        created_by: 'admin1',
      })

      // The two-step flow: create pending, then generate it by id.
      const pending = (
        await api('/datasets', { body: { name: 'two-step', data_type: 'document', record_count: 50 } })
      ).json<{ id: number }>()
      const second = await api('/generate', { body: { dataset_id: pending.id } })
      expect(second.status, second.text).toBe(202)
      const job = second.json<{ job_id: string }>().job_id
      await waitFor('the second job', async () =>
        (await api(`/jobs/${job}`)).json<{ status: string }>().status === 'completed' ? true : undefined,
      )
      expectProblem(
        await api('/generate', { body: { dataset_id: pending.id } }),
        409,
        /is completed; only a pending dataset can be generated, or a failed one resumed/,
      )
      expectProblem(await api('/generate', { body: { dataset_id: 999999 } }), 404, /does not exist/)
      expectProblem(
        await api('/generate', { key: KEYS.alice, body: { dataset_id: pending.id } }),
        403,
        /may not generate datasets/,
      )
      expectProblem(await api(`/jobs/${job}`, { key: KEYS.alice }), 404, /does not exist/)
      expectProblem(await api('/jobs/not-a-uuid'), 422, /params\.id/)
    })

    it('keeps a job running after its client disconnects', async () => {
      const url = new URL(`${server.url}${PREFIX}/generate`)
      const request = httpRequest(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEYS.admin}`, 'content-type': 'application/json' },
      })
      const gone = new Promise<void>((resolve) => request.on('close', () => resolve()))
      request.on('error', () => undefined)
      request.end(
        JSON.stringify({ name: 'abandoned-client', data_type: 'environmental', record_count: 3000 }),
      )
      // The client goes away as soon as the server has taken the request (its dataset exists), without reading
      // the answer.
      await waitFor('the server to take the request', async () => {
        const list = (await api('/datasets?limit=100')).json<{ datasets: { name: string }[] }>()
        return list.datasets.some((d) => d.name === 'abandoned-client') ? true : undefined
      })
      request.destroy()
      await gone
      const dataset = await waitFor('the dataset of the abandoned request', async () => {
        const list = (await api('/datasets?limit=100')).json<{
          datasets: { name: string; status: string; records_written: number }[]
        }>()
        const found = list.datasets.find((d) => d.name === 'abandoned-client')
        return found?.status === 'completed' ? found : undefined
      })
      expect(dataset.records_written).toBe(3000)
    })

    it('bounds the job queue: a full queue answers 503 with Retry-After and creates nothing', async () => {
      // Jobs big enough to still be running while the requests arrive: one runs, one waits, the rest are refused.
      // The four requests are sent at once and admitted within a few database round trips; a 20,000-row job
      // takes a good part of a second even on an idle machine.
      const busy = await startServer(
        toolkit,
        options({ maxRecordsPerRequest: 100_000, instance: `busy-${dialect}` }),
        {
          logLevel: false,
        },
      )
      try {
        const before = (await api('/datasets')).json<{ total: number }>().total
        const answers = await Promise.all(
          Array.from({ length: 4 }, (_, i) =>
            fetch(`${busy.url}${PREFIX}/generate`, {
              method: 'POST',
              headers: { authorization: `Bearer ${KEYS.admin}`, 'content-type': 'application/json' },
              body: JSON.stringify({ name: `queued-${i}`, data_type: 'monitoring', record_count: 20_000 }),
            }).then(async (r) => ({
              status: r.status,
              retryAfter: r.headers.get('retry-after'),
              body: (await r.json()) as Record<string, unknown>,
            })),
          ),
        )
        expect(answers.map((a) => a.status).sort()).toEqual([202, 202, 503, 503])
        for (const answer of answers.filter((a) => a.status === 503)) {
          expect(answer.body['message']).toMatch(/The job queue is full \(2 jobs\); try again in 5 s/)
          expect(answer.retryAfter).toBe('5')
        }
        for (const answer of answers.filter((a) => a.status === 202)) {
          const id = answer.body['job_id'] as string
          await waitFor('a queued job', async () =>
            (await api(`/jobs/${id}`)).json<{ status: string }>().status === 'completed' ? true : undefined,
          )
        }
        expect((await api('/datasets')).json<{ total: number }>().total).toBe(before + 2)
      } finally {
        await busy.close()
      }
    })

    it('previews records on the fly, reproducibly, capped per request', async () => {
      const first = await api('/preview/compliance?count=4&seed=9', { key: KEYS.alice })
      expect(first.status).toBe(200)
      expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8')
      const records = first.json<Record<string, unknown>[]>()
      const spec = resolveDatasetSpec({
        type: 'compliance',
        count: 4,
        defaultCount: 5,
        facilities: 5,
        seed: 9,
      })
      const serialize = createRecordSerializer(columnsOf('compliance'))
      expect(records).toEqual(JSON.parse(JSON.stringify([...generateRecords(spec)].map(serialize))))
      expect((await api('/preview/compliance?count=4&seed=9')).text).toBe(first.text)
      const neglected = await api('/preview/compliance?count=4&seed=9&scenario=non-compliant-operator')
      const neglectedSpec = resolveDatasetSpec({
        type: 'compliance',
        count: 4,
        defaultCount: 5,
        facilities: 5,
        seed: 9,
        parameters: [{ scenario: 'non-compliant-operator' }],
      })
      expect(neglected.json()).toEqual(
        JSON.parse(JSON.stringify([...generateRecords(neglectedSpec)].map(serialize))),
      )
      expect(neglected.text).not.toBe(first.text)
      expectProblem(
        await api('/preview/compliance?scenario=wet'),
        422,
        /querystring\.scenario: expected one of baseline/,
      )
      const csv = await api('/preview/financial?count=2&format=csv')
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
      expect(parseCsv(csv.text, { columns: true })).toHaveLength(2)
      expectProblem(
        await api('/preview/monitoring?count=5001'),
        422,
        /count is over the cap of one request \(5000/,
      )
      expectProblem(await api('/preview/weather'), 422, /params\.data_type/)
      expectProblem(await api('/preview/monitoring', { key: null }), 401, /API key/)
    })

    it('streams a large export in every format, re-parsed equal to the generated records', async () => {
      const spec = resolveDatasetSpec({
        type: 'monitoring',
        count: EXPORT_ROWS,
        defaultCount: 1,
        facilities: 5,
        seed: 42,
      })
      const serialize = createRecordSerializer(columnsOf('monitoring'))
      const expected = JSON.parse(JSON.stringify([...generateRecords(spec)].map(serialize))) as Record<
        string,
        unknown
      >[]

      const ndjson = await api(`/datasets/${bigDataset}/export/ndjson`)
      expect(ndjson.status).toBe(200)
      expect(ndjson.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8')
      expect(ndjson.headers.get('content-disposition')).toBe(
        `attachment; filename="dataset-${bigDataset}-monitoring.ndjson"`,
      )
      const lines = ndjson.text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>)
      expect(lines).toHaveLength(EXPORT_ROWS)
      expect(lines).toEqual(expected)

      const json = await api(`/datasets/${bigDataset}/export/json`)
      expect(json.json<unknown[]>()).toHaveLength(EXPORT_ROWS)
      const csv = await api(`/datasets/${bigDataset}/export/csv`)
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
      const rows = parseCsv<Record<string, string>>(csv.text, { columns: true })
      expect(rows).toHaveLength(EXPORT_ROWS)
      expect(rows[EXPORT_ROWS - 1]!['record_index']).toBe(String(EXPORT_ROWS - 1))

      expectProblem(await api(`/datasets/${bigDataset}/export/xml`), 422, /params\.format/)
      expectProblem(
        await api(`/datasets/${bigDataset}/export/csv`, { key: KEYS.alice }),
        404,
        /does not exist/,
      )
      // Stored typed: the records source serialises the typed rows, the same bytes as the typed source.
      expect((await api(`/datasets/${bigDataset}/export/csv?source=records`)).text).toBe(csv.text)
      const own = await api(`/datasets/${aliceDataset}/export/csv`, { key: KEYS.alice })
      expect(parseCsv(own.text, { columns: true })).toHaveLength(300)
    })

    it('computes stats for what the caller may see', async () => {
      const summary = (await api('/stats')).json<{ datasets: { total: number }; tables?: unknown[] }>()
      expect(summary.datasets.total).toBeGreaterThanOrEqual(2)
      expect(summary.tables).toBeDefined()
      const alice = (await api('/stats', { key: KEYS.alice })).json<{
        datasets: { total: number }
        tables?: unknown
      }>()
      expect(alice.datasets.total).toBe(1)
      expect(alice.tables).toBeUndefined()
      const one = (await api(`/datasets/${aliceDataset}/stats`, { key: KEYS.alice })).json<{
        rows: { counted: number; matchesRecordsWritten: boolean }
      }>()
      expect(one.rows).toMatchObject({ counted: 300, matchesRecordsWritten: true })
      expectProblem(await api(`/datasets/${aliceDataset}/stats`, { key: KEYS.bob }), 404, /does not exist/)
    })

    it('soft-deletes for admins only: hidden afterwards unless asked for', async () => {
      const target = (
        await api('/datasets', { body: { name: 'to-delete', data_type: 'document', record_count: 5 } })
      ).json<{ id: number }>()
      expectProblem(
        await api(`/datasets/${target.id}`, { method: 'DELETE', key: KEYS.alice }),
        403,
        /may not delete datasets/,
      )
      const deleted = await api(`/datasets/${target.id}`, { method: 'DELETE' })
      expect(deleted.status).toBe(200)
      expect(deleted.json()).toMatchObject({ id: target.id, is_deleted: true })
      expectProblem(await api(`/datasets/${target.id}`), 404, /is deleted/)
      expectProblem(await api(`/datasets/${target.id}`, { method: 'DELETE' }), 404, /is deleted/)
      const visible = (await api('/datasets?limit=100')).json<{ datasets: { id: number }[] }>()
      expect(visible.datasets.map((d) => d.id)).not.toContain(target.id)
      const withDeleted = (await api('/datasets?limit=100&include_deleted=true')).json<{
        datasets: { id: number }[]
      }>()
      expect(withDeleted.datasets.map((d) => d.id)).toContain(target.id)
    })

    it('answers 404 for unknown routes and never a stack trace', async () => {
      expectProblem(await api('/nope'), 404, /No route GET/)
      expectProblem(await api('/datasets', { method: 'PUT', body: {} }), 404, /No route PUT/)
    })

    it('rate-limits per key with 429 and Retry-After', async () => {
      const limited = await startServer(toolkit, options({ rateLimit: { max: 3, windowSeconds: 60 } }), {
        logLevel: false,
      })
      try {
        const call = (key: string) =>
          fetch(`${limited.url}${PREFIX}/datasets`, { headers: { authorization: `Bearer ${key}` } })
        const statuses = []
        for (let i = 0; i < 4; i++) statuses.push((await call(KEYS.admin)).status)
        expect(statuses).toEqual([200, 200, 200, 429])
        const refused = await call(KEYS.admin)
        const retryAfter = Number(refused.headers.get('retry-after'))
        expect(retryAfter).toBeGreaterThan(0)
        expect(retryAfter).toBeLessThanOrEqual(60)
        expect(((await refused.json()) as { message: string }).message).toBe(
          `Rate limit of 3 requests per 1 minute exceeded; retry in ${retryAfter} s`,
        )
        // The budget is the actor's, however the header spells the same key: the scheme in any case, extra
        // spaces. Each of these used to open a budget of its own.
        for (const header of [`bearer ${KEYS.admin}`, `BEARER   ${KEYS.admin}`, `Bearer \t${KEYS.admin}  `]) {
          const answer = await fetch(`${limited.url}${PREFIX}/datasets`, {
            headers: { authorization: header },
          })
          expect(answer.status, header).toBe(429)
        }
        // Another key has its own budget.
        expect((await call(KEYS.alice)).status).toBe(200)
      } finally {
        await limited.close()
      }
    })
  })
}

describe("the HTTP API's budgets: failed authentications per address, heavy requests at once", () => {
  let test: TestDatabase
  let toolkit: Toolkit
  beforeAll(async () => {
    test = await createTestDatabase('sqlite', 'server-budgets')
    toolkit = await createToolkit({ db: test.url, config: {}, useEnvironment: false })
    await toolkit.migrate.latest()
  })
  afterAll(async () => {
    await toolkit?.close()
    await test?.drop()
  })
  const start = (overrides: Partial<ServeOptions>) =>
    startServer(
      toolkit,
      {
        ...resolveServeOptions(toolkit.settings, { port: 0 }, { TAILINGSIQ_API_KEYS: API_KEYS }),
        ...overrides,
      },
      { logLevel: false },
    )

  it('refuses an address after too many failed authentications, even with a right key, until the window ends', async () => {
    const server = await start({ authFailureLimit: { max: 5, windowSeconds: 60 } })
    try {
      const api = client(() => server)
      const statuses: number[] = []
      for (let i = 0; i < 5; i++)
        statuses.push((await api('/datasets', { key: `guess-${i}-0123456789abcdef` })).status)
      // Two tokens, or another scheme, are no key either.
      expect(statuses).toEqual([401, 401, 401, 401, 401])
      const blocked = await api('/datasets', { key: 'guess-5-0123456789abcdef' })
      expectProblem(
        blocked,
        429,
        /^Too many failed authentications from this address \(5 per 1 minute\); retry in \d+ s$/,
      )
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
      // Once blocked, a right key does not get through either: a guess that happens to be right tells nothing.
      expect((await api('/datasets', { key: KEYS.admin })).status).toBe(429)
      expect((await api('/health', { key: null })).status).toBe(200)
    } finally {
      await server.close()
    }
    // Right keys are not failures, and a key sent as two tokens is not a key.
    const fresh = await start({ authFailureLimit: { max: 2, windowSeconds: 60 } })
    try {
      const api = client(() => fresh)
      for (let i = 0; i < 5; i++) expect((await api('/datasets')).status).toBe(200)
      expect(
        (await api('/datasets', { key: null, headers: { authorization: `Bearer ${KEYS.admin} extra` } }))
          .status,
      ).toBe(401)
      expect(
        (await api('/datasets', { key: null, headers: { authorization: `Basic ${KEYS.admin}` } })).status,
      ).toBe(401)
      expect((await api('/datasets')).status).toBe(429)
    } finally {
      await fresh.close()
    }
  })

  it('lets other requests in while a preview streams to a fast reader', async () => {
    const server = await start({ maxRecordsPerRequest: 100_000, rateLimit: false })
    try {
      // The reader runs on a thread of its own, as a client on another host would: it empties the socket as
      // fast as records come, so the server is never held back by a full socket and must yield by itself.
      const reader = new Worker(
        `const { parentPort, workerData } = require('node:worker_threads')
        fetch(workerData.url, { headers: workerData.headers })
          .then((answer) => answer.arrayBuffer())
          .then((body) => parentPort.postMessage(body.byteLength))`,
        {
          eval: true,
          workerData: {
            url: `${server.url}${PREFIX}/preview/monitoring?count=20000&format=ndjson`,
            headers: { authorization: `Bearer ${KEYS.admin}` },
          },
        },
      )
      const started = performance.now()
      let longestStall = 0
      let last = started
      const ticker = setInterval(() => {
        const now = performance.now()
        longestStall = Math.max(longestStall, now - last)
        last = now
      }, 5)
      const bytes = await new Promise<number>((resolve, reject) => {
        reader.once('message', resolve)
        reader.once('error', reject)
      })
      clearInterval(ticker)
      const duration = performance.now() - started
      await reader.terminate()
      expect(bytes).toBeGreaterThan(2_000_000)
      // Before, the whole preview ran in one turn of the event loop: one stall as long as the preview.
      expect(longestStall).toBeLessThan(duration / 4)
    } finally {
      await server.close()
    }
  })

  it('bounds heavy requests at once: the next waits, the one after gets 503, while /health and lists answer', async () => {
    const server = await start({
      heavyRequests: { concurrency: 2, queueSize: 1 },
      maxRecordsPerRequest: 200_000,
      rateLimit: false,
    })
    // Two previews whose answers are not read: once the socket buffers fill, each holds its slot.
    const held = Array.from({ length: 2 }, () =>
      httpRequest(`${server.url}${PREFIX}/preview/monitoring?count=200000&format=ndjson`, {
        headers: { authorization: `Bearer ${KEYS.admin}` },
      }),
    )
    const responses = held.map(
      (request) =>
        new Promise<number>((resolve, reject) => {
          request.on('response', (response) => {
            response.pause()
            resolve(response.statusCode ?? 0)
          })
          request.on('error', reject)
          request.end()
        }),
    )
    try {
      expect(await Promise.all(responses)).toEqual([200, 200])
      const api = client(() => server)
      // The third waits for a slot; the fourth finds the queue full.
      const waiting = api('/preview/compliance?count=3')
      await waitFor('the third request to queue', async () => {
        const health = (await api('/health', { key: null })).json<{ heavy_requests: { waiting: number } }>()
        return health.heavy_requests.waiting === 1 ? true : undefined
      })
      const refused = await api('/stats')
      expectProblem(
        refused,
        503,
        /^Too many heavy requests \(preview, export, stats\) at once: 2 running and 1 waiting; retry in 1 s$/,
      )
      expect(refused.headers.get('retry-after')).toBe('1')
      const health = await api('/health', { key: null })
      expect(health.status).toBe(200)
      expect(health.json()).toMatchObject({ heavy_requests: { running: 2, waiting: 1, capacity: 2 } })
      expect((await api('/datasets')).status).toBe(200)
      // A slot freed (its client went away) lets the waiting request through.
      held[0]!.destroy()
      expect((await waiting).status).toBe(200)
      held[1]!.destroy()
      expect((await api('/stats')).status).toBe(200)
    } finally {
      for (const request of held) request.destroy()
      await server.close()
    }
  })
})

describe('the HTTP API on a database without the schema', () => {
  it('reports itself unavailable on /health and answers 503 saying to migrate', async () => {
    const test = await createTestDatabase('sqlite', 'server-unmigrated')
    const toolkit = await createToolkit({ db: test.url, config: {}, useEnvironment: false })
    await toolkit.migrate.latest()
    const server = await startServer(
      toolkit,
      {
        ...resolveServeOptions(toolkit.settings, { port: 0 }, { TAILINGSIQ_API_KEYS: API_KEYS }),
        rateLimit: false,
      },
      { logLevel: false },
    )
    try {
      await toolkit.migrate.rollback({ all: true })
      const api = client(() => server)
      const health = await api('/health', { key: null })
      expect(health.status).toBe(503)
      expect(health.json()).toMatchObject({ status: 'unavailable', database: 'reachable', schema: 'missing' })
      expectProblem(
        await api('/datasets'),
        503,
        /has no synthetic-data schema yet; create it with `tailingsiq-seed migrate latest`/,
      )
    } finally {
      await server.close()
      await toolkit.close()
      await test.drop()
    }
  })
})

describe('the HTTP API as a plugin inside a host Fastify server', () => {
  it('mounts under the host prefix with the host authentication, leaving the host routes alone', async () => {
    const test = await createTestDatabase('sqlite', 'server-plugin')
    const toolkit = await createToolkit({ db: test.url, config: {}, useEnvironment: false })
    await toolkit.migrate.latest()
    const jobs = new JobRunner(await toolkit.database(), {
      concurrency: 1,
      queueSize: 4,
      staleAfterMs: 60_000,
      instance: 'host-app',
    })
    await jobs.start()
    const app = Fastify()
    // The host's own route: its errors keep Fastify's default shape, untouched by the plugin's handler.
    app.post(
      '/host/echo',
      { schema: { body: { type: 'object', required: ['x'] } } },
      (request) => request.body,
    )
    await app.register(syntheticDataApi, {
      prefix: '/internal/synthetic',
      toolkit,
      jobs,
      maxRecordsPerRequest: 100,
      rateLimit: false,
      // The host's session decides who acts: here a header the host's proxy sets.
      authenticate: (request) =>
        request.headers['x-host-user'] === 'ops' ? { id: 'ops', role: 'admin' } : undefined,
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const address = app.server.address()
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    try {
      const created = await fetch(`${base}/internal/synthetic/generate`, {
        method: 'POST',
        headers: { 'x-host-user': 'ops', 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'from-host', data_type: 'financial', record_count: 30 }),
      })
      expect(created.status).toBe(202)
      const { job_id } = (await created.json()) as { job_id: string }
      await waitFor('the job', async () => {
        const job = (await (
          await fetch(`${base}/internal/synthetic/jobs/${job_id}`, { headers: { 'x-host-user': 'ops' } })
        ).json()) as { status: string }
        return job.status === 'completed' ? job : undefined
      })
      expect((await fetch(`${base}/internal/synthetic/datasets`)).status).toBe(401)
      const doc = (await (await fetch(`${base}/internal/synthetic/docs/openapi.json`)).json()) as {
        paths: Record<string, unknown>
      }
      expect(Object.keys(doc.paths)).not.toContain('/host/echo')
      const host = await fetch(`${base}/host/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
      expect(host.status).toBe(400)
      expect(((await host.json()) as { code: string }).code).toBe('FST_ERR_VALIDATION')
    } finally {
      await app.close()
      await jobs.close()
      await toolkit.close()
      await test.drop()
    }
  })
})
