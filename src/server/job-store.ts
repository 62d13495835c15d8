import type { Knex } from 'knex'
import { firstOf, rowsOf, tableOf } from '../dialects/dialect-adapter-base.js'
import type { Database } from '../dialects/open-database.js'
import { col, type ColumnSpec } from '../generators/columns.js'
import { createRecordSerializer } from '../formats/record-serializer.js'
import { failAbandonedDataset } from '../datasets/dataset-status.js'
import { DATASET_STATUSES, type DatasetStatus } from '../schema/dataset-columns.js'

// The jobs table of `serve`: one row per background generation, with the server instance that runs it and
// a heartbeat, so that jobs whose server died are found and marked failed instead of staying open for ever.

export const JOB_STATUSES = ['queued', 'running', 'completed', 'failed'] as const
export type JobStatus = (typeof JOB_STATUSES)[number]

/** A job as the API returns it, with its dataset's progress. */
export interface JobRecord {
  readonly id: string
  readonly dataset_id: number
  readonly status: JobStatus
  readonly created_by: string | null
  readonly error: string | null
  readonly created_at: string
  readonly started_at: string | null
  readonly finished_at: string | null
  readonly records_written: number
  readonly record_count: number
  readonly dataset_status: DatasetStatus
}

const JOB_COLUMNS: readonly ColumnSpec[] = [
  col.string('id', 'Job id'),
  col.integer('dataset_id', 'Dataset it fills'),
  col.enum('status', JOB_STATUSES, 'queued, running, completed or failed'),
  col.string('created_by', 'Who started it', { nullable: true }),
  col.text('error', 'Why it failed', { nullable: true }),
  col.timestamp('created_at', 'Submitted'),
  col.timestamp('started_at', 'Started', { nullable: true }),
  col.timestamp('finished_at', 'Finished', { nullable: true }),
  col.bigint('records_written', 'Records of the dataset committed so far'),
  col.bigint('record_count', 'Records the dataset asks for'),
  col.enum('dataset_status', DATASET_STATUSES, 'Status of the dataset'),
]
const toJobRecord = createRecordSerializer(JOB_COLUMNS)
const TIMESTAMP = { name: 'ts', type: 'timestamp' } as const

/** Reads and writes jobs on one database, timestamps from this process's clock. */
export class JobStore {
  readonly #db: Database

  constructor(db: Database) {
    this.#db = db
  }

  #now(): unknown {
    return this.#db.adapter.encodeValue(TIMESTAMP, Date.now())
  }

  #jobs(trx: Knex | Knex.Transaction = this.#db.knex): Knex.QueryBuilder {
    return tableOf(trx, this.#db.tables.jobs)
  }

  async insert(job: { id: string; datasetId: number; createdBy: string; instance: string }): Promise<void> {
    const now = this.#now()
    await this.#jobs().insert({
      id: job.id,
      dataset_id: job.datasetId,
      status: 'queued',
      created_by: job.createdBy,
      instance: job.instance,
      created_at: now,
      heartbeat_at: now,
    })
  }

  async markRunning(id: string): Promise<void> {
    const now = this.#now()
    await this.#jobs().where({ id }).update({ status: 'running', started_at: now, heartbeat_at: now })
  }

  async markFinished(id: string, error?: string): Promise<void> {
    const now = this.#now()
    await this.#jobs()
      .where({ id })
      .whereIn('status', ['queued', 'running'])
      .update({
        status: error === undefined ? 'completed' : 'failed',
        error: error === undefined ? null : error.slice(0, 2000),
        finished_at: now,
        heartbeat_at: now,
      })
  }

  /** Says that `instance` is alive and still owns its open jobs. */
  async heartbeat(instance: string): Promise<void> {
    await this.#jobs()
      .where({ instance })
      .whereIn('status', ['queued', 'running'])
      .update({ heartbeat_at: this.#now() })
  }

  /**
   * Marks failed the open jobs of `instance` (a server that restarted: its jobs died with it) and those of any
   * instance silent for `staleAfterMs`, with their datasets left `generating`. Returns the job ids.
   */
  async failAbandoned(options: { instance?: string; staleAfterMs: number }): Promise<string[]> {
    const { instance, staleAfterMs } = options
    const cutoff = this.#db.adapter.encodeValue(TIMESTAMP, Date.now() - staleAfterMs)
    const open = await rowsOf(
      this.#jobs()
        .whereIn('status', ['queued', 'running'])
        .where((q) => {
          q.where('heartbeat_at', '<', cutoff as Knex.Value)
          if (instance !== undefined) q.orWhere({ instance })
        })
        .select('id', 'dataset_id', 'instance'),
    )
    const reason =
      'the server running this job stopped before it finished; resume it with POST /generate and "resume": true'
    for (const job of open) {
      await this.#db.knex.transaction(async (trx) => {
        await this.#jobs(trx)
          .where({ id: job['id'] as string })
          .update({
            status: 'failed',
            error: reason,
            finished_at: this.#now(),
          })
        await failAbandonedDataset(this.#db, trx, Number(job['dataset_id']), reason)
      })
    }
    return open.map((job) => job['id'] as string)
  }

  /** A job with its dataset's progress, or `undefined`. */
  async get(id: string): Promise<JobRecord | undefined> {
    const jobs = this.#db.tables.jobs
    const sets = this.#db.tables.dataSets
    const raw = await firstOf(
      this.#jobs()
        .join(
          sets.schema ? `${sets.schema}.${sets.name} as d` : `${sets.name} as d`,
          'd.id',
          `${jobs.name}.dataset_id`,
        )
        .where(`${jobs.name}.id`, id)
        .select(
          `${jobs.name}.*`,
          'd.records_written as records_written',
          'd.record_count as record_count',
          'd.status as dataset_status',
        ),
    )
    return raw === undefined
      ? undefined
      : (toJobRecord(this.#db.adapter.decodeRow(JOB_COLUMNS, raw)) as unknown as JobRecord)
  }
}
