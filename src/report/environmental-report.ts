import { rowsOf } from '../dialects/dialect-adapter-base.js'
import { FULL_WIDTH, TIME_X } from './chart-style.js'
import type { ReportChart } from './report-model.js'
import { bucketOf, byLabel, roundSig, timeBucketsOf, type ReportContext } from './report-sql.js'

/** Points over all station × parameter series at most; each series gets at least 12 buckets. */
const MAX_POINTS = 30_000

/**
 * Environmental: per station and parameter (both picked in the chart), the highest value per time bucket
 * against the guideline, buckets with an exceedance marked; and the exceedances per station and parameter.
 */
export async function environmentalCharts(context: ReportContext): Promise<ReportChart[]> {
  const { db, rows } = context
  const k = db.knex
  const pairs = await rowsOf(rows().distinct('station_id', 'parameter'))
  const buckets = timeBucketsOf(
    context.range('sampled_at'),
    Math.max(12, Math.floor(MAX_POINTS / Math.max(1, pairs.length))),
  )
  if (!buckets) return []
  const bucket = bucketOf(db, 'sampled_at', buckets)
  const series = (
    await rowsOf(
      rows()
        .select({
          station: 'station_id',
          parameter: 'parameter',
          unit: 'unit',
          b: bucket,
          value: k.raw('max(??)', ['value']),
          guideline: k.raw('max(??)', ['guideline_value']),
          exceedances: k.raw('sum(case when ?? then 1 else 0 end)', ['exceedance']),
        })
        .groupByRaw('1, 2, 3, 4'),
    )
  )
    .map((r) => [
      String(r['station']),
      String(r['parameter']),
      String(r['unit']),
      (buckets.from + Number(r['b']) * buckets.width) * 1000,
      roundSig(r['value']),
      roundSig(r['guideline']),
      Number(r['exceedances']),
    ])
    .sort(
      (a, b) =>
        byLabel(a[0] as string, b[0] as string) ||
        byLabel(a[1] as string, b[1] as string) ||
        (a[3] as number) - (b[3] as number),
    )
  const perStation = (
    await rowsOf(
      rows()
        .where('exceedance', true)
        .select({ station: 'station_id', parameter: 'parameter', n: k.raw('count(*)') })
        .groupBy('station_id', 'parameter'),
    )
  )
    .map((r) => [String(r['station']), String(r['parameter']), Number(r['n'])])
    .sort((a, b) => byLabel(a[0] as string, b[0] as string) || byLabel(a[1] as string, b[1] as string))

  const stations = [...new Set(series.map((r) => r[0] as string))]
  const measureOf = (r: readonly unknown[]) => `${String(r[1])} (${String(r[2])})`
  const measures = [...new Set(series.map(measureOf))].sort(byLabel)
  const station = stations[0] ?? null
  const measure = series[0] ? measureOf(series[0]) : null
  const shown = series.filter((r) => r[0] === station && measureOf(r) === measure)
  const pick = { filter: 'datum.station === station && datum.measure === measure' }
  const x = TIME_X
  return [
    {
      id: 'environmental-values',
      title: 'Values against the guideline, per station',
      description:
        'Highest reported value per time bucket (computed by the database) of the picked station and parameter, the guideline value dashed, and buckets holding an exceedance marked in vermillion. Drag to pan, scroll to zoom.',
      data: {
        env: {
          columns: ['station', 'parameter', 'unit', 't', 'value', 'guideline', 'exceedances'],
          rows: series,
        },
      },
      checks: [
        { mark: 'value_line', count: shown.length > 0 ? 1 : 0 },
        // One path each, broken at nulls (empty for a parameter without a guideline), whenever there are rows.
        { mark: 'guideline_line', count: shown.length > 0 ? 1 : 0 },
        { mark: 'exceedance_points', count: shown.filter((r) => (r[6] as number) > 0).length },
      ],
      spec: {
        params: [
          { name: 'station', value: station, bind: { input: 'select', options: stations, name: 'Station ' } },
          {
            name: 'measure',
            value: measure,
            bind: { input: 'select', options: measures, name: 'Parameter (unit) ' },
          },
        ],
        width: FULL_WIDTH,
        height: 300,
        data: { name: 'env' },
        transform: [{ calculate: "datum.parameter + ' (' + datum.unit + ')'", as: 'measure' }, pick],
        layer: [
          {
            params: [{ name: 'envzoom', select: { type: 'interval', encodings: ['x'] }, bind: 'scales' }],
            name: 'value_line',
            mark: { type: 'line', color: '#0072B2', point: false },
            encoding: {
              x,
              y: {
                field: 'value',
                type: 'quantitative',
                title: 'Value (in the unit of the picked parameter)',
              },
              tooltip: [
                { field: 'measure', title: 'parameter' },
                { field: 't', type: 'temporal', title: 'bucket from', format: '%Y-%m-%d' },
                { field: 'value', title: 'highest value' },
                { field: 'guideline', title: 'guideline' },
                { field: 'exceedances', title: 'exceedances' },
              ],
            },
          },
          {
            // Room above the guideline and the highest value, so neither runs on the frame: a zero-based scale
            // cannot be padded (it would go below zero), so an invisible rule 5 % above both widens it.
            transform: [
              {
                aggregate: [
                  { op: 'max', field: 'value', as: 'top' },
                  { op: 'max', field: 'guideline', as: 'limit' },
                ],
              },
              { calculate: 'max(datum.top, datum.limit || 0) * 1.05', as: 'headroom' },
            ],
            mark: { type: 'rule', opacity: 0 },
            encoding: { y: { field: 'headroom', type: 'quantitative' } },
          },
          {
            name: 'guideline_line',
            mark: { type: 'line', color: '#000000', strokeDash: [6, 4], interpolate: 'step-after' },
            encoding: { x, y: { field: 'guideline', type: 'quantitative' } },
          },
          {
            transform: [{ filter: 'datum.exceedances > 0' }],
            name: 'exceedance_points',
            mark: { type: 'point', filled: true, size: 110, color: '#D55E00', shape: 'triangle-up' },
            encoding: {
              x,
              y: { field: 'value', type: 'quantitative' },
              tooltip: [
                { field: 't', type: 'temporal', title: 'bucket from', format: '%Y-%m-%d' },
                { field: 'value', title: 'highest value' },
                { field: 'exceedances', title: 'exceedances' },
              ],
            },
          },
        ],
      },
    },
    {
      id: 'environmental-exceedances',
      title: 'Exceedances per station',
      description:
        'Results above the guideline (or outside the pH band), counted per station and parameter by the database.',
      data: { exceedances: { columns: ['station', 'parameter', 'n'], rows: perStation } },
      checks: [{ mark: 'exceedance_bars', count: perStation.length }],
      spec: {
        width: FULL_WIDTH - 160,
        height: { step: 14 },
        data: { name: 'exceedances' },
        name: 'exceedance_bars',
        mark: 'bar',
        encoding: {
          y: { field: 'station', type: 'nominal', title: 'Station', sort: '-x' },
          x: { aggregate: 'sum', field: 'n', type: 'quantitative', title: 'Exceedances (results)' },
          color: { field: 'parameter', type: 'nominal', title: 'Parameter' },
          tooltip: [
            { field: 'station', title: 'station' },
            { field: 'parameter', title: 'parameter' },
            { field: 'n', title: 'exceedances' },
          ],
        },
      },
    },
  ]
}
