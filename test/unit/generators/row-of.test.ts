import { describe, expectTypeOf, it } from 'vitest'
import type { RowOf } from '../../../src/generators/columns.js'
import { col } from '../../../src/generators/columns.js'
import type { DocumentRow } from '../../../src/generators/document/document-generator.js'
import type { FinancialRow } from '../../../src/generators/financial/financial-generator.js'
import type { AssuranceForm, PeriodType } from '../../../src/generators/financial/financial-datasets.js'
import type { GeotechnicalRow } from '../../../src/generators/geotechnical/geotechnical-generator.js'
import type { MonitoringRow } from '../../../src/generators/monitoring/monitoring-generator.js'

// Checked by the compiler (`npx tsc -b`): each type's record fields are written once, in its columns.
describe('RowOf', () => {
  it('gives each column its value type: enum values, null where nullable, number for times', () => {
    const _columns = [
      col.bigint('record_index', 'index'),
      col.enum('kind', ['a', 'b'] as const, 'kind', { nullable: true }),
      col.timestamp('at', 'time'),
      col.boolean('ok', 'ok'),
      col.json('extra', 'anything'),
    ] as const
    expectTypeOf<RowOf<typeof _columns>>().toEqualTypeOf<{
      readonly record_index: number
      readonly kind: 'a' | 'b' | null
      readonly at: number
      readonly ok: boolean
      readonly extra: unknown
    }>()
  })

  it("is what the built-in types' rows are, with no field beyond their columns", () => {
    expectTypeOf<FinancialRow['period_type']>().toEqualTypeOf<PeriodType>()
    expectTypeOf<FinancialRow['assurance_form']>().toEqualTypeOf<AssuranceForm | null>()
    expectTypeOf<FinancialRow['record_index']>().toEqualTypeOf<number>()
    expectTypeOf<GeotechnicalRow['moisture_pct']>().toEqualTypeOf<number | null>()
    expectTypeOf<DocumentRow['keywords']>().toEqualTypeOf<readonly string[]>()
    expectTypeOf<'not_a_column'>().not.toExtend<keyof MonitoringRow>()
  })
})
