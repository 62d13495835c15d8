import type { Knex } from 'knex'
import { rowsOf, tableOf } from '../dialects/dialect-adapter-base.js'
import type { Database } from '../dialects/open-database.js'
import type { ColumnSpec } from '../generators/columns.js'

/**
 * A number rounded to 6 significant digits, through 11 first: engines add floating-point numbers in
 * different orders, and the first rounding removes that noise (about 1e-14 of the value) before the second
 * decides, so sums and means agree across engines but in rare ties.
 */
export function roundSig(value: unknown): number | null {
  if (value === null || value === undefined) return null
  const n = Number(value)
  if (!Number.isFinite(n)) return null
  return n === 0 ? 0 : Number(Number(n.toPrecision(11)).toPrecision(6))
}

/** The rows of one dataset in one table, as a fresh query each call. */
export type RowsQuery = () => Knex.QueryBuilder

/** What the chart builders of a type get: the database, the dataset's rows and what is already known. */
export interface ReportContext {
  readonly db: Database
  readonly rows: RowsQuery
  /** The dataset's generator parameters. */
  readonly parameters: unknown
  /** The columns of the type's table. */
  readonly columns: readonly ColumnSpec[]
  /** Facilities the dataset's records are spread over. */
  readonly facilities: number
  /** Min and max of an ordered column over all rows (times in epoch milliseconds), from the column scan. */
  range(column: string): { readonly min: number; readonly max: number } | undefined
}

/** Whole seconds since 1970 of a timestamp column, as the engine computes them. */
export function epochSeconds(db: Database, column: string): Knex.Raw {
  return db.knex.raw(db.adapter.epochSecondsSql, [column])
}

/** Equal time buckets over a timestamp column: the first second and the width, at most `buckets` of them. */
export interface TimeBuckets {
  readonly from: number
  readonly to: number
  readonly width: number
}

/** A time range (epoch milliseconds, as {@link ReportContext.range} gives) cut into at most `buckets`. */
export function timeBucketsOf(
  range: { readonly min: number; readonly max: number } | undefined,
  buckets: number,
): TimeBuckets | undefined {
  if (!range) return undefined
  const from = Math.floor(range.min / 1000)
  const to = Math.floor(range.max / 1000)
  return { from, to, width: niceWidth(Math.ceil((to - from + 1) / buckets)) }
}

/** Bucket widths a reader can name (seconds): minutes, hours, days, weeks. */
const NICE_WIDTHS = [
  1, 5, 15, 60, 300, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800, 1_209_600,
  2_592_000,
]

/** The smallest nice width at least `seconds` wide; a multiple of 30 days past those. */
function niceWidth(seconds: number): number {
  return NICE_WIDTHS.find((w) => w >= seconds) ?? Math.ceil(seconds / 2_592_000) * 2_592_000
}

/** SQL for the bucket number of a timestamp column under {@link timeBucketsOf}. */
export function bucketOf(db: Database, column: string, buckets: TimeBuckets): Knex.Raw {
  return db.knex.raw(`floor((${db.adapter.epochSecondsSql} - ?) / ?)`, [column, buckets.from, buckets.width])
}

/** Code and name of each facility id, from the facilities table. */
export async function facilityLabels(db: Database, ids: readonly unknown[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.map(String))]
  if (unique.length === 0) return new Map()
  const rows = await rowsOf(tableOf(db.knex, db.tables.facilities).whereIn('id', unique).select('id', 'code'))
  const labels = new Map(rows.map((r) => [String(r['id']), String(r['code'])]))
  for (const id of unique) if (!labels.has(id)) labels.set(id, id.slice(0, 8))
  return labels
}

/** Compares two facility labels, so every engine lists them in the same order. */
export const byLabel = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
