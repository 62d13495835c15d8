import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToolkit } from '../../../src/commands/toolkit.js'
import { tableOf } from '../../../src/dialects/dialect-adapter-base.js'
import { columnsOf } from '../../../src/generators/registry.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/databases.js'

const PERIOD = { start: '2019-01-01', end: '2025-12-31' }

for (const dialect of DIALECTS) {
  describe(`${dialect}: compliance evidence after a load`, () => {
    let test: TestDatabase
    beforeAll(async () => (test = await createTestDatabase(dialect, 'evidence')))
    afterAll(async () => test.drop())

    // Domain §B/§C: an assessment cites a document of the evidence type that existed when it was made.
    it('resolves every evidence_ref to a document loaded from the same seed, issued before the assessment', async () => {
      const toolkit = await createToolkit({
        db: test.url,
        config: {
          facilities: 4,
          seed: 11,
          plan: [
            { type: 'document', count: 6000, parameters: PERIOD },
            { type: 'compliance', count: 1200, parameters: PERIOD },
          ],
        },
        useEnvironment: false,
      })
      try {
        const result = await toolkit.run({})
        const [documents, compliance] = result.datasets.map((d) => d.id) as [number, number]
        const db = await toolkit.database()
        const read = async (type: 'document' | 'compliance', id: number) => {
          const columns = columnsOf(type)
          const rows = (await tableOf(db.knex, db.tables.typed[type]).where({ dataset_id: id })) as Record<
            string,
            unknown
          >[]
          return rows.map((r) => db.adapter.decodeRow(columns, r))
        }
        const firstIssue = new Map<string, Record<string, unknown>>()
        for (const d of await read('document', documents)) {
          const seen = firstIssue.get(d['doc_id'] as string)
          if (!seen || (seen['issue_date'] as number) > (d['issue_date'] as number))
            firstIssue.set(d['doc_id'] as string, d)
        }
        const bad: unknown[] = []
        let cited = 0
        for (const c of await read('compliance', compliance)) {
          const ref = c['evidence_ref'] as string | null
          if (ref === null) continue
          cited++
          const doc = firstIssue.get(ref)
          if (!doc || doc['facility_id'] !== c['facility_id']) bad.push(['missing', ref])
          else if ((doc['issue_date'] as number) >= (c['assessment_date'] as number)) bad.push(['after', ref])
          else if (c['requirement_id'] === '10.5' && doc['doc_type_code'] !== 'DSR') bad.push(['10.5', ref])
          else if (c['requirement_id'] === '4.8' && doc['doc_type_code'] !== 'DBR') bad.push(['4.8', ref])
        }
        expect(bad.slice(0, 10)).toEqual([])
        expect(cited).toBeGreaterThan(400)
      } finally {
        await toolkit.close()
      }
    }, 120_000)
  })
}
