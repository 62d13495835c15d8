import type { ColumnProfile, ReportChart } from './report-model.js'

/**
 * Small multiples of the column distributions: histograms of the numeric and time columns, bars of the
 * most frequent values of the categorical ones. Built from {@link ColumnProfile}s, no query of its own.
 */
export function distributionCharts(
  profiles: readonly ColumnProfile[],
  sample: { rows: number; step: number },
): ReportChart[] {
  const from =
    sample.step > 1 ? `every ${sample.step}th record (${sample.rows} rows)` : `all ${sample.rows} rows`
  const numeric = profiles.filter((p) => p.min !== null && p.histogram.length > 0)
  const categorical = profiles.filter((p) => p.min === null && p.histogram.length > 0)
  const axisTitle = (p: ColumnProfile) => (p.unit ? `${p.name} (${p.unit})` : p.name)
  const bins = numeric.flatMap((p) => p.histogram.map((h, i) => [axisTitle(p), i, h.bin, h.count]))
  const bars = categorical.flatMap((p) => p.histogram.map((h) => [p.name, h.bin, h.count]))
  const charts: ReportChart[] = []
  if (bins.length > 0)
    charts.push({
      id: 'columns-histograms',
      title: 'Distributions of the numeric and time columns',
      description: `Histograms in 20 equal bins between each column's minimum and maximum, counted over ${from}.`,
      data: { bins: { columns: ['column', 'bin', 'from', 'count'], rows: bins } },
      checks: [{ mark: 'hist_bars', count: bins.length }],
      spec: {
        data: { name: 'bins' },
        facet: { field: 'column', type: 'nominal', title: null, header: { labelFontSize: 11 }, sort: null },
        columns: 4,
        resolve: { scale: { x: 'independent', y: 'independent' } },
        spec: {
          width: 220,
          height: 70,
          name: 'hist_bars',
          mark: { type: 'bar', color: '#0072B2' },
          encoding: {
            x: {
              field: 'bin',
              type: 'ordinal',
              title: 'bin (min → max)',
              axis: { labels: false, ticks: false },
            },
            y: { field: 'count', type: 'quantitative', title: 'rows' },
            tooltip: [
              { field: 'column' },
              { field: 'from', title: 'bin from' },
              { field: 'count', title: 'rows' },
            ],
          },
        },
      },
    })
  if (bars.length > 0)
    charts.push({
      id: 'columns-categories',
      title: 'Most frequent values of the categorical columns',
      description: `Up to 12 most frequent values of each enumerated or boolean column, counted over ${from}.`,
      data: { values: { columns: ['column', 'value', 'count'], rows: bars } },
      checks: [{ mark: 'category_bars', count: bars.length }],
      spec: {
        data: { name: 'values' },
        facet: { field: 'column', type: 'nominal', title: null, header: { labelFontSize: 11 }, sort: null },
        columns: 3,
        resolve: { scale: { x: 'independent', y: 'independent' } },
        spec: {
          width: 200,
          height: { step: 11 },
          name: 'category_bars',
          mark: { type: 'bar', color: '#009E73' },
          encoding: {
            y: { field: 'value', type: 'nominal', title: null, sort: '-x' },
            x: { field: 'count', type: 'quantitative', title: 'rows' },
            tooltip: [{ field: 'column' }, { field: 'value' }, { field: 'count', title: 'rows' }],
          },
        },
      },
    })
  return charts
}
