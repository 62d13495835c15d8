import { rowsOf } from '../dialects/dialect-adapter-base.js'
import { FULL_WIDTH, TIME_X } from './chart-style.js'
import type { ReportChart } from './report-model.js'
import { bucketOf, byLabel, facilityLabels, timeBucketsOf, type ReportContext } from './report-sql.js'

/** Time buckets of the timeline: issue dates closer than a bucket share a mark. */
const BUCKETS = 400

/** Documents: revisions issued over time per facility, one lane per document type. */
export async function documentCharts(context: ReportContext): Promise<ReportChart[]> {
  const { db, rows } = context
  const buckets = timeBucketsOf(context.range('issue_date'), BUCKETS)
  if (!buckets) return []
  const grouped = await rowsOf(
    rows()
      .select({
        facility_id: 'facility_id',
        type: 'doc_type_code',
        b: bucketOf(db, 'issue_date', buckets),
        n: db.knex.raw('count(*)'),
      })
      .groupByRaw('1, 2, 3'),
  )
  const labels = await facilityLabels(
    db,
    grouped.map((r) => r['facility_id']),
  )
  const timeline = grouped
    .map((r) => [
      labels.get(String(r['facility_id'])) ?? String(r['facility_id']),
      String(r['type']),
      (buckets.from + Number(r['b']) * buckets.width) * 1000,
      Number(r['n']),
    ])
    .sort(
      (a, b) =>
        byLabel(a[0] as string, b[0] as string) ||
        byLabel(a[1] as string, b[1] as string) ||
        (a[2] as number) - (b[2] as number),
    )
  return [
    {
      id: 'document-timeline',
      title: 'Document timeline per facility and type',
      description:
        'Revisions issued, per facility and document type (one lane each), counted per time bucket by the database; the area of a point is the number of revisions. Drag to pan, scroll to zoom.',
      data: { docs: { columns: ['facility', 'type', 't', 'n'], rows: timeline } },
      checks: [{ mark: 'docs', count: timeline.length }],
      spec: {
        data: { name: 'docs' },
        facet: {
          row: {
            field: 'facility',
            type: 'nominal',
            title: 'Facility',
            header: { labelAngle: 0, labelAlign: 'left' },
          },
        },
        spacing: 8,
        spec: {
          width: FULL_WIDTH - 260,
          height: { step: 11 },
          params: [{ name: 'doczoom', select: { type: 'interval', encodings: ['x'] }, bind: 'scales' }],
          name: 'docs',
          mark: { type: 'point', filled: true, opacity: 0.85, color: '#0072B2' },
          encoding: {
            x: TIME_X,
            y: { field: 'type', type: 'nominal', title: 'Document type' },
            size: {
              field: 'n',
              type: 'quantitative',
              title: 'Revisions',
              // From one revision (never a zero-sized point), whole revisions in the legend.
              scale: { zero: false, range: [12, 120] },
              legend: { tickMinStep: 1, format: 'd' },
            },
            tooltip: [
              { field: 'facility' },
              { field: 'type', title: 'document type' },
              { field: 't', type: 'temporal', title: 'issued from', format: '%Y-%m-%d' },
              { field: 'n', title: 'revisions' },
            ],
          },
        },
        resolve: { scale: { y: 'independent' } },
      },
    },
  ]
}
