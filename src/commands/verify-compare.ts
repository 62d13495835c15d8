import { createHash, type Hash } from 'node:crypto'
import { CanonicalRowEncoder, type CanonicalRowBatch } from '../formats/canonical-row.js'
import type { ColumnSpec } from '../generators/columns.js'
import type { Row } from '../generators/generator.js'

/** A kind of difference between a table and its regenerated rows. */
export type DifferenceKind = 'missing rows' | 'extra rows' | 'changed rows'

/** What comparing one table found: row counts, differences, the first one, and both digests. */
export interface Counts {
  expected: number
  actual: number
  missing: number
  extra: number
  changed: number
  readonly started: number
  first: { kind: DifferenceKind; index: number } | undefined
  /** SHA-256 (hex) of the regenerated rows in canonical form, set when the comparison ends. */
  expectedDigest: string
  /** SHA-256 (hex) of the table's rows in the same form. */
  actualDigest: string
  note(kind: DifferenceKind, index: number): void
}

/** Empty {@link Counts}, started now. */
export function newCounts(): Counts {
  const counts: Counts = {
    started: performance.now(),
    expected: 0,
    actual: 0,
    missing: 0,
    extra: 0,
    changed: 0,
    first: undefined,
    expectedDigest: '',
    actualDigest: '',
    note(kind, index) {
      if (kind === 'missing rows') counts.missing++
      else if (kind === 'extra rows') counts.extra++
      else counts.changed++
      counts.first ??= { kind, index }
    },
  }
  return counts
}

const FLUSH_BYTES = 1 << 16

/**
 * Walks the regenerated rows and the table's rows together, both in record order: an index only on the
 * regenerated side is a missing row, one only in the table an extra row, one on both sides is compared byte
 * for byte. Neither side is held: the regenerated rows are encoded into a buffer that is reused every 64 KiB,
 * and the table's arrive in batches. A batch is first compared whole with as many regenerated rows (one
 * comparison where the table is right, which is the common case), and row by row only when that fails.
 *
 * Until the first difference both sides are the same bytes, so only the table's rows are hashed; at the first
 * difference the expected digest forks from the table's (a copy of its state) and goes on over the
 * regenerated rows. Both digests are what hashing each side in full would give.
 */
export async function mergeCompare(
  records: Iterable<Row>,
  live: AsyncIterable<CanonicalRowBatch>,
  columns: readonly ColumnSpec[],
  complete: boolean,
): Promise<Counts> {
  const counts = newCounts()
  const expected = new ExpectedRows(records, columns, counts)
  const actualHash = createHash('sha256')
  // Rows not yet written are expected in an incomplete dataset: counted, but no difference.
  const missing = (index: number) => {
    if (complete) counts.note('missing rows', index)
    else counts.missing++
  }
  for await (const { bytes, offsets, indexes } of live) {
    const rows = indexes.length
    counts.actual += rows
    const first = offsets[0] as number
    // The common case: the next regenerated rows are this batch's rows, byte for byte.
    let i = expected.matchesAll(bytes, offsets, indexes) ? rows : 0
    for (; i < rows; i++) {
      const liveIndex = indexes[i] as number
      const diverge = () => expected.diverge(actualHash, bytes.subarray(first, offsets[i]))
      while (expected.fill(1) > 0 && expected.index < liveIndex) {
        diverge()
        missing(expected.index)
        expected.skip(1)
      }
      if (expected.fill(1) === 0 || expected.index > liveIndex) {
        diverge()
        counts.note('extra rows', liveIndex)
        continue
      }
      if (!expected.matches(bytes, offsets[i] as number, offsets[i + 1] as number)) {
        diverge()
        counts.note('changed rows', liveIndex)
      }
      expected.skip(1)
    }
    actualHash.update(bytes.subarray(first, offsets[rows]))
  }
  while (expected.fill(1) > 0) {
    expected.diverge(actualHash)
    missing(expected.index)
    expected.skip(1)
  }
  counts.actualDigest = actualHash.digest('hex')
  counts.expectedDigest = expected.digest() ?? counts.actualDigest
  return counts
}

/**
 * The regenerated rows as a queue: encoded ahead into one buffer on demand, taken from its head, the buffer
 * reused once every row in it is taken and it holds 64 KiB.
 */
class ExpectedRows {
  readonly #iterator: Iterator<Row>
  readonly #encoder: CanonicalRowEncoder
  readonly #counts: Counts
  #done = false
  /** The head of the queue: the encoder's row number of the next row to take. */
  #head = 0
  /** Set from the first difference on; hashes the encoder's bytes from `#hashedTo` as they are recycled. */
  #hash: Hash | undefined
  #hashedTo = 0

  constructor(records: Iterable<Row>, columns: readonly ColumnSpec[], counts: Counts) {
    this.#iterator = records[Symbol.iterator]()
    this.#encoder = new CanonicalRowEncoder(columns)
    this.#counts = counts
  }

  /** The record index of the row at the head (call {@link fill} first). */
  get index(): number {
    return this.#encoder.indexes[this.#head] as number
  }

  /** Encodes rows until `rows` are queued or the records end; returns how many are queued. */
  fill(rows: number): number {
    const encoder = this.#encoder
    if (this.#head === encoder.rows && encoder.length >= FLUSH_BYTES) {
      this.#hash?.update(encoder.buffer.subarray(this.#hashedTo, encoder.length))
      this.#hashedTo = 0
      encoder.reset()
      this.#head = 0
    }
    while (!this.#done && encoder.rows - this.#head < rows) {
      const step = this.#iterator.next()
      if (step.done === true) {
        this.#done = true
        break
      }
      this.#counts.expected++
      encoder.write(step.value, step.value['record_index'] as number)
    }
    return encoder.rows - this.#head
  }

  /** Takes `rows` rows off the head. */
  skip(rows: number): void {
    this.#head += rows
  }

  /** Whether the row at the head equals the bytes from `start` to `end`. */
  matches(bytes: Buffer, start: number, end: number): boolean {
    return (
      bytes.compare(
        this.#encoder.buffer,
        this.#offset(this.#head),
        this.#offset(this.#head + 1),
        start,
        end,
      ) === 0
    )
  }

  /** When the batch's rows are the next ones, byte for byte: takes them and returns `true`. */
  matchesAll(bytes: Buffer, offsets: readonly number[], indexes: readonly number[]): boolean {
    const rows = indexes.length
    if (this.fill(rows) < rows || this.index !== indexes[0]) return false
    const head = this.#head
    const same =
      bytes.compare(
        this.#encoder.buffer,
        this.#offset(head),
        this.#offset(head + rows),
        offsets[0],
        offsets[rows],
      ) === 0
    // Equal bytes are equal rows: each row's length fields delimit it, and record_index is in its bytes.
    if (same) this.#head += rows
    return same
  }

  /**
   * At the first difference, starts the expected digest from the table's digest so far (`common`: the hash
   * of the rows both sides share, plus `more` of them not hashed yet); later calls do nothing.
   */
  diverge(common: Hash, more?: Buffer): void {
    if (this.#hash !== undefined) return
    this.#hash = common.copy()
    if (more !== undefined) this.#hash.update(more)
    this.#hashedTo = this.#offset(this.#head)
  }

  /** The expected digest (hex) once every row is taken, or `undefined` when the two sides never differed. */
  digest(): string | undefined {
    const encoder = this.#encoder
    return this.#hash?.update(encoder.buffer.subarray(this.#hashedTo, encoder.length)).digest('hex')
  }

  #offset(row: number): number {
    const encoder = this.#encoder
    return row < encoder.rows ? (encoder.offsets[row] as number) : encoder.length
  }
}
