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

// C0 controls (ESC, BEL, CR, …), DEL, C1 controls (CSI, OSC, …) and the bidi embeddings, overrides, isolates
// and marks that reorder what a terminal shows. Matching control characters is the point here.
// eslint-disable-next-line no-control-regex
const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
const TERMINAL_UNSAFE_BUT_NEWLINE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/**
 * Text from users or the database made safe to print on a terminal: every control character and bidi
 * override is shown as its `\uXXXX` escape instead of being obeyed, so a dataset name cannot move the
 * cursor, set the title, ring the bell or reverse the text around it. Every human-readable renderer prints
 * user-supplied text through this; JSON output does not (`JSON.stringify` escapes controls itself).
 *
 * ### Examples
 * ```ts
 * escapeForTerminal('a\x1b[2Jb') // 'a\\u001b[2Jb'
 * ```
 */
export function escapeForTerminal(text: string, options: { keepNewlines?: boolean } = {}): string {
  return text.replace(
    options.keepNewlines ? TERMINAL_UNSAFE_BUT_NEWLINE : TERMINAL_UNSAFE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

/** Cuts `text` to `width` characters, ending in `…` when cut. */
export function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`
}

/**
 * A plain-text table: a header row, a rule, and the rows, with numeric columns right-aligned. Cells are
 * escaped for the terminal. With `maxWidth`, column `shrink` (default the last) is cut with `…` so that
 * lines fit.
 *
 * ### Examples
 * ```ts
 * renderTable(['type', 'records'], [['monitoring', '1,000']])
 * ```
 */
export function renderTable(
  columns: readonly string[],
  body: readonly (readonly string[])[],
  options: { maxWidth?: number; shrink?: number } = {},
): string {
  const header = columns.map((c) => escapeForTerminal(c))
  let rows = body.map((r) => r.map((c) => escapeForTerminal(c)))
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const shrink = options.shrink ?? header.length - 1
  const total = widths.reduce((sum, w) => sum + w, 0) + 2 * (header.length - 1)
  if (options.maxWidth !== undefined && total > options.maxWidth && widths[shrink] !== undefined) {
    const width = Math.max(header[shrink]?.length ?? 0, 8, widths[shrink] - (total - options.maxWidth))
    widths[shrink] = width
    rows = rows.map((r) => r.map((c, i) => (i === shrink ? truncate(c, width) : c)))
  }
  // A column is numeric when every cell that holds something is a number (blank cells continue a group).
  const numeric = header.map((_, i) => {
    const cells = rows.map((r) => r[i] ?? '').filter((c) => c !== '')
    return cells.length > 0 && cells.every((c) => /^[\d.,\s%a-zA-Z]*\d[\d.,]*\s*[a-zA-Z%]*$/.test(c))
  })
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
      const lines = keys.map((k) => `  ${escapeForTerminal(k).padEnd(width)}  ${formatValue(record[k])}`)
      return [title(record, index), ...lines].join('\n')
    })
    .join('\n\n')
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'string') return escapeForTerminal(value)
  return escapeForTerminal(JSON.stringify(value))
}
