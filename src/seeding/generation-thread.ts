import type { Worker } from 'node:worker_threads'
import type { TableRef, WriteColumn } from '../dialects/dialect.js'
import { TailingsiqError, type ErrorCode } from '../errors.js'
import { startWorker } from '../util/start-worker.js'
import type { GenerateOptions } from '../generators/generate-records.js'
import type { FacilityRange } from '../generators/record-layout.js'
import {
  readChunk,
  type ChunkMessage,
  type ColumnBatch,
  type ColumnChunk,
  type ColumnSlice,
} from './column-chunks.js'

/** Rows per chunk: large enough that a message costs nothing per row, small enough to start writing at once. */
export const CHUNK_ROWS = 8192
/** Chunks the thread may have generated ahead of the writer: memory stays at a few megabytes. */
const CREDITS = 4

/** What the generation thread generates: the records of `options` from record index `from` on. */
export interface GenerationJob {
  readonly options: GenerateOptions & { readonly facilityRange: FacilityRange }
  readonly from: number
  /** The table and columns the rows are for, named in the errors of values no column can hold. */
  readonly table: TableRef
  readonly columns: readonly WriteColumn[]
  readonly chunkRows: number
  readonly credits: number
}

export type ThreadRequest =
  | { readonly kind: 'job'; readonly job: GenerationJob }
  | { readonly kind: 'buffer'; readonly buffer: ArrayBuffer }

export type ThreadReply =
  | { readonly kind: 'chunk'; readonly chunk: ChunkMessage }
  | { readonly kind: 'end' }
  | { readonly kind: 'error'; readonly message: string; readonly code?: ErrorCode }

/**
 * A worker thread that generates rows while this thread writes them. An engine that runs in this process
 * (SQLite) spends this thread on storing rows, so generating them here would add to every row's time; in the
 * worker the two overlap on two cores. Only built-in data types go there (a type registered at run time has
 * its generator in this thread only), and the rows are the same whichever thread generates them.
 *
 * Start it early: loading the generators takes a worker about half a second, which overlaps whatever this
 * thread does first. One job at a time; {@link close} ends it, and a job abandoned part-way needs a new thread.
 */
export class GenerationThread {
  readonly #worker: Worker
  readonly #replies: ThreadReply[] = []
  #waiting: ((reply: ThreadReply) => void) | undefined
  #failure: Error | undefined
  #busy = false
  #closed = false

  private constructor() {
    this.#worker = startWorker(import.meta.url, 'generation-worker')
    this.#worker.on('message', (reply: ThreadReply) => this.#receive(reply))
    this.#worker.on('error', (error) => this.#fail(error))
    this.#worker.on('exit', (code) => {
      if (!this.#closed) this.#fail(new Error(`the generation thread stopped (exit code ${code})`))
    })
  }

  static start(): GenerationThread {
    return new GenerationThread()
  }

  /** Generates `job`'s rows (the chunking is the thread's own); read them with the batches' `next`. */
  rows(job: Omit<GenerationJob, 'chunkRows' | 'credits'>, onRows?: (rows: number) => void): ColumnBatches {
    if (this.#busy) throw new Error('the generation thread is already generating')
    if (this.#closed) throw new Error('the generation thread is closed')
    this.#busy = true
    const full: GenerationJob = { ...job, chunkRows: CHUNK_ROWS, credits: CREDITS }
    this.#send({ kind: 'job', job: full })
    return new ColumnBatches({
      next: async () => {
        const reply = await this.#next()
        if (reply.kind === 'chunk') return readChunk(job.columns, CHUNK_ROWS, reply.chunk)
        if (reply.kind === 'end') {
          this.#busy = false
          return undefined
        }
        // The job stays `busy`: a chunk still unread holds one of its credits, so the thread takes no more jobs.
        throw new TailingsiqError(reply.code ?? 'GENERATOR_INVALID', reply.message)
      },
      release: (chunk) => this.#send({ kind: 'buffer', buffer: chunk.buffer }, [chunk.buffer]),
      ...(onRows ? { onRows } : {}),
    })
  }

  /** Whether it can take another job: it finished every one it was given, without an error. */
  get idle(): boolean {
    return !this.#busy && this.#failure === undefined && !this.#closed
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#worker.terminate()
  }

  #send(request: ThreadRequest, transfer: ArrayBuffer[] = []): void {
    if (!this.#closed) this.#worker.postMessage(request, transfer)
  }

  #receive(reply: ThreadReply): void {
    const waiting = this.#waiting
    this.#waiting = undefined
    if (waiting) waiting(reply)
    else this.#replies.push(reply)
  }

  #fail(error: Error): void {
    if (this.#failure !== undefined) return
    this.#failure = error
    this.#receive({
      kind: 'error',
      code: 'INTERNAL',
      message: `the generation thread failed: ${error.message}`,
    })
  }

  #next(): Promise<ThreadReply> {
    const reply = this.#replies.shift()
    if (reply !== undefined) return Promise.resolve(reply)
    if (this.#failure !== undefined) {
      return Promise.resolve({
        kind: 'error',
        code: 'INTERNAL',
        message: `the generation thread failed: ${this.#failure.message}`,
      })
    }
    return new Promise((resolve) => (this.#waiting = resolve))
  }
}

/** Where {@link ColumnBatches} gets its chunks and where it gives them back. */
interface ChunkSource {
  /** The next chunk, or `undefined` after the last; rejects with the thread's error. */
  next(): Promise<ColumnChunk | undefined>
  release(chunk: ColumnChunk): void
  /** Called with each slice's row count as the writer takes it. */
  readonly onRows?: (rows: number) => void
}

/**
 * Cuts the thread's chunks into consecutive batches, as `RowBatches` cuts a row iterator: `next(size)` is
 * `undefined` once every row is read, never an empty batch. A chunk goes back to the thread (for its next rows)
 * once read to its end.
 */
export class ColumnBatches {
  readonly #props: ChunkSource
  #chunk: ColumnChunk | undefined
  #offset = 0
  #ended = false

  constructor(props: ChunkSource) {
    this.#props = props
  }

  /** The next batch of at most `size` rows. */
  async next(size: number): Promise<ColumnBatch | undefined> {
    if (!(await this.#fill())) return undefined
    return { [Symbol.asyncIterator]: () => this.#slices(size) }
  }

  async *#slices(size: number): AsyncGenerator<ColumnSlice> {
    let taken = 0
    while (taken < size && (await this.#fill())) {
      const chunk = this.#chunk as ColumnChunk
      const from = this.#offset
      const to = Math.min(chunk.rows, from + size - taken)
      this.#offset = to
      taken += to - from
      this.#props.onRows?.(to - from)
      yield { chunk, from, to }
    }
  }

  /** Makes sure a chunk with rows left is at hand; false once the rows are all read. */
  async #fill(): Promise<boolean> {
    const current = this.#chunk
    if (current !== undefined && this.#offset < current.rows) return true
    if (current !== undefined) {
      this.#chunk = undefined
      this.#props.release(current)
    }
    if (this.#ended) return false
    const next = await this.#props.next()
    if (next === undefined) {
      this.#ended = true
      return false
    }
    this.#chunk = next
    this.#offset = 0
    return true
  }
}

/**
 * The generation thread of a run's datasets, one after another: started ahead of need with {@link warm}, and
 * replaced when a dataset stopped part-way through its rows (its job cannot be taken back).
 */
export class GenerationThreadSlot {
  #thread: GenerationThread | undefined

  /** Starts the thread now, so that its start-up overlaps whatever comes before the first rows. */
  warm(): void {
    this.#thread ??= GenerationThread.start()
  }

  /** An idle thread. */
  take(): GenerationThread {
    if (this.#thread?.idle !== true) {
      void this.#thread?.close()
      this.#thread = GenerationThread.start()
    }
    return this.#thread
  }

  async close(): Promise<void> {
    const thread = this.#thread
    this.#thread = undefined
    await thread?.close()
  }
}
