import type { ColumnSpec, ColumnType } from '../generators/columns.js'
import type { Row } from '../generators/generator.js'
import { formatIsoDate, formatIsoTimestamp } from './iso-time.js'
import { TextBuffer } from './text-buffer.js'

// A row's JSON built as a string is some sixty concatenations, which the batch's `join` then flattens and the
// stream encodes to UTF-8 again: most of an NDJSON export's time. This writes the same text straight into bytes.

// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON must escape
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029]/

/**
 * Encodes rows as JSON objects (the text `createJsonSerializer` gives: keys in column order, timestamps and dates
 * as ISO text) into one buffer per batch, with the given separators.
 *
 * ### Examples
 * ```ts
 * const encoder = new JsonLineEncoder(columnsOf('monitoring'))
 * stream.write(encoder.encode(rows, '', '\n', '\n')) // NDJSON
 * ```
 */
export class JsonLineEncoder {
  readonly #names: readonly string[]
  readonly #types: readonly ColumnType[]
  /** `{"name":` for the first column, `,"name":` for the others, as bytes. */
  readonly #keys: readonly Uint8Array[]
  readonly #out = new TextBuffer()

  constructor(columns: readonly ColumnSpec[]) {
    this.#names = columns.map((c) => c.name)
    this.#types = columns.map((c) => c.type)
    this.#keys = columns.map((c, i) => Buffer.from(`${i === 0 ? '{' : ','}${JSON.stringify(c.name)}:`))
  }

  /** `before`, then each row's JSON object with `between` after every row but the last, then `after`. */
  encode(rows: readonly Row[], before: string, between: string, after: string): Buffer {
    const out = this.#out
    out.text(before)
    for (let r = 0; r < rows.length; r++) {
      if (r > 0) out.text(between)
      this.#row(rows[r] as Row)
    }
    out.text(after)
    return out.take()
  }

  #row(row: Row): void {
    const out = this.#out
    const names = this.#names
    const types = this.#types
    for (let i = 0; i < names.length; i++) {
      out.bytes(this.#keys[i] as Uint8Array)
      const value = row[names[i] as string]
      if (value === null || value === undefined) {
        out.text('null')
        continue
      }
      switch (types[i]) {
        case 'float':
        case 'integer':
        case 'bigint':
          // formatNumber's text, which is `String(value)`.
          out.number(value as number)
          break
        case 'timestamp':
          this.#quoted(formatIsoTimestamp(value as number))
          break
        case 'date':
          this.#quoted(formatIsoDate(value as number))
          break
        case 'boolean':
          out.text(value === true ? 'true' : 'false')
          break
        case 'json':
          out.text(JSON.stringify(value))
          break
        default: {
          const text = value as string
          // ASCII text without a quote, backslash or control character is its JSON string as it is.
          out.byte(0x22)
          if (out.plain(text, 0x22, 0x5c)) out.byte(0x22)
          else {
            out.unbyte()
            if (NEEDS_ESCAPE.test(text)) out.text(JSON.stringify(text))
            else this.#quoted(text)
          }
        }
      }
    }
    out.byte(0x7d) // }
  }

  #quoted(text: string): void {
    this.#out.byte(0x22)
    this.#out.text(text)
    this.#out.byte(0x22)
  }
}
