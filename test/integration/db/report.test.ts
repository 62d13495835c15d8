import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildReportData } from '../../../src/commands/report.js'
import { createToolkit, type Toolkit } from '../../../src/commands/toolkit.js'
import { countOf, rowsOf, tableOf } from '../../../src/dialects/dialect-adapter-base.js'
import type { DialectName } from '../../../src/dialects/dialect.js'
import { DATA_TYPES, type DataType } from '../../../src/generators/generator.js'
import { PROFILE_SAMPLE_ROWS } from '../../../src/report/column-profile.js'
import type { ColumnarData, DatasetReport, ReportData } from '../../../src/report/report-model.js'
import { epochSeconds } from '../../../src/report/report-sql.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/databases.js'

// The report's data is aggregated by each engine in SQL (time buckets, floor and log10 bins, sums and
// means); the same seed must give the same report on PostgreSQL, MariaDB and SQLite, and the aggregates
// must add up to the rows in the tables.

const COUNTS: Readonly<Record<DataType, number>> = {
  monitoring: 3 * PROFILE_SAMPLE_ROWS,
  geotechnical: 1_500,
  environmental: 1_500,
  compliance: 1_500,
  document: 600,
  financial: 600,
}
const ADMIN = { id: 'alice', role: 'admin' } as const

const column = (data: ColumnarData, name: string) => data.rows.map((r) => r[data.columns.indexOf(name)])
const sum = (values: readonly unknown[]) => values.reduce<number>((a, b) => a + Number(b ?? 0), 0)
const chart = (dataset: DatasetReport, id: string) => {
  const found = dataset.charts.find((c) => c.id === id)
  if (!found) throw new Error(`no chart ${id} in dataset ${dataset.id}`)
  return found
}

const reports = new Map<DialectName, ReportData>()

for (const dialect of DIALECTS) {
  describe(`${dialect}: report data`, () => {
    let test: TestDatabase
    let toolkit: Toolkit
    let data: ReportData
    const byType = (type: DataType) => data.datasets.find((d) => d.type === type)!

    beforeAll(async () => {
      test = await createTestDatabase(dialect, 'report')
      toolkit = await createToolkit({
        db: test.url,
        config: { seed: 5, facilities: 3 },
        useEnvironment: false,
      })
      for (const type of DATA_TYPES) await toolkit.run({ types: [type], count: COUNTS[type] })
      data = await buildReportData(await toolkit.database(), ADMIN, { all: true })
      reports.set(dialect, data)
    })
    afterAll(async () => {
      await toolkit?.close()
      await test?.drop()
    })

    it('reports every dataset with its rows, charts and column profiles', async () => {
      expect(data.datasets.map((d) => d.type)).toEqual([...DATA_TYPES])
      const db = await toolkit.database()
      for (const dataset of data.datasets) {
        const rows = await countOf(
          tableOf(db.knex, db.tables.typed[dataset.type]).where({ dataset_id: dataset.id }),
        )
        // Stored typed (the default): no JSON records table rows.
        expect(dataset.rowCounts).toEqual([{ table: db.tables.typed[dataset.type].name, rows }])
        expect(rows).toBe(COUNTS[dataset.type])
        expect(dataset.charts.length, dataset.type).toBeGreaterThan(0)
        for (const c of dataset.charts)
          for (const set of Object.values(c.data))
            expect(set.rows.length, `${dataset.type} ${c.id}`).toBeGreaterThan(0)
        for (const profile of dataset.columns) {
          expect(profile.values + profile.nulls, profile.name).toBe(rows)
          if (profile.min !== null && typeof profile.min === 'number') {
            expect(profile.median as number).toBeGreaterThanOrEqual(profile.min)
            expect(profile.median as number).toBeLessThanOrEqual(profile.max as number)
          }
        }
      }
      // The large dataset is profiled on every k-th record, the others on all rows.
      expect(byType('monitoring').sample).toEqual({ rows: PROFILE_SAMPLE_ROWS, step: 3 })
      expect(byType('document').sample).toEqual({ rows: COUNTS.document, step: 1 })
      const index = byType('monitoring').columns.find((c) => c.name === 'record_index')!
      expect(sum(index.histogram.map((h) => h.count))).toBe(PROFILE_SAMPLE_ROWS)
    })

    it('computes the whole epoch seconds of stored timestamps, milliseconds dropped, as JavaScript does', async () => {
      const db = await toolkit.database()
      const stored = await rowsOf(
        tableOf(db.knex, db.tables.dataSets).select({ id: 'id', epoch: epochSeconds(db, 'created_at') }),
      )
      const datasets = (await toolkit.datasets.list()).datasets
      expect(stored).toHaveLength(DATA_TYPES.length)
      for (const row of stored) {
        const created = datasets.find((d) => d.id === Number(row['id']))!.created_at
        expect(Number(row['epoch']), created).toBe(Math.floor(Date.parse(created) / 1000))
      }
    })

    it('aggregates add up to the rows they stand for', async () => {
      const db = await toolkit.database()
      const monitoring = byType('monitoring')
      const readings = chart(monitoring, 'monitoring-series')
      expect(sum(column(readings.data['ts']!, 'n'))).toBe(COUNTS.monitoring)
      const anomalies = await countOf(
        tableOf(db.knex, db.tables.typed.monitoring)
          .where({ dataset_id: monitoring.id })
          .whereNotNull('anomaly'),
      )
      expect(sum(column(readings.data['anomalies']!, 'n'))).toBe(anomalies)
      // Each reading with a physical event counts once, in the run of its facility and kind.
      const labelled = await countOf(
        tableOf(db.knex, db.tables.typed.monitoring)
          .where({ dataset_id: monitoring.id })
          .whereNotNull('event'),
      )
      const events = readings.data['events']!
      expect(labelled).toBeGreaterThan(0)
      expect(sum(column(events, 'n'))).toBe(labelled)
      for (const [f, from, until, kind] of events.rows)
        expect(until as number, `${String(f)} ${String(kind)}`).toBeGreaterThan(from as number)
      // At most 1,000 buckets per facility, whatever the row count.
      expect(readings.data['ts']!.rows.length).toBeLessThanOrEqual(3 * 1_000)

      const geotechnical = byType('geotechnical')
      const plotted = await countOf(
        tableOf(db.knex, db.tables.typed.geotechnical)
          .where({ dataset_id: geotechnical.id })
          .whereNotNull('liquid_limit_pct')
          .whereNotNull('plasticity_index_pct'),
      )
      expect(sum(column(chart(geotechnical, 'geotechnical-plasticity').data['plasticity']!, 'n'))).toBe(
        plotted,
      )

      const compliance = byType('compliance')
      const gistm = await countOf(
        tableOf(db.knex, db.tables.typed.compliance)
          .where({ dataset_id: compliance.id })
          .whereNotNull('principle'),
      )
      expect(sum(column(chart(compliance, 'compliance-heatmap').data['heat']!, 'n'))).toBe(gistm)
      expect(compliance.tables[0]!.rows.length).toBeGreaterThan(0)

      const environmental = byType('environmental')
      const exceedances = await countOf(
        tableOf(db.knex, db.tables.typed.environmental).where({
          dataset_id: environmental.id,
          exceedance: true,
        }),
      )
      expect(sum(column(chart(environmental, 'environmental-exceedances').data['exceedances']!, 'n'))).toBe(
        exceedances,
      )
      expect(sum(column(chart(environmental, 'environmental-values').data['env']!, 'exceedances'))).toBe(
        exceedances,
      )

      const document = byType('document')
      expect(sum(column(chart(document, 'document-timeline').data['docs']!, 'n'))).toBe(COUNTS.document)
    })
  })
}

/**
 * `actual` with each non-integer number replaced by `expected`'s where they differ by at most one unit in
 * the 6th significant digit (sums and means of floating-point values, which engines add in different
 * orders); everything else, counts, bucket times, labels, min and max, is compared as it is.
 */
function withinRounding(actual: unknown, expected: unknown): unknown {
  if (typeof actual === 'number' && typeof expected === 'number' && !Number.isInteger(actual))
    return Math.abs(actual - expected) <= Math.abs(expected) * 1.1e-5 ? expected : actual
  if (Array.isArray(actual) && Array.isArray(expected))
    return actual.map((a, i) => withinRounding(a, expected[i]))
  if (actual && expected && typeof actual === 'object' && typeof expected === 'object')
    return Object.fromEntries(
      Object.entries(actual).map(([k, v]) => [
        k,
        withinRounding(v, (expected as Record<string, unknown>)[k]),
      ]),
    )
  return actual
}

describe.runIf(DIALECTS.length > 1)('report data across engines', () => {
  it('is the same on every engine for the same seed', () => {
    const [first, ...others] = DIALECTS
    const expected = JSON.parse(JSON.stringify(reports.get(first!))) as ReportData
    expect(expected.datasets).toHaveLength(DATA_TYPES.length)
    for (const other of others) {
      const actual = JSON.parse(JSON.stringify(reports.get(other))) as ReportData
      for (const [i, dataset] of actual.datasets.entries())
        expect(withinRounding(dataset, expected.datasets[i]), `${other} ${dataset.type}`).toEqual(
          expected.datasets[i],
        )
    }
  })
})
