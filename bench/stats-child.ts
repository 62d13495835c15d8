// Reading a database that holds many datasets: creates them with the toolkit's own `run` (the default storage,
// small counts, every built-in type in turn), then times `stats` (the summary of all datasets, as the CLI's
// `stats` prints it), `stats <id>` of one dataset, and a query of one dataset's rows by its id in its typed
// table (what a host application runs). Each read is timed a few times; the fastest counts. Prints one JSON line.
//   node dist/bench/stats-child.js <url> [datasets] [rows per dataset]
import { createToolkit } from '../src/commands/toolkit.js'
import { tableOf } from '../src/dialects/dialect-adapter-base.js'
import { dataTypeDefinitions } from '../src/generators/registry.js'

const [url, datasetsText = '1000', rowsText = '20'] = process.argv.slice(2) as [string, string?, string?]
const DATASETS = Number(datasetsText)
const ROWS = Number(rowsText)
const ROUNDS = 3

const toolkit = await createToolkit({
  db: url,
  config: { seed: 7, facilities: 2 },
  useEnvironment: false,
})
try {
  await toolkit.migrate.latest()
  const db = await toolkit.database()
  const types = dataTypeDefinitions().map((d) => d.id as 'monitoring')
  // Several types per run (one run makes one dataset of each), a few runs at once on a server.
  const setupStarted = performance.now()
  let made = 0
  const monitoringIds: number[] = []
  const worker = async () => {
    while (made < DATASETS) {
      const batch = types.slice(0, Math.min(types.length, DATASETS - made))
      made += batch.length
      const outcome = await toolkit.run({ types: batch, count: ROWS })
      for (const dataset of outcome.datasets) {
        if (dataset.status !== 'completed') throw new Error(`run failed: ${dataset.error}`)
        if (dataset.type === 'monitoring') monitoringIds.push(dataset.id)
      }
    }
  }
  await Promise.all(Array.from({ length: db.dialect.name === 'sqlite' ? 1 : 3 }, worker))
  const setupSeconds = (performance.now() - setupStarted) / 1000
  // The middle monitoring dataset is the one read below.
  const id = monitoringIds.sort((a, b) => a - b)[Math.floor(monitoringIds.length / 2)] as number

  const fastest = async (fn: () => Promise<unknown>): Promise<number> => {
    let best = Infinity
    for (let i = 0; i < ROUNDS; i++) {
      const started = performance.now()
      await fn()
      best = Math.min(best, (performance.now() - started) / 1000)
    }
    return best
  }
  const summary = await toolkit.stats()
  if (summary.datasets.total !== DATASETS)
    throw new Error(`stats counted ${summary.datasets.total} datasets, not ${DATASETS}`)
  const rowsOfOne = async () => {
    const rows = await tableOf(db.knex, db.tables.typed.monitoring)
      .where({ dataset_id: id })
      .orderBy('record_index')
    if (rows.length !== ROWS) throw new Error(`dataset ${id}: ${rows.length} rows, not ${ROWS}`)
  }
  const result = {
    datasets: DATASETS,
    rowsPerDataset: ROWS,
    setupSeconds: Math.round(setupSeconds * 10) / 10,
    statsSummarySeconds: await fastest(() => toolkit.stats()),
    statsDatasetSeconds: await fastest(() => toolkit.stats(id)),
    rowsByDatasetSeconds: await fastest(rowsOfOne),
  }
  process.stdout.write(`${JSON.stringify(result)}\n`)
} finally {
  await toolkit.close()
}
