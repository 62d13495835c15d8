import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToolkit, type Toolkit } from '../../src/commands/toolkit.js'
import { tableOf } from '../../src/dialects/dialect-adapter-base.js'
import { startServer, type RunningServer } from '../../src/server/create-server.js'
import { resolveServeOptions } from '../../src/server/server-options.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.js'

// GET /datasets/{id}/verify over real HTTP: the same report as `verify`, with the access rules of
// GET /datasets/{id} (a user verifies only its own datasets; others' are 404).

const KEYS = {
  admin: 'admin-key-0123456789abcdef',
  alice: 'alice-key-0123456789abcdef',
  bob: 'bob-key-0123456789abcdefgh',
}
const API_KEYS = `admin1:admin:${KEYS.admin},alice:user:${KEYS.alice},bob:user:${KEYS.bob}`
const PREFIX = '/api/v1/synthetic-data'

for (const dialect of DIALECTS) {
  describe(`${dialect}: GET /datasets/{id}/verify`, () => {
    let test: TestDatabase
    let toolkit: Toolkit
    let server: RunningServer
    let id: number
    const get = async (path: string, key: string) => {
      const response = await fetch(`${server.url}${PREFIX}${path}`, {
        headers: { authorization: `Bearer ${key}` },
      })
      return { status: response.status, body: (await response.json()) as Record<string, unknown> }
    }

    beforeAll(async () => {
      test = await createTestDatabase(dialect, 'verify-route')
      toolkit = await createToolkit({ db: test.url, config: { facilities: 2 }, useEnvironment: false })
      await toolkit.migrate.latest()
      id = (await toolkit.run({ types: ['document'], count: 30, owner: 'alice' })).datasets[0]!.id
      const options = resolveServeOptions(
        toolkit.settings,
        { port: 0, instance: `verify-${dialect}` },
        { TAILINGSIQ_API_KEYS: API_KEYS },
      )
      server = await startServer(toolkit, options, { logLevel: false })
    })
    afterAll(async () => {
      await server?.close()
      await toolkit?.close()
      await test?.drop()
    })

    it('answers the report: ok, then changed rows after a change; 404 for another user, 422 for a bad id', async () => {
      const ok = await get(`/datasets/${id}/verify`, KEYS.alice)
      expect(ok.status).toBe(200)
      expect(ok.body).toMatchObject({ id, result: 'ok', type: 'document', storage: 'typed' })
      expect(
        (ok.body['tables'] as { kind: string; status: string }[]).map((t) => [t.kind, t.status]),
      ).toEqual([
        ['typed', 'ok'],
        ['facilities', 'ok'],
      ])

      const db = await toolkit.database()
      await tableOf(db.knex, db.tables.typed.document)
        .where({ dataset_id: id, record_index: 3 })
        .update({ title: 'Edited' })
      const changed = await get(`/datasets/${id}/verify`, KEYS.admin)
      expect(changed.status).toBe(200)
      expect(changed.body).toMatchObject({ result: 'differs' })
      expect((changed.body['tables'] as unknown[])[0]).toMatchObject({
        status: 'changed rows',
        changed: 1,
        firstDifference: 3,
      })

      expect((await get(`/datasets/${id}/verify`, KEYS.bob)).status).toBe(404)
      expect((await get(`/datasets/999999/verify`, KEYS.admin)).status).toBe(404)
      expect((await get(`/datasets/abc/verify`, KEYS.admin)).status).toBe(422)
    })
  })
}
