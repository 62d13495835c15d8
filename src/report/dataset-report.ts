import type { Actor } from '../access/actor.js'
import { countOf, tableOf } from '../dialects/dialect-adapter-base.js'
import type { Database } from '../dialects/open-database.js'
import type { DataType } from '../generators/generator.js'
import { columnsOf } from '../generators/registry.js'
import { getDataset } from '../commands/datasets.js'
import { qualifiedName } from '../schema/table-names.js'
import { profileColumns, summarizeColumns } from './column-profile.js'
import { complianceCharts } from './compliance-report.js'
import { documentCharts } from './document-report.js'
import { environmentalCharts } from './environmental-report.js'
import { financialCharts } from './financial-report.js'
import { geotechnicalCharts } from './geotechnical-report.js'
import { monitoringCharts } from './monitoring-report.js'
import type { DatasetReport, ReportChart, ReportTable } from './report-model.js'
import type { ReportContext, RowsQuery } from './report-sql.js'

type ChartBuilder = (context: ReportContext) => Promise<{ charts: ReportChart[]; tables: ReportTable[] }>

const chartsOnly =
  (build: (context: ReportContext) => Promise<ReportChart[]>): ChartBuilder =>
  async (context) => ({ charts: await build(context), tables: [] })

/** The charts of each built-in type; a type registered at run time gets its column distributions only. */
const CHARTS: Readonly<Partial<Record<DataType, ChartBuilder>>> = {
  monitoring: chartsOnly(monitoringCharts),
  geotechnical: chartsOnly(geotechnicalCharts),
  environmental: chartsOnly(environmentalCharts),
  compliance: complianceCharts,
  document: chartsOnly(documentCharts),
  financial: chartsOnly(financialCharts),
}

const noCharts: ChartBuilder = () => Promise.resolve({ charts: [], tables: [] })

/**
 * Everything the report shows about one dataset the actor may see: its manifest, its rows per table, the
 * charts of its type and the distribution of every column, all aggregated by the database. A dataset stored
 * generic only (no typed rows) gets its manifest and row counts.
 */
export async function datasetReport(db: Database, actor: Actor, id: number): Promise<DatasetReport> {
  const dataset = await getDataset(db, actor, id)
  const type = dataset.data_type
  const typed = dataset.storage !== 'generic'
  const rows: RowsQuery = () => tableOf(db.knex, db.tables.typed[type]).where({ dataset_id: id })
  const rowCounts: { table: string; rows: number }[] = []
  const columns = columnsOf(type)
  // One scan of every row: the row count, and values, min and max per column (time ranges included).
  const summary = typed ? await summarizeColumns(db, rows, columns) : undefined
  const typedRows = summary?.total ?? 0
  if (typed) rowCounts.push({ table: qualifiedName(db.tables.typed[type]), rows: typedRows })
  if (dataset.storage !== 'typed')
    rowCounts.push({
      table: qualifiedName(db.tables.records),
      rows: await countOf(tableOf(db.knex, db.tables.records).where({ dataset_id: id })),
    })
  const base = {
    id: dataset.id,
    name: dataset.name,
    type,
    status: dataset.status,
    storage: dataset.storage,
    manifest: dataset.manifest,
    parameters: dataset.parameters,
    rowCounts,
  }
  if (!summary || typedRows === 0)
    return { ...base, charts: [], tables: [], columns: [], sample: { rows: 0, step: 1 } }
  // The charts' queries and the sample of the column profiles run side by side where the pool allows.
  const [{ charts, tables }, { profiles, sample }] = await Promise.all([
    (CHARTS[type] ?? noCharts)({
      db,
      rows,
      columns,
      parameters: dataset.parameters,
      facilities: dataset.facility_count,
      range(column) {
        const i = columns.findIndex((c) => c.name === column)
        const min = summary.min[i]
        const max = summary.max[i]
        return min === null || min === undefined || max === null || max === undefined
          ? undefined
          : { min, max }
      },
    }),
    profileColumns(db, rows, columns, summary),
  ])
  return { ...base, charts, tables, columns: profiles, sample }
}
