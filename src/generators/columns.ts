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

function column(type: ColumnType) {
  return (name: string, description: string, options: ColumnOptions = {}): ColumnSpec => ({
    name,
    type,
    description,
    ...options,
  })
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
  enum: (name: string, values: readonly string[], description: string, options: ColumnOptions = {}) =>
    column('string')(name, description, {
      values,
      length: Math.max(...values.map((v) => v.length)),
      ...options,
    }),
}

/** The two columns every data type's record starts with. */
export const RECORD_KEY_COLUMNS: readonly ColumnSpec[] = [
  col.bigint('record_index', 'Position of the record in its dataset, from 0; unique within the dataset'),
  col.uuid('facility_id', 'Id of the facility the record belongs to'),
]
