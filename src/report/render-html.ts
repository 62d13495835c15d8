import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { CHART_CONFIG } from './chart-style.js'
import { distributionCharts } from './distribution-charts.js'
import type { ColumnProfile, DatasetReport, ReportChart, ReportData, ReportTable } from './report-model.js'
import { PAGE_SCRIPT, PAGE_STYLE } from './report-page.js'

let libraries: string | undefined

/**
 * The browser builds of Vega and Vega-Lite (BSD-3-Clause), read once from the installed packages and
 * inlined into every report, so the file opens offline.
 */
export function chartLibraries(): string {
  if (libraries !== undefined) return libraries
  const require = createRequire(import.meta.url)
  const build = (schema: string) => dirname(require.resolve(schema))
  const vega = readFileSync(join(build('vega/vega-schema.json'), 'vega.min.js'), 'utf8')
  const vegaLite = readFileSync(join(build('vega-lite/vega-lite-schema.json'), 'vega-lite.min.js'), 'utf8')
  libraries = [vega, vegaLite].map((code) => inlineScript(code)).join('\n')
  return libraries
}

/** A script element's text that cannot close the element early. */
function inlineScript(code: string): string {
  return `<script>${code.replace(/<\/(script)/gi, '<\\/$1')}</script>`
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}
/** Text as HTML. */
export const escapeHtml = (text: unknown) =>
  (typeof text === 'string' ? text : text === null || text === undefined ? '' : JSON.stringify(text)).replace(
    /[&<>"']/g,
    (c) => ESCAPES[c]!,
  )

const number = (value: unknown) =>
  typeof value === 'number'
    ? value.toLocaleString('en-US', { maximumFractionDigits: 6 })
    : escapeHtml(value ?? '—')

function table(head: readonly string[], rows: readonly (readonly unknown[])[], numeric: ReadonlySet<number>) {
  const th = head.map(
    (h, i) => `<th scope="col"${numeric.has(i) ? ' class="num"' : ''}>${escapeHtml(h)}</th>`,
  )
  const body = rows.map(
    (row) =>
      `<tr>${row.map((cell, i) => (numeric.has(i) ? `<td class="num">${number(cell)}</td>` : `<td>${escapeHtml(cell ?? '—')}</td>`)).join('')}</tr>`,
  )
  return `<table><thead><tr>${th.join('')}</tr></thead><tbody>${body.join('')}</tbody></table>`
}

function figure(dataset: DatasetReport, chart: ReportChart): string {
  return `<figure aria-labelledby="title-${dataset.id}-${chart.id}">
<h3 id="title-${dataset.id}-${chart.id}">${escapeHtml(chart.title)}</h3>
<figcaption>${escapeHtml(chart.description)}</figcaption>
<div class="chart" id="chart-${dataset.id}-${chart.id}" data-chart="${escapeHtml(chart.id)}" data-checks="${escapeHtml(JSON.stringify(chart.checks))}" role="img" aria-label="${escapeHtml(chart.title)}"></div>
</figure>`
}

function reportTable(t: ReportTable): string {
  return `<h3>${escapeHtml(t.title)}</h3>${t.rows.length === 0 ? '<p>None.</p>' : table(t.columns, t.rows, new Set())}`
}

function columnTable(columns: readonly ColumnProfile[], sample: { rows: number; step: number }): string {
  const note =
    sample.step > 1
      ? `Values, nulls, min and max over all rows; median over every ${sample.step}th record (${sample.rows.toLocaleString('en-US')} rows).`
      : 'Values, nulls, min, median and max over all rows.'
  return `<h3>Columns</h3><p class="meta">${escapeHtml(note)}</p>${table(
    ['column', 'type', 'unit', 'values', 'nulls', 'min', 'median', 'max'],
    columns.map((c) => [c.name, c.type, c.unit, c.values, c.nulls, c.min, c.median, c.max]),
    new Set([3, 4, 5, 6, 7]),
  )}`
}

/** The manifest's reproducing facts as label/value rows (whatever of them it holds). */
function manifestRows(manifest: unknown): [string, unknown][] {
  if (!manifest || typeof manifest !== 'object') return []
  const m = manifest as Record<string, unknown>
  const version = (key: string) => (m[key] as { version?: unknown } | undefined)?.version
  const rows: [string, unknown][] = [
    ['seed', m['seed']],
    ['facility seed', m['facilitySeed']],
    ['facilities', m['facilities']],
    ['records', m['count']],
    ['storage', m['storage']],
    ['generator version', version('generator')],
    ['tailingsiq-seed version', version('toolkit')],
    ['faker version', version('faker')],
  ]
  return rows.filter(([, value]) => value !== undefined && value !== null)
}

/** The charts of a dataset as the page draws them: its type's, then the column distributions. */
export function chartsOf(dataset: DatasetReport): ReportChart[] {
  return [...dataset.charts, ...distributionCharts(dataset.columns, dataset.sample)]
}

function section(dataset: DatasetReport): string {
  const charts = chartsOf(dataset)
  const counts = table(
    ['table', 'rows'],
    dataset.rowCounts.map((r) => [r.table, r.rows]),
    new Set([1]),
  )
  const typeCharts = charts.filter((c) => dataset.charts.includes(c))
  const columnCharts = charts.filter((c) => !dataset.charts.includes(c))
  return `<section id="dataset-${dataset.id}" aria-labelledby="dataset-title-${dataset.id}">
<h2 id="dataset-title-${dataset.id}">Dataset ${dataset.id} · ${escapeHtml(dataset.name)}</h2>
<p class="meta">${escapeHtml(dataset.type)} · ${escapeHtml(dataset.status)} · storage ${escapeHtml(dataset.storage)}</p>
${typeCharts.map((c) => figure(dataset, c)).join('\n')}
${dataset.tables.map(reportTable).join('\n')}
<h3>Rows</h3>${counts}
${dataset.columns.length > 0 ? columnTable(dataset.columns, dataset.sample) : '<p>No typed rows: the dataset is stored generic only, or empty.</p>'}
${columnCharts.map((c) => figure(dataset, c)).join('\n')}
<h3>Manifest</h3>${table(['', 'value'], manifestRows(dataset.manifest), new Set())}
<details><summary>Whole manifest (seed, versions, parameters)</summary><pre>${escapeHtml(JSON.stringify(dataset.manifest ?? dataset.parameters, null, 2))}</pre></details>
</section>`
}

/**
 * The report as one HTML document: styles, Vega, Vega-Lite, the data and the page script inlined. A
 * Content-Security-Policy forbids every request, so the page works, and can only work, offline.
 */
export function renderReportHtml(report: ReportData): string {
  const data = {
    config: CHART_CONFIG,
    datasets: report.datasets.map((d) => ({ id: d.id, charts: chartsOf(d) })),
  }
  const json = JSON.stringify(data).replace(/</g, '\\u003c')
  const nav =
    report.datasets.length > 1
      ? `<nav aria-label="Datasets"><ul>${report.datasets
          .map((d) => `<li><a href="#dataset-${d.id}">Dataset ${d.id} · ${escapeHtml(d.name)}</a></li>`)
          .join('')}</ul></nav>`
      : ''
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(report.title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(report.title)}</h1><p class="meta">${escapeHtml(report.generatedBy)} · ${report.datasets.length} dataset${report.datasets.length === 1 ? '' : 's'}</p></header>
${nav}
<main>
${report.datasets.map(section).join('\n')}
</main>
<script type="application/json" id="report-data">${json}</script>
${chartLibraries()}
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`
}
