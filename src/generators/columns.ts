/**
 * The storage types a generated field can have. They map one to one onto the typed tables' columns and
 * decide how a value is written to files and databases.
 *
 * Values inside rows follow one convention everywhere: `timestamp` and `date` are epoch milliseconds (UTC;
 * a `date` is at midnight), `json` is any JSON value, a missing value is `null`, never `NaN`, and a zero is never
 * `-0` (SQLite stores it as 0, so it would not read back as generated).
 */
export const COLUMN_TYPES = [
  'integer',
  'bigint',
  'float',
  'string',
  'uuid',
  'text',
  'timestamp',
  'date',
  'boolean',
  'json',
] as const
export type ColumnType = (typeof COLUMN_TYPES)[number]

/** One field of a generated record: its name, storage type and meaning. */
export interface ColumnSpec {
  readonly name: string
  readonly type: ColumnType
  /** Default is `false`. */
  readonly nullable?: boolean
  /** The allowed values of an enumerated `string` column. */
  readonly values?: readonly string[]
  /** Largest length of a `string` column. Default is 255. */
  readonly length?: number
  /** Unit of a numeric column, e.g. `kPa`. */
  readonly unit?: string
  readonly description: string
}

type ColumnOptions = Omit<ColumnSpec, 'name' | 'type' | 'description'>

/** A {@link ColumnSpec} that keeps its name, type and options as literal types, so {@link RowOf} can read them. */
export type Column<N extends string, T extends ColumnType, O extends ColumnOptions = object> = {
  readonly name: N
  readonly type: T
  readonly description: string
} & Readonly<O>

function column<T extends ColumnType>(type: T) {
  return <const N extends string, const O extends ColumnOptions = object>(
    name: N,
    description: string,
    options: O = {} as O,
  ): Column<N, T, O> => ({ name, type, description, ...options })
}

/**
 * Shorthand constructors for {@link ColumnSpec}s.
 *
 * ### Examples
 * ```ts
 * const columns = [col.float('pond_level_m', 'Pond level', { unit: 'm RL', nullable: true })]
 * ```
 */
export const col = {
  integer: column('integer'),
  bigint: column('bigint'),
  float: column('float'),
  string: column('string'),
  /** A UUID in its lowercase text form; stored as `uuid` where the engine has the type. */
  uuid: column('uuid'),
  text: column('text'),
  timestamp: column('timestamp'),
  date: column('date'),
  boolean: column('boolean'),
  json: column('json'),
  enum: <const N extends string, const V extends readonly string[], const O extends ColumnOptions = object>(
    name: N,
    values: V,
    description: string,
    options: O = {} as O,
  ): Column<N, 'string', { values: V; length: number } & O> =>
    column('string')(name, description, {
      values,
      length: Math.max(...values.map((v) => v.length)),
      ...options,
    }),
}

/** The two columns every data type's record starts with. */
export const RECORD_KEY_COLUMNS = [
  col.bigint('record_index', 'Position of the record in its dataset, from 0; unique within the dataset'),
  col.uuid('facility_id', 'Id of the facility the record belongs to'),
] as const

/** How a record holds a value of each column type (see {@link COLUMN_TYPES} for the conventions). */
interface ColumnValues {
  integer: number
  bigint: number
  float: number
  string: string
  uuid: string
  text: string
  timestamp: number
  date: number
  boolean: boolean
  json: unknown
}

/** The value of one column in a record: an enumerated column's values, `null` too where it is nullable. */
type ValueOf<C extends ColumnSpec> =
  | (C extends { readonly values: readonly (infer V)[] } ? V : ColumnValues[C['type']])
  | (C extends { readonly nullable: true } ? null : never)

/**
 * The record type of a list of columns built with {@link col}, so a type's fields are written once, in its
 * columns: `type FinancialRow = RowOf<typeof FINANCIAL_COLUMNS>`.
 */
export type RowOf<Columns extends readonly ColumnSpec[]> = {
  readonly [C in Columns[number] as C['name']]: ValueOf<C>
}
