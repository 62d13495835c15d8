import type { ColumnSpec } from '../generators/columns.js'
import type { Row } from '../generators/generator.js'
import { formatIsoDate, formatIsoTimestamp } from './iso-time.js'
import { formatNumber } from './number-text.js'

/**
 * A record as files, previews and exports present it: the row's fields in column order, with timestamps as
 * ISO-8601 UTC strings (`2024-01-01T00:00:00.000Z`) and dates as `YYYY-MM-DD`.
 */
export type OutputRecord = Record<string, unknown>

/** How one column's value is presented: as a record value, as JSON text, and as a CSV cell. */
interface ColumnCodec {
  readonly name: string
  /** `"name":` */
  readonly key: string
  value(value: unknown): unknown
  json(value: unknown): string
  cell(value: unknown): string | null
}

// Our strings rarely need escaping; test first and only then pay for JSON.stringify.
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON must escape
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029]/

function jsonString(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`
}

function codecOf(column: ColumnSpec): ColumnCodec {
  const key = `${JSON.stringify(column.name)}:`
  const base = { name: column.name, key }
  switch (column.type) {
    case 'timestamp':
      return {
        ...base,
        value: (v) => formatIsoTimestamp(v as number),
        json: (v) => `"${formatIsoTimestamp(v as number)}"`,
        cell: (v) => formatIsoTimestamp(v as number),
      }
    case 'date':
      return {
        ...base,
        value: (v) => formatIsoDate(v as number),
        json: (v) => `"${formatIsoDate(v as number)}"`,
        cell: (v) => formatIsoDate(v as number),
      }
    case 'json':
      return { ...base, value: (v) => v, json: (v) => JSON.stringify(v), cell: (v) => JSON.stringify(v) }
    case 'string':
    case 'uuid':
    case 'text':
      return { ...base, value: (v) => v, json: (v) => jsonString(v as string), cell: (v) => v as string }
    case 'boolean':
      return {
        ...base,
        value: (v) => v,
        json: (v) => (v ? 'true' : 'false'),
        cell: (v) => (v ? 'true' : 'false'),
      }
    case 'integer':
    case 'bigint':
      // Finite numbers only (generators never make NaN): String() and JSON agree on them.
      return { ...base, value: (v) => v, json: (v) => String(v), cell: (v) => String(v) }
    case 'float':
      return {
        ...base,
        value: (v) => v,
        json: (v) => formatNumber(v as number),
        cell: (v) => formatNumber(v as number),
      }
  }
}

/**
 * Builds the function that turns a generated row into its {@link OutputRecord}.
 *
 * ### Examples
 * ```ts
 * const toRecord = createRecordSerializer(columnsOf('monitoring'))
 * console.log(toRecord(row).timestamp) // '2024-01-01T00:00:00.000Z'
 * ```
 */
export function createRecordSerializer(columns: readonly ColumnSpec[]): (row: Row) => OutputRecord {
  const codecs = columns.map(codecOf)
  return (row) => {
    const out: OutputRecord = {}
    for (const codec of codecs) {
      const value = row[codec.name]
      out[codec.name] = value === null || value === undefined ? null : codec.value(value)
    }
    return out
  }
}

/**
 * Builds the function that writes a row straight to JSON text, equal to `JSON.stringify(toRecord(row))`
 * without building the intermediate object.
 */
export function createJsonSerializer(columns: readonly ColumnSpec[]): (row: Row) => string {
  const codecs = columns.map(codecOf)
  return (row) => {
    let out = '{'
    for (let i = 0; i < codecs.length; i++) {
      const codec = codecs[i] as ColumnCodec
      const value = row[codec.name]
      out += `${i === 0 ? '' : ','}${codec.key}${value === null || value === undefined ? 'null' : codec.json(value)}`
    }
    return `${out}}`
  }
}

// A CSV field is quoted when it holds the delimiter, a quote or a line break (RFC 4180), its quotes doubled.
const CSV_NEEDS_QUOTES = /[",\r\n]/

/** `text` as an RFC 4180 CSV field. */
export function csvField(text: string): string {
  return CSV_NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/**
 * Builds the function that turns a row into CSV cells: text, with `null` for a missing value (written as an
 * empty field), JSON values as JSON text and booleans as `true`/`false`.
 */
export function createCsvCellSerializer(columns: readonly ColumnSpec[]): (row: Row) => (string | null)[] {
  const codecs = columns.map(codecOf)
  return (row) => {
    const cells = new Array<string | null>(codecs.length)
    for (let i = 0; i < codecs.length; i++) {
      const codec = codecs[i] as ColumnCodec
      const value = row[codec.name]
      cells[i] = value === null || value === undefined ? null : codec.cell(value)
    }
    return cells
  }
}
