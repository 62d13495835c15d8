import type { thresholdsSchema } from '../generators/monitoring/monitoring-thresholds.js'
import { FULL_WIDTH, SPACED_LABEL, TARP_COLOURS, TIME_X } from './chart-style.js'

/** The readings drawn as a min–max envelope and a mean line: short name, column, axis title. */
export const ENVELOPES = [
  ['pl', 'pond_level_m', 'Pond level (m RL)'],
  ['fb', 'freeboard_m', 'Freeboard (m)'],
  ['pp', 'pore_pressure_kpa', 'Pore pressure (kPa)'],
  ['st', 'settlement_mm', 'Crest settlement (mm)'],
] as const

/**
 * Physical events by kind, in lane order, with colours of the Okabe–Ito palette that the TARP levels do not
 * use (so an event never reads as a trigger level): rain blue for storms, green for the snowmelt freshet; the
 * palette used up, creep is grey.
 */
const EVENT_COLOURS: Readonly<Record<string, string>> = {
  storm: '#56B4E9',
  freshet: '#009E73',
  phreatic_rise: '#0072B2',
  drain_blockage: '#CC79A7',
  raise: '#000000',
  creep: '#999999',
}

/**
 * Sensor faults by kind, each its own point shape; every kind the column allows is in the legend (a facility
 * without stuck sensors still shows the key), and a kind a later release adds gets a circle until named here.
 */
const ANOMALY_SHAPES: Readonly<Record<string, string>> = {
  spike: 'triangle-up',
  drift: 'diamond',
  missing: 'cross',
  stuck: 'square',
  step: 'triangle-right',
  duplicate_timestamp: 'triangle-down',
}

/**
 * Pixels kept between a panel's data and its frame: the y domain of a panel is the extent of everything it
 * layers (band, mean line, trigger levels), widened by this much, so a line at the extremes is never drawn on
 * the frame or past it.
 */
const Y_PADDING = 8

/** Width of each panel: the full width less the room the event lanes' labels take left of the time axis. */
const PANEL_WIDTH = FULL_WIDTH - 40

type Thresholds = ReturnType<typeof thresholdsSchema.parse>

const picked = { filter: 'datum.f === facility' }
const x = { ...TIME_X, axis: { ...TIME_X.axis, title: null, labels: false } }
const bucketFrom = { field: 't', type: 'temporal', title: 'bucket from', format: '%Y-%m-%d %H:%M' }

/** One reading's panel: its min–max band and mean line over what it layers under them. */
function envelope(short: string, title: string, under: readonly unknown[] = []) {
  return {
    height: 105,
    width: PANEL_WIDTH,
    data: { name: 'ts' },
    transform: [picked],
    layer: [
      ...under,
      {
        name: `${short}_range`,
        mark: { type: 'area', opacity: 0.3, color: '#0072B2' },
        encoding: {
          x,
          y: {
            field: `${short}_lo`,
            type: 'quantitative',
            title,
            scale: { zero: false, padding: Y_PADDING },
          },
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
            bucketFrom,
            { field: short, type: 'quantitative', title: `mean ${title}`, format: '.3~f' },
            { field: `${short}_lo`, type: 'quantitative', title: 'min', format: '.3~f' },
            { field: `${short}_hi`, type: 'quantitative', title: 'max', format: '.3~f' },
          ],
        },
      },
    ],
  }
}

/** The freeboard's TARP levels: fixed depths. */
function freeboardBands(fb: Thresholds['freeboard']) {
  const rows = [
    ['3 emergency', 0, fb.emergency],
    ['2 alarm', fb.emergency, fb.alarm],
    ['1 alert', fb.alarm, fb.alert],
  ] as const
  return {
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
  }
}

/** The pore pressure's TARP levels: ratios of the expected pressure, and the expected pressure dashed. */
function porePressureBands(pp: Thresholds['porePressureRatio']) {
  const band = (level: number, lo: number, hi: number) => ({
    mark: { type: 'area', opacity: 0.25, color: TARP_COLOURS[level - 1] },
    transform: [
      { calculate: `datum.ppe * ${lo}`, as: 'band_lo' },
      { calculate: `datum.ppe * ${hi}`, as: 'band_hi' },
    ],
    encoding: { x, y: { field: 'band_lo', type: 'quantitative' }, y2: { field: 'band_hi' } },
  })
  return [
    band(1, pp.alert, pp.alarm),
    band(2, pp.alarm, pp.emergency),
    band(3, pp.emergency, pp.emergency * 1.15),
    {
      name: 'ppe_line',
      mark: { type: 'line', color: '#000000', strokeDash: [4, 3], strokeWidth: 1 },
      encoding: { x, y: { field: 'ppe', type: 'quantitative' } },
    },
  ]
}

/** One lane per physical event kind, a bar per run of buckets holding it. */
function eventLanes(kinds: readonly string[]) {
  return {
    height: { step: 11 },
    width: PANEL_WIDTH,
    data: { name: 'events' },
    transform: [picked],
    name: 'event_runs',
    mark: { type: 'bar', opacity: 0.85 },
    encoding: {
      x,
      x2: { field: 't2' },
      y: {
        field: 'kind',
        type: 'nominal',
        title: 'Event',
        scale: { domain: [...kinds] },
        axis: { labelExpr: SPACED_LABEL },
      },
      color: {
        field: 'kind',
        type: 'nominal',
        title: 'Physical event',
        scale: { domain: [...kinds], range: kinds.map((k) => EVENT_COLOURS[k] ?? '#999999') },
        legend: { labelExpr: SPACED_LABEL },
      },
      tooltip: [
        { field: 'kind', title: 'event' },
        { field: 't', type: 'temporal', title: 'from', format: '%Y-%m-%d %H:%M' },
        { field: 't2', type: 'temporal', title: 'until', format: '%Y-%m-%d %H:%M' },
        { field: 'n', title: 'readings' },
      ],
    },
  }
}

/** The highest TARP level per bucket, stepped, with the injected sensor anomalies above it. */
function tarpPanel(anomalyKinds: readonly string[]) {
  return {
    height: 70,
    width: PANEL_WIDTH,
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
            scale: { domain: [0, 3.5], padding: Y_PADDING },
            axis: { values: [0, 1, 2, 3] },
          },
        },
      },
      {
        data: { name: 'anomalies' },
        transform: [picked],
        name: 'anomalies',
        mark: { type: 'point', filled: true, size: 40, color: '#000000' },
        encoding: {
          x: TIME_X,
          y: { datum: 3.3 },
          shape: {
            field: 'kind',
            type: 'nominal',
            title: 'Sensor anomaly',
            scale: {
              domain: [...anomalyKinds],
              range: anomalyKinds.map((k) => ANOMALY_SHAPES[k] ?? 'circle'),
            },
            legend: { labelExpr: SPACED_LABEL },
          },
          tooltip: [{ field: 'kind', title: 'anomaly' }, { field: 'n', title: 'readings' }, bucketFrom],
        },
      },
    ],
    resolve: { scale: { shape: 'independent' } },
  }
}

/**
 * Monitoring panels on one shared, zoomable time axis, for the facility picked: rainfall; pond level,
 * freeboard (with its TARP bands), pore pressure (against its expected value and TARP ratios) and settlement
 * as band and mean line; the physical events in progress; the TARP level with the sensor anomalies.
 */
export function monitoringSpec(
  codes: readonly string[],
  thresholds: Thresholds,
  eventKinds: readonly string[],
  anomalyKinds: readonly string[],
): Record<string, unknown> {
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
        views: ['rain_bars', ...ENVELOPES.map(([s]) => `${s}_range`), 'event_runs', 'tarp_line'],
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
        width: PANEL_WIDTH,
        data: { name: 'ts' },
        transform: [picked],
        mark: { type: 'bar', color: '#56B4E9' },
        name: 'rain_bars',
        encoding: {
          x,
          y: { field: 'rain', type: 'quantitative', title: 'Rainfall (mm)' },
          tooltip: [bucketFrom, { field: 'rain', type: 'quantitative', title: 'rainfall (mm)' }],
        },
      },
      envelope('pl', 'Pond level (m RL)'),
      envelope('fb', 'Freeboard (m)', [freeboardBands(thresholds.freeboard)]),
      envelope('pp', 'Pore pressure (kPa)', porePressureBands(thresholds.porePressureRatio)),
      envelope('st', 'Crest settlement (mm)'),
      eventLanes(eventKinds),
      tarpPanel(anomalyKinds),
    ],
  }
}
