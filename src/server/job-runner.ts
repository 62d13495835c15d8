import { randomUUID } from 'node:crypto'
import type { Actor } from '../access/actor.js'
import type { Toolkit } from '../commands/toolkit.js'
import type { Database } from '../dialects/open-database.js'
import { QueueFullError } from '../errors.js'
import type { Logger } from '../util/logger.js'
import { JobStore, type JobRecord } from './job-store.js'

/** Options of {@link JobRunner}. */
export interface JobRunnerOptions {
  /** Jobs running at once. */
  readonly concurrency: number
  /** Jobs waiting beyond those running. */
  readonly queueSize: number
  /** Silence after which another server's open jobs count as abandoned. */
  readonly staleAfterMs: number
  /** This server's name in the jobs table. */
  readonly instance: string
  /** Rows per transaction of a job. Default: the toolkit's batch size. */
  readonly batchSize?: number
  readonly logger?: Logger
}

interface QueuedJob {
  readonly id: string
  readonly datasetId: number
  readonly toolkit: Toolkit
  readonly resume: boolean
}

/**
 * Runs background generation jobs of `serve`, a bounded number at a time behind a bounded queue. Jobs are
 * rows in the jobs table: they outlive the request that started them, and a server that starts (or any live
 * server, once the owner's heartbeat is stale) marks the jobs of a dead one failed.
 */
export class JobRunner {
  readonly #store: JobStore
  readonly #options: JobRunnerOptions
  readonly #queue: QueuedJob[] = []
  readonly #running = new Map<string, { controller: AbortController; done: Promise<void> }>()
  #timers: NodeJS.Timeout[] = []
  #closed = false
  #reserved = 0

  constructor(db: Database, options: JobRunnerOptions) {
    this.#store = new JobStore(db)
    this.#options = options
  }

  /** Marks abandoned jobs failed, then keeps this server's heartbeat and sweeps for dead servers' jobs. */
  async start(): Promise<void> {
    const { instance, staleAfterMs } = this.#options
    const failed = await this.#store.failAbandoned({ instance, staleAfterMs })
    if (failed.length > 0)
      this.#options.logger?.warn(`marked ${failed.length} abandoned job(s) failed: ${failed.join(', ')}`)
    const every = (ms: number, fn: () => Promise<unknown>) => {
      const timer = setInterval(() => {
        fn().catch((error: unknown) => this.#options.logger?.warn(`job bookkeeping: ${String(error)}`))
      }, ms)
      timer.unref()
      this.#timers.push(timer)
    }
    every(Math.max(250, staleAfterMs / 4), () => this.#store.heartbeat(instance))
    every(Math.max(500, staleAfterMs / 2), () => this.#store.failAbandoned({ staleAfterMs }))
  }

  /** Jobs running and queued (or being submitted), and how many fit. */
  get load(): { running: number; queued: number; capacity: number } {
    return {
      running: this.#running.size,
      queued: this.#queue.length + this.#reserved,
      capacity: this.#options.concurrency + this.#options.queueSize,
    }
  }

  /**
   * Queues the generation of a pending dataset by `toolkit`'s actor. The slot is taken before `dataset`
   * runs (it names the dataset, creating it if need be), so a full queue refuses at once and leaves nothing
   * behind. Throws {@link QueueFullError} when full.
   */
  async submit(
    toolkit: Toolkit,
    dataset: () => Promise<number>,
    options: { resume?: boolean } = {},
  ): Promise<JobRecord> {
    const { running, queued, capacity } = this.load
    if (this.#closed || running + queued >= capacity) throw new QueueFullError(capacity, 5)
    this.#reserved++
    let id: string
    let datasetId: number
    try {
      datasetId = await dataset()
      id = randomUUID()
      await this.#store.insert({
        id,
        datasetId,
        createdBy: toolkit.actor.id,
        instance: this.#options.instance,
      })
    } finally {
      this.#reserved--
    }
    this.#queue.push({ id, datasetId, toolkit, resume: options.resume === true })
    this.#pump()
    return (await this.#store.get(id)) as JobRecord
  }

  /** The job, if `actor` may see it: admins see every job, users their own. */
  async get(id: string, actor: Actor): Promise<JobRecord | undefined> {
    const job = await this.#store.get(id)
    if (job === undefined) return undefined
    const admin = actor.role === 'admin' || actor.role === 'super_admin'
    return admin || job.created_by === actor.id ? job : undefined
  }

  /** Stops: queued jobs fail, running ones are interrupted between batches and marked failed. */
  async close(): Promise<void> {
    this.#closed = true
    for (const timer of this.#timers) clearInterval(timer)
    this.#timers = []
    for (const job of this.#queue.splice(0)) await this.#store.markFinished(job.id, 'the server stopped')
    for (const { controller } of this.#running.values()) controller.abort('server stopped')
    await Promise.allSettled([...this.#running.values()].map((r) => r.done))
  }

  #pump(): void {
    while (!this.#closed && this.#running.size < this.#options.concurrency && this.#queue.length > 0) {
      const job = this.#queue.shift() as QueuedJob
      const controller = new AbortController()
      const done = this.#run(job, controller.signal).finally(() => {
        this.#running.delete(job.id)
        this.#pump()
      })
      this.#running.set(job.id, { controller, done })
    }
  }

  async #run(job: QueuedJob, signal: AbortSignal): Promise<void> {
    try {
      await this.#store.markRunning(job.id)
      const result = await job.toolkit.datasets.generate(job.datasetId, {
        signal,
        ...(job.resume ? { resume: true } : {}),
        ...(this.#options.batchSize ? { batchSize: this.#options.batchSize } : {}),
      })
      await this.#store.markFinished(job.id, result.status === 'completed' ? undefined : result.error)
      this.#options.logger?.info(`job ${job.id}: dataset ${job.datasetId} ${result.status}`)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      this.#options.logger?.warn(`job ${job.id}: dataset ${job.datasetId} failed: ${reason}`)
      await this.#store.markFinished(job.id, reason).catch(() => undefined)
    }
  }
}
