import type { Actor } from '../access/actor.js'
import type { Database } from '../dialects/open-database.js'
import { UsageError } from '../errors.js'
import { datasetReport } from '../report/dataset-report.js'
import type { ReportData } from '../report/report-model.js'
import { renderReportHtml } from '../report/render-html.js'
import { packageVersion } from '../util/package-info.js'
import { listDatasets } from './datasets.js'

/** Options of {@link buildReport}: dataset ids, or `all`. */
export interface ReportOptions {
  readonly ids?: readonly number[]
  /** Every dataset the actor can see that is not soft-deleted, oldest first. */
  readonly all?: boolean
  readonly title?: string
}

/** A report: the HTML document, its size, and the data it was drawn from. */
export interface ReportResult {
  readonly html: string
  readonly bytes: number
  readonly datasets: readonly number[]
  readonly data: ReportData
}

async function idsOf(db: Database, actor: Actor, options: ReportOptions): Promise<number[]> {
  if (options.all) {
    const ids: number[] = []
    for (let offset = 0; ; offset += 1000) {
      const page = await listDatasets(db, actor, { limit: 1000, offset })
      ids.push(...page.datasets.map((d) => d.id))
      if (page.datasets.length < 1000) break
    }
    return ids.sort((a, b) => a - b)
  }
  if (!options.ids || options.ids.length === 0)
    throw new UsageError('Name one or more dataset ids, or pass --all')
  return [...new Set(options.ids)]
}

/**
 * The data of a report on datasets the actor may see: per dataset its manifest, row counts, the charts of
 * its type and its column distributions, aggregated and downsampled by the database.
 */
export async function buildReportData(
  db: Database,
  actor: Actor,
  options: ReportOptions,
): Promise<ReportData> {
  const ids = await idsOf(db, actor, options)
  const datasets = []
  for (const id of ids) datasets.push(await datasetReport(db, actor, id))
  return {
    title:
      options.title ??
      (datasets.length === 1
        ? `TailingsIQ dataset ${datasets[0]!.id} · ${datasets[0]!.name}`
        : 'TailingsIQ datasets'),
    generatedBy: `tailingsiq-seed ${packageVersion()}`,
    datasets,
  }
}

/**
 * A report on datasets as one self-contained HTML file (charts, data and chart library inlined; it makes
 * no request when opened).
 *
 * ### Examples
 * ```ts
 * const { html } = await buildReport(db, { id: 'ci', role: 'admin' }, { ids: [12] })
 * ```
 */
export async function buildReport(db: Database, actor: Actor, options: ReportOptions): Promise<ReportResult> {
  const data = await buildReportData(db, actor, options)
  const html = renderReportHtml(data)
  return { html, bytes: Buffer.byteLength(html), datasets: data.datasets.map((d) => d.id), data }
}
