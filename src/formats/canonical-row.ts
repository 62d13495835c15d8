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

type FieldWriter = (value: unknown) => void

/**
 * Encodes rows into their canonical form, appending to one growing buffer. {@link takeBatch} hands the rows
 * written so far out as a {@link CanonicalRowBatch} and starts a new buffer; {@link reset} reuses the buffer.
 */
export class CanonicalRowEncoder {
  #buffer = Buffer.allocUnsafe(INITIAL_BYTES)
  #offset = 0
  #offsets: number[] = []
  #indexes: number[] = []
  readonly #names: readonly string[]
  readonly #writers: readonly FieldWriter[]
  readonly #uuids = new Map<string, Buffer>()

  constructor(columns: readonly ColumnSpec[]) {
    this.#names = columns.map((c) => c.name)
    this.#writers = columns.map((c) => this.#writerFor(c))
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

  /** Appends `row`, whose record index is `index`, and returns the offset where it starts. */
  write(row: Row, index: number): number {
    const start = this.#offset
    this.#offsets.push(start)
    this.#indexes.push(index)
    this.#ensure(2)
    this.#buffer.writeInt16BE(this.#names.length, this.#offset)
    this.#offset += 2
    for (let i = 0; i < this.#names.length; i++) {
      const value = row[this.#names[i] as string]
      if (value === null || value === undefined) this.#int32(-1)
      else (this.#writers[i] as FieldWriter)(value)
    }
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
    this.#offset = 0
    this.#offsets = []
    this.#indexes = []
    return batch
  }

  #ensure(bytes: number): void {
    if (this.#offset + bytes <= this.#buffer.length) return
    const grown = Buffer.allocUnsafe(Math.max(this.#buffer.length * 2, this.#offset + bytes))
    this.#buffer.copy(grown, 0, 0, this.#offset)
    this.#buffer = grown
  }

  #int32(value: number): void {
    this.#ensure(4)
    this.#buffer.writeInt32BE(value, this.#offset)
    this.#offset += 4
  }

  #int8(value: number): void {
    this.#ensure(12)
    const high = Math.floor(value / TWO_32)
    this.#buffer.writeInt32BE(8, this.#offset)
    this.#buffer.writeInt32BE(high, this.#offset + 4)
    this.#buffer.writeUInt32BE(value - high * TWO_32, this.#offset + 8)
    this.#offset += 12
  }

  #bytes(bytes: Buffer, prefix?: number): void {
    const extra = prefix === undefined ? 0 : 1
    this.#ensure(4 + extra + bytes.length)
    this.#buffer.writeInt32BE(bytes.length + extra, this.#offset)
    if (prefix !== undefined) this.#buffer[this.#offset + 4] = prefix
    bytes.copy(this.#buffer, this.#offset + 4 + extra)
    this.#offset += 4 + extra + bytes.length
  }

  #text(text: string, prefix?: number): void {
    const extra = prefix === undefined ? 0 : 1
    this.#ensure(4 + extra + text.length * 3)
    const start = this.#offset
    let at = start + 4
    if (prefix !== undefined) this.#buffer[at++] = prefix
    at += this.#buffer.write(text, at, 'utf8')
    this.#buffer.writeInt32BE(at - start - 4, start)
    this.#offset = at
  }

  /** A value that does not fit its column: a marker byte no valid value starts with, then its text. */
  #other(value: unknown): void {
    this.#text(`${typeof value}:${typeof value === 'string' ? value : JSON.stringify(value)}`, OTHER)
  }

  #writerFor(column: ColumnSpec): FieldWriter {
    switch (column.type) {
      case 'integer':
        return (v) => {
          if (typeof v !== 'number' || !Number.isInteger(v) || v < -2147483648 || v > 2147483647)
            return this.#other(v)
          this.#int32(4)
          this.#int32(v)
        }
      case 'bigint':
        return (v) => (typeof v === 'number' && Number.isSafeInteger(v) ? this.#int8(v) : this.#other(v))
      case 'float':
        return (v) => {
          if (typeof v !== 'number' || !Number.isFinite(v)) return this.#other(v)
          this.#ensure(12)
          this.#buffer.writeInt32BE(8, this.#offset)
          this.#buffer.writeDoubleBE(v, this.#offset + 4)
          this.#offset += 12
        }
      case 'timestamp':
        return (v) =>
          typeof v === 'number' && Number.isSafeInteger(v)
            ? this.#int8((v - PG_EPOCH_MS) * 1000)
            : this.#other(v)
      case 'date':
        return (v) => {
          if (typeof v !== 'number' || !Number.isFinite(v)) return this.#other(v)
          this.#int32(4)
          this.#int32(Math.floor((v - PG_EPOCH_MS) / DAY_MS))
        }
      case 'boolean':
        return (v) => {
          if (typeof v !== 'boolean') return this.#other(v)
          this.#ensure(5)
          this.#buffer.writeInt32BE(1, this.#offset)
          this.#buffer[this.#offset + 4] = v ? 1 : 0
          this.#offset += 5
        }
      case 'string':
      case 'text':
        return (v) => (typeof v === 'string' ? this.#text(v) : this.#other(v))
      case 'uuid':
        return (v) => {
          const bytes = typeof v === 'string' ? this.#uuidBytes(v) : undefined
          if (bytes === undefined) return this.#other(v)
          this.#bytes(bytes)
        }
      case 'json':
        return (v) => this.#text(canonicalJson(v), 1)
    }
  }

  // Few distinct ids (the facilities) repeat on every row: parse each once.
  #uuidBytes(text: string): Buffer | undefined {
    let bytes = this.#uuids.get(text)
    if (bytes === undefined) {
      if (!UUID.test(text)) return undefined
      bytes = Buffer.from(text.replaceAll('-', ''), 'hex')
      if (this.#uuids.size < 10_000) this.#uuids.set(text, bytes)
    }
    return bytes
  }
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
