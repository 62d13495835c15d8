import { once } from 'node:events'
import type { Knex } from 'knex'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { Row } from '../../generators/generator.js'
import type { BulkTarget, WriteColumn } from '../dialect.js'
import { TailingsiqError } from '../../errors.js'
import { driverConnection } from '../dialect-adapter-base.js'
import { assertFiniteNumber, assertNoNul, assertSafeInteger } from '../value-checks.js'

// COPY … FROM STDIN (FORMAT binary): no number formatting on either side, the fastest path measured
// (421k rows/s against 212k for CSV). The format: an 11-byte signature, flags and header-extension words,
// then per row a 16-bit field count and per field a 32-bit length (−1 for NULL) and the value in the
// type's binary send format; a −1 field count ends the stream.
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1')
const PG_EPOCH_MS = Date.UTC(2000, 0, 1)
const DAY_MS = 86_400_000
const CHUNK_BYTES = 1 << 20
const TWO_32 = 4294967296

type FieldEncoder = (value: unknown) => void

/**
 * Encodes rows into PostgreSQL's binary COPY format, into reusable 1 MB chunks, and hands each full chunk
 * to `flush`. Values must match the column types (the generators' conventions); NaN, infinities, NUL
 * characters and unsafe integers are refused.
 */
export class BinaryCopyEncoder {
  #buffer = Buffer.allocUnsafe(CHUNK_BYTES)
  #offset = 0
  readonly #fieldCount: number
  readonly #fixed: Buffer
  readonly #encoders: readonly { name: string; encode: FieldEncoder }[]
  readonly #flush: (chunk: Buffer) => void

  constructor(target: BulkTarget, flush: (chunk: Buffer) => void) {
    this.#flush = flush
    this.#fieldCount = target.fixed.length + target.columns.length
    // The fixed leading fields are the same bytes in every row: encode them once.
    this.#fixed = target.fixed.length === 0 ? Buffer.alloc(0) : encodeFixedFields(target)
    this.#encoders = target.columns.map((column) => ({
      name: column.name,
      encode: this.#encoderFor(target, column),
    }))
    this.#ensure(SIGNATURE.length + 8)
    SIGNATURE.copy(this.#buffer, 0)
    this.#buffer.writeInt32BE(0, 11)
    this.#buffer.writeInt32BE(0, 15)
    this.#offset = 19
  }

  /** Appends one row. */
  write(row: Row): void {
    this.#ensure(2 + this.#fixed.length)
    this.#buffer.writeInt16BE(this.#fieldCount, this.#offset)
    this.#offset += 2
    this.#fixed.copy(this.#buffer, this.#offset)
    this.#offset += this.#fixed.length
    for (const { name, encode } of this.#encoders) {
      const value = row[name]
      if (value === null || value === undefined) {
        this.#ensure(4)
        this.#buffer.writeInt32BE(-1, this.#offset)
        this.#offset += 4
      } else {
        encode(value)
      }
    }
  }

  /** Writes the trailer and flushes what is left. */
  end(): void {
    this.#ensure(2)
    this.#buffer.writeInt16BE(-1, this.#offset)
    this.#offset += 2
    this.#flushChunk()
  }

  #flushChunk(): void {
    if (this.#offset === 0) return
    this.#flush(this.#buffer.subarray(0, this.#offset))
    this.#buffer = Buffer.allocUnsafe(CHUNK_BYTES)
    this.#offset = 0
  }

  #ensure(bytes: number): void {
    if (this.#offset + bytes <= this.#buffer.length) return
    this.#flushChunk()
    if (bytes > this.#buffer.length) this.#buffer = Buffer.allocUnsafe(bytes)
  }

  #encoderFor(target: BulkTarget, column: WriteColumn): FieldEncoder {
    const table = target.table
    switch (column.type) {
      case 'integer':
        return (v) => {
          assertSafeInteger(table, column, v as number)
          this.#ensure(8)
          this.#buffer.writeInt32BE(4, this.#offset)
          this.#buffer.writeInt32BE(v as number, this.#offset + 4)
          this.#offset += 8
        }
      case 'bigint':
        return (v) => {
          assertSafeInteger(table, column, v as number)
          this.#int8(v as number)
        }
      case 'float':
        return (v) => {
          assertFiniteNumber(table, column, v as number)
          this.#ensure(12)
          this.#buffer.writeInt32BE(8, this.#offset)
          this.#buffer.writeDoubleBE(v as number, this.#offset + 4)
          this.#offset += 12
        }
      case 'timestamp':
        // timestamptz: microseconds since 2000-01-01 UTC.
        return (v) => this.#int8(((v as number) - PG_EPOCH_MS) * 1000)
      case 'date':
        return (v) => {
          this.#ensure(8)
          this.#buffer.writeInt32BE(4, this.#offset)
          this.#buffer.writeInt32BE(Math.floor(((v as number) - PG_EPOCH_MS) / DAY_MS), this.#offset + 4)
          this.#offset += 8
        }
      case 'boolean':
        return (v) => {
          this.#ensure(5)
          this.#buffer.writeInt32BE(1, this.#offset)
          this.#buffer[this.#offset + 4] = v ? 1 : 0
          this.#offset += 5
        }
      case 'json':
        return (v) => this.#text(table, column, JSON.stringify(v), true)
      case 'json-text':
        return (v) => this.#text(table, column, v as string, true)
      case 'string':
      case 'text':
        return (v) => this.#text(table, column, v as string, false)
      case 'uuid':
        return (v) => this.#uuid(table, column, v as string)
    }
  }

  #int8(value: number): void {
    this.#ensure(12)
    const high = Math.floor(value / TWO_32)
    this.#buffer.writeInt32BE(8, this.#offset)
    this.#buffer.writeInt32BE(high, this.#offset + 4)
    this.#buffer.writeUInt32BE(value - high * TWO_32, this.#offset + 8)
    this.#offset += 12
  }

  // Few distinct ids (the facilities) repeat on every row: parse each once.
  readonly #uuids = new Map<string, Buffer>()

  /** uuid: the 16 bytes of the hex digits. */
  #uuid(table: BulkTarget['table'], column: WriteColumn, text: string): void {
    let bytes = this.#uuids.get(text)
    if (bytes === undefined) {
      const hex = text.replaceAll('-', '')
      if (!/^[0-9a-fA-F]{32}$/.test(hex)) {
        throw new TailingsiqError(
          'GENERATOR_INVALID',
          `${table.name}.${column.name}: "${text}" is not a UUID`,
        )
      }
      bytes = Buffer.from(hex, 'hex')
      if (this.#uuids.size < 10_000) this.#uuids.set(text, bytes)
    }
    this.#ensure(20)
    this.#buffer.writeInt32BE(16, this.#offset)
    bytes.copy(this.#buffer, this.#offset + 4)
    this.#offset += 20
  }

  /** Text (or jsonb: a version byte, then the text), length written after the bytes are known. */
  #text(table: BulkTarget['table'], column: WriteColumn, text: string, jsonb: boolean): void {
    assertNoNul(table, column, text)
    this.#ensure(5 + text.length * 3)
    const start = this.#offset
    let at = start + 4
    if (jsonb) this.#buffer[at++] = 1
    at += this.#buffer.write(text, at, 'utf8')
    this.#buffer.writeInt32BE(at - start - 4, start)
    this.#offset = at
  }
}

/** The encoded bytes of the fixed leading fields of a target, as they appear in every row. */
function encodeFixedFields(target: BulkTarget): Buffer {
  const chunks: Buffer[] = []
  const encoder = new BinaryCopyEncoder(
    { table: target.table, fixed: [], columns: target.fixed.map((f) => f.column) },
    (chunk) => chunks.push(Buffer.from(chunk)),
  )
  const row: Row = {}
  for (const { column, value } of target.fixed) row[column.name] = value
  encoder.write(row)
  encoder.end()
  // Drop the 19-byte header, the row's 2-byte field count and the 2-byte trailer.
  const all = Buffer.concat(chunks)
  return all.subarray(21, all.length - 2)
}

/** `"schema"."table"` and the quoted column list of a COPY statement. */
function copySql(trx: Knex.Transaction, target: BulkTarget): string {
  const columns = [...target.fixed.map((f) => f.column.name), ...target.columns.map((c) => c.name)]
  const table = target.table.schema ? `??.??` : '??'
  const bindings = target.table.schema ? [target.table.schema, target.table.name] : [target.table.name]
  return trx
    .raw(`COPY ${table} (${columns.map(() => '??').join(', ')}) FROM STDIN (FORMAT binary)`, [
      ...bindings,
      ...columns,
    ])
    .toQuery()
}

/**
 * Streams `rows` into `target` with COPY BINARY on the transaction's own connection, respecting the
 * socket's backpressure. Resolves with the number of rows written.
 */
export async function copyRows(
  trx: Knex.Transaction,
  target: BulkTarget,
  rows: Iterable<Row>,
): Promise<number> {
  const connection = await driverConnection<pg.PoolClient>(trx)
  const stream = connection.query(copyFrom(copySql(trx, target)))
  let failure: Error | undefined
  stream.on('error', (error: Error) => (failure ??= error))
  let pending: Buffer[] = []
  const encoder = new BinaryCopyEncoder(target, (chunk) => pending.push(chunk))
  let count = 0
  const drain = async () => {
    for (const chunk of pending) {
      if (failure) throw failure
      // events.once rejects when the stream emits 'error' while we wait.
      if (!stream.write(chunk)) await once(stream, 'drain')
    }
    pending = []
  }
  try {
    for (const row of rows) {
      encoder.write(row)
      count++
      if (pending.length > 0) await drain()
    }
    encoder.end()
    await drain()
    const finished = once(stream, 'finish')
    stream.end()
    await finished
  } catch (error) {
    if (!stream.destroyed) stream.destroy(error as Error)
    throw failure ?? error
  }
  if (failure) throw failure
  return count
}
