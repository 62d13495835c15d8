import { col, type ColumnSpec } from '../generators/columns.js'
import { DATA_TYPES } from '../generators/generator.js'
import { DATASET_STATUSES, type DatasetStatus } from '../choices.js'

export { DATASET_STATUSES, type DatasetStatus } from '../choices.js'

/** The columns of the datasets table, for decoding its rows the same way on every engine. */
export const DATASET_COLUMNS: readonly ColumnSpec[] = [
  col.integer('id', 'Dataset id'),
  col.string('name', 'Name'),
  col.text('description', 'Description', { nullable: true }),
  col.enum('data_type', DATA_TYPES, 'Data type'),
  col.enum('status', DATASET_STATUSES, 'Lifecycle status'),
  col.bigint('record_count', 'Records asked for'),
  col.bigint('records_written', 'Records written so far'),
  col.bigint('seed', 'Seed of the records'),
  col.bigint('facility_seed', 'Seed of the facilities'),
  col.integer('facility_count', 'Facilities the records are spread over'),
  col.string('storage', 'both, generic or typed'),
  col.integer('generator_version', 'Version of the generator that made the records'),
  col.json('parameters', 'Generator parameters'),
  col.json('manifest', 'What reproduces and verifies the dataset', { nullable: true }),
  col.string('created_by', 'Owner', { nullable: true }),
  col.boolean('is_deleted', 'Soft-deleted'),
  col.timestamp('deleted_at', 'When it was soft-deleted', { nullable: true }),
  col.timestamp('created_at', 'Created'),
  col.timestamp('updated_at', 'Last change'),
  col.timestamp('completed_at', 'Completed', { nullable: true }),
  col.text('error', 'Why it failed', { nullable: true }),
  col.string('run_key', 'Key shared by the shards of one run', { nullable: true }),
]

/** A dataset as the API returns it: the table's columns, timestamps as ISO-8601 text. */
export interface DatasetRecord {
  readonly id: number
  readonly name: string
  readonly description: string | null
  readonly data_type: (typeof DATA_TYPES)[number]
  readonly status: DatasetStatus
  readonly record_count: number
  readonly records_written: number
  readonly seed: number
  readonly facility_seed: number
  readonly facility_count: number
  readonly storage: 'both' | 'generic' | 'typed'
  readonly generator_version: number
  readonly parameters: unknown
  readonly manifest: unknown
  readonly created_by: string | null
  readonly is_deleted: boolean
  readonly deleted_at: string | null
  readonly created_at: string
  readonly updated_at: string
  readonly completed_at: string | null
  readonly error: string | null
  readonly run_key: string | null
}
