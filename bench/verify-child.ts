// One measurement of dataset 1 (typed monitoring rows), in a process of its own. Prints one JSON line.
//   node dist/bench/verify-child.js <mode> <url>
// mode: verify (the real `verify`), read (the same rows read in the same order and form, compared with
// nothing: on PostgreSQL the bare COPY BINARY), generate (the same records regenerated, read from nowhere),
// encode (regenerated and encoded into the canonical form verify compares, compared with nothing).
import { createToolkit } from '../src/commands/toolkit.js'
import { planOf } from '../src/commands/datasets.js'
import { tableOf } from '../src/dialects/dialect-adapter-base.js'
import { CanonicalRowEncoder } from '../src/formats/canonical-row.js'
import { generateRecords } from '../src/generators/generate-records.js'
import { columnsOf } from '../src/generators/registry.js'

const [mode, url] = process.argv.slice(2) as [string, string]
const toolkit = await createToolkit({ db: url, config: {}, useEnvironment: false })
try {
  const db = await toolkit.database()
  const dataset = await toolkit.datasets.get(1)
  const columns = columnsOf('monitoring')
  const started = performance.now()
  const cpu = process.cpuUsage()
  let rows = 0
  if (mode === 'verify') {
    const result = await toolkit.datasets.verify(1)
    if (result.result !== 'ok') throw new Error(`dataset 1 does not verify: ${JSON.stringify(result)}`)
    rows = result.tables.find((t) => t.kind === 'typed')?.actual ?? 0
  } else if (mode === 'read') {
    const query = tableOf(db.knex, db.tables.typed.monitoring)
      .where({ dataset_id: 1 })
      .orderBy('record_index')
      .select(columns.map((c) => c.name))
    for await (const batch of db.adapter.streamCanonicalRows(query, columns)) rows += batch.indexes.length
  } else if (mode === 'encode') {
    const encoder = new CanonicalRowEncoder(columns)
    for (const row of generateRecords(planOf(dataset))) {
      if (encoder.length >= 1 << 16) encoder.reset()
      encoder.write(row, row['record_index'] as number)
      rows++
    }
  } else {
    for (const _row of generateRecords(planOf(dataset))) rows++
  }
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  // CPU time of this process alone: what a busy machine cannot inflate, unlike the elapsed time.
  const cpuSeconds = (used.user + used.system) / 1e6
  process.stdout.write(
    `${JSON.stringify({ mode, rows, seconds, cpuSeconds, rowsPerSecond: Math.round(rows / seconds), rowsPerCpuSecond: Math.round(rows / cpuSeconds), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
  )
} finally {
  await toolkit.close()
}
