import cliProgress from 'cli-progress'
import type { SeedProgress } from '../seeding/seed-runner.js'
import { formatCount } from './render.js'

/** Receives progress of a run and shows it the way the terminal (or log) wants it. */
export interface ProgressReporter {
  update(event: SeedProgress): void
  stop(): void
}

/**
 * On a terminal, a bar per dataset with rows/s and ETA (cli-progress). Without a terminal, one line at
 * most every `intervalMs` per dataset, and always at its end, so CI logs stay readable; as JSON lines
 * under `--json`. All of it on stderr: stdout keeps the result. `quiet` shows nothing.
 */
export function createProgressReporter(options: {
  json?: boolean
  quiet?: boolean
  intervalMs?: number
}): ProgressReporter {
  if (options.quiet) return { update: () => undefined, stop: () => undefined }
  if (!options.json && process.stderr.isTTY) return barReporter()
  return lineReporter(options.json === true, options.intervalMs ?? 2000)
}

function rate(event: SeedProgress): number {
  return event.seconds > 0 ? Math.round(event.written / event.seconds) : 0
}

function barReporter(): ProgressReporter {
  const bars = new cliProgress.MultiBar(
    {
      stream: process.stderr,
      format: ' {name} |{bar}| {percentage}% {value}/{total} rows, {rate} rows/s, ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  )
  const byDataset = new Map<number, cliProgress.SingleBar>()
  return {
    update(event) {
      let bar = byDataset.get(event.datasetId)
      if (!bar) {
        bar = bars.create(event.total, 0, { name: `#${event.datasetId} ${event.type}`.padEnd(18), rate: 0 })
        byDataset.set(event.datasetId, bar)
      }
      bar.update(event.written, { rate: formatCount(rate(event)) })
    },
    stop: () => bars.stop(),
  }
}

function lineReporter(json: boolean, intervalMs: number): ProgressReporter {
  const last = new Map<number, number>()
  return {
    update(event) {
      const now = Date.now()
      const done = event.written >= event.total
      if (!done && now - (last.get(event.datasetId) ?? 0) < intervalMs) return
      last.set(event.datasetId, now)
      const rowsPerSecond = rate(event)
      process.stderr.write(
        json
          ? `${JSON.stringify({ event: 'progress', dataset: event.datasetId, type: event.type, written: event.written, total: event.total, rowsPerSecond })}\n`
          : `dataset ${event.datasetId} (${event.type}): ${formatCount(event.written)}/${formatCount(event.total)} rows, ${formatCount(rowsPerSecond)} rows/s\n`,
      )
    },
    stop: () => undefined,
  }
}
