import type { Knex } from 'knex'
import { isAdmin, visibleOwner, type Actor } from '../access/actor.js'
import { countOf, firstOf, rowsOf, tableOf } from '../dialects/dialect-adapter-base.js'
import type { TableStats } from '../dialects/dialect.js'
import type { Database } from '../dialects/open-database.js'
import { createRecordSerializer } from '../formats/record-serializer.js'
import type { ColumnSpec } from '../generators/columns.js'
import type { BreakdownQueries, NumericSummary } from '../generators/data-type-definition.js'
import { dataTypeDefinition } from '../generators/registry.js'
import type { DatasetRecord } from '../schema/dataset-columns.js'
import { getDataset } from './datasets.js'

export type { NumericSummary } from '../generators/data-type-definition.js'

/** Statistics of one dataset, computed by SQL aggregates in the database. */
export interface DatasetStats {
  readonly dataset: Pick<
    DatasetRecord,
    'id' | 'name' | 'data_type' | 'status' | 'storage' | 'record_count' | 'records_written'
  >
  /** Rows counted in the table the breakdowns come from, and whether they match `records_written`. */
  readonly rows: { readonly table: string; readonly counted: number; readonly matchesRecordsWritten: boolean }
  readonly facilities: number
  readonly timeSpan: { readonly column: string; readonly from: string | null; readonly to: string | null }
  /** Breakdowns of the type; absent for `storage: generic` datasets (no typed rows to aggregate). */
  readonly breakdown?: Record<string, unknown>
}

type Counts = Record<string, number>

/** A grouped value as a key: text as is, numbers and booleans as text, null as "null". */
function labelOf(value: unknown): string {
  return typeof value === 'string'
    ? value
    : value === null || value === undefined
      ? 'null'
      : JSON.stringify(value)
}

async function groupCounts(query: Knex.QueryBuilder, column: string): Promise<Counts> {
  const rows = await rowsOf(query.clone().select(column).count({ n: '*' }).groupBy(column).orderBy(column))
  const out: Counts = {}
  for (const row of rows) out[labelOf(row[column])] = Number(row['n'])
  return out
}

function summary(
  count: unknown,
  min: unknown,
  max: unknown,
  sum: unknown,
  sumSquares: unknown,
  stddev?: unknown,
): NumericSummary {
  const n = Number(count)
  if (n === 0) return { count: 0, min: null, max: null, mean: null, stddev: null }
  const s = Number(sum)
  const mean = s / n
  if (n < 2) return { count: n, min: Number(min), max: Number(max), mean, stddev: null }
  // The engine's own aggregate where it has one; otherwise the sample variance from the sums, clamped against
  // rounding just below zero, and zero when every value is the same (the sums' rounding is not a spread).
  const variance =
    stddev !== undefined && stddev !== null
      ? Number(stddev) ** 2
      : Number(min) === Number(max)
        ? 0
        : Math.max(0, (Number(sumSquares) - (s * s) / n) / (n - 1))
  return { count: n, min: Number(min), max: Number(max), mean, stddev: Math.sqrt(variance) }
}

/**
 * Statistics of one dataset: rows counted (and whether that matches `records_written`), facilities, time
 * span, and the breakdowns that matter for its type (per-facility parameter summaries, status and TARP
 * counts for monitoring; document types; compliance status × risk; test types; exceedances; amounts by
 * category). All of it is aggregated by the database; no row is pulled into Node.
 *
 * ### Examples
 * ```ts
 * const stats = await datasetStats(db, { id: 'ci', role: 'admin' }, 12)
 * ```
 */
export async function datasetStats(db: Database, actor: Actor, id: number): Promise<DatasetStats> {
  const dataset = await getDataset(db, actor, id)
  const type = dataset.data_type
  const definition = dataTypeDefinition(type)
  const typed = dataset.storage !== 'generic'
  const table = typed ? db.tables.typed[type] : db.tables.records
  const rows = () => tableOf(db.knex, table).where({ dataset_id: id })
  const count = await countOf(rows())
  const header = {
    dataset: {
      id: dataset.id,
      name: dataset.name,
      data_type: type,
      status: dataset.status,
      storage: dataset.storage,
      record_count: dataset.record_count,
      records_written: dataset.records_written,
    },
    rows: { table: table.name, counted: count, matchesRecordsWritten: count === dataset.records_written },
  }
  if (!typed)
    return {
      ...header,
      facilities: dataset.facility_count,
      timeSpan: { column: definition.timeColumn, from: null, to: null },
    }

  const timeColumn = definition.timeColumn
  const spec = definition.columns.find((c) => c.name === timeColumn) as ColumnSpec
  const span = await firstOf(
    rows().countDistinct({ facilities: 'facility_id' }).min({ from: timeColumn }).max({ to: timeColumn }),
  )
  const present = createRecordSerializer([spec])
  const time = (raw: unknown) =>
    raw === null || raw === undefined
      ? null
      : (present({ [timeColumn]: db.adapter.decodeValue(spec, raw) })[timeColumn] as string)
  return {
    ...header,
    facilities: Number(span?.['facilities'] ?? 0),
    timeSpan: { column: timeColumn, from: time(span?.['from']), to: time(span?.['to']) },
    breakdown: await definition.breakdown(breakdownQueries(db, rows)),
  }
}

/** The aggregates a type's breakdown may run over one dataset's rows. */
function breakdownQueries(db: Database, rows: () => Knex.QueryBuilder): BreakdownQueries {
  return {
    knex: db.knex,
    rows,
    all: rowsOf,
    countBy: (column, query = rows()) => groupCounts(query, column),
    async summarize(groupBy, columns) {
      const select: Record<string, Knex.Raw> = {}
      for (const c of columns) {
        select[`${c}__n`] = db.knex.raw('count(??)', [c])
        select[`${c}__min`] = db.knex.raw('min(??)', [c])
        select[`${c}__max`] = db.knex.raw('max(??)', [c])
        select[`${c}__sum`] = db.knex.raw('sum(??)', [c])
        select[`${c}__sq`] = db.knex.raw('sum(?? * ??)', [c, c])
        if (db.adapter.sampleStddevSql) select[`${c}__sd`] = db.knex.raw(db.adapter.sampleStddevSql, [c])
      }
      const groups = await rowsOf(
        rows().select(groupBy).count({ rows__n: '*' }).select(select).groupBy(groupBy).orderBy(groupBy),
      )
      return groups.map((g) => ({
        key: g[groupBy],
        rows: Number(g['rows__n']),
        summaries: Object.fromEntries(
          columns.map((c) => [
            c,
            summary(
              g[`${c}__n`],
              g[`${c}__min`],
              g[`${c}__max`],
              g[`${c}__sum`],
              g[`${c}__sq`],
              g[`${c}__sd`],
            ),
          ]),
        ),
      }))
    },
    facilityNames: (ids) => facilityNames(db, ids),
  }
}

/** Code and name of each facility id, from the facilities table (one query). */
async function facilityNames(
  db: Database,
  ids: readonly string[],
): Promise<Map<string, { code: string; name: string }>> {
  if (ids.length === 0) return new Map()
  const rows = await rowsOf(
    tableOf(db.knex, db.tables.facilities).whereIn('id', ids).select('id', 'code', 'name'),
  )
  return new Map(rows.map((r) => [String(r['id']), { code: String(r['code']), name: String(r['name']) }]))
}

/** The state of the whole database: datasets by type and status, and what each table holds. */
export interface SummaryStats {
  readonly datasets: {
    readonly total: number
    readonly byType: Counts
    readonly byStatus: Counts
    readonly deleted: number
  }
  readonly records: number
  /** Rows and bytes per table, where the engine can tell (admins only). */
  readonly tables?: readonly TableStats[]
}

/** A summary of all datasets the actor may see; soft-deleted ones are counted apart. */
export async function summaryStats(db: Database, actor: Actor): Promise<SummaryStats> {
  const owner = visibleOwner(actor)
  const visible = () => {
    const query = tableOf(db.knex, db.tables.dataSets)
    if (owner !== undefined) query.where({ created_by: owner })
    return query
  }
  const live = () => visible().where({ is_deleted: false })
  const total = await firstOf(live().count({ n: '*' }).sum({ records: 'records_written' }))
  const deleted = await countOf(visible().where({ is_deleted: true }))
  return {
    datasets: {
      total: Number(total?.['n'] ?? 0),
      byType: await groupCounts(live(), 'data_type'),
      byStatus: await groupCounts(live(), 'status'),
      deleted,
    },
    records: Number(total?.['records'] ?? 0),
    ...(isAdmin(actor) ? { tables: await db.adapter.tableStats(db.tables.all) } : {}),
  }
}
