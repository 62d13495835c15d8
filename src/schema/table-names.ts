import type { TableRef } from '../dialects/dialect.js'
import { dataTypeDefinitions, type DataType } from '../generators/registry.js'

/** Where the toolkit's tables live: a name prefix, a PostgreSQL schema, an optional owners table. */
export interface SchemaOptions {
  /** Prefix of every table name. Default is `synthetic_`. */
  readonly tablePrefix: string
  /** PostgreSQL schema of the tables. Default is the connection's current schema. Ignored elsewhere. */
  readonly schema?: string
  /** The host application's users table, for a foreign key from `created_by`. */
  readonly owners?: { readonly table: string; readonly column: string }
}

/** The toolkit's tables under a set of {@link SchemaOptions}. */
export interface TableNames {
  readonly dataSets: TableRef
  readonly records: TableRef
  readonly facilities: TableRef
  /** Key/value facts about the database, such as the environment it was seeded under. */
  readonly metadata: TableRef
  /** Background generation jobs of `serve`. */
  readonly jobs: TableRef
  /** Who writes each dataset (or shard of one) right now: the writer leases of `src/datasets/dataset-store.ts`. */
  readonly writers: TableRef
  /**
   * The generic-record view over the JSON records table and the typed tables (`src/schema/record-view.ts`):
   * the prefix followed by `record_view`.
   */
  readonly recordView: TableRef
  /** Each data type's table: the prefix and the type's `tableSuffix`, for every type defined when called. */
  readonly typed: Readonly<Record<DataType, TableRef>>
  /** Every table, parents first. */
  readonly all: readonly TableRef[]
}

/**
 * The table names for a prefix and schema, e.g. `synthetic_data_sets` and `synthetic_monitoring_data`.
 *
 * ### Examples
 * ```ts
 * tableNames({ tablePrefix: 'synthetic_' }).typed.monitoring.name // 'synthetic_monitoring_data'
 * ```
 */
export function tableNames(options: SchemaOptions): TableNames {
  const ref = (suffix: string): TableRef => ({
    name: `${options.tablePrefix}${suffix}`,
    ...(options.schema ? { schema: options.schema } : {}),
  })
  const definitions = dataTypeDefinitions()
  const typed = Object.fromEntries(definitions.map((d) => [d.id, ref(d.tableSuffix)])) as Record<
    DataType,
    TableRef
  >
  const dataSets = ref('data_sets')
  const records = ref('data_records')
  const facilities = ref('facilities')
  const metadata = ref('internal_metadata')
  const jobs = ref('jobs')
  return {
    dataSets,
    records,
    facilities,
    metadata,
    jobs,
    writers: ref('dataset_writers'),
    recordView: ref('record_view'),
    typed,
    all: [dataSets, facilities, records, metadata, jobs, ...definitions.map((d) => typed[d.id as DataType])],
  }
}

/** `schema.table` or `table`, for messages. */
export function qualifiedName(table: TableRef): string {
  return table.schema ? `${table.schema}.${table.name}` : table.name
}
