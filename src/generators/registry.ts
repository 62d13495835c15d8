import type { Knex } from 'knex'
import { UsageError } from '../errors.js'
import type { ColumnSpec } from './columns.js'
import type { DataTypeDefinition } from './data-type-definition.js'
import {
  DATA_TYPES,
  dataTypeIds,
  isDataType,
  registerDataTypeId,
  unregisterDataTypeId,
  type DataType,
} from './data-types.js'
import type { DataGenerator } from './generator.js'
import { BUILT_IN_DEFINITIONS } from './built-in-definitions.js'

/** A Knex migration of a registered data type's table (see {@link registerDataType}). */
export interface DataTypeMigration {
  /** Sorts among the shipped migrations, e.g. `20270101000100_create_sensor_data.js`. */
  readonly name: string
  up(knex: Knex): Promise<void>
  down(knex: Knex): Promise<void>
  /** `{ transaction: false }` for a migration that manages its own transaction. */
  readonly config?: { readonly transaction?: boolean }
}

const TYPE_ID = /^[a-z][a-z0-9_]{0,30}$/

/** Throws when a definition contradicts itself; the schema test checks it against the database. */
function checked(definition: DataTypeDefinition, id: string): DataTypeDefinition {
  const problem = (message: string) => new Error(`Data type definition "${id}": ${message}`)
  if (definition.id !== id) throw problem(`its id is "${definition.id}"`)
  if (!TYPE_ID.test(id)) throw problem('the id must be lower-case letters, digits and _, at most 31 long')
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(definition.tableSuffix))
    throw problem(`table suffix "${definition.tableSuffix}" must be lower-case letters, digits and _`)
  const names = definition.columns.map((c) => c.name)
  if (names[0] !== 'record_index' || names[1] !== 'facility_id')
    throw problem('its columns must start with record_index and facility_id (RECORD_KEY_COLUMNS)')
  if (new Set(names).size !== names.length) throw problem('a column is declared twice')
  const time = definition.columns.find((c) => c.name === definition.timeColumn)
  if (!time || (time.type !== 'timestamp' && time.type !== 'date'))
    throw problem(`time column "${definition.timeColumn}" must be one of its timestamp or date columns`)
  return definition
}

const builtIn = new Map<string, DataTypeDefinition>(
  DATA_TYPES.map((id) => [id, checked(BUILT_IN_DEFINITIONS[id] as unknown as DataTypeDefinition, id)]),
)
const registered = new Map<
  string,
  { definition: DataTypeDefinition; migrations: readonly DataTypeMigration[] }
>()

/**
 * The definition of a data type. Throws a `UsageError` naming the valid types when `type` is unknown.
 *
 * ### Examples
 * ```ts
 * const columns = dataTypeDefinition('document').columns.map((c) => c.name)
 * ```
 */
export function dataTypeDefinition(type: string): DataTypeDefinition {
  const definition = builtIn.get(type) ?? registered.get(type)?.definition
  if (!definition || !isDataType(type))
    throw new UsageError(`Unknown data type "${type}"; expected one of ${dataTypeIds().join(', ')}`)
  return definition
}

/** Whether `type` ships with the toolkit (any thread can generate it), rather than registered at run time. */
export function isBuiltInType(type: string): boolean {
  return builtIn.has(type)
}

/** The generator of a data type; throws a `UsageError` naming the valid types when `type` is unknown. */
export function getGenerator(type: string): DataGenerator {
  return dataTypeDefinition(type).generator
}

/** The columns of a data type's records, in output order. */
export function columnsOf(type: string): readonly ColumnSpec[] {
  return dataTypeDefinition(type).columns
}

/** Every data type's definition: the built-in ones first, then the registered ones. */
export function dataTypeDefinitions(): readonly DataTypeDefinition[] {
  return dataTypeIds().map((id) => dataTypeDefinition(id))
}

/**
 * Adds a data type at run time, as a host application or a test does without changing the package: it then
 * works everywhere a built-in type does (flags, config, API, `run`, `stats`, `export`). Its migrations join
 * the shipped ones, in name order, the next time the database is migrated.
 *
 * ### Examples
 * ```ts
 * registerDataType(sensorType, { migrations: [createSensorData] })
 * ```
 */
export function registerDataType(
  definition: DataTypeDefinition,
  options: { readonly migrations?: readonly DataTypeMigration[] } = {},
): void {
  const id = definition.id
  if (builtIn.has(id) || registered.has(id)) throw new UsageError(`Data type "${id}" is already defined`)
  const suffixes = dataTypeDefinitions().map((d) => d.tableSuffix)
  if (suffixes.includes(definition.tableSuffix))
    throw new UsageError(`Data type "${id}": table suffix "${definition.tableSuffix}" is already taken`)
  registered.set(id, { definition: checked(definition, id), migrations: options.migrations ?? [] })
  registerDataTypeId(id)
}

/** Removes a type added by {@link registerDataType}; its tables stay until its migrations are rolled back. */
export function unregisterDataType(id: string): void {
  registered.delete(id)
  unregisterDataTypeId(id)
}

/** The migrations of the registered types, for the migration source. */
export function registeredMigrations(): readonly DataTypeMigration[] {
  return [...registered.values()].flatMap((r) => r.migrations)
}

export { DATA_TYPES, dataTypeIds, isDataType, type DataType }
