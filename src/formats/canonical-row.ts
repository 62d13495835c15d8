import type { ColumnSpec } from '../generators/columns.js'
import type { Row } from '../generators/generator.js'
import { canonicalJson } from '../util/canonical-json.js'

// The canonical binary form of a row, what `verify` compares and digests. It is the same on every engine,
// because it is made from the row form (epoch-ms timestamps, numbers, booleans) that each engine's rows decode
// to, and it is cheap: numbers are copied as bytes, never printed (printing 13 floats a row costs more than
// generating the row). The layout is PostgreSQL's binary COPY tuple, so rows read with COPY BINARY are
// already canonical: a 16-bit field count, then per field a 32-bit length (−1 for null) and the value —
// int4, int8, float8 (big-endian), timestamptz as int8 microseconds since 2000-01-01 UTC, date as int4 days
// since then, a boolean byte, UTF-8 text, a uuid's 16 bytes, and JSON as a version byte 1 and the JSON text
// with its keys sorted (jsonb keeps keys in an order of its own). A value that does not fit its column (a
// string in a numeric column of SQLite, say) is a 0xFF byte and its text, which no valid value starts with.

const PG_EPOCH_MS = Date.UTC(2000, 0, 1)
const DAY_MS = 86_400_000
const TWO_32 = 4294967296
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const OTHER = 0xff
const INITIAL_BYTES = 1 << 16

/**
 * Rows in canonical form, one after another in `bytes`: row `i` spans `offsets[i]` to `offsets[i + 1]`
 * (`offsets` has one entry more than there are rows) and has record index `indexes[i]`. `bytes` may hold
 * other bytes before the first row and after the last.
 */
export interface CanonicalRowBatch {
  readonly bytes: Buffer
  readonly offsets: readonly number[]
  readonly indexes: readonly number[]
}

// Field kinds, so that one `switch` in `write` encodes every field (a closure a column was measurably slower).
const KIND = {
  integer: 0,
  bigint: 1,
  float: 2,
  timestamp: 3,
  date: 4,
  boolean: 5,
  string: 6,
  text: 6,
  uuid: 7,
  json: 8,
} as const
// The most bytes any fixed-size field takes (a uuid: length and 16 bytes), reserved per field before a row.
const FIELD_BYTES = 20

/**
 * Encodes rows into their canonical form, appending to one growing buffer. {@link takeBatch} hands the rows
 * written so far out as a {@link CanonicalRowBatch} and starts a new buffer; {@link reset} reuses the buffer.
 */
export class CanonicalRowEncoder {
  #buffer = Buffer.allocUnsafe(INITIAL_BYTES)
  #view = viewOf(this.#buffer)
  #offset = 0
  #offsets: number[] = []
  #indexes: number[] = []
  readonly #names: readonly string[]
  readonly #kinds: Uint8Array
  /** The values of the row being written, in column order. */
  readonly #values: unknown[]
  readonly #rowBytes: number
  readonly #uuids = new Map<string, Uint8Array>()

  constructor(columns: readonly ColumnSpec[]) {
    this.#names = columns.map((c) => c.name)
    this.#kinds = Uint8Array.from(columns, (c) => KIND[c.type])
    this.#rowBytes = 2 + FIELD_BYTES * columns.length
    this.#values = columns.map(() => null)
  }

  /** The buffer rows are written to; valid up to {@link length}. */
  get buffer(): Buffer {
    return this.#buffer
  }

  /** Bytes written since the last {@link reset} or {@link takeBatch}. */
  get length(): number {
    return this.#offset
  }

  /** Rows written since the last {@link reset} or {@link takeBatch}. */
  get rows(): number {
    return this.#indexes.length
  }

  /** Where each row written since the last {@link reset} starts (one entry a row; the end is {@link length}). */
  get offsets(): readonly number[] {
    return this.#offsets
  }

  /** The record index of each row written since the last {@link reset}. */
  get indexes(): readonly number[] {
    return this.#indexes
  }

  /** Appends `row`, whose record index is `index`, and returns the offset where it starts. */
  write(row: Row, index: number): number {
    const start = this.#offset
    this.#offsets.push(start)
    this.#indexes.push(index)
    this.#ensure(this.#rowBytes)
    const names = this.#names
    const kinds = this.#kinds
    const values = this.#values
    // Rows usually hold the columns in column order: then walking their keys (which V8 does from a cache of the
    // object's shape) is cheaper than looking each column up by name.
    let found = 0
    for (const key in row) {
      if (found === names.length || key !== names[found]) break
      values[found++] = row[key]
    }
    if (found < names.length) for (let i = 0; i < names.length; i++) values[i] = row[names[i] as string]
    let view = this.#view
    view.setInt16(start, names.length)
    let at = start + 2
    for (let i = 0; i < names.length; i++) {
      const value = values[i]
      if (value === null || value === undefined) {
        view.setInt32(at, -1)
        at += 4
        continue
      }
      switch (kinds[i]) {
        case KIND.integer:
          if (typeof value === 'number' && (value | 0) === value) {
            view.setInt32(at, 4)
            view.setInt32(at + 4, value)
            at += 8
            continue
          }
          break
        case KIND.bigint:
          if (typeof value === 'number' && Number.isSafeInteger(value)) {
            at = int8(view, at, value)
            continue
          }
          break
        case KIND.float:
          if (typeof value === 'number' && Number.isFinite(value)) {
            view.setInt32(at, 8)
            view.setFloat64(at + 4, value)
            at += 12
            continue
          }
          break
        case KIND.timestamp:
          if (typeof value === 'number' && Number.isSafeInteger(value)) {
            at = int8(view, at, (value - PG_EPOCH_MS) * 1000)
            continue
          }
          break
        case KIND.date:
          if (typeof value === 'number' && Number.isFinite(value)) {
            const days = Math.floor((value - PG_EPOCH_MS) / DAY_MS)
            if ((days | 0) !== days) break
            view.setInt32(at, 4)
            view.setInt32(at + 4, days)
            at += 8
            continue
          }
          break
        case KIND.boolean:
          if (typeof value === 'boolean') {
            view.setInt32(at, 1)
            view.setUint8(at + 4, value ? 1 : 0)
            at += 5
            continue
          }
          break
        case KIND.string:
          if (typeof value === 'string') {
            at = this.#text(at, value, -1)
            view = this.#view
            continue
          }
          break
        case KIND.uuid: {
          const bytes = typeof value === 'string' ? this.#uuidBytes(value) : undefined
          if (bytes !== undefined) {
            view.setInt32(at, 16)
            this.#buffer.set(bytes, at + 4)
            at += 20
            continue
          }
          break
        }
        default:
          at = this.#text(at, canonicalJson(value), 1)
          view = this.#view
          continue
      }
      at = this.#other(at, value)
      view = this.#view
    }
    this.#offset = at
    return start
  }

  /** Forgets the rows written, keeping the buffer for the next ones. */
  reset(): void {
    this.#offset = 0
    this.#offsets = []
    this.#indexes = []
  }

  /** The rows written so far, handed over with their buffer; the encoder goes on in a new one. */
  takeBatch(): CanonicalRowBatch {
    const batch = {
      bytes: this.#buffer.subarray(0, this.#offset),
      offsets: [...this.#offsets, this.#offset],
      indexes: this.#indexes,
    }
    this.#buffer = Buffer.allocUnsafe(Math.max(INITIAL_BYTES, this.#buffer.length))
    this.#view = viewOf(this.#buffer)
    this.#offset = 0
    this.#offsets = []
    this.#indexes = []
    return batch
  }

  /** Makes room for `bytes` more bytes after {@link length}, with `at` the write position so far. */
  #ensure(bytes: number, at = this.#offset): void {
    if (at + bytes <= this.#buffer.length) return
    const grown = Buffer.allocUnsafe(Math.max(this.#buffer.length * 2, at + bytes))
    this.#buffer.copy(grown, 0, 0, at)
    this.#buffer = grown
    this.#view = viewOf(grown)
  }

  /** Writes `text` (after a `prefix` byte unless it is −1) as a field at `at`; returns where the field ends. */
  #text(at: number, text: string, prefix: number): number {
    const extra = prefix === -1 ? 0 : 1
    // Room for the text and for the row's remaining fixed-size fields.
    this.#ensure(4 + extra + text.length * 3 + this.#rowBytes, at)
    const buffer = this.#buffer
    let p = at + 4
    if (extra === 1) buffer[p++] = prefix
    // Enum values and most names are short ASCII: copying them here is cheaper than a call into the encoder.
    let ascii = text.length <= 64
    for (let i = 0; ascii && i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (code < 0x80) buffer[p + i] = code
      else ascii = false
    }
    p += ascii ? text.length : buffer.write(text, p, 'utf8')
    this.#view.setInt32(at, p - at - 4)
    return p
  }

  /** A value that does not fit its column: a marker byte no valid value starts with, then its text. */
  #other(at: number, value: unknown): number {
    return this.#text(
      at,
      `${typeof value}:${typeof value === 'string' ? value : JSON.stringify(value)}`,
      OTHER,
    )
  }

  // Few distinct ids (the facilities) repeat on every row: parse each once.
  #uuidBytes(text: string): Uint8Array | undefined {
    let bytes = this.#uuids.get(text)
    if (bytes === undefined) {
      if (!UUID.test(text)) return undefined
      bytes = Uint8Array.from(Buffer.from(text.replaceAll('-', ''), 'hex'))
      if (this.#uuids.size < 10_000) this.#uuids.set(text, bytes)
    }
    return bytes
  }
}

function viewOf(buffer: Buffer): DataView {
  return new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

/** Writes a whole number as an int8 field (length 8, then big-endian) at `at`; returns where it ends. */
function int8(view: DataView, at: number, value: number): number {
  const high = Math.floor(value / TWO_32)
  view.setInt32(at, 8)
  view.setInt32(at + 4, high)
  view.setUint32(at + 8, value - high * TWO_32)
  return at + 12
}

/**
 * Encodes a stream of rows into canonical batches of about 64 KiB, in constant memory. `indexOf` gives a
 * row's record index (the `record_index` column by default).
 */
export async function* encodeCanonicalBatches(
  rows: AsyncIterable<Row>,
  columns: readonly ColumnSpec[],
  indexOf: (row: Row) => number = (row) => Number(row['record_index']),
): AsyncGenerator<CanonicalRowBatch> {
  const encoder = new CanonicalRowEncoder(columns)
  for await (const row of rows) {
    encoder.write(row, indexOf(row))
    if (encoder.length >= INITIAL_BYTES) yield encoder.takeBatch()
  }
  if (encoder.rows > 0) yield encoder.takeBatch()
}

/** The canonical bytes of a JSON field's value (without the length): version byte 1 and sorted-key JSON. */
export function canonicalJsonField(text: string): Buffer {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return Buffer.concat([Buffer.from([OTHER]), Buffer.from(`string:${text}`, 'utf8')])
  }
  return Buffer.concat([Buffer.from([1]), Buffer.from(canonicalJson(value), 'utf8')])
}
