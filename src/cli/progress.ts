import type { SeedProgress } from '../seeding/seed-runner.js'
import { escapeForTerminal, formatCount } from './render.js'

/** Receives progress of a run and shows it the way the terminal (or log) wants it. */
export interface ProgressReporter {
  update(event: SeedProgress): void
  stop(): void
}

/** How often a terminal's bars are redrawn, at most; a dataset's start and end are drawn at once. */
const REDRAW_MS = 100
const BAR_MIN = 10
const BAR_MAX = 30

/**
 * On a terminal, a line per dataset with a bar, rows/s and ETA, redrawn as rows stream and fitted to the
 * terminal's width. Without a terminal, one line at most every `intervalMs` per dataset, and always at its
 * end, so CI logs stay readable; as JSON lines under `--json`. All of it on stderr: stdout keeps the result.
 * `quiet` shows nothing.
 */
export function createProgressReporter(options: {
  json?: boolean
  quiet?: boolean
  intervalMs?: number
}): ProgressReporter {
  if (options.quiet) return { update: () => undefined, stop: () => undefined }
  if (!options.json && process.stderr.isTTY) {
    return barReporter(process.stderr, () => process.stderr.columns || 80)
  }
  return lineReporter(options.json === true, options.intervalMs ?? 2000)
}

function rate(rows: number, seconds: number): number {
  return seconds > 0 ? Math.round(rows / seconds) : 0
}

/** A count in at most 6 characters: `999`, `12,345`, `123.4k`, `12.35M`, `1.235G`. */
export function formatCompact(n: number): string {
  if (n < 100_000) return formatCount(n)
  const [value, unit] = n < 1e6 ? [n / 1e3, 'k'] : n < 1e9 ? [n / 1e6, 'M'] : [n / 1e9, 'G']
  return value < 1000 ? `${value.toPrecision(4)}${unit}` : `${Math.round(value)}${unit}`
}

/** `m:ss` or `h:mm:ss`, at most 8 characters; `--:--` while unknown. */
export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '--:--'
  const s = Math.max(0, Math.round(seconds))
  if (s >= 100 * 3600) return '>99h'
  const mm = String(Math.floor(s / 60) % 60)
  const ss = String(s % 60).padStart(2, '0')
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm.padStart(2, '0')}:${ss}` : `${mm}:${ss}`
}

/**
 * One progress line of at most `width - 1` characters (the last column would wrap on some terminals):
 * `#3 monitoring [█████░░░░░]  50% 500,000/1.000M  61,234/s ETA 0:08`. The numbers have fixed widths so the
 * line does not jitter; when the terminal is narrow the name goes first, then the bar, never the rate.
 */
export function formatProgressLine(event: SeedProgress, width: number): string {
  const streamed = Math.min(event.streamed, event.total)
  const fraction = event.total > 0 ? streamed / event.total : 1
  const perSecond = rate(streamed, event.seconds)
  const done = event.written >= event.total
  const eta = done
    ? 'done'
    : `ETA ${formatEta(perSecond > 0 ? (event.total - streamed) / perSecond : undefined)}`
  const stats = [
    `${String(Math.floor(fraction * 100)).padStart(3)}%`,
    `${formatCompact(streamed).padStart(6)}/${formatCompact(event.total).padEnd(6)}`,
    `${formatCompact(perSecond).padStart(6)}/s`,
    eta.padEnd(12),
  ].join(' ')
  const room = width - 1
  const name = escapeForTerminal(`#${event.datasetId} ${event.type}`)
  const bar = (size: number) => {
    const filled = Math.round(fraction * size)
    return `[${'█'.repeat(filled)}${'░'.repeat(size - filled)}]`
  }
  const withName = room - stats.length - name.length - 2 - 2
  if (withName >= BAR_MIN) return `${name} ${bar(Math.min(BAR_MAX, withName))} ${stats}`
  const withoutName = room - stats.length - 1 - 2
  if (withoutName >= BAR_MIN) return `${bar(Math.min(BAR_MAX, withoutName))} ${stats}`
  return stats.slice(0, Math.max(0, room))
}

/** Bars drawn by hand: they must redraw synchronously, from inside a batch that blocks the event loop. */
function barReporter(stream: NodeJS.WriteStream, columns: () => number): ProgressReporter {
  const latest = new Map<number, SeedProgress>()
  let drawn = 0
  let lastDraw = 0
  const draw = () => {
    const width = columns()
    const lines = [...latest.values()].map((event) => `\r\x1b[2K${formatProgressLine(event, width)}\n`)
    stream.write(`${drawn > 0 ? `\x1b[${drawn}A` : '\x1b[?25l'}${lines.join('')}`)
    drawn = lines.length
    lastDraw = performance.now()
  }
  return {
    update(event) {
      const first = !latest.has(event.datasetId)
      const previous = latest.get(event.datasetId)
      latest.set(event.datasetId, event)
      const finished = event.written >= event.total && (previous?.written ?? -1) < event.total
      if (first || finished || performance.now() - lastDraw >= REDRAW_MS) draw()
    },
    stop() {
      if (latest.size > 0) {
        draw()
        stream.write('\x1b[?25h')
      }
    },
  }
}

function lineReporter(json: boolean, intervalMs: number): ProgressReporter {
  const last = new Map<number, number>()
  return {
    update(event) {
      const now = Date.now()
      const done = event.written >= event.total
      if (!done && now - (last.get(event.datasetId) ?? 0) < intervalMs) return
      if (done && last.get(event.datasetId) === Infinity) return
      last.set(event.datasetId, done ? Infinity : now)
      const rowsPerSecond = rate(event.streamed, event.seconds)
      process.stderr.write(
        json
          ? `${JSON.stringify({ event: 'progress', dataset: event.datasetId, type: event.type, written: event.written, streamed: event.streamed, total: event.total, rowsPerSecond })}\n`
          : `dataset ${event.datasetId} (${escapeForTerminal(event.type)}): ${formatCount(event.streamed)}/${formatCount(event.total)} rows, ${formatCount(rowsPerSecond)} rows/s\n`,
      )
    },
    stop: () => undefined,
  }
}
