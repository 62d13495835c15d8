import type { TableRef, WriteColumn } from '../dialects/dialect.js'
import { assertFiniteNumber, assertNoNul } from '../dialects/value-checks.js'
import type { Row } from '../generators/generator.js'

/**
 * Rows handed from the generation thread to the writing one, column by column in one transferable buffer: a
 * float64 lane per number, time or boolean column (NaN for NULL: no stored value is NaN, the checks refuse it) and
 * a uint32 lane of codes per text or JSON column, each code an index into the chunk's own list of distinct texts
 * (0 for NULL). Moving the buffer costs nothing whatever its size, where structured clone of the rows themselves
 * cost more than generating them. Values are checked here as every bulk writer checks them (finite numbers, no
 * NUL in text), so the errors are the same whichever thread generated the rows.
 */
export const CHUNK_LANES = {
  number: 0,
  timestamp: 1,
  date: 2,
  boolean: 3,
  text: 4,
} as const
export type ChunkLane = (typeof CHUNK_LANES)[keyof typeof CHUNK_LANES]

/** One column of a received chunk: `numbers` for a number, time or boolean lane, else `codes` and `texts`. */
export interface ChunkColumn {
  readonly lane: ChunkLane
  readonly numbers: Float64Array
  readonly codes: Uint32Array
  /** Code k stands for `texts[k - 1]`. */
  readonly texts: readonly string[]
}

/** A chunk as it travels: the buffer (transferred), how many rows it holds, each text column's distinct texts. */
export interface ChunkMessage {
  readonly buffer: ArrayBuffer
  readonly rows: number
  readonly texts: readonly (readonly string[])[]
}

/** Rows of one chunk, ready to read column by column. */
export interface ColumnChunk {
  readonly rows: number
  readonly columns: readonly ChunkColumn[]
  readonly buffer: ArrayBuffer
}

/** Rows `[from, to)` of a chunk: what one step of a {@link ColumnBatch} hands the writer. */
export interface ColumnSlice {
  readonly chunk: ColumnChunk
  readonly from: number
  readonly to: number
}

/** One batch's rows, a slice at a time; each slice is read before the next is asked for. */
export type ColumnBatch = AsyncIterable<ColumnSlice>

function laneOf(column: WriteColumn): ChunkLane {
  switch (column.type) {
    case 'integer':
    case 'bigint':
    case 'float':
      return CHUNK_LANES.number
    case 'timestamp':
      return CHUNK_LANES.timestamp
    case 'date':
      return CHUNK_LANES.date
    case 'boolean':
      return CHUNK_LANES.boolean
    case 'json':
    case 'json-text':
    case 'string':
    case 'uuid':
    case 'text':
      return CHUNK_LANES.text
  }
}

/** Bytes of a chunk buffer for `capacity` rows of `columns`. */
function chunkBytes(columns: readonly WriteColumn[], capacity: number): number {
  return columns.reduce((bytes, c) => bytes + (laneOf(c) === CHUNK_LANES.text ? 4 : 8) * capacity, 0)
}

/** Float64 lanes first (8-byte aligned), then uint32 ones, each `capacity` long, in column order. */
interface Lane {
  readonly lane: ChunkLane
  readonly numbers: Float64Array
  codes: Uint32Array
}

function lanesOf(columns: readonly WriteColumn[], buffer: ArrayBuffer, capacity: number): Lane[] {
  const none = { numbers: new Float64Array(0), codes: new Uint32Array(0) }
  let offset = 0
  const lanes = columns.map((column): Lane => {
    const lane = laneOf(column)
    if (lane === CHUNK_LANES.text) return { lane, ...none }
    const numbers = new Float64Array(buffer, offset, capacity)
    offset += 8 * capacity
    return { lane, numbers, codes: none.codes }
  })
  for (const lane of lanes) {
    if (lane.lane !== CHUNK_LANES.text) continue
    lane.codes = new Uint32Array(buffer, offset, capacity)
    offset += 4 * capacity
  }
  return lanes
}

/** Opens a received chunk of `columns` whose buffer holds `capacity` rows. */
export function readChunk(
  columns: readonly WriteColumn[],
  capacity: number,
  message: ChunkMessage,
): ColumnChunk {
  let text = 0
  const lanes = lanesOf(columns, message.buffer, capacity).map((lane) => ({
    ...lane,
    texts: lane.lane === CHUNK_LANES.text ? (message.texts[text++] ?? []) : [],
  }))
  return { rows: message.rows, columns: lanes, buffer: message.buffer }
}

/** Writes rows into chunk buffers, column by column, checking each value as the bulk writers do. */
export class ChunkEncoder {
  readonly #table: TableRef
  readonly #columns: readonly WriteColumn[]
  readonly #capacity: number
  #lanes: Lane[] = []
  #dictionaries: Map<string, number>[] = []
  #buffer: ArrayBuffer | undefined
  #rows = 0

  constructor(props: { table: TableRef; columns: readonly WriteColumn[]; capacity: number }) {
    this.#table = props.table
    this.#columns = props.columns
    this.#capacity = props.capacity
  }

  get rows(): number {
    return this.#rows
  }

  /** Starts a chunk in `buffer` (one handed back for reuse, if it is of this encoder's size) or in a new one. */
  begin(buffer?: ArrayBuffer): void {
    const bytes = chunkBytes(this.#columns, this.#capacity)
    this.#buffer = buffer?.byteLength === bytes ? buffer : new ArrayBuffer(bytes)
    this.#lanes = lanesOf(this.#columns, this.#buffer, this.#capacity)
    this.#dictionaries = this.#lanes
      .filter((l) => l.lane === CHUNK_LANES.text)
      .map(() => new Map<string, number>())
    this.#rows = 0
  }

  /** Adds one row; true when the chunk is full. */
  add(row: Row): boolean {
    const r = this.#rows
    let text = 0
    for (let c = 0; c < this.#lanes.length; c++) {
      const { lane, numbers, codes } = this.#lanes[c] as Lane
      const column = this.#columns[c] as WriteColumn
      const value = row[column.name]
      if (lane === CHUNK_LANES.text) {
        const dictionary = this.#dictionaries[text++] as Map<string, number>
        codes[r] = value === null || value === undefined ? 0 : this.#code(dictionary, column, value)
      } else if (value === null || value === undefined) {
        numbers[r] = Number.NaN
      } else if (lane === CHUNK_LANES.boolean) {
        numbers[r] = value ? 1 : 0
      } else {
        // Times too: NaN would read back as NULL.
        assertFiniteNumber(this.#table, column, value as number)
        numbers[r] = value as number
      }
    }
    return ++this.#rows === this.#capacity
  }

  #code(dictionary: Map<string, number>, column: WriteColumn, value: unknown): number {
    const text = column.type === 'json' ? JSON.stringify(value) : (value as string)
    let code = dictionary.get(text)
    if (code === undefined) {
      if (column.type !== 'json') assertNoNul(this.#table, column, text)
      code = dictionary.size + 1
      dictionary.set(text, code)
    }
    return code
  }

  /** The finished chunk, to post with its buffer transferred. */
  finish(): ChunkMessage {
    const buffer = this.#buffer
    if (buffer === undefined) throw new Error('ChunkEncoder.finish() before begin()')
    this.#buffer = undefined
    return { buffer, rows: this.#rows, texts: this.#dictionaries.map((d) => [...d.keys()]) }
  }
}
