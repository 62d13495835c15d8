import type { InclinometerWindow } from './monitoring-thresholds.js'

/**
 * The trailing window of inclinometer readings the rate is taken over (see `inclinometerWindow`): a ring of the
 * last `span + block` readings (NaN where none was read) and the running sums of its two blocks.
 */
export interface RateWindow {
  readonly values: Float64Array
  readonly block: number
  readonly span: number
  readonly least: number
  pushed: number
  recentSum: number
  recentCount: number
  oldSum: number
  oldCount: number
}

export function createRateWindow(w: InclinometerWindow): RateWindow {
  return {
    values: new Float64Array(w.span + w.block),
    block: w.block,
    span: w.span,
    // A block's mean needs half its readings at least (telemetry gaps).
    least: Math.ceil(w.block / 2),
    pushed: 0,
    recentSum: 0,
    recentCount: 0,
    oldSum: 0,
    oldCount: 0,
  }
}

/**
 * Adds the next reading (NaN for none) and returns the rate per reading: the mean of the last block minus the
 * mean of the block `span` readings earlier, over `span`; NaN until both blocks hold enough readings.
 */
export function pushReading(r: RateWindow, value: number): number {
  const size = r.values.length
  const k = r.pushed++
  const leaving = k >= size ? (r.values[k % size] as number) : Number.NaN
  r.values[k % size] = value
  if (k % size === 0 && k > 0) {
    // Summed afresh once a round, so the running sums carry no rounding drift.
    recount(r, k)
  } else {
    if (!Number.isNaN(value)) {
      r.recentSum += value
      r.recentCount++
    }
    const leftRecent = k >= r.block ? (r.values[(k - r.block) % size] as number) : Number.NaN
    if (!Number.isNaN(leftRecent)) {
      r.recentSum -= leftRecent
      r.recentCount--
    }
    const enteredOld = k >= r.span ? (r.values[(k - r.span) % size] as number) : Number.NaN
    if (!Number.isNaN(enteredOld)) {
      r.oldSum += enteredOld
      r.oldCount++
    }
    if (!Number.isNaN(leaving)) {
      r.oldSum -= leaving
      r.oldCount--
    }
  }
  if (k < r.span + r.block - 1 || r.recentCount < r.least || r.oldCount < r.least) return Number.NaN
  return (r.recentSum / r.recentCount - r.oldSum / r.oldCount) / r.span
}

function recount(r: RateWindow, k: number): void {
  const size = r.values.length
  r.recentSum = r.oldSum = 0
  r.recentCount = r.oldCount = 0
  for (let j = Math.max(0, k - r.block + 1); j <= k; j++) {
    const v = r.values[j % size] as number
    if (Number.isNaN(v)) continue
    r.recentSum += v
    r.recentCount++
  }
  for (let j = Math.max(0, k - r.span - r.block + 1); j <= k - r.span; j++) {
    const v = r.values[j % size] as number
    if (Number.isNaN(v)) continue
    r.oldSum += v
    r.oldCount++
  }
}
