/**
 * The built-in data types, in the order they are listed and seeded: the one list a contributor edits. Each id
 * names its folder, `<id>/<id>-type.ts`, whose default export is the type's definition; the registry's imports
 * of them (`built-in-definitions.ts`) are generated from this list by `npm run generate`, which `npm run build`
 * and `npm test` run first. This module imports nothing at run time, so the CLI can offer the ids as choices
 * without loading a generator. Adding a type: README, "Adding a data type".
 */
export const DATA_TYPES = [
  'monitoring',
  'document',
  'compliance',
  'geotechnical',
  'environmental',
  'financial',
] as const

/** The id of a data type. A type registered at run time (`registerDataType`) has one too. */
export type DataType = (typeof DATA_TYPES)[number]

const registered: string[] = []

/** Every data type: the built-in ones, then those registered at run time, in registration order. */
export function dataTypeIds(): readonly DataType[] {
  return [...DATA_TYPES, ...(registered as DataType[])]
}

/** True when `value` names a built-in or registered data type. */
export function isDataType(value: unknown): value is DataType {
  return typeof value === 'string' && dataTypeIds().includes(value as DataType)
}

/** Makes a registered type's id a valid choice; the registry calls it (see `registerDataType`). */
export function registerDataTypeId(id: string): void {
  if (!registered.includes(id)) registered.push(id)
}

/** Withdraws a registered type's id. */
export function unregisterDataTypeId(id: string): void {
  const at = registered.indexOf(id)
  if (at >= 0) registered.splice(at, 1)
}
