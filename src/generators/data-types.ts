/**
 * The data types the toolkit generates, each with its own generator and typed table. This module imports
 * nothing, so the CLI can offer the types as choices without loading a generator.
 */
export const DATA_TYPES = [
  'monitoring',
  'document',
  'compliance',
  'geotechnical',
  'environmental',
  'financial',
] as const
export type DataType = (typeof DATA_TYPES)[number]

/** True when `value` names one of the {@link DATA_TYPES}. */
export function isDataType(value: unknown): value is DataType {
  return typeof value === 'string' && (DATA_TYPES as readonly string[]).includes(value)
}
