import { UsageError } from '../errors.js'
import { DATA_TYPES, isDataType, type DataGenerator, type DataType } from './generator.js'
import { complianceGenerator } from './compliance/compliance-generator.js'
import { documentGenerator } from './document/document-generator.js'
import { environmentalGenerator } from './environmental/environmental-generator.js'
import { financialGenerator } from './financial/financial-generator.js'
import { geotechnicalGenerator } from './geotechnical/geotechnical-generator.js'
import { monitoringGenerator } from './monitoring/monitoring-generator.js'

const GENERATORS: Readonly<Record<DataType, unknown>> = Object.freeze({
  monitoring: monitoringGenerator,
  document: documentGenerator,
  compliance: complianceGenerator,
  geotechnical: geotechnicalGenerator,
  environmental: environmentalGenerator,
  financial: financialGenerator,
})

/**
 * The generator of a data type. Throws a `UsageError` naming the valid types when `type` is unknown.
 *
 * ### Examples
 * ```ts
 * const columns = getGenerator('document').columns.map((c) => c.name)
 * ```
 */
export function getGenerator(type: string): DataGenerator {
  if (!isDataType(type)) {
    throw new UsageError(`Unknown data type "${type}"; expected one of ${DATA_TYPES.join(', ')}`)
  }
  return GENERATORS[type] as DataGenerator
}
