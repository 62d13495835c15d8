import type { ColumnSpec } from '../generators/columns.js'
import type { Row } from '../generators/generator.js'

/**
 * A record as files, previews and exports present it: the row's fields in column order, with timestamps as
 * ISO-8601 UTC strings (`2024-01-01T00:00:00.000Z`) and dates as `YYYY-MM-DD`.
 */
export type OutputRecord = Record<string, unknown>

/** ISO-8601 text of an epoch-millisecond timestamp. */
export function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString()
}

/** `YYYY-MM-DD` of an epoch-millisecond date. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/**
 * Builds the function that turns a generated row into its {@link OutputRecord}.
 *
 * ### Examples
 * ```ts
 * const toRecord = createRecordSerializer(getGenerator('monitoring').columns)
 * console.log(JSON.stringify(toRecord(row)))
 * ```
 */
export function createRecordSerializer(columns: readonly ColumnSpec[]): (row: Row) => OutputRecord {
  const names = columns.map((c) => c.name)
  const kinds = columns.map((c) => (c.type === 'timestamp' ? 1 : c.type === 'date' ? 2 : 0))
  return (row) => {
    const out: OutputRecord = {}
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string
      const value = row[name]
      const kind = kinds[i]
      out[name] =
        value === null || value === undefined
          ? null
          : kind === 1
            ? isoTimestamp(value as number)
            : kind === 2
              ? isoDate(value as number)
              : value
    }
    return out
  }
}
