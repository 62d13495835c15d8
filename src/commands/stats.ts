import type { Knex } from 'knex'
import { isAdmin, visibleOwner, type Actor } from '../access/actor.js'
import { countOf, firstOf, rowsOf, tableOf } from '../dialects/dialect-adapter-base.js'
import type { TableStats } from '../dialects/dialect.js'
import type { Database } from '../dialects/open-database.js'
import { createRecordSerializer } from '../formats/record-serializer.js'
import type { ColumnSpec } from '../generators/columns.js'
import type { DataType } from '../generators/generator.js'
import { getGenerator } from '../generators/registry.js'
import type { DatasetRecord } from '../schema/dataset-columns.js'
import { getDataset } from './datasets.js'

/** The column each typed table is ordered by in time. */
export const TIME_COLUMN: Readonly<Record<DataType, string>> = {
  monitoring: 'timestamp',
  document: 'issue_date',
  compliance: 'assessment_date',
  geotechnical: 'test_date',
  environmental: 'sampled_at',
  financial: 'period_start',
}

/** The numeric readings of a monitoring record that stats summarise. */
export const MONITORING_PARAMETERS = [
  'rainfall_mm',
  'pond_level_m',
  'freeboard_m',
  'pore_pressure_kpa',
  'settlement_mm',
  'seepage_l_s',
  'turbidity_ntu',
  'ph',
  'conductivity_us_cm',
  'inclinometer_mm',
] as const

/** min, max, mean and sample standard deviation of one parameter over the non-null readings. */
export interface NumericSummary {
  readonly count: number
  readonly min: number | null
  readonly max: number | null
  readonly mean: number | null
  readonly stddev: number | null
}

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
): NumericSummary {
  const n = Number(count)
  if (n === 0) return { count: 0, min: null, max: null, mean: null, stddev: null }
  const s = Number(sum)
  const mean = s / n
  // Sample variance from the sums the database returned; clamped against rounding just below zero.
  const variance = n > 1 ? Math.max(0, (Number(sumSquares) - (s * s) / n) / (n - 1)) : null
  return {
    count: n,
    min: Number(min),
    max: Number(max),
    mean,
    stddev: variance === null ? null : Math.sqrt(variance),
  }
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
      timeSpan: { column: TIME_COLUMN[type], from: null, to: null },
    }

  const timeColumn = TIME_COLUMN[type]
  const spec = getGenerator(type).columns.find((c) => c.name === timeColumn) as ColumnSpec
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
    breakdown: await breakdownOf(db, type, rows),
  }
}

async function breakdownOf(
  db: Database,
  type: DataType,
  rows: () => Knex.QueryBuilder,
): Promise<Record<string, unknown>> {
  switch (type) {
    case 'monitoring': {
      const select: Record<string, Knex.Raw> = {}
      for (const p of MONITORING_PARAMETERS) {
        select[`${p}__n`] = db.knex.raw('count(??)', [p])
        select[`${p}__min`] = db.knex.raw('min(??)', [p])
        select[`${p}__max`] = db.knex.raw('max(??)', [p])
        select[`${p}__sum`] = db.knex.raw('sum(??)', [p])
        select[`${p}__sq`] = db.knex.raw('sum(?? * ??)', [p, p])
      }
      const perFacility = await rowsOf(
        rows()
          .select('facility_id')
          .count({ readings: '*' })
          .select(select)
          .groupBy('facility_id')
          .orderBy('facility_id'),
      )
      const named = await facilityNames(
        db,
        perFacility.map((r) => r['facility_id'] as string),
      )
      return {
        perFacility: perFacility.map((r) => ({
          facility_id: r['facility_id'],
          facility_code: named.get(String(r['facility_id']))?.code ?? null,
          facility_name: named.get(String(r['facility_id']))?.name ?? null,
          readings: Number(r['readings']),
          parameters: Object.fromEntries(
            MONITORING_PARAMETERS.map((p) => [
              p,
              summary(r[`${p}__n`], r[`${p}__min`], r[`${p}__max`], r[`${p}__sum`], r[`${p}__sq`]),
            ]),
          ),
        })),
        status: await groupCounts(rows(), 'status'),
        tarpLevels: await groupCounts(rows(), 'tarp_level'),
        triggers: await groupCounts(rows().whereNotNull('trigger_parameter'), 'trigger_parameter'),
        anomalies: await groupCounts(rows().whereNotNull('anomaly'), 'anomaly'),
      }
    }
    case 'document':
      return {
        byType: await groupCounts(rows(), 'doc_type'),
        byStatus: await groupCounts(rows(), 'status'),
        byConfidentiality: await groupCounts(rows(), 'confidentiality'),
      }
    case 'compliance': {
      const cells = await rowsOf(
        rows()
          .select('status', 'risk_level')
          .count({ n: '*' })
          .groupBy('status', 'risk_level')
          .orderBy(['status', 'risk_level']),
      )
      return {
        statusByRisk: cells.map((c) => ({
          status: c['status'],
          risk_level: c['risk_level'],
          count: Number(c['n']),
        })),
        byFramework: await groupCounts(rows(), 'framework'),
      }
    }
    case 'geotechnical':
      return {
        byTest: await groupCounts(rows(), 'test_type'),
        byMaterialZone: await groupCounts(rows(), 'material_zone'),
      }
    case 'environmental': {
      const params = await rowsOf(
        rows()
          .select('parameter', 'unit')
          .count({ samples: '*' })
          .select({
            exceedances: db.knex.raw('sum(case when ?? then 1 else 0 end)', ['exceedance']),
            below_detection: db.knex.raw('sum(case when ?? then 1 else 0 end)', ['below_detection']),
          })
          .groupBy('parameter', 'unit')
          .orderBy('parameter'),
      )
      return {
        byParameter: params.map((p) => ({
          parameter: p['parameter'],
          unit: p['unit'],
          samples: Number(p['samples']),
          exceedances: Number(p['exceedances']),
          belowDetection: Number(p['below_detection']),
        })),
        byStation: await groupCounts(rows(), 'station_type'),
      }
    }
    case 'financial': {
      const categories = await rowsOf(
        rows()
          .select('category')
          .count({ lines: '*' })
          .sum({ amount_usd: 'amount_usd' })
          .groupBy('category')
          .orderBy('category'),
      )
      return {
        byCategory: categories.map((c) => ({
          category: c['category'],
          lines: Number(c['lines']),
          amount_usd: Math.round(Number(c['amount_usd']) * 100) / 100,
        })),
      }
    }
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
