// Child process of generate.bench: writes N monitoring records to CSV and reports its own peak RSS.
import { generateFiles } from '../src/commands/generate.js'
import { resolveDatasetSpec } from '../src/generators/dataset-spec.js'

const [records, outputDir] = [Number(process.argv[2]), process.argv[3] as string]
const spec = resolveDatasetSpec({
  type: 'monitoring',
  count: records,
  defaultCount: records,
  facilities: 10,
  seed: 42,
})
const started = performance.now()
await generateFiles({ datasets: [spec], formats: ['csv'], outputDir })
process.stdout.write(
  JSON.stringify({
    records,
    seconds: (performance.now() - started) / 1000,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
)
