import { col, RECORD_KEY_COLUMNS } from '../columns.js'
import { defineDataType } from '../data-type-definition.js'
import {
  ASSURANCE_FORMS,
  BASES,
  FINANCIAL_CATEGORIES,
  LINE_STATUSES,
  PERIOD_TYPES,
} from './financial-datasets.js'
import { financialGenerator } from './financial-generator.js'
import { EVENT_ID_COLUMN } from '../events/event-timeline.js'

/** The financial records' fields, in output order; `FinancialRow` is derived from them. */
export const FINANCIAL_COLUMNS = [
  ...RECORD_KEY_COLUMNS,
  col.integer('fiscal_year', 'Fiscal year, named after the calendar year it ends in (Australia: July–June)'),
  col.enum('period_type', PERIOD_TYPES, 'Length of the period the line covers'),
  col.date('period_start', 'First day of the period (clipped to the generated date range)'),
  col.date('period_end', 'Last day of the period, inclusive (clipped to the generated date range)'),
  col.enum('category', FINANCIAL_CATEGORIES, 'Cost, liability or assurance category'),
  col.enum('status', LINE_STATUSES, 'budget, forecast, actual, or approved (closure estimates)'),
  col.string('description', 'Line description or cost element'),
  col.float('amount', 'Amount in the local currency (`currency`)'),
  col.string('currency', 'ISO 4217 code of amount and liability_amount', { length: 3 }),
  col.float('fx_rate', 'Fixed illustrative rate, local currency units per US dollar (not market data)'),
  col.float('amount_usd', 'amount / fx_rate', { unit: 'US$' }),
  col.integer('estimate_class', 'AACE estimate class 1 (definitive) – 5 (conceptual); null for actuals', {
    nullable: true,
  }),
  col.enum('basis', BASES, 'How the amount was derived'),
  col.float('unit_rate', 'Rate in `basis` units, e.g. US$ per dry tonne or % a year; null for lump sums', {
    nullable: true,
  }),
  col.string('counterparty', 'Fictitious insurer, surety, bank, consultant or contractor', {
    nullable: true,
  }),
  col.enum('assurance_form', ASSURANCE_FORMS, 'Form of financial assurance', { nullable: true }),
  col.float('coverage_pct', 'Share of the closure liability the assurance covers', {
    unit: '%',
    nullable: true,
  }),
  col.float(
    'liability_amount',
    'Base of the line in local currency: closure liability (estimate, assurance, levy), guaranteed amount (carrying cost) or policy limit (insurance)',
    { nullable: true },
  ),
  EVENT_ID_COLUMN,
] as const

/** The financial data type: its table, its columns and its stats breakdown (see `DataTypeDefinition`). */
export default defineDataType({
  id: 'financial',
  tableSuffix: 'financial_data',
  timeColumn: 'period_start',
  columns: FINANCIAL_COLUMNS,
  generator: financialGenerator,
  breakdown: async (q) => {
    const categories = await q.all(
      q
        .rows()
        .select('category')
        .count({ lines: '*' })
        .sum({ amount_usd: 'amount_usd' })
        .groupBy('category')
        .orderBy('category'),
    )
    return {
      byCategory: categories.map((c) => ({
        category: c['category'],
        lines: Number(c['lines']),
        amount_usd: Math.round(Number(c['amount_usd']) * 100) / 100,
      })),
    }
  },
})
