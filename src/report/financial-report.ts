import { rowsOf } from '../dialects/dialect-adapter-base.js'
import { SPACED_LABEL } from './chart-style.js'
import type { ReportChart } from './report-model.js'
import { byLabel, roundSig, type ReportContext } from './report-sql.js'

/** Categories that are a liability or its cover, not a cost spent in the year. */
const NOT_COSTS = ['closure_cost_estimate', 'financial_assurance']

/**
 * Financial: actual costs per fiscal year stacked by category, and per fiscal year the approved closure
 * cost estimate against the financial assurance held, all summed in US$ by the database.
 */
export async function financialCharts({ db, rows }: ReportContext): Promise<ReportChart[]> {
  const k = db.knex
  const costs = (
    await rowsOf(
      rows()
        .where('status', 'actual')
        .whereNotIn('category', NOT_COSTS)
        .select({ year: 'fiscal_year', category: 'category', usd: k.raw('sum(??)', ['amount_usd']) })
        .groupBy('fiscal_year', 'category'),
    )
  )
    .map((r) => [Number(r['year']), String(r['category']), roundSig(Number(r['usd']) / 1e6)])
    .sort((a, b) => (a[0] as number) - (b[0] as number) || byLabel(a[1] as string, b[1] as string))
  const cover = (
    await rowsOf(
      rows()
        .whereIn('category', NOT_COSTS)
        .select({ year: 'fiscal_year', category: 'category', usd: k.raw('sum(??)', ['amount_usd']) })
        .groupBy('fiscal_year', 'category'),
    )
  )
    .map((r) => [
      Number(r['year']),
      r['category'] === 'financial_assurance' ? 'assurance held' : 'closure cost estimate',
      roundSig(Number(r['usd']) / 1e6),
    ])
    .sort((a, b) => (a[0] as number) - (b[0] as number) || byLabel(a[1] as string, b[1] as string))
  // A bar per year as wide as a reader expects, however few the years: the width grows with them.
  const width = (data: readonly (readonly unknown[])[]) =>
    Math.min(620, Math.max(200, 110 * new Set(data.map((r) => r[0])).size))
  const year = { field: 'year', type: 'ordinal', title: 'Fiscal year', axis: { labelAngle: 0 } }
  return [
    {
      id: 'financial-costs',
      title: 'Actual costs per fiscal year',
      description: 'Actual cost lines summed per fiscal year and category (US$ million) by the database.',
      data: { costs: { columns: ['year', 'category', 'usd'], rows: costs } },
      checks: [{ mark: 'cost_bars', count: costs.length }],
      spec: {
        width: width(costs),
        height: 300,
        data: { name: 'costs' },
        name: 'cost_bars',
        mark: 'bar',
        encoding: {
          x: year,
          y: { field: 'usd', type: 'quantitative', title: 'Actual cost (US$ million)', stack: 'zero' },
          color: {
            field: 'category',
            type: 'nominal',
            title: 'Category',
            legend: { labelExpr: SPACED_LABEL },
          },
          tooltip: [
            { field: 'year', title: 'fiscal year' },
            { field: 'category' },
            { field: 'usd', title: 'US$ million', format: ',.2f' },
          ],
        },
      },
    },
    {
      id: 'financial-assurance',
      title: 'Financial assurance against the closure cost estimate',
      description:
        'Per fiscal year, the approved closure cost estimate and the financial assurance held, summed over facilities (US$ million) by the database.',
      data: { cover: { columns: ['year', 'line', 'usd'], rows: cover } },
      checks: [{ mark: 'assurance_bars', count: cover.length }],
      spec: {
        width: width(cover),
        height: 300,
        data: { name: 'cover' },
        name: 'assurance_bars',
        mark: 'bar',
        encoding: {
          x: year,
          xOffset: { field: 'line', type: 'nominal' },
          y: { field: 'usd', type: 'quantitative', title: 'Amount (US$ million)' },
          color: {
            field: 'line',
            type: 'nominal',
            title: 'Line',
            scale: { domain: ['closure cost estimate', 'assurance held'], range: ['#E69F00', '#0072B2'] },
          },
          tooltip: [
            { field: 'year', title: 'fiscal year' },
            { field: 'line' },
            { field: 'usd', title: 'US$ million', format: ',.2f' },
          ],
        },
      },
    },
  ]
}
