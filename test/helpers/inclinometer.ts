import type { MonitoringRow } from '../../src/generators/monitoring/monitoring-generator.js'
import { MONTH_DAYS, inclinometerWindow } from '../../src/generators/monitoring/monitoring-thresholds.js'

/**
 * The inclinometer rate (mm/month) the TARP reads at each reading of a series at `dtDays` per reading, worked
 * out from the readings alone: the mean of the last block of readings minus the mean of the block a span
 * earlier, over the span; null until both blocks hold half their readings (gaps read null).
 */
export function inclinometerRates(rows: readonly MonitoringRow[], dtDays: number): (number | null)[] {
  const { block, span } = inclinometerWindow(dtDays)
  const least = Math.ceil(block / 2)
  const mean = (from: number, to: number): number | null => {
    let sum = 0
    let n = 0
    for (let j = Math.max(0, from); j <= to; j++) {
      const v = rows[j]!.inclinometer_mm
      if (v === null) continue
      sum += v
      n++
    }
    return n >= least ? sum / n : null
  }
  return rows.map((_, k) => {
    if (k < span + block - 1) return null
    const recent = mean(k - block + 1, k)
    const old = mean(k - span - block + 1, k - span)
    return recent === null || old === null ? null : ((recent - old) / span) * (MONTH_DAYS / dtDays)
  })
}
