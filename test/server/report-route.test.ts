import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToolkit, type Toolkit } from '../../src/commands/toolkit.js'
import { startServer, type RunningServer } from '../../src/server/create-server.js'
import { resolveServeOptions } from '../../src/server/server-options.js'
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js'

// GET /datasets/{id}/report over real HTTP: the CLI's HTML report of one dataset, with the access rules of
// GET /datasets/{id}. The report's data is checked on every engine in test/integration/db/report.test.ts
// and its rendering in test/cli/report.test.ts; the route is the same on every engine.

const KEYS = { alice: 'alice-key-0123456789abcdef', bob: 'bob-key-0123456789abcdefgh' }
const API_KEYS = `alice:user:${KEYS.alice},bob:user:${KEYS.bob}`
const PREFIX = '/api/v1/synthetic-data'

describe('GET /datasets/{id}/report', () => {
  let test: TestDatabase
  let toolkit: Toolkit
  let server: RunningServer
  let id: number
  const get = (path: string, key: string) =>
    fetch(`${server.url}${PREFIX}${path}`, { headers: { authorization: `Bearer ${key}` } })

  beforeAll(async () => {
    test = await createTestDatabase('sqlite', 'report-route')
    toolkit = await createToolkit({ db: test.url, config: { facilities: 2 }, useEnvironment: false })
    id = (await toolkit.run({ types: ['monitoring'], count: 400, owner: 'alice' })).datasets[0]!.id
    const options = resolveServeOptions(
      toolkit.settings,
      { port: 0, instance: 'report-route' },
      { TAILINGSIQ_API_KEYS: API_KEYS },
    )
    server = await startServer(toolkit, options, { logLevel: false })
  })
  afterAll(async () => {
    await server?.close()
    await toolkit?.close()
    await test?.drop()
  })

  it('answers the HTML report to its owner; 404 for another user or no dataset, 422 for a bad id', async () => {
    const ok = await get(`/datasets/${id}/report`, KEYS.alice)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const html = await ok.text()
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).toContain(`id="chart-${id}-monitoring-series"`)
    expect(html).toEqual((await toolkit.report({ ids: [id] })).html)

    expect((await get(`/datasets/${id}/report`, KEYS.bob)).status).toBe(404)
    expect((await get('/datasets/999999/report', KEYS.alice)).status).toBe(404)
    expect((await get('/datasets/abc/report', KEYS.alice)).status).toBe(422)
  })
})
