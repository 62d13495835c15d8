import { createWriteStream, type Stats } from 'node:fs'
import { chmod, lstat, readlink, rename, rm, stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { Readable, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { TailingsiqError } from '../errors.js'
import type { ColumnSpec } from '../generators/columns.js'
import type { Row } from '../generators/generator.js'
import { JsonLineEncoder } from './json-line-encoder.js'
import { CsvLineEncoder } from './csv-line-encoder.js'
import type { FileFormat } from '../choices.js'

export { FILE_FORMATS, type FileFormat } from '../choices.js'

/** Rows per stream chunk: large enough to amortise stream overhead, small enough to stay constant. */
const CHUNK_ROWS = 512

/** Rows already in batches, as a database read hands them over (`streamRowBatches`): written a batch at a time. */
export interface RowBatches {
  readonly batches: AsyncIterable<readonly Row[]>
}

/** Encoded output on its way to the stream: text, or bytes already encoded (JSON). */
type Chunk = string | Buffer

/** What {@link writeRecords} writes: rows one by one (generated, or read back), or in batches. */
export type RowSource = Iterable<Row> | AsyncIterable<Row> | RowBatches

/**
 * Streams `rows` (generated rows, or rows read back from a database in the same form) into `destination`
 * as a JSON array (one record a line), NDJSON (one record a line) or RFC 4180 CSV (header row, CRLF line
 * ends, quoting where needed, an empty field for null, JSON values as JSON text). Backpressure reaches back
 * to `rows`, so memory stays constant whatever the count. Resolves with the number of bytes written.
 *
 * ### Examples
 * ```ts
 * await writeRecords('ndjson', columnsOf('document'), generateRecords(spec), process.stdout)
 * ```
 */
export async function writeRecords(
  format: FileFormat,
  columns: readonly ColumnSpec[],
  rows: RowSource,
  destination: Writable,
  options: { end?: boolean } = {},
): Promise<number> {
  let bytes = 0
  const count = async function* (chunks: AsyncIterable<Chunk>): AsyncGenerator<Buffer> {
    for await (const chunk of chunks) {
      if (chunk.length === 0) continue
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
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
  rows: RowSource,
  encode: (rows: readonly Row[], first: boolean) => Chunk,
  empty: string,
): Iterable<Chunk> | AsyncIterable<Chunk> {
  if ('batches' in rows) {
    return (async function* () {
      let first = true
      for await (const batch of rows.batches) {
        if (batch.length === 0) continue
        yield encode(batch, first)
        first = false
      }
      yield first ? empty : ''
    })()
  }
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
  rows: RowSource,
): Iterable<Chunk> | AsyncIterable<Chunk> {
  const encoder = new JsonLineEncoder(columns)
  if (format === 'ndjson') return chunked(rows, (batch) => encoder.encode(batch, '', '\n', '\n'), '')
  // A JSON array, one record a line: `[\n{..},\n{..}\n]\n`. The closing bracket follows the last chunk.
  return appendTail(
    chunked(rows, (batch, first) => encoder.encode(batch, first ? '[\n' : ',\n', ',\n', ''), '['),
    '\n]\n',
  )
}

function csvChunks(columns: readonly ColumnSpec[], rows: RowSource): Iterable<Chunk> | AsyncIterable<Chunk> {
  // Written by hand rather than by csv-stringify, whose per-field checks cost about 20 µs a row (most of an
  // export's time); the bytes are the same (test/unit/formats/csv-lines.test.ts compares the two).
  const encoder = new CsvLineEncoder(columns)
  return chunked(rows, (batch, first) => encoder.encode(batch, first), encoder.header)
}

function appendTail(
  chunks: Iterable<Chunk> | AsyncIterable<Chunk>,
  tail: string,
): Iterable<Chunk> | AsyncIterable<Chunk> {
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
 * Where {@link writeRecordsFile} writes for a given path: `path` with its symbolic links followed, and whether
 * that is a regular file (or nothing yet), written beside and renamed into place, or a character device or
 * FIFO (`/dev/null`, a named pipe), written as a plain stream because renaming over it would replace it.
 */
export interface OutputTarget {
  /** The path with every symbolic link followed; the file that is written. */
  readonly path: string
  readonly kind: 'file' | 'stream'
  /** True when `path` (or the file a link points to) exists already. */
  readonly exists: boolean
}

/** Links followed before giving up, as the kernel's own limit (ELOOP) does. */
const MAX_LINKS = 40

/**
 * Resolves `path` to the file a write should land on: symbolic links are followed (a dangling link names the
 * file to create), regular files and character devices or FIFOs are accepted, anything else (a folder, a block
 * device, a socket) is refused with an `OUTPUT_UNWRITABLE` error.
 *
 * ### Examples
 * ```ts
 * const target = await resolveOutputTarget('link.csv') // { path: '/data/t.csv', kind: 'file', exists: true }
 * ```
 */
export async function resolveOutputTarget(path: string): Promise<OutputTarget> {
  let current = resolve(path)
  for (let links = 0; links <= MAX_LINKS; links++) {
    let info: Stats
    try {
      info = await lstat(current)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return { path: current, kind: 'file', exists: false }
      throw unwritable(path, error)
    }
    if (info.isSymbolicLink()) {
      current = resolve(dirname(current), await readlink(current))
      continue
    }
    if (info.isFile()) return { path: current, kind: 'file', exists: true }
    if (info.isCharacterDevice() || info.isFIFO()) return { path: current, kind: 'stream', exists: true }
    const what = info.isDirectory()
      ? 'a folder'
      : info.isBlockDevice()
        ? 'a block device'
        : 'not a regular file'
    throw new TailingsiqError(
      'OUTPUT_UNWRITABLE',
      `Cannot write ${path}${current === resolve(path) ? '' : ` (${current})`}: it is ${what}; name a file`,
    )
  }
  throw new TailingsiqError('OUTPUT_UNWRITABLE', `Cannot write ${path}: too many levels of symbolic links`)
}

/**
 * Writes `rows` to the file `path`, streaming, the way {@link writeOutputFile} writes any output. Resolves with
 * the bytes written.
 */
export async function writeRecordsFile(
  path: string,
  format: FileFormat,
  columns: readonly ColumnSpec[],
  rows: RowSource,
): Promise<number> {
  return writeOutputFile(path, (stream) => writeRecords(format, columns, rows, stream))
}

/**
 * Writes an output file through `write`, which streams into the stream it is given and resolves with the bytes
 * written. A regular file is written to a temporary file beside it (beside the file a symbolic link points to,
 * which stays a link) and renamed into place only when complete, so a failed or interrupted write never leaves
 * a partial file. A character device or FIFO is written as a plain stream and never replaced; a folder, block
 * device or socket is refused. An existing file is replaced; callers check first when that is not wanted. A
 * failed write (a full disk: `ENOSPC`) is an `OUTPUT_UNWRITABLE` error naming the path.
 *
 * ### Examples
 * ```ts
 * await writeOutputFile('report.html', (stream) => new Promise((done) => stream.end(html, () => done(html.length))))
 * ```
 */
export async function writeOutputFile(
  path: string,
  write: (stream: Writable) => Promise<number>,
): Promise<number> {
  const target = await resolveOutputTarget(path)
  if (target.kind === 'stream') return writeToFile(path, target.path, 'w', write)
  const temporary = `${target.path}.${process.pid}.partial`
  try {
    const bytes = await writeToFile(path, temporary, 'wx', write)
    try {
      if (target.exists) await keepMode(target.path, temporary)
      await rename(temporary, target.path)
    } catch (error) {
      throw unwritable(path, error)
    }
    return bytes
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}

/** Streams into `file`; an error of the file itself (not of what is written) becomes one line naming `path`. */
async function writeToFile(
  path: string,
  file: string,
  flags: 'w' | 'wx',
  write: (stream: Writable) => Promise<number>,
): Promise<number> {
  const stream = createWriteStream(file, { flags })
  let fileError: unknown
  stream.once('error', (error) => (fileError = error))
  try {
    return await write(stream)
  } catch (error) {
    throw error === fileError ? unwritable(path, error) : error
  }
}

/** Gives the replacement the permission bits of the file it replaces. */
async function keepMode(original: string, replacement: string): Promise<void> {
  const info = await stat(original).catch(() => undefined)
  if (info) await chmod(replacement, info.mode & 0o7777)
}

/** A file-system error of a write as one line naming the path and the reason. */
function unwritable(path: string, error: unknown): TailingsiqError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'EIO'
  return new TailingsiqError(
    'OUTPUT_UNWRITABLE',
    `Cannot write ${path}: ${ERRNO_TEXT[code] ?? 'the write failed'} (${code})`,
    {
      cause: error,
    },
  )
}

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  EISDIR: 'it is a folder',
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'part of its path is not a folder',
  ELOOP: 'too many levels of symbolic links',
  EPIPE: 'the reader closed the pipe',
  EIO: 'input/output error',
}
