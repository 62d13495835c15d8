// Generated from DATA_TYPES (data-types.ts) by `npm run generate`: do not edit.
import type { DataType } from './data-types.js'
import monitoringType from './monitoring/monitoring-type.js'
import documentType from './document/document-type.js'
import complianceType from './compliance/compliance-type.js'
import geotechnicalType from './geotechnical/geotechnical-type.js'
import environmentalType from './environmental/environmental-type.js'
import financialType from './financial/financial-type.js'

/** Every built-in data type's definition, by its id in `DATA_TYPES`, in that order. */
export const BUILT_IN_DEFINITIONS = {
  monitoring: monitoringType,
  document: documentType,
  compliance: complianceType,
  geotechnical: geotechnicalType,
  environmental: environmentalType,
  financial: financialType,
} satisfies Readonly<Record<DataType, { readonly id: string }>>
