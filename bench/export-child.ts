// Exports dataset 1 of a database to a file, in a process of its own, and prints its rows/s and peak RSS.
//   node dist/bench/export-child.js <url> <format> <out-file>
import { createToolkit } from '../src/commands/toolkit.js'
import type { FileFormat } from '../src/formats/record-file-writer.js'

const [url, format, out] = process.argv.slice(2) as [string, FileFormat, string]
const toolkit = await createToolkit({ db: url, config: {}, useEnvironment: false })
try {
  await toolkit.database()
  const result = await toolkit.export(1, { format, to: { path: out, force: true } })
  process.stdout.write(
    `${JSON.stringify({ format, records: result.records, seconds: result.seconds, rowsPerSecond: Math.round(result.records / result.seconds), bytes: result.bytes, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
  )
} finally {
  await toolkit.close()
}
