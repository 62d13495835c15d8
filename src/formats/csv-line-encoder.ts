import type { ColumnSpec, ColumnType } from '../generators/columns.js'
import type { Row } from '../generators/generator.js'
import { formatIsoDate, formatIsoTimestamp } from './iso-time.js'
import { csvField } from './record-serializer.js'
import { TextBuffer } from './text-buffer.js'

/**
 * Encodes rows as RFC 4180 CSV lines (CRLF line ends) into one buffer per batch: the cells of
 * `createCsvCellSerializer` — an empty field for null, JSON values as JSON text, booleans as `true`/`false` — quoted
 * where a comma, quote or line break needs it. Only text and JSON cells can; the rest are written as they are.
 *
 * ### Examples
 * ```ts
 * const encoder = new CsvLineEncoder(columnsOf('monitoring'))
 * stream.write(encoder.encode(rows, true)) // header and rows
 * ```
 */
export class CsvLineEncoder {
  readonly #names: readonly string[]
  readonly #types: readonly ColumnType[]
  readonly #header: string
  readonly #out = new TextBuffer()

  constructor(columns: readonly ColumnSpec[]) {
    this.#names = columns.map((c) => c.name)
    this.#types = columns.map((c) => c.type)
    this.#header = `${columns.map((c) => csvField(c.name)).join(',')}\r\n`
  }

  /** The header line alone. */
  get header(): string {
    return this.#header
  }

  /** `rows` as CSV lines, after the header line when `header` is true. */
  encode(rows: readonly Row[], header: boolean): Buffer {
    const out = this.#out
    if (header) out.text(this.#header)
    for (const row of rows) this.#row(row)
    return out.take()
  }

  #row(row: Row): void {
    const out = this.#out
    const names = this.#names
    const types = this.#types
    for (let i = 0; i < names.length; i++) {
      if (i > 0) out.byte(0x2c) // ,
      const value = row[names[i] as string]
      if (value === null || value === undefined) continue
      switch (types[i]) {
        case 'float':
        case 'integer':
        case 'bigint':
          // formatNumber's text, which is `String(value)`.
          out.number(value as number)
          break
        case 'timestamp':
          out.text(formatIsoTimestamp(value as number))
          break
        case 'date':
          out.text(formatIsoDate(value as number))
          break
        case 'boolean':
          out.text(value === true ? 'true' : 'false')
          break
        case 'json':
          out.text(csvField(JSON.stringify(value)))
          break
        default:
          // Text without a quote, comma or line break (nor any other control or non-ASCII character) as it is.
          if (!out.plain(value as string, 0x22, 0x2c)) out.text(csvField(value as string))
      }
    }
    out.byte(0x0d)
    out.byte(0x0a)
  }
}
