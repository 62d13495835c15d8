import type { OutputRecord } from '../formats/record-serializer.js'

/** Human-readable byte size: `12.3 MB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`
}

/** A whole number with thousands separators: `1,000,000`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US')
}

/**
 * A plain-text table: a header row, a rule, and the rows, with numeric columns right-aligned.
 *
 * ### Examples
 * ```ts
 * renderTable(['type', 'records'], [['monitoring', '1,000']])
 * ```
 */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const numeric = header.map(
    (_, i) =>
      rows.length > 0 && rows.every((r) => /^[\d.,\s%a-zA-Z]*\d[\d.,]*\s*[a-zA-Z%]*$/.test(r[i] ?? '')),
  )
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd()
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

/** Records as aligned `field  value` blocks, one block per record, for reading in a terminal. */
export function renderRecords(
  title: (record: OutputRecord, index: number) => string,
  records: readonly OutputRecord[],
): string {
  return records
    .map((record, index) => {
      const keys = Object.keys(record)
      const width = Math.max(...keys.map((k) => k.length))
      const lines = keys.map((k) => `  ${k.padEnd(width)}  ${formatValue(record[k])}`)
      return [title(record, index), ...lines].join('\n')
    })
    .join('\n\n')
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'string') return value
  return JSON.stringify(value)
}
