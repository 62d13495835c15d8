import { rowsOf } from '../dialects/dialect-adapter-base.js'
import { thresholdsSchema } from '../generators/monitoring/monitoring-thresholds.js'
import { FULL_WIDTH, TARP_COLOURS, TIME_X } from './chart-style.js'
import type { ChartCheck, ReportChart } from './report-model.js'
import {
  bucketOf,
  byLabel,
  facilityLabels,
  roundSig,
  timeBucketsOf,
  type ReportContext,
} from './report-sql.js'

/** Time buckets per facility at most, and over all facilities: what bounds the report's size. */
const MAX_BUCKETS_PER_FACILITY = 1_000
const MAX_BUCKETS = 12_000

/** The readings drawn as a min–max envelope and a mean line: short name, column, axis title. */
const ENVELOPES = [
  ['pl', 'pond_level_m', 'Pond level (m RL)'],
  ['fb', 'freeboard_m', 'Freeboard (m)'],
  ['pp', 'pore_pressure_kpa', 'Pore pressure (kPa)'],
  ['st', 'settlement_mm', 'Crest settlement (mm)'],
] as const

/**
 * Monitoring: per facility (picked in the chart), rainfall, pond level, freeboard with its TARP bands, pore
 * pressure against its expected value and TARP ratios, settlement, and the TARP level with the injected
 * anomalies, on one shared, zoomable time axis. Readings are aggregated per time bucket by the database
 * (sum of rainfall; min, max and mean of the others; highest TARP level), so a million readings become a
 * few thousand buckets.
 */
export async function monitoringCharts(context: ReportContext): Promise<ReportChart[]> {
  const { db, rows, parameters } = context
  const perFacility = Math.min(
    MAX_BUCKETS_PER_FACILITY,
    Math.max(50, Math.floor(MAX_BUCKETS / Math.max(1, context.facilities))),
  )
  const buckets = timeBucketsOf(context.range('timestamp'), perFacility)
  if (!buckets) return []
  const bucket = bucketOf(db, 'timestamp', buckets)
  const select: Record<string, unknown> = {
    facility_id: 'facility_id',
    b: bucket,
    n: db.knex.raw('count(*)'),
    rain: db.knex.raw('sum(??)', ['rainfall_mm']),
    ppe: db.knex.raw('avg(??)', ['pore_pressure_expected_kpa']),
    tarp: db.knex.raw('max(??)', ['tarp_level']),
  }
  for (const [short, column] of ENVELOPES) {
    select[`${short}_lo`] = db.knex.raw('min(??)', [column])
    select[`${short}_hi`] = db.knex.raw('max(??)', [column])
    select[short] = db.knex.raw('avg(??)', [column])
  }
  // Anomalies are counted per kind in the same scan, not by a second query.
  const kinds = context.columns.find((c) => c.name === 'anomaly')?.values ?? []
  kinds.forEach((kind, k) => {
    select[`anomaly${k}`] = db.knex.raw('sum(case when ?? = ? then 1 else 0 end)', ['anomaly', kind])
  })
  const aggregated = await rowsOf(
    rows()
      .select(select as never)
      .groupByRaw('1, 2'),
  )
  const labels = await facilityLabels(
    db,
    aggregated.map((r) => r['facility_id']),
  )
  const timeOf = (b: unknown) => (buckets.from + Number(b) * buckets.width) * 1000
  const label = (id: unknown) => labels.get(String(id)) ?? String(id)
  const envelopeFields = ENVELOPES.flatMap(([s]) => [`${s}_lo`, `${s}_hi`, s])
  const series = aggregated
    .map((r) => [
      label(r['facility_id']),
      timeOf(r['b']),
      Number(r['n']),
      roundSig(r['rain']),
      ...envelopeFields.map((f) => roundSig(r[f])),
      roundSig(r['ppe']),
      r['tarp'] === null ? null : Number(r['tarp']),
    ])
    .sort((a, b) => byLabel(a[0] as string, b[0] as string) || (a[1] as number) - (b[1] as number))
  const events = aggregated
    .flatMap((r) =>
      kinds.map((kind, k) => [label(r['facility_id']), timeOf(r['b']), kind, Number(r[`anomaly${k}`] ?? 0)]),
    )
    .filter((e) => (e[3] as number) > 0)
    .sort(
      (a, b) =>
        byLabel(a[0] as string, b[0] as string) ||
        (a[1] as number) - (b[1] as number) ||
        byLabel(a[2] as string, b[2] as string),
    )
  const codes = [...new Set(series.map((r) => r[0] as string))].sort(byLabel)
  const first = codes[0]
  const columns = ['f', 't', 'n', 'rain', ...envelopeFields, 'ppe', 'tarp']
  const thresholds = thresholdsSchema.parse((parameters as { thresholds?: unknown } | null)?.thresholds ?? {})
  const firstRows = series.filter((r) => r[0] === first)
  // A line is one path per facility, drawn (broken at nulls, empty when all are null) whenever it has rows.
  const line = firstRows.length > 0 ? 1 : 0
  const checks: ChartCheck[] = [
    ...ENVELOPES.map(([s]) => ({ mark: `${s}_line`, count: line })),
    { mark: 'ppe_line', count: line },
    { mark: 'rain_bars', count: firstRows.filter((r) => r[columns.indexOf('rain')] !== null).length },
    { mark: 'tarp_line', count: line },
    { mark: 'anomalies', count: events.filter((e) => e[0] === first).length },
  ]
  const bucketText = describeWidth(buckets.width)
  return [
    {
      id: 'monitoring-series',
      title: 'Readings over time, per facility',
      description: `Per facility, readings aggregated per ${bucketText} bucket by the database: rainfall summed; pond level, freeboard, pore pressure and settlement as min–max band and mean line; the highest TARP level and the injected anomalies. Shaded bands are the TARP trigger levels (alert, alarm, emergency). Drag to pan, scroll to zoom.`,
      data: { ts: { columns, rows: series }, events: { columns: ['f', 't', 'kind', 'n'], rows: events } },
      checks,
      spec: monitoringSpec(codes, thresholds),
    },
  ]
}

function describeWidth(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}-day`
  if (seconds % 3_600 === 0) return `${seconds / 3_600}-hour`
  if (seconds % 60 === 0) return `${seconds / 60}-minute`
  return `${seconds}-second`
}

type Thresholds = ReturnType<typeof thresholdsSchema.parse>

function monitoringSpec(codes: readonly string[], thresholds: Thresholds): Record<string, unknown> {
  const picked = { filter: 'datum.f === facility' }
  const x = { ...TIME_X, axis: { ...TIME_X.axis, title: null, labels: false } }
  const envelope = (short: string, title: string, under: readonly unknown[] = []) => ({
    height: 105,
    width: FULL_WIDTH,
    data: { name: 'ts' },
    transform: [picked],
    layer: [
      ...under,
      {
        name: `${short}_range`,
        mark: { type: 'area', opacity: 0.3, color: '#0072B2' },
        encoding: {
          x,
          y: { field: `${short}_lo`, type: 'quantitative', title, scale: { zero: false } },
          y2: { field: `${short}_hi` },
        },
      },
      {
        name: `${short}_line`,
        mark: { type: 'line', strokeWidth: 1.2, color: '#0072B2' },
        encoding: {
          x,
          y: { field: short, type: 'quantitative' },
          tooltip: [
            { field: 't', type: 'temporal', title: 'bucket from', format: '%Y-%m-%d %H:%M' },
            { field: short, type: 'quantitative', title: `mean ${title}`, format: '.3~f' },
            { field: `${short}_lo`, type: 'quantitative', title: 'min', format: '.3~f' },
            { field: `${short}_hi`, type: 'quantitative', title: 'max', format: '.3~f' },
          ],
        },
      },
    ],
  })
  const fb = thresholds.freeboard
  const bands = (rows: readonly (readonly [string, number, number])[]) => ({
    data: { values: rows.map(([level, lo, hi]) => ({ level, lo, hi })) },
    mark: { type: 'rect', opacity: 0.25 },
    encoding: {
      y: { field: 'lo', type: 'quantitative' },
      y2: { field: 'hi' },
      color: {
        field: 'level',
        type: 'nominal',
        title: 'TARP level',
        scale: { domain: ['1 alert', '2 alarm', '3 emergency'], range: [...TARP_COLOURS] },
      },
    },
  })
  const pp = thresholds.porePressureRatio
  const ratioBand = (level: string, lo: number, hi: number) => ({
    mark: { type: 'area', opacity: 0.25, color: TARP_COLOURS[Number(level[0]) - 1] },
    transform: [
      { calculate: `datum.ppe * ${lo}`, as: 'band_lo' },
      { calculate: `datum.ppe * ${hi}`, as: 'band_hi' },
    ],
    encoding: { x, y: { field: 'band_lo', type: 'quantitative' }, y2: { field: 'band_hi' } },
  })
  return {
    title: {
      text: 'Monitoring readings',
      subtitle: 'Pick a facility; drag to pan and scroll to zoom the time axis',
    },
    params: [
      {
        // One zoom for every panel: the views with a time field; the x scale is shared.
        name: 'zoom',
        select: { type: 'interval', encodings: ['x'] },
        bind: 'scales',
        views: ['rain_bars', ...ENVELOPES.map(([s]) => `${s}_range`), 'tarp_line'],
      },
      {
        name: 'facility',
        value: codes[0] ?? null,
        bind: { input: 'select', options: [...codes], name: 'Facility ' },
      },
    ],
    resolve: { scale: { x: 'shared', color: 'independent' } },
    spacing: 6,
    vconcat: [
      {
        height: 70,
        width: FULL_WIDTH,
        data: { name: 'ts' },
        transform: [picked],
        mark: { type: 'bar', color: '#56B4E9' },
        name: 'rain_bars',
        encoding: {
          x,
          y: { field: 'rain', type: 'quantitative', title: 'Rainfall (mm)' },
          tooltip: [
            { field: 't', type: 'temporal', title: 'bucket from', format: '%Y-%m-%d %H:%M' },
            { field: 'rain', type: 'quantitative', title: 'rainfall (mm)' },
          ],
        },
      },
      envelope('pl', 'Pond level (m RL)'),
      envelope('fb', 'Freeboard (m)', [
        bands([
          ['3 emergency', 0, fb.emergency],
          ['2 alarm', fb.emergency, fb.alarm],
          ['1 alert', fb.alarm, fb.alert],
        ]),
      ]),
      {
        ...envelope('pp', 'Pore pressure (kPa)', [
          ratioBand('1', pp.alert, pp.alarm),
          ratioBand('2', pp.alarm, pp.emergency),
          ratioBand('3', pp.emergency, pp.emergency * 1.15),
          {
            name: 'ppe_line',
            mark: { type: 'line', color: '#000000', strokeDash: [4, 3], strokeWidth: 1 },
            encoding: { x, y: { field: 'ppe', type: 'quantitative' } },
          },
        ]),
      },
      envelope('st', 'Crest settlement (mm)'),
      {
        height: 70,
        width: FULL_WIDTH,
        layer: [
          {
            data: { name: 'ts' },
            transform: [picked],
            name: 'tarp_line',
            mark: { type: 'line', interpolate: 'step-after', color: '#D55E00' },
            encoding: {
              x: TIME_X,
              y: {
                field: 'tarp',
                type: 'quantitative',
                title: 'TARP level',
                scale: { domain: [0, 3.5] },
                axis: { values: [0, 1, 2, 3] },
              },
            },
          },
          {
            data: { name: 'events' },
            transform: [picked],
            name: 'anomalies',
            mark: { type: 'point', filled: true, size: 40, opacity: 0.8 },
            encoding: {
              x: TIME_X,
              y: { datum: 3.3 },
              shape: { field: 'kind', type: 'nominal', title: 'Anomaly' },
              color: {
                field: 'kind',
                type: 'nominal',
                title: 'Anomaly',
                scale: { range: ['#000000', '#CC79A7', '#009E73'] },
              },
              tooltip: [
                { field: 'kind', title: 'anomaly' },
                { field: 'n', title: 'readings' },
                { field: 't', type: 'temporal', title: 'bucket from', format: '%Y-%m-%d %H:%M' },
              ],
            },
          },
        ],
        resolve: { scale: { color: 'independent', shape: 'independent' } },
      },
    ],
  }
}
