import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { Readable, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { stringify } from 'csv-stringify/sync'
import type { ColumnSpec } from '../generators/columns.js'
import type { Row } from '../generators/generator.js'
import { createCsvCellSerializer, createJsonSerializer } from './record-serializer.js'

export const FILE_FORMATS = ['json', 'ndjson', 'csv'] as const
export type FileFormat = (typeof FILE_FORMATS)[number]

/** Rows per stream chunk: large enough to amortise stream overhead, small enough to stay constant. */
const CHUNK_ROWS = 512

/**
 * Streams `rows` (generated rows, or rows read back from a database in the same form) into `destination`
 * as a JSON array (one record a line), NDJSON (one record a line) or RFC 4180 CSV (header row, CRLF line
 * ends, quoting where needed, an empty field for null, JSON values as JSON text). Backpressure reaches back
 * to `rows`, so memory stays constant whatever the count. Resolves with the number of bytes written.
 *
 * ### Examples
 * ```ts
 * await writeRecords('ndjson', getGenerator('document').columns, generateRecords(spec), process.stdout)
 * ```
 */
export async function writeRecords(
  format: FileFormat,
  columns: readonly ColumnSpec[],
  rows: Iterable<Row> | AsyncIterable<Row>,
  destination: Writable,
  options: { end?: boolean } = {},
): Promise<number> {
  let bytes = 0
  const count = async function* (chunks: AsyncIterable<string>): AsyncGenerator<Buffer> {
    for await (const chunk of chunks) {
      if (chunk === '') continue
      const buffer = Buffer.from(chunk)
      bytes += buffer.length
      yield buffer
    }
  }
  const chunks = format === 'csv' ? csvChunks(columns, rows) : jsonChunks(format, columns, rows)
  await pipeline(Readable.from(chunks, { objectMode: false }), count, destination, {
    end: options.end ?? true,
  })
  return bytes
}

/**
 * Groups encoded rows into chunks of {@link CHUNK_ROWS}. A synchronous source stays synchronous: `for await`
 * over a plain iterable would cost a promise and a microtask per row, more than encoding the row.
 */
function chunked(
  rows: Iterable<Row> | AsyncIterable<Row>,
  encode: (rows: Row[], first: boolean) => string,
  empty: string,
): Iterable<string> | AsyncIterable<string> {
  if (Symbol.iterator in rows) {
    return (function* () {
      let batch: Row[] = []
      let first = true
      for (const row of rows) {
        batch.push(row)
        if (batch.length === CHUNK_ROWS) {
          yield encode(batch, first)
          first = false
          batch = []
        }
      }
      yield batch.length > 0 ? encode(batch, first) : first ? empty : ''
    })()
  }
  return (async function* () {
    let batch: Row[] = []
    let first = true
    for await (const row of rows) {
      batch.push(row)
      if (batch.length === CHUNK_ROWS) {
        yield encode(batch, first)
        first = false
        batch = []
      }
    }
    yield batch.length > 0 ? encode(batch, first) : first ? empty : ''
  })()
}

function jsonChunks(
  format: 'json' | 'ndjson',
  columns: readonly ColumnSpec[],
  rows: Iterable<Row> | AsyncIterable<Row>,
): Iterable<string> | AsyncIterable<string> {
  const toJson = createJsonSerializer(columns)
  if (format === 'ndjson') return chunked(rows, (batch) => `${batch.map(toJson).join('\n')}\n`, '')
  // A JSON array, one record a line: `[\n{..},\n{..}\n]\n`. The closing bracket follows the last chunk.
  return appendTail(
    chunked(rows, (batch, first) => `${first ? '[\n' : ',\n'}${batch.map(toJson).join(',\n')}`, '['),
    '\n]\n',
  )
}

function csvChunks(
  columns: readonly ColumnSpec[],
  rows: Iterable<Row> | AsyncIterable<Row>,
): Iterable<string> | AsyncIterable<string> {
  // csv-stringify's synchronous API on chunks: its streaming API costs a stream round trip per row,
  // several times the cost of encoding the row.
  const toCells = createCsvCellSerializer(columns)
  const options = { columns: columns.map((c) => c.name), record_delimiter: 'windows' as const }
  return chunked(
    rows,
    (batch, first) => stringify(batch.map(toCells), { ...options, header: first }),
    stringify([], { ...options, header: true }),
  )
}

function appendTail(
  chunks: Iterable<string> | AsyncIterable<string>,
  tail: string,
): Iterable<string> | AsyncIterable<string> {
  if (Symbol.iterator in chunks) {
    return (function* () {
      yield* chunks
      yield tail
    })()
  }
  return (async function* () {
    yield* chunks
    yield tail
  })()
}

/**
 * Writes `rows` to the file `path`, streaming. The content goes to a temporary file beside the target and is
 * renamed into place only when complete, so a failed or interrupted write never leaves a partial file. An
 * existing `path` is replaced; callers check first when that is not wanted. Resolves with the bytes written.
 */
export async function writeRecordsFile(
  path: string,
  format: FileFormat,
  columns: readonly ColumnSpec[],
  rows: Iterable<Row> | AsyncIterable<Row>,
): Promise<number> {
  const temporary = `${path}.${process.pid}.partial`
  try {
    const bytes = await writeRecords(format, columns, rows, createWriteStream(temporary, { flags: 'wx' }))
    await rename(temporary, path)
    return bytes
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}
