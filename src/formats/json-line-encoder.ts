import type { ColumnSpec, ColumnType } from '../generators/columns.js'
import type { Row } from '../generators/generator.js'
import { formatIsoDate, formatIsoTimestamp } from './iso-time.js'
import { formatNumber } from './number-text.js'

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
  readonly #keys: readonly Buffer[]
  #buffer = Buffer.allocUnsafe(1 << 16)
  #at = 0

  constructor(columns: readonly ColumnSpec[]) {
    this.#names = columns.map((c) => c.name)
    this.#types = columns.map((c) => c.type)
    this.#keys = columns.map((c, i) => Buffer.from(`${i === 0 ? '{' : ','}${JSON.stringify(c.name)}:`))
  }

  /** `before`, then each row's JSON object with `between` after every row but the last, then `after`. */
  encode(rows: readonly Row[], before: string, between: string, after: string): Buffer {
    // Each call gets a buffer of its own: the stream may still hold the previous one.
    this.#buffer = Buffer.allocUnsafe(Math.max(1 << 12, this.#buffer.length))
    this.#at = 0
    this.#text(before)
    for (let r = 0; r < rows.length; r++) {
      if (r > 0) this.#text(between)
      this.#row(rows[r] as Row)
    }
    this.#text(after)
    return this.#buffer.subarray(0, this.#at)
  }

  #row(row: Row): void {
    const names = this.#names
    const types = this.#types
    for (let i = 0; i < names.length; i++) {
      this.#bytes(this.#keys[i] as Buffer)
      const value = row[names[i] as string]
      if (value === null || value === undefined) {
        this.#text('null')
        continue
      }
      switch (types[i]) {
        case 'float':
          this.#text(formatNumber(value as number))
          break
        case 'integer':
        case 'bigint':
          this.#text(`${value as number}`)
          break
        case 'timestamp':
          this.#quoted(formatIsoTimestamp(value as number))
          break
        case 'date':
          this.#quoted(formatIsoDate(value as number))
          break
        case 'boolean':
          this.#text(value === true ? 'true' : 'false')
          break
        case 'json':
          this.#text(JSON.stringify(value))
          break
        default: {
          const text = value as string
          if (NEEDS_ESCAPE.test(text)) this.#text(JSON.stringify(text))
          else this.#quoted(text)
        }
      }
    }
    this.#text('}')
  }

  #quoted(text: string): void {
    this.#ensure(text.length * 3 + 2)
    this.#buffer[this.#at++] = 0x22
    this.#text(text)
    this.#buffer[this.#at++] = 0x22
  }

  /** `text` as UTF-8: copied code by code while it is ASCII (most of it), else by `Buffer.write`. */
  #text(text: string): void {
    this.#ensure(text.length * 3 + 2)
    const buffer = this.#buffer
    const at = this.#at
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (code >= 0x80) {
        this.#at = at + buffer.write(text, at, 'utf8')
        return
      }
      buffer[at + i] = code
    }
    this.#at = at + text.length
  }

  #bytes(bytes: Buffer): void {
    this.#ensure(bytes.length)
    bytes.copy(this.#buffer, this.#at)
    this.#at += bytes.length
  }

  #ensure(bytes: number): void {
    if (this.#at + bytes <= this.#buffer.length) return
    const grown = Buffer.allocUnsafe(Math.max(this.#buffer.length * 2, this.#at + bytes))
    this.#buffer.copy(grown, 0, 0, this.#at)
    this.#buffer = grown
  }
}
