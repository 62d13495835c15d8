import { TailingsiqError } from '../errors.js'
import type { DatasetResult, SeedProgress } from '../seeding/seed-runner.js'
import { createProgressReporter } from './progress.js'
import { escapeForTerminal, formatCount, renderTable } from './render.js'

/** What a seeding command hands its work: where progress goes and the signal that stops it. */
export interface SeedHooks {
  readonly onProgress: (event: SeedProgress) => void
  readonly signal: AbortSignal
}

/**
 * Runs seeding work with progress shown as the output wants it, and SIGINT/SIGTERM turned into a clean stop
 * after the current batch. Returns the work's result and the signal that stopped it, if any.
 */
export async function withSeedSession<T>(
  output: { json?: boolean; quiet?: boolean },
  work: (hooks: SeedHooks) => Promise<T>,
): Promise<{ result: T; interruptedBy?: string }> {
  const progress = createProgressReporter({ json: output.json === true, quiet: output.quiet === true })
  const controller = new AbortController()
  const stop = (signal: NodeJS.Signals) => {
    // The listener goes with the first signal: a second one ends the process at once (what a crash leaves:
    // the committed batches, which `--resume` continues from).
    process.stderr.write(
      `\ntailingsiq-seed: ${signal}: stopping after the current batch (again to stop at once; --resume continues)\n`,
    )
    controller.abort(signal)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  try {
    const result = await work({ onProgress: (event) => progress.update(event), signal: controller.signal })
    return {
      result,
      ...(controller.signal.aborted ? { interruptedBy: String(controller.signal.reason) } : {}),
    }
  } finally {
    progress.stop()
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
  }
}

/** `Seeded 3 dataset(s)`, or `Seeded 2 dataset(s), 1 failed` when some failed (or were interrupted). */
export function seededCounts(datasets: readonly DatasetResult[]): string {
  const failed = datasets.filter((d) => d.status === 'failed').length
  return `Seeded ${datasets.length - failed} dataset(s)${failed > 0 ? `, ${failed} failed` : ''}`
}

/**
 * Prints the datasets a seeding command produced (a table, or one JSON document with `extra` under `--json`)
 * and turns failures into the exit code: 130 when interrupted, 5 when some datasets failed.
 */
export function reportDatasets(
  output: { json?: boolean; quiet?: boolean },
  datasets: readonly DatasetResult[],
  extra: Record<string, unknown>,
  footer: string,
  interruptedBy?: string,
  /** How to continue what failed, e.g. `` `tailingsiq-seed datasets generate 12 --resume` ``. */
  resumeHint?: string,
): void {
  if (output.json) {
    process.stdout.write(`${JSON.stringify({ ...extra, datasets }, null, 2)}\n`)
  } else if (!output.quiet) {
    const rows = datasets.map((d) => [
      String(d.id),
      d.type,
      d.status,
      formatCount(d.records),
      d.seconds.toFixed(2),
      d.name,
    ])
    // On a terminal the names are cut to fit its width rather than wrapping the table.
    const table = renderTable(['dataset', 'type', 'status', 'records', 'seconds', 'name'], rows, {
      ...(process.stdout.isTTY ? { maxWidth: (process.stdout.columns || 80) - 1 } : {}),
    })
    process.stdout.write(`${table}\n${escapeForTerminal(footer, { keepNewlines: true })}\n`)
  }
  const failed = datasets.filter((d) => d.status === 'failed')
  if (interruptedBy !== undefined) {
    const marked =
      failed.map((d) => `dataset ${d.id} (${d.type}) marked failed`).join('; ') || 'nothing was being written'
    throw new TailingsiqError(
      'INTERRUPTED',
      `Interrupted by ${interruptedBy}: ${marked}`,
      failed.length > 0 && resumeHint ? { hint: resumeHint } : {},
    )
  }
  if (failed.length > 0) {
    const detail = failed.map((d) => `${d.id} (${d.type}): ${d.error ?? 'unknown error'}`).join('; ')
    throw new TailingsiqError(
      'SEED_FAILED',
      `${failed.length} of ${datasets.length} datasets failed: ${detail}`,
      resumeHint ? { hint: resumeHint } : {},
    )
  }
}
