import type { Knex } from 'knex'
import type { ColumnSpec } from './columns.js'
import type { DataGenerator, RecordBase } from './generator.js'

/** min, max, mean and sample standard deviation of one numeric column over its non-null values. */
export interface NumericSummary {
  readonly count: number
  readonly min: number | null
  readonly max: number | null
  readonly mean: number | null
  readonly stddev: number | null
}

/**
 * What a data type's stats breakdown may ask of one dataset's rows. Every method aggregates in the database;
 * no row is pulled into Node.
 */
export interface BreakdownQueries {
  readonly knex: Knex
  /** A new query over the dataset's rows in the type's table. */
  rows(): Knex.QueryBuilder
  /** The rows a query returns, as plain objects. */
  all(query: Knex.QueryBuilder): Promise<Record<string, unknown>[]>
  /** Row counts per value of `column` (null counted as "null"), in value order; `query` narrows the rows. */
  countBy(column: string, query?: Knex.QueryBuilder): Promise<Record<string, number>>
  /** Row count and a {@link NumericSummary} of each of `columns`, per value of `groupBy`, in its order. */
  summarize(
    groupBy: string,
    columns: readonly string[],
  ): Promise<{ key: unknown; rows: number; summaries: Record<string, NumericSummary> }[]>
  /** Code and name of each facility id, from the facilities table. */
  facilityNames(ids: readonly string[]): Promise<Map<string, { code: string; name: string }>>
}

/**
 * Everything the toolkit knows about one data type, in one place: its id, its typed table, its columns (with
 * SQL types and enum values), the column that orders it in time, its generator and its stats breakdown. The
 * registry, table names, stats, export columns, the OpenAPI enums and the CLI choices all derive from it.
 * The definition's columns must match what the type's migrations create: the schema test compares them on
 * every engine.
 *
 * ### Examples
 * ```ts
 * export default defineDataType({
 *   id: 'monitoring',
 *   tableSuffix: 'monitoring_data',
 *   timeColumn: 'timestamp',
 *   columns: [...RECORD_KEY_COLUMNS, col.timestamp('timestamp', 'Time of the reading (UTC)')],
 *   generator: monitoringGenerator,
 *   breakdown: async (q) => ({ byStatus: await q.countBy('status') }),
 * })
 * ```
 */
export interface DataTypeDefinition<TRow extends RecordBase = RecordBase, TParams = unknown> {
  /** Lower-case letters, digits and underscores; how users name the type in flags, config and the API. */
  readonly id: string
  /** The typed table is the table prefix followed by this, e.g. `synthetic_` + `monitoring_data`. */
  readonly tableSuffix: string
  /** The column the records are ordered by in time; a `timestamp` or `date` column of {@link columns}. */
  readonly timeColumn: string
  /** Every field of the records, in output order; starts with `record_index` and `facility_id`. */
  readonly columns: readonly ColumnSpec[]
  readonly generator: DataGenerator<TRow, TParams>
  /** The type's own part of `stats`: the counts and summaries that matter for it. */
  breakdown(queries: BreakdownQueries): Promise<Record<string, unknown>>
}

/** Types a definition; returns it unchanged (the registry checks it when it is loaded or registered). */
export function defineDataType<TRow extends RecordBase, TParams>(
  definition: DataTypeDefinition<TRow, TParams>,
): DataTypeDefinition<TRow, TParams> {
  return definition
}
