import { rowsOf } from '../dialects/dialect-adapter-base.js'
import { isoDateOf } from '../dialects/dialect-adapter-base.js'
import { col } from '../generators/columns.js'
import type { ReportChart, ReportTable } from './report-model.js'
import { byLabel, facilityLabels, type ReportContext, type RowsQuery } from './report-sql.js'

/** Overdue corrective actions listed under the heat map, at most. */
const OVERDUE_LISTED = 25

/**
 * Compliance: the GISTM principle × facility heat map of conformance (share of assessments that meet, a
 * partial meeting counted half) with the overdue corrective actions per cell, and the list of the oldest
 * overdue ones. "Overdue" is judged at the dataset's last assessment date, so the report is the same
 * whenever it is built.
 */
export async function complianceCharts({
  db,
  rows,
}: ReportContext): Promise<{ charts: ReportChart[]; tables: ReportTable[] }> {
  const k = db.knex
  const asOf = (query: ReturnType<RowsQuery>) =>
    query.where('corrective_action_due', '<', rows().max('assessment_date'))
  const cells = await rowsOf(
    rows()
      .whereNotNull('principle')
      .select({
        facility_id: 'facility_id',
        principle: 'principle',
        n: k.raw('count(*)'),
        meets: k.raw("sum(case when ?? = 'Meets' then 1 else 0 end)", ['status']),
        partial: k.raw("sum(case when ?? = 'Partially meets' then 1 else 0 end)", ['status']),
      })
      .groupBy('facility_id', 'principle'),
  )
  const overdue = await rowsOf(
    asOf(rows().whereNotNull('principle'))
      .select({ facility_id: 'facility_id', principle: 'principle', n: k.raw('count(*)') })
      .groupBy('facility_id', 'principle'),
  )
  const items = await rowsOf(
    asOf(rows())
      .select(
        'facility_id',
        'framework',
        'requirement_id',
        'status',
        'risk_level',
        'corrective_action_due',
        'record_index',
      )
      .orderBy([{ column: 'corrective_action_due' }, { column: 'record_index' }])
      .limit(OVERDUE_LISTED),
  )
  const labels = await facilityLabels(
    db,
    [...cells, ...items].map((r) => r['facility_id']),
  )
  const label = (id: unknown) => labels.get(String(id)) ?? String(id)
  const late = new Map(
    overdue.map((r) => [`${String(r['facility_id'])}|${Number(r['principle'])}`, Number(r['n'])]),
  )
  const heat = cells
    .map((r) => {
      const n = Number(r['n'])
      const score = (Number(r['meets']) + Number(r['partial']) / 2) / n
      return [
        label(r['facility_id']),
        Number(r['principle']),
        Math.round(score * 1000) / 10,
        n,
        late.get(`${String(r['facility_id'])}|${Number(r['principle'])}`) ?? 0,
      ]
    })
    .sort((a, b) => byLabel(a[0] as string, b[0] as string) || (a[1] as number) - (b[1] as number))
  const due = col.date('corrective_action_due', 'Due date of the corrective action')
  const dateOf = (raw: unknown) => isoDateOf(Number(db.adapter.decodeValue(due, raw)))
  const table: ReportTable = {
    title: `Overdue corrective actions (due before the last assessment date; oldest ${OVERDUE_LISTED})`,
    columns: ['facility', 'framework', 'requirement', 'status', 'risk', 'due'],
    rows: items.map((r) => [
      label(r['facility_id']),
      String(r['framework']),
      String(r['requirement_id']),
      String(r['status']),
      String(r['risk_level']),
      dateOf(r['corrective_action_due']),
    ]),
  }
  const withOverdue = heat.filter((r) => (r[4] as number) > 0).length
  return {
    tables: [table],
    charts: [
      {
        id: 'compliance-heatmap',
        title: 'GISTM conformance per principle and facility',
        description:
          'Share of GISTM assessments that meet the requirement (partially meets counts half), per principle and facility, computed by the database; the number in a cell is its corrective actions overdue at the last assessment date.',
        data: { heat: { columns: ['facility', 'principle', 'score', 'n', 'overdue'], rows: heat } },
        checks: [
          { mark: 'cells', count: heat.length },
          { mark: 'overdue_counts', count: withOverdue },
        ],
        spec: {
          width: { step: 40 },
          height: { step: 26 },
          data: { name: 'heat' },
          encoding: {
            x: { field: 'principle', type: 'ordinal', title: 'GISTM principle (1–15)' },
            y: { field: 'facility', type: 'nominal', title: 'Facility' },
          },
          layer: [
            {
              name: 'cells',
              mark: 'rect',
              encoding: {
                color: {
                  field: 'score',
                  type: 'quantitative',
                  title: 'Conformance (%)',
                  scale: { scheme: 'viridis', domain: [0, 100] },
                },
                tooltip: [
                  { field: 'facility' },
                  { field: 'principle' },
                  { field: 'score', title: 'conformance (%)' },
                  { field: 'n', title: 'assessments' },
                  { field: 'overdue', title: 'overdue actions' },
                ],
              },
            },
            {
              transform: [{ filter: 'datum.overdue > 0' }],
              name: 'overdue_counts',
              mark: { type: 'text', fontWeight: 'bold' },
              encoding: {
                text: { field: 'overdue', type: 'quantitative' },
                color: { condition: { test: 'datum.score > 55', value: '#000000' }, value: '#ffffff' },
              },
            },
          ],
        },
      },
    ],
  }
}
