import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToolkit } from '../../../src/commands/toolkit.js'
import type { DataType } from '../../../src/generators/generator.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/databases.js'
import { epochMs as ms } from '../../helpers/scenario-signatures.js'

// Linked events after a load (README, "How the data is made"): the types seeded apart join by `event_id` in
// SQL, and each event's rows tell one story in causal order: the monitoring readings reach TARP level 2 before
// the notification, the EOR inspects after it, the post-event review follows the inspection and cites it, its
// corrective action is due after it, and the sampling campaign and the remediation cost carry the same id. Each
// raise likewise: its design report before the crest is raised, its readings from that day, its EOR inspection
// and as-built report after it, its capex during construction.

const PERIOD = { start: '2022-01-01', end: '2024-12-31' }
const FACILITIES = 16
/** Readings of each facility at 6 h over the period. */
const READINGS = 1096 * 4

for (const dialect of DIALECTS) {
  describe(`${dialect}: linked events after a load`, () => {
    let test: TestDatabase
    beforeAll(async () => (test = await createTestDatabase(dialect, 'events')))
    afterAll(async () => test.drop())

    it('joins monitoring, documents, compliance, environmental and financial records by event_id, in causal order, raises included', async () => {
      const toolkit = await createToolkit({
        db: test.url,
        config: {
          facilities: FACILITIES,
          seed: 7,
          plan: [
            {
              type: 'monitoring',
              count: FACILITIES * READINGS,
              parameters: { ...PERIOD, interval: '6h', anomalyRate: 0 },
            },
            { type: 'document', count: FACILITIES * 80, parameters: PERIOD },
            { type: 'compliance', count: FACILITIES * 200, parameters: PERIOD },
            { type: 'environmental', count: FACILITIES * 1500, parameters: PERIOD },
            { type: 'financial', count: FACILITIES * 100, parameters: PERIOD },
          ],
        },
        useEnvironment: false,
      })
      try {
        const result = await toolkit.run({})
        const ids = Object.fromEntries(result.datasets.map((d) => [d.type, d.id])) as Record<DataType, number>
        const db = await toolkit.database()
        const table = (type: DataType) => {
          const t = db.tables.typed[type]
          return t.schema ? `${t.schema}.${t.name}` : t.name
        }
        const monitoring = (select: string) =>
          `(select ${select} from ?? m where m.dataset_id = ? and m.event_id = n.event_id${select.includes('min') ? ' and m.tarp_level >= 2' : ''})`
        const sql = `
          select n.event_id, n.issue_date as notified, i.issue_date as inspected, i.doc_id as inspection,
                 c.assessment_date as reviewed, c.corrective_action_due as due, c.evidence_ref as evidence,
                 ${monitoring('min(m.timestamp)')} as escalated,
                 ${monitoring('max(m.tarp_level)')} as top_level,
                 (select count(*) from ?? e where e.dataset_id = ? and e.event_id = n.event_id) as samples,
                 (select count(*) from ?? f where f.dataset_id = ? and f.event_id = n.event_id) as costs
            from ?? n
            join ?? i on i.dataset_id = n.dataset_id and i.event_id = n.event_id and i.doc_type_code = 'DSI'
            left join ?? c on c.dataset_id = ? and c.event_id = n.event_id
           where n.dataset_id = ? and n.doc_type_code = 'TARP'
           order by n.event_id`
        const raw = await db.knex.raw(sql, [
          table('monitoring'),
          ids.monitoring,
          table('monitoring'),
          ids.monitoring,
          table('environmental'),
          ids.environmental,
          table('financial'),
          ids.financial,
          table('document'),
          table('document'),
          table('compliance'),
          ids.compliance,
          ids.document,
        ])
        const rows = (dialect === 'pg' ? raw.rows : dialect === 'mysql' ? raw[0] : raw) as Record<
          string,
          unknown
        >[]
        expect(rows.length).toBeGreaterThanOrEqual(5)

        const bad: unknown[] = []
        let escalated = 0
        for (const r of rows) {
          const id = r['event_id'] as string
          if (!/^EV-[0-9a-f-]{36}-\d{8}-(storm|seepage|drain)$/.test(id)) bad.push(['id', id])
          if (!(ms(r['inspected']) > ms(r['notified']))) bad.push(['inspection before notification', id])
          if (r['escalated'] !== null) {
            escalated++
            if (Number(r['top_level']) < 2) bad.push(['level', id])
            if (!(ms(r['escalated']) < ms(r['notified']))) bad.push(['notified before TARP 2', id])
          }
          if (r['reviewed'] !== null) {
            if (!(ms(r['reviewed']) > ms(r['inspected']))) bad.push(['review before inspection', id])
            if (!(ms(r['due']) > ms(r['reviewed']))) bad.push(['due before review', id])
            if (r['evidence'] !== r['inspection']) bad.push(['evidence', id])
          }
        }
        expect(bad).toEqual([])
        // Events whose recharge began before the period reach TARP 2 outside the readings.
        expect(escalated / rows.length).toBeGreaterThan(0.8)
        expect(rows.filter((r) => r['reviewed'] !== null).length / rows.length).toBeGreaterThan(0.8)
        expect(rows.filter((r) => Number(r['samples']) > 0).length / rows.length).toBeGreaterThan(0.8)
        expect(rows.filter((r) => Number(r['costs']) === 1).length / rows.length).toBeGreaterThan(0.7)

        // Each raise completed in the period: its design report, EOR inspection and as-built report, its capex
        // and its readings, joined by event_id in SQL, in causal order around the day the crest was raised (the
        // date in its id).
        const raiseSql = `
          select d.event_id, d.issue_date as designed, i.issue_date as inspected, a.issue_date as built,
                 (select min(m.timestamp) from ?? m where m.dataset_id = ? and m.event_id = d.event_id) as raised,
                 (select count(*) from ?? m where m.dataset_id = ? and m.event_id = d.event_id
                     and m.event <> 'raise') as mislabelled,
                 (select count(*) from ?? f where f.dataset_id = ? and f.event_id = d.event_id
                     and f.category = 'capex_raise' and f.status = 'actual') as capex,
                 (select max(f.period_start) from ?? f where f.dataset_id = ? and f.event_id = d.event_id) as last_capex
            from ?? d
            join ?? i on i.dataset_id = d.dataset_id and i.event_id = d.event_id and i.doc_type_code = 'DSI'
            join ?? a on a.dataset_id = d.dataset_id and a.event_id = d.event_id and a.doc_type_code = 'CRR'
           where d.dataset_id = ? and d.doc_type_code = 'DDR' and d.event_id is not null
           order by d.event_id`
        const rawRaises = await db.knex.raw(raiseSql, [
          table('monitoring'),
          ids.monitoring,
          table('monitoring'),
          ids.monitoring,
          table('financial'),
          ids.financial,
          table('financial'),
          ids.financial,
          table('document'),
          table('document'),
          table('document'),
          ids.document,
        ])
        const raises = (
          dialect === 'pg' ? rawRaises.rows : dialect === 'mysql' ? rawRaises[0] : rawRaises
        ) as Record<string, unknown>[]
        expect(raises.length).toBeGreaterThanOrEqual(5)
        const badRaises: unknown[] = []
        let onTheDay = 0
        for (const r of raises) {
          const id = r['event_id'] as string
          const date = /^EV-[0-9a-f-]{36}-(\d{4})(\d\d)(\d\d)-raise$/.exec(id)
          if (date === null) {
            badRaises.push(['id', id])
            continue
          }
          const day = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]))
          if (!(ms(r['designed']) < day)) badRaises.push(['designed after the raise', id])
          if (!(ms(r['inspected']) > day)) badRaises.push(['inspected before the raise', id])
          if (!(ms(r['built']) > ms(r['inspected']))) badRaises.push(['as-built before the inspection', id])
          if (Number(r['capex']) === 0) badRaises.push(['no capex', id])
          else if (!(ms(r['last_capex']) < day)) badRaises.push(['capex after the raise', id])
          if (Number(r['mislabelled']) > 0) badRaises.push(['readings not labelled raise', id])
          if (r['raised'] !== null) {
            if (ms(r['raised']) < day) badRaises.push(['readings before the raise', id])
            if (ms(r['raised']) === day) onTheDay++
          }
        }
        expect(badRaises).toEqual([])
        // The rest fall inside a linked TARP event, whose id the reading of the raise carries.
        expect(onTheDay / raises.length).toBeGreaterThan(0.8)

        // No linked record of any type names an event the monitoring readings lack.
        for (const type of ['document', 'compliance', 'environmental', 'financial'] as const) {
          const orphan = await db.knex.raw(
            `select count(*) as n from ?? x where x.dataset_id = ? and x.event_id is not null
               and not exists (select 1 from ?? m where m.dataset_id = ? and m.event_id = x.event_id)`,
            [table(type), ids[type], table('monitoring'), ids.monitoring],
          )
          const n = (dialect === 'pg' ? orphan.rows : dialect === 'mysql' ? orphan[0] : orphan)[0].n
          expect(Number(n), type).toBe(0)
        }
      } finally {
        await toolkit.close()
      }
    }, 180_000)
  })
}
