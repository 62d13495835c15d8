import type { Knex } from 'knex'
import { firstOf, rowsOf } from '../dialects/dialect-adapter-base.js'
import type { Database } from '../dialects/open-database.js'
import type { ColumnSpec } from '../generators/columns.js'
import type { ColumnProfile } from './report-model.js'
import { roundSig, type RowsQuery } from './report-sql.js'

/** Rows the medians and histograms are computed from, at most: every k-th record above that. */
export const PROFILE_SAMPLE_ROWS = 10_000
const BINS = 20
const TOP_VALUES = 12

const ORDERED = new Set(['integer', 'bigint', 'float', 'timestamp', 'date'])
/** Booleans and enumerated strings: counted per value. */
const isCategorical = (c: ColumnSpec) => c.type === 'boolean' || (c.values?.length ?? 0) > 0

const isoOf = (type: string, ms: number) => {
  const text = new Date(ms).toISOString()
  return type === 'date' ? text.slice(0, 10) : text
}

/** What one scan of all rows says about every column: values, and min and max of ordered columns. */
export interface ColumnSummary {
  readonly total: number
  readonly values: readonly number[]
  /** Numbers, and timestamps and dates as epoch milliseconds; null when the column has no value. */
  readonly min: readonly (number | null)[]
  readonly max: readonly (number | null)[]
}

/** Rows, non-null values per column and min and max of the ordered columns: one aggregate query. */
export async function summarizeColumns(
  db: Database,
  rows: RowsQuery,
  columns: readonly ColumnSpec[],
): Promise<ColumnSummary> {
  const select: Record<string, Knex.Raw> = { total: db.knex.raw('count(*)') }
  columns.forEach((c, i) => {
    select[`n${i}`] = db.knex.raw('count(??)', [c.name])
    if (ORDERED.has(c.type)) {
      select[`lo${i}`] = db.knex.raw('min(??)', [c.name])
      select[`hi${i}`] = db.knex.raw('max(??)', [c.name])
    }
  })
  const aggregate = (await firstOf(rows().select(select))) ?? {}
  const decode = (c: ColumnSpec, raw: unknown) =>
    raw === null || raw === undefined ? null : Number(db.adapter.decodeValue(c, raw))
  return {
    total: Number(aggregate['total'] ?? 0),
    values: columns.map((_c, i) => Number(aggregate[`n${i}`] ?? 0)),
    min: columns.map((c, i) => (ORDERED.has(c.type) ? decode(c, aggregate[`lo${i}`]) : null)),
    max: columns.map((c, i) => (ORDERED.has(c.type) ? decode(c, aggregate[`hi${i}`]) : null)),
  }
}

/**
 * The distribution of every column of a typed table for one dataset. Values and nulls of every column, and
 * min and max of ordered ones, come from {@link summarizeColumns} (all rows); medians, histograms and the
 * most frequent categories from a systematic sample (every k-th `record_index`, at most
 * {@link PROFILE_SAMPLE_ROWS} rows), the same rows on every engine.
 */
export async function profileColumns(
  db: Database,
  rows: RowsQuery,
  columns: readonly ColumnSpec[],
  summary: ColumnSummary,
): Promise<{ profiles: ColumnProfile[]; sample: { rows: number; step: number } }> {
  const total = summary.total
  const step = Math.max(1, Math.ceil(total / PROFILE_SAMPLE_ROWS))
  const sampled = columns.filter((c) => ORDERED.has(c.type) || isCategorical(c))
  const query = rows()
    .select(sampled.map((c) => c.name))
    .orderBy('record_index')
  if (step > 1) query.whereRaw('?? % ? = 0', ['record_index', step])
  const sample = total === 0 ? [] : (await rowsOf(query)).map((r) => db.adapter.decodeRow(sampled, r))

  const profiles = columns.map((c, i): ColumnProfile => {
    const values = summary.values[i]!
    const base = {
      name: c.name,
      type: c.values ? 'enum' : c.type,
      unit: c.unit ?? null,
      values,
      nulls: total - values,
    }
    if (ORDERED.has(c.type)) {
      const lo = summary.min[i]!
      const hi = summary.max[i]!
      const xs = sample
        .map((r) => r[c.name])
        .filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
        .sort((a, b) => a - b)
      const median = xs.length === 0 ? null : xs[Math.floor((xs.length - 1) / 2)]!
      const time = c.type === 'timestamp' || c.type === 'date'
      const show = (x: number | null) => (x === null ? null : time ? isoOf(c.type, x) : roundSig(x))
      return {
        ...base,
        min: show(lo),
        median: show(median),
        max: show(hi),
        histogram:
          lo === null || hi === null ? [] : histogram(xs, lo, hi, time ? (x) => isoOf(c.type, x) : undefined),
      }
    }
    if (isCategorical(c)) {
      const counts = new Map<string, number>()
      for (const r of sample) {
        const v = r[c.name]
        if (v === null || v === undefined) continue
        const key = typeof v === 'string' ? v : JSON.stringify(v)
        counts.set(key, (counts.get(key) ?? 0) + 1)
      }
      const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, TOP_VALUES)
      return {
        ...base,
        min: null,
        median: null,
        max: null,
        histogram: top.map(([bin, count]) => ({ bin, start: null, count })),
      }
    }
    return { ...base, min: null, median: null, max: null, histogram: [] }
  })
  return { profiles, sample: { rows: sample.length, step } }
}

function histogram(
  xs: readonly number[],
  lo: number,
  hi: number,
  label?: (x: number) => string,
): ColumnProfile['histogram'] {
  const bins = lo === hi ? 1 : BINS
  const width = (hi - lo) / bins
  const counts = new Array<number>(bins).fill(0)
  for (const x of xs)
    counts[Math.min(bins - 1, Math.max(0, Math.floor(width === 0 ? 0 : (x - lo) / width)))]! += 1
  return counts.map((count, k) => {
    const start = lo + k * width
    // Times keep their whole milliseconds; other bin starts are rounded like every other number.
    return label
      ? { bin: label(start), start: Math.round(start), count }
      : { bin: String(roundSig(start)), start: roundSig(start), count }
  })
}
