import type { Worker } from 'node:worker_threads'
import type { Logger } from '../../util/logger.js'
import { startWorker } from '../../util/start-worker.js'

/**
 * Copies a SQLite database's write-ahead log into the database file on a thread of its own while this thread goes
 * on writing. Left to the writing connection, each commit past 1,000 WAL pages copies the log itself and waits for
 * the file to be synced: about a second of every million rows a bulk load writes, on the thread that also stores
 * them. During a load the writing connection stops checkpointing (`wal_autocheckpoint = 0`) and asks this thread
 * after each commit instead; a PASSIVE checkpoint never blocks the writer, and requests made while one runs become
 * one more. The log restarts only when a checkpoint has copied all of it before the writer goes on, which a load
 * that never pauses does not allow: the log file grows to the size of the load (the database file grows with it,
 * as the copies go), and the writer's next write after the last copy restarts it, cut back to `journal_size_limit`
 * (sqlite-dialect.ts). A checkpoint that fails only leaves the log
 * longer: the writer's own checkpoints resume after the load.
 */
export class SqliteCheckpointer {
  readonly #worker: Worker
  readonly #logger: Logger | undefined
  #running = false
  #again = false
  #idle: (() => void) | undefined
  #closed = false

  constructor(filename: string, logger?: Logger) {
    this.#logger = logger
    this.#worker = startWorker(import.meta.url, 'sqlite-checkpoint-worker', { filename })
    this.#worker.on('message', ({ error }: { error?: string }) => {
      if (error !== undefined)
        this.#logger?.warn(`SQLite WAL checkpoint failed (the log stays longer): ${error}`)
      this.#running = false
      if (this.#again) this.request()
      else this.#idle?.()
    })
    this.#worker.on('error', (error) => {
      this.#logger?.warn(`SQLite WAL checkpoint thread failed (the log stays longer): ${error.message}`)
      this.#closed = true
      this.#running = false
      this.#idle?.()
    })
  }

  /** Asks for a checkpoint of everything committed so far. */
  request(): void {
    if (this.#closed) return
    if (this.#running) {
      this.#again = true
      return
    }
    this.#again = false
    this.#running = true
    this.#worker.postMessage('checkpoint')
  }

  /** Lets the checkpoint under way (and one asked for since) finish, then ends the thread. */
  async close(): Promise<void> {
    if (this.#running) await new Promise<void>((resolve) => (this.#idle = resolve))
    if (this.#closed) {
      await this.#worker.terminate()
      return
    }
    this.#closed = true
    this.#worker.postMessage('close')
    await new Promise((resolve) => this.#worker.once('exit', resolve))
  }
}
