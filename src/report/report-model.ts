import type { DataType } from '../generators/generator.js'

/** Rows of one chart data set, as column names and row arrays (the page turns them into objects). */
export interface ColumnarData {
  readonly columns: readonly string[]
  readonly rows: readonly (readonly unknown[])[]
}

/**
 * What a browser must draw for a chart to count as rendered: `count` items under the Vega-Lite mark named
 * `mark` (lines, bars, cells or points), checked by the browser test.
 */
export interface ChartCheck {
  readonly mark: string
  readonly count: number
}

/** One chart of a report: a Vega-Lite spec whose named data sets come from `data`. */
export interface ReportChart {
  readonly id: string
  readonly title: string
  /** What the chart shows and how it was aggregated, for the caption and screen readers. */
  readonly description: string
  /** A Vega-Lite spec without inline data: `{ data: { name } }` refers to a key of `data`. */
  readonly spec: Record<string, unknown>
  readonly data: Readonly<Record<string, ColumnarData>>
  readonly checks: readonly ChartCheck[]
}

/** A small table shown beside the charts (overdue items, for example). */
export interface ReportTable {
  readonly title: string
  readonly columns: readonly string[]
  readonly rows: readonly (readonly (string | number | null)[])[]
}

/** The distribution of one column of a typed table. */
export interface ColumnProfile {
  readonly name: string
  readonly type: string
  readonly unit: string | null
  /** Non-null values in the dataset (all rows, counted by the database). */
  readonly values: number
  readonly nulls: number
  /** Numbers as they are; timestamps and dates as ISO-8601 text. Null for columns without an order. */
  readonly min: number | string | null
  readonly median: number | string | null
  readonly max: number | string | null
  /** Equal-width bins between min and max (numbers, times), or the most frequent values (categories). */
  readonly histogram: readonly {
    readonly bin: string
    readonly start: number | null
    readonly count: number
  }[]
}

/** Everything the report shows about one dataset. */
export interface DatasetReport {
  readonly id: number
  readonly name: string
  readonly type: DataType
  readonly status: string
  readonly storage: string
  readonly manifest: unknown
  readonly parameters: unknown
  /** Rows per table holding the dataset. */
  readonly rowCounts: readonly { readonly table: string; readonly rows: number }[]
  readonly charts: readonly ReportChart[]
  readonly tables: readonly ReportTable[]
  readonly columns: readonly ColumnProfile[]
  /** Rows the medians and histograms were computed from (every `step`-th record), when fewer than all. */
  readonly sample: { readonly rows: number; readonly step: number }
}

/** The data of a whole report, before it is written out as HTML. */
export interface ReportData {
  readonly title: string
  readonly generatedBy: string
  readonly datasets: readonly DatasetReport[]
}
