// What the loading benches share: the monitoring dataset they measure (seed 42, 10 facilities) and, for SQLite, a
// database holding its empty dataset row.
import { createToolkit } from '../src/commands/toolkit.js'
import { resolveDatasetSpec, type DatasetSpec } from '../src/generators/dataset-spec.js'
import { createDataset } from '../src/seeding/seed-runner.js'

/** The benches' monitoring dataset of `rows` records: seed 42, 10 facilities, default parameters. */
export function monitoringSpec(rows: number): DatasetSpec {
  return resolveDatasetSpec({ type: 'monitoring', count: rows, defaultCount: rows, facilities: 10, seed: 42 })
}

/**
 * Makes `file` a SQLite database at the latest schema holding one empty monitoring dataset of `rows` records, as
 * `run` makes them (seed 42, 10 facilities); returns the dataset's id. For benches that write its rows themselves.
 */
export async function sqliteMonitoringDataset(file: string, rows: number): Promise<number> {
  const toolkit = await createToolkit({
    db: `sqlite:${file}`,
    config: { seed: 42, facilities: 10, maxRecords: 100_000_000 },
    useEnvironment: false,
  })
  try {
    await toolkit.migrate.latest()
    const db = await toolkit.database()
    return await createDataset(db, toolkit.plan({ types: ['monitoring'], count: rows }).datasets[0]!, 'typed')
  } finally {
    await toolkit.close()
  }
}
