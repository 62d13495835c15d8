import type { Actor } from '../access/actor.js'
import { countOf, tableOf } from '../dialects/dialect-adapter-base.js'
import type { Database } from '../dialects/open-database.js'
import type { DataType } from '../generators/generator.js'
import { getGenerator } from '../generators/registry.js'
import { getDataset } from '../commands/datasets.js'
import { qualifiedName } from '../schema/table-names.js'
import { profileColumns } from './column-profile.js'
import { complianceCharts } from './compliance-report.js'
import { documentCharts } from './document-report.js'
import { environmentalCharts } from './environmental-report.js'
import { financialCharts } from './financial-report.js'
import { geotechnicalCharts } from './geotechnical-report.js'
import { monitoringCharts } from './monitoring-report.js'
import type { DatasetReport, ReportChart, ReportTable } from './report-model.js'
import type { RowsQuery } from './report-sql.js'

type ChartBuilder = (
  db: Database,
  rows: RowsQuery,
  parameters: unknown,
) => Promise<{ charts: ReportChart[]; tables: ReportTable[] }>

const chartsOnly =
  (build: (db: Database, rows: RowsQuery, parameters: unknown) => Promise<ReportChart[]>): ChartBuilder =>
  async (db, rows, parameters) => ({ charts: await build(db, rows, parameters), tables: [] })

/** The charts of each type. */
const CHARTS: Readonly<Record<DataType, ChartBuilder>> = {
  monitoring: chartsOnly(monitoringCharts),
  geotechnical: chartsOnly(geotechnicalCharts),
  environmental: chartsOnly(environmentalCharts),
  compliance: complianceCharts,
  document: chartsOnly(documentCharts),
  financial: chartsOnly(financialCharts),
}

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
  const typedRows = typed ? await countOf(rows()) : 0
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
  if (!typed || typedRows === 0)
    return { ...base, charts: [], tables: [], columns: [], sample: { rows: 0, step: 1 } }
  const { charts, tables } = await CHARTS[type](db, rows, dataset.parameters)
  const { profiles, sample } = await profileColumns(db, rows, getGenerator(type).columns, typedRows)
  return { ...base, charts, tables, columns: profiles, sample }
}
