import { rowsOf } from '../dialects/dialect-adapter-base.js'
import type { Database } from '../dialects/open-database.js'
import { thresholdsSchema } from '../generators/monitoring/monitoring-thresholds.js'
import { ENVELOPES, monitoringSpec } from './monitoring-spec.js'
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

type Row = Record<string, unknown>

/** One bucket's aggregates, with its facility's label and its bucket number. */
type Bucket = Row & { readonly f: string; readonly b: number }

/**
 * Monitoring: per facility (picked in the chart), rainfall, pond level, freeboard with its TARP bands, pore
 * pressure against its expected value and TARP ratios, settlement, the physical events in progress, and the
 * TARP level with the injected anomalies, on one shared, zoomable time axis. Readings are aggregated per time
 * bucket by the database (sum of rainfall; min, max and mean of the others; highest TARP level; readings per
 * anomaly and per event kind), so a million readings become a few thousand buckets; consecutive buckets of a
 * facility holding the same event become one run.
 */
export async function monitoringCharts(context: ReportContext): Promise<ReportChart[]> {
  const { db, rows, parameters } = context
  const perFacility = Math.min(
    MAX_BUCKETS_PER_FACILITY,
    Math.max(50, Math.floor(MAX_BUCKETS / Math.max(1, context.facilities))),
  )
  const buckets = timeBucketsOf(context.range('timestamp'), perFacility)
  if (!buckets) return []
  const select: Row = {
    facility_id: 'facility_id',
    b: bucketOf(db, 'timestamp', buckets),
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
  // Anomalies and events are counted per kind in the same scan, not by more queries.
  const anomalyKinds = valuesOf(context, 'anomaly')
  const eventKinds = valuesOf(context, 'event')
  const aggregated = await rowsOf(
    rows()
      .select({
        ...select,
        ...countsPerValue(db, 'anomaly', anomalyKinds),
        ...countsPerValue(db, 'event', eventKinds),
      } as never)
      .groupByRaw('1, 2'),
  )
  const labels = await facilityLabels(
    db,
    aggregated.map((r) => r['facility_id']),
  )
  const label = (id: unknown) => labels.get(String(id)) ?? String(id)
  const timeOf = (b: number) => (buckets.from + b * buckets.width) * 1000
  // Per facility, in time order: what the runs of events are made of.
  const ordered = aggregated
    .map((r): Bucket => ({ ...r, f: label(r['facility_id']), b: Number(r['b']) }))
    .sort((p, q) => byLabel(p.f, q.f) || p.b - q.b)
  const envelopeFields = ENVELOPES.flatMap(([s]) => [`${s}_lo`, `${s}_hi`, s])
  const columns = ['f', 't', 'n', 'rain', ...envelopeFields, 'ppe', 'tarp']
  const series = ordered.map((r) => [
    r.f,
    timeOf(r.b),
    Number(r['n']),
    roundSig(r['rain']),
    ...envelopeFields.map((f) => roundSig(r[f])),
    roundSig(r['ppe']),
    r['tarp'] === null ? null : Number(r['tarp']),
  ])
  const anomalies = ordered.flatMap((r) =>
    anomalyKinds
      .map((kind, k) => [r.f, timeOf(r.b), kind, Number(r[`anomaly${k}`] ?? 0)])
      .filter((a) => (a[3] as number) > 0),
  )
  const events = eventRuns(ordered, eventKinds).map((e) => [
    e.f,
    timeOf(e.from),
    timeOf(e.to + 1),
    e.kind,
    e.n,
  ])
  const codes = [...new Set(ordered.map((r) => r.f))]
  const first = codes[0]
  const thresholds = thresholdsSchema.parse((parameters as { thresholds?: unknown } | null)?.thresholds ?? {})
  const ofFirst = (data: readonly (readonly unknown[])[]) => data.filter((r) => r[0] === first)
  // A line is one path per facility, drawn (broken at nulls, empty when all are null) whenever it has rows.
  const line = ofFirst(series).length > 0 ? 1 : 0
  const checks: ChartCheck[] = [
    ...ENVELOPES.map(([s]) => ({ mark: `${s}_line`, count: line })),
    { mark: 'ppe_line', count: line },
    { mark: 'rain_bars', count: ofFirst(series).filter((r) => r[columns.indexOf('rain')] !== null).length },
    { mark: 'event_runs', count: ofFirst(events).length },
    { mark: 'tarp_line', count: line },
    { mark: 'anomalies', count: ofFirst(anomalies).length },
  ]
  return [
    {
      id: 'monitoring-series',
      title: 'Readings over time, per facility',
      description: `Per facility, readings aggregated per ${describeWidth(buckets.width)} bucket by the database: rainfall summed; pond level, freeboard, pore pressure and settlement as min–max band and mean line; the physical events in progress (storm, dam raise, drain blockage, phreatic rise, freshet) as one bar per run of buckets; the highest TARP level and the injected sensor anomalies. Shaded bands are the TARP trigger levels (alert, alarm, emergency). Drag to pan, scroll to zoom.`,
      data: {
        ts: { columns, rows: series },
        events: { columns: ['f', 't', 't2', 'kind', 'n'], rows: events },
        anomalies: { columns: ['f', 't', 'kind', 'n'], rows: anomalies },
      },
      checks,
      spec: monitoringSpec(codes, thresholds, eventKinds, anomalyKinds),
    },
  ]
}

/** The values of one of the type's enumerated columns; none when it has no such column. */
function valuesOf(context: ReportContext, column: string): readonly string[] {
  return context.columns.find((c) => c.name === column)?.values ?? []
}

/** Selects of the readings per value of an enumerated column in a bucket, as `<column><k>`. */
function countsPerValue(db: Database, column: string, values: readonly string[]): Row {
  return Object.fromEntries(
    values.map((value, k) => [
      `${column}${k}`,
      db.knex.raw('sum(case when ?? = ? then 1 else 0 end)', [column, value]),
    ]),
  )
}

/** A run of a facility's buckets holding one event kind: first and last bucket, and its readings. */
interface EventRun {
  readonly f: string
  readonly kind: string
  readonly from: number
  to: number
  n: number
}

/**
 * The runs of each event kind in buckets ordered by facility and time: a run goes on through the facility's
 * next bucket that holds the kind (buckets without readings in between do not break it) and ends at one that
 * does not. Ordered by facility, start and kind.
 */
function eventRuns(ordered: readonly Bucket[], kinds: readonly string[]): EventRun[] {
  const runs: EventRun[] = []
  let open: (EventRun | undefined)[] = []
  let facility: string | undefined
  for (const r of ordered) {
    if (r.f !== facility) {
      open = []
      facility = r.f
    }
    kinds.forEach((kind, k) => {
      const n = Number(r[`event${k}`] ?? 0)
      const run = open[k]
      if (n === 0) open[k] = undefined
      else if (run) {
        run.to = r.b
        run.n += n
      } else runs.push((open[k] = { f: r.f, kind, from: r.b, to: r.b, n }))
    })
  }
  return runs.sort((p, q) => byLabel(p.f, q.f) || p.from - q.from || byLabel(p.kind, q.kind))
}

function describeWidth(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}-day`
  if (seconds % 3_600 === 0) return `${seconds / 3_600}-hour`
  if (seconds % 60 === 0) return `${seconds / 60}-minute`
  return `${seconds}-second`
}
