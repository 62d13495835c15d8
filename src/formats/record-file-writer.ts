import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { Readable, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { stringify } from 'csv-stringify'
import type { OutputRecord } from './record-serializer.js'

export const FILE_FORMATS = ['json', 'ndjson', 'csv'] as const
export type FileFormat = (typeof FILE_FORMATS)[number]

/** Records per stream chunk: large enough to amortise stream overhead, small enough to stay constant. */
const CHUNK_RECORDS = 512

/**
 * Streams `records` into `destination` as a JSON array (one record a line), NDJSON (one record a line) or
 * RFC 4180 CSV (header row, CRLF line ends, quoting where needed, an empty field for null, JSON values as
 * JSON text). Backpressure reaches back to `records`, so memory stays constant whatever the count.
 * Resolves with the number of bytes written.
 *
 * ### Examples
 * ```ts
 * await writeRecords('ndjson', ['id', 'name'], [{ id: 1, name: 'a' }], process.stdout)
 * ```
 */
export async function writeRecords(
  format: FileFormat,
  columns: readonly string[],
  records: Iterable<OutputRecord> | AsyncIterable<OutputRecord>,
  destination: Writable,
  options: { end?: boolean } = {},
): Promise<number> {
  let bytes = 0
  const count = async function* (chunks: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer | string> {
    for await (const chunk of chunks) {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length
      yield chunk
    }
  }
  const end = options.end ?? true
  if (format === 'csv') {
    const csv = stringify({ header: true, columns: [...columns], record_delimiter: 'windows' })
    await pipeline(Readable.from(csvCells(columns, records)), csv, count, destination, { end })
  } else {
    await pipeline(Readable.from(jsonChunks(format, records)), count, destination, { end })
  }
  return bytes
}

async function* jsonChunks(
  format: 'json' | 'ndjson',
  records: Iterable<OutputRecord> | AsyncIterable<OutputRecord>,
): AsyncGenerator<string> {
  const separator = format === 'json' ? ',\n' : '\n'
  let chunk = format === 'json' ? '[\n' : ''
  let inChunk = 0
  let first = true
  for await (const record of records) {
    if (!first) chunk += separator
    first = false
    chunk += JSON.stringify(record)
    if (++inChunk === CHUNK_RECORDS) {
      yield chunk
      chunk = ''
      inChunk = 0
    }
  }
  if (format === 'json') chunk += first ? ']\n' : '\n]\n'
  else if (!first) chunk += '\n'
  if (chunk !== '') yield chunk
}

async function* csvCells(
  columns: readonly string[],
  records: Iterable<OutputRecord> | AsyncIterable<OutputRecord>,
): AsyncGenerator<(string | null)[]> {
  for await (const record of records) {
    const cells = new Array<string | null>(columns.length)
    for (let i = 0; i < columns.length; i++) {
      const value = record[columns[i] as string]
      cells[i] =
        value === null || value === undefined
          ? null
          : typeof value === 'string'
            ? value
            : JSON.stringify(value)
    }
    yield cells
  }
}

/**
 * Writes `records` to the file `path`, streaming. The content goes to a temporary file beside the target and
 * is renamed into place only when complete, so a failed or interrupted write never leaves a partial file.
 * An existing `path` is replaced; callers check first when that is not wanted. Resolves with the bytes written.
 */
export async function writeRecordsFile(
  path: string,
  format: FileFormat,
  columns: readonly string[],
  records: Iterable<OutputRecord> | AsyncIterable<OutputRecord>,
): Promise<number> {
  const temporary = `${path}.${process.pid}.partial`
  try {
    const bytes = await writeRecords(format, columns, records, createWriteStream(temporary, { flags: 'wx' }))
    await rename(temporary, path)
    return bytes
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}
