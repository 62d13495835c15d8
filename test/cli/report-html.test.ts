import { describe, expect, it } from 'vitest'
import type { DatasetReport } from '../../src/report/report-model.js'
import { renderReportHtml } from '../../src/report/render-html.js'

// The report page as text (it reads the installed chart library, so not a unit test): nothing from the
// database may become markup or script. Its rendering in a browser is test/cli/report.test.ts.

const HOSTILE = '</script><script>alert(1)</script><b>'

const dataset: DatasetReport = {
  id: 7,
  name: HOSTILE,
  type: 'financial',
  status: 'completed',
  storage: 'typed',
  manifest: { seed: 1, note: HOSTILE },
  parameters: {},
  rowCounts: [{ table: 'synthetic_financial_data', rows: 2 }],
  charts: [
    {
      id: 'financial-costs',
      title: HOSTILE,
      description: HOSTILE,
      spec: { mark: 'bar', data: { name: 'costs' } },
      data: { costs: { columns: ['category'], rows: [[HOSTILE]] } },
      checks: [{ mark: 'cost_bars', count: 1 }],
    },
  ],
  tables: [{ title: 'Items', columns: ['what'], rows: [[HOSTILE]] }],
  columns: [],
  sample: { rows: 0, step: 1 },
}

describe('renderReportHtml', () => {
  it('escapes every text and the inlined data, so nothing from the database becomes markup or script', () => {
    const html = renderReportHtml({ title: HOSTILE, generatedBy: 'tailingsiq-seed 0', datasets: [dataset] })
    expect(html).not.toContain('<script>alert(1)')
    expect(html).not.toContain('<b>')
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;')
    // The data block holds the name as JSON with `<` escaped: it cannot close its script element.
    const data = html.slice(
      html.indexOf('id="report-data">'),
      html.indexOf('</script>', html.indexOf('id="report-data">')),
    )
    expect(data).toContain('\\u003c/script>\\u003cscript>alert(1)')
    // Exactly the page's own script elements: the data, Vega, Vega-Lite and the page script.
    expect(html.match(/<script[\s>]/g)).toHaveLength(4)
  })
})
