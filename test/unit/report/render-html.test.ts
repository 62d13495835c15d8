import { describe, expect, it } from 'vitest'
import type { DatasetReport } from '../../../src/report/report-model.js'
import { renderReportHtml } from '../../../src/report/render-html.js'
import { roundSig, timeBucketsOf } from '../../../src/report/report-sql.js'

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

describe('report helpers', () => {
  it('rounds to 6 significant digits without letting the order of a floating-point sum show', () => {
    expect(roundSig(883.2375 + 1e-13)).toBe(roundSig(883.2375 - 1e-13))
    expect(roundSig(1234567.89)).toBe(1234570)
    expect(roundSig(null)).toBeNull()
    expect(roundSig(Number.NaN)).toBeNull()
  })

  it('cuts a time range into whole buckets a reader can name', () => {
    const day = 86_400_000
    expect(timeBucketsOf({ min: 0, max: 365 * day - 1 }, 1_000)).toEqual({
      from: 0,
      to: 31_535_999,
      width: 43_200,
    })
    expect(timeBucketsOf({ min: 1_000, max: 1_000 }, 1_000)).toEqual({ from: 1, to: 1, width: 1 })
    expect(timeBucketsOf(undefined, 10)).toBeUndefined()
  })
})
