import { constants } from 'node:fs'
import { access, mkdir, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { TailingsiqError } from '../errors.js'
import type { DatasetSpec } from '../generators/dataset-spec.js'
import { FACILITY_COLUMNS } from '../generators/facility/facility-generator.js'
import { generateFacilities, generateRecords } from '../generators/generate-records.js'
import type { DataType, Row } from '../generators/generator.js'
import { columnsOf } from '../generators/registry.js'
import { writeRecordsFile, type FileFormat } from '../formats/record-file-writer.js'
import { createRecordSerializer, type OutputRecord } from '../formats/record-serializer.js'
import type { ColumnSpec } from '../generators/columns.js'

/** Options of {@link generateFiles}. */
export interface GenerateFilesOptions {
  /** One spec per data type to write; all must share `facilities` and `facilitySeed`. */
  readonly datasets: readonly DatasetSpec[]
  readonly formats: readonly FileFormat[]
  readonly outputDir: string
  /** Replace existing files. Default is `false`: an existing file is an error and nothing is written. */
  readonly force?: boolean
  /** Called after each file is complete. */
  readonly onFile?: (file: GeneratedFile) => void
}

/** One file written by {@link generateFiles}. */
export interface GeneratedFile {
  readonly type: DataType | 'facility'
  readonly format: FileFormat
  readonly path: string
  readonly records: number
  readonly bytes: number
}

/** What {@link generateFiles} wrote. */
export interface GenerateFilesResult {
  readonly files: readonly GeneratedFile[]
  readonly seconds: number
}

/** The file name of a type's records in a format, e.g. `monitoring.csv`; facilities go to `facilities.*`. */
export function outputFileName(type: DataType | 'facility', format: FileFormat): string {
  return `${type === 'facility' ? 'facilities' : type}.${format}`
}

/**
 * Generates datasets to files, streaming: `facilities.<format>` plus one `<type>.<format>` per dataset and
 * format. Checks everything (output folder writable, no file in the way) before writing anything; each file
 * appears only when complete.
 *
 * ### Examples
 * ```ts
 * const spec = resolveDatasetSpec({ type: 'monitoring', count: 10_000, defaultCount: 1000, facilities: 5, seed: 42 })
 * const { files } = await generateFiles({ datasets: [spec], formats: ['csv'], outputDir: './out' })
 * ```
 */
export async function generateFiles(options: GenerateFilesOptions): Promise<GenerateFilesResult> {
  const started = performance.now()
  const first = options.datasets[0]
  if (first === undefined) throw new TailingsiqError('USAGE', 'Nothing to generate: no data type given')
  const outputDir = resolve(options.outputDir)
  await prepareOutputDir(outputDir)

  const jobs: {
    type: DataType | 'facility'
    format: FileFormat
    path: string
    columns: readonly ColumnSpec[]
    rows: () => Iterable<Row>
    records: number
  }[] = []
  const facilitySeed = first.facilitySeed
  const facilityCount = Math.max(...options.datasets.map((d) => d.facilities))
  for (const format of options.formats) {
    jobs.push({
      type: 'facility',
      format,
      path: join(outputDir, outputFileName('facility', format)),
      columns: FACILITY_COLUMNS,
      rows: () => generateFacilities(facilitySeed, { from: 0, to: facilityCount }) as Iterable<Row>,
      records: facilityCount,
    })
    for (const spec of options.datasets) {
      jobs.push({
        type: spec.type,
        format,
        path: join(outputDir, outputFileName(spec.type, format)),
        columns: columnsOf(spec.type),
        rows: () => generateRecords(spec),
        records: spec.count,
      })
    }
  }
  if (!options.force) {
    for (const job of jobs) {
      if (await exists(job.path)) {
        throw new TailingsiqError('OUTPUT_EXISTS', `${job.path} already exists; pass --force to overwrite it`)
      }
    }
  }

  const files: GeneratedFile[] = []
  for (const job of jobs) {
    const bytes = await writeRecordsFile(job.path, job.format, job.columns, job.rows())
    const file = { type: job.type, format: job.format, path: job.path, records: job.records, bytes }
    files.push(file)
    options.onFile?.(file)
  }
  return { files, seconds: (performance.now() - started) / 1000 }
}

/**
 * The first `limit` records of a dataset (default all `spec.count`) as output records (ISO timestamps), for
 * previews. Holds them all in memory: callers cap the count (`maxRecordsPerRequest`).
 */
export function previewRecords(spec: DatasetSpec, limit = spec.count): OutputRecord[] {
  const toRecord = createRecordSerializer(columnsOf(spec.type))
  const out: OutputRecord[] = []
  if (limit <= 0) return out
  for (const row of generateRecords(spec)) {
    out.push(toRecord(row))
    if (out.length >= limit) break
  }
  return out
}

async function prepareOutputDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true })
    const info = await stat(dir)
    if (!info.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' })
    await access(dir, constants.W_OK)
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new TailingsiqError(
      'OUTPUT_UNWRITABLE',
      `Cannot write to output directory ${dir} (${reason}); pick another --output-dir`,
      {
        cause: error,
      },
    )
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}
