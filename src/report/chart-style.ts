/**
 * Okabe–Ito, a palette told apart with every common colour-vision deficiency; black last.
 * https://jfly.uni-koeln.de/color/
 */
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
] as const

/** TARP levels 1–3 (alert, alarm, emergency): yellow, orange, vermillion of the same palette. */
export const TARP_COLOURS = ['#F0E442', '#E69F00', '#D55E00'] as const

/** Width of a full-width chart: fits a 1280-pixel window with the page margins and the y axis. */
export const FULL_WIDTH = 960

/** The x axis of every time series: UTC, titled. */
export const TIME_X = {
  field: 't',
  type: 'temporal',
  title: 'Time (UTC)',
  scale: { type: 'utc' },
  axis: { format: '%Y-%m-%d', labelOverlap: true, labelSeparation: 8 },
} as const

/** A `labelExpr` that spells a code as words: `drain_blockage` → `drain blockage`. */
export const SPACED_LABEL = "replace(datum.label, /_/g, ' ')"

/** Vega-Lite `config` shared by every chart. */
export const CHART_CONFIG = {
  font: 'system-ui, sans-serif',
  range: { category: [...PALETTE] },
  title: { anchor: 'start', fontSize: 13 },
  axis: { labelFontSize: 11, titleFontSize: 11 },
  legend: { labelFontSize: 11, titleFontSize: 11 },
  view: { stroke: '#ddd' },
} as const
