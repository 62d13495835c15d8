/**
 * The script of the report page: reads the report data, turns each chart's columnar data into rows,
 * compiles its Vega-Lite spec with the inlined Vega-Lite and renders it with the inlined Vega as SVG.
 * `window.reportRendered` settles when every chart has rendered (the browser test waits for it); a chart
 * that fails says so in its place and on the console.
 */
export const PAGE_SCRIPT = `
(function () {
  'use strict'
  var report = JSON.parse(document.getElementById('report-data').textContent)
  var config = report.config
  function rowsOf(data) {
    return data.rows.map(function (row) {
      var o = {}
      for (var i = 0; i < data.columns.length; i++) o[data.columns[i]] = row[i]
      return o
    })
  }
  var pending = []
  report.datasets.forEach(function (dataset) {
    dataset.charts.forEach(function (chart) {
      var el = document.getElementById('chart-' + dataset.id + '-' + chart.id)
      var datasets = {}
      Object.keys(chart.data).forEach(function (name) { datasets[name] = rowsOf(chart.data[name]) })
      var spec = Object.assign({}, chart.spec, {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        description: chart.description,
        config: config,
        datasets: datasets,
        autosize: { type: 'pad' },
      })
      var done = Promise.resolve().then(function () {
        var compiled = vegaLite.compile(spec).spec
        var view = new vega.View(vega.parse(compiled), {
          renderer: 'svg',
          container: el,
          hover: true,
        })
        return view.runAsync().then(function () {
          el.setAttribute('data-rendered', 'true')
        })
      }).catch(function (error) {
        el.setAttribute('data-rendered', 'failed')
        el.textContent = 'This chart could not be drawn: ' + error.message
        console.error('chart ' + chart.id + ' of dataset ' + dataset.id + ': ' + error.message)
      })
      pending.push(done)
    })
  })
  window.reportRendered = Promise.all(pending)
})()
`

/** The style sheet of the report page: legible at 1280 × 800, printable. */
export const PAGE_STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; padding: 16px 24px 48px; max-width: 1200px; color: #1a1a1a; }
h1 { font-size: 22px; margin: 8px 0 4px; }
h2 { font-size: 18px; margin: 32px 0 4px; border-top: 2px solid #0072B2; padding-top: 12px; }
h3 { font-size: 15px; margin: 22px 0 4px; }
figure { margin: 12px 0 20px; }
figcaption { color: #444; font-size: 13px; margin-bottom: 6px; max-width: 1000px; }
table { border-collapse: collapse; font-size: 12.5px; margin: 6px 0 12px; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #f6f6f6; padding: 8px; overflow: auto; font-size: 12px; max-height: 320px; }
nav ul { padding-left: 18px; }
.meta { color: #555; }
.vega-bind { display: inline-block; margin: 4px 16px 4px 0; font-size: 13px; }
.vega-bind select { font-size: 13px; }
`
