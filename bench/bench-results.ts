import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

// Benchmarks run compiled, from dist/bench; their results go to the repository's bench/results.
const RESULTS_DIR = fileURLToPath(new URL('../../bench/results', import.meta.url))

/** Writes `<name>.md` (the table the README shows) and, when given, the raw figures as `<name>.json`. */
export function writeBenchResults(name: string, table: string, json?: unknown): void {
  mkdirSync(RESULTS_DIR, { recursive: true })
  if (json !== undefined) {
    writeFileSync(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(json, null, 2)}\n`)
  }
  writeFileSync(join(RESULTS_DIR, `${name}.md`), `${table}\n`)
}
