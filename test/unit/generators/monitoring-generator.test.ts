import { describe, expect, it } from 'vitest'
import type { MonitoringRow } from '../../../src/generators/monitoring/monitoring-generator.js'
import { monitoringGenerator } from '../../../src/generators/monitoring/monitoring-generator.js'
import { resolveDatasetSpec } from '../../../src/generators/dataset-spec.js'
import { generateRecords } from '../../../src/generators/generate-records.js'
import { correlation, partitionRows } from '../../helpers/generators.js'
import { columnsOf } from '../../../src/generators/registry.js'
import { inclinometerRates } from '../../helpers/inclinometer.js'

const FACILITIES = Array.from({ length: 12 }, (_, i) => i)

function facilityRows(index: number, count: number, params: Record<string, unknown> = {}, seed = 42) {
  return partitionRows<MonitoringRow>('monitoring', { seed, facilityIndex: index, count, params })
}

describe('monitoring generator', () => {
  it('yields exactly the asked count, with consecutive record indexes and every column in order', () => {
    const { rows, facility } = facilityRows(0, 500, {}, 42)
    expect(rows).toHaveLength(500)
    expect(rows.map((r) => r.record_index)).toEqual(Array.from({ length: 500 }, (_, i) => i))
    const names = columnsOf('monitoring').map((c) => c.name)
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(names)
      expect(row.facility_id).toBe(facility.id)
    }
  })

  it('spaces timestamps exactly one interval apart from the start', () => {
    for (const interval of ['15m', '1h', '1d']) {
      const step = { '15m': 900_000, '1h': 3_600_000, '1d': 86_400_000 }[interval] as number
      const { rows } = facilityRows(1, 300, { interval, start: '2023-05-01T06:00:00Z' })
      rows.forEach((r, k) => expect(r.timestamp).toBe(Date.UTC(2023, 4, 1, 6) + k * step))
    }
  })

  it('never lets cumulative settlement decrease', () => {
    for (const i of FACILITIES) {
      const values = facilityRows(i, 3000)
        .rows.map((r) => r.settlement_mm)
        .filter((v): v is number => v !== null)
      for (let k = 1; k < values.length; k++)
        expect(values[k]).toBeGreaterThanOrEqual(values[k - 1] as number)
    }
  })

  it('correlates pond level and pore pressure strongly at every facility with a pond', () => {
    let checked = 0
    for (const seed of [42, 7, 2024]) {
      for (const i of FACILITIES) {
        const { rows, facility } = facilityRows(i, 730, { interval: '1d', anomalyRate: 0 }, seed)
        // A raise's saw-tooth (tested below) overlays the pond's influence; outside raises and the other
        // physical events, the piezometer follows the pond [domain §A.2].
        if (!facility.has_pond || rows.some((r) => r.event === 'raise')) continue
        const quiet = rows.filter((r) => r.event === null)
        const pond = quiet.map((r) => r.pond_level_m as number)
        const pore = quiet.map((r) => r.pore_pressure_kpa as number)
        expect(correlation(pond, pore), `seed ${seed} facility ${i}`).toBeGreaterThan(0.75)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(5)
  })

  it('derives freeboard from crest and pond level, and leaves both empty without a pond', () => {
    for (const i of FACILITIES) {
      const { rows, facility } = facilityRows(i, 400, { anomalyRate: 0 })
      for (const r of rows) {
        if (!facility.has_pond) {
          expect([r.pond_level_m, r.freeboard_m]).toEqual([null, null])
          continue
        }
        const crest = (r.freeboard_m as number) + (r.pond_level_m as number)
        expect(crest).toBeGreaterThanOrEqual(facility.crest_elevation_m - 0.011)
      }
    }
  })

  it('sets status and TARP level from the thresholds, with the confirmation and hysteresis the parameters give', () => {
    const params = {
      clearAfter: 2,
      confirmAfter: 2,
      anomalyRate: 0.05,
      thresholds: {
        freeboard: { alert: 3.5, alarm: 2.5, emergency: 1.5 },
        turbidity: { alert: 6, alarm: 12, emergency: 40 },
        inclinometerRate: { alert: 0.5, alarm: 2, emergency: 20 },
      },
    }
    let escalations = 0
    let inclinometerTriggers = 0
    for (const i of FACILITIES) {
      const { rows, facility } = facilityRows(i, 2000, params)
      const rates = inclinometerRates(rows, 1 / 24)
      let level = 0
      let trigger: string | null = null
      let below = 0
      const recent: number[] = []
      for (const r of rows) {
        if (r.trigger_parameter === 'inclinometer_mm') inclinometerTriggers++
        if (r.anomaly === 'missing') {
          below = 0
        } else {
          // An independent reading of the rules: each parameter's level, the highest wins, ties by order.
          const candidates: [number, string][] = []
          if (r.freeboard_m !== null) {
            const f = r.freeboard_m
            candidates.push([f < 1.5 ? 3 : f < 2.5 ? 2 : f < 3.5 ? 1 : 0, 'freeboard_m'])
          }
          const ratio = (r.pore_pressure_kpa as number) / r.pore_pressure_expected_kpa
          candidates.push([ratio > 1.5 ? 3 : ratio > 1.25 ? 2 : ratio > 1.1 ? 1 : 0, 'pore_pressure_kpa'])
          const seep = (r.seepage_l_s as number) / facility.baseline_seepage_l_s
          candidates.push([seep > 2 ? 3 : seep > 1.5 ? 2 : seep > 1.25 ? 1 : 0, 'seepage_l_s'])
          const t = r.turbidity_ntu as number
          candidates.push([t > 40 ? 3 : t > 12 ? 2 : t > 6 ? 1 : 0, 'turbidity_ntu'])
          const v = rates[r.record_index]
          if (v != null) candidates.push([v > 20 ? 3 : v > 2 ? 2 : v > 0.5 ? 1 : 0, 'inclinometer_mm'])
          let raw = 0
          let rawTrigger: string | null = null
          for (const [l, name] of candidates) {
            if (l > raw) {
              raw = l
              rawTrigger = name
            }
          }
          // Escalation to the level held by the last two readings; clearing after two readings below.
          recent.push(raw)
          if (recent.length > 2) recent.shift()
          const sustained = recent.length < 2 ? 0 : Math.min(...recent)
          if (raw === level) {
            trigger = rawTrigger
            below = 0
          } else if (raw > level) {
            below = 0
            if (sustained > level) {
              escalations++
              level = sustained
              trigger = rawTrigger
            }
          } else if (++below >= 2) {
            level = raw
            trigger = rawTrigger
            below = 0
          }
        }
        expect(r.tarp_level).toBe(level)
        expect(r.trigger_parameter).toBe(trigger)
        expect(r.status).toBe(level === 0 ? 'normal' : level === 1 ? 'warning' : 'critical')
      }
    }
    expect(escalations).toBeGreaterThan(20)
    expect(inclinometerTriggers).toBeGreaterThan(100)
  })

  it('keeps most readings green under the default thresholds, as the domain reference expects', () => {
    const counts = [0, 0, 0, 0]
    let total = 0
    for (const i of FACILITIES) {
      for (const r of facilityRows(i, 5000).rows) {
        counts[r.tarp_level]!++
        total++
      }
    }
    expect(counts[0]! / total).toBeGreaterThan(0.9)
    expect(counts[0]! / total).toBeLessThan(0.995)
    expect(counts[3]! / total).toBeLessThan(0.005)
  })

  it('labels about the configured share of readings as anomalies, with nothing read during a telemetry gap', () => {
    let labelled = 0
    let total = 0
    for (const i of FACILITIES) {
      for (const r of facilityRows(i, 4000, { anomalyRate: 0.02 }).rows) {
        total++
        if (r.anomaly !== null) labelled++
        if (r.anomaly === 'missing') {
          expect([r.rainfall_mm, r.pond_level_m, r.pore_pressure_kpa, r.seepage_l_s, r.ph]).toEqual([
            null,
            null,
            null,
            null,
            null,
          ])
        }
      }
    }
    // The rate is the share of labelled readings, a drift's every reading included.
    expect(labelled / total).toBeGreaterThan(0.015)
    expect(labelled / total).toBeLessThan(0.025)
    for (const r of facilityRows(2, 2000, { anomalyRate: 0 }).rows) expect(r.anomaly).toBeNull()
  })

  it('never produces NaN or infinite numbers', () => {
    const bad: unknown[] = []
    for (const i of FACILITIES) {
      for (const r of facilityRows(i, 1000, { interval: '6h' }).rows) {
        for (const value of Object.values(r))
          if (typeof value === 'number' && !Number.isFinite(value)) bad.push(r)
      }
    }
    expect(bad).toEqual([])
  })

  it('refuses a count that runs past an explicit end, which includes its whole day', () => {
    const params = monitoringGenerator.paramsSchema.parse({
      start: '2024-01-01',
      end: '2024-01-02',
      interval: '1h',
    })
    expect(params.end).toBe('2024-01-02T23:59:59.999Z')
    expect(monitoringGenerator.impliedCount?.(params, 3)).toBe(48 * 3)
    expect(() => monitoringGenerator.assertCount?.(params, 49)).toThrow(/run past --end/)
    expect(() => monitoringGenerator.assertCount?.(params, 48)).not.toThrow()
    const exact = monitoringGenerator.paramsSchema.parse({ start: '2024-01-01', end: '2024-01-02T00:00:00Z' })
    expect(monitoringGenerator.impliedCount?.(exact, 1)).toBe(25)
  })

  it('ends a date range on the last day of --end, with or without --count', () => {
    const spec = (count?: number) =>
      resolveDatasetSpec({
        type: 'monitoring',
        ...(count === undefined ? {} : { count }),
        defaultCount: 1,
        facilities: 5,
        seed: 7,
        parameters: [{ start: '2023-01-01', end: '2023-12-31', interval: '1h' }],
      })
    const lastDay = (count?: number) => {
      let last = 0
      for (const row of generateRecords(spec(count)))
        last = Math.max(last, (row as unknown as MonitoringRow).timestamp)
      return new Date(last).toISOString().slice(0, 10)
    }
    // Without a count: every hour of the year, the last day included.
    expect(spec().count).toBe(365 * 24 * 5)
    expect(lastDay()).toBe('2023-12-31')
    // With a count: 1000 readings per facility spread over the year, not the first 1000 hours.
    expect(spec(5000).params).toMatchObject({ interval: '526m' })
    expect(lastDay(5000)).toBe('2023-12-31')
    // Resolving the stored parameters again changes nothing (resume, verify).
    const again = resolveDatasetSpec({
      type: 'monitoring',
      count: 5000,
      defaultCount: 1,
      facilities: 5,
      seed: 7,
      parameters: [spec(5000).params],
    })
    expect(again.params).toEqual(spec(5000).params)
  })

  it('keeps the output of a count without an end as it was', () => {
    const spec = resolveDatasetSpec({
      type: 'monitoring',
      count: 300,
      defaultCount: 1,
      facilities: 1,
      seed: 7,
      parameters: [{ start: '2023-01-01', interval: '1h' }],
    })
    expect(spec.params).toMatchObject({ interval: '1h' })
    expect(spec.params).not.toHaveProperty('end')
  })

  it('validates its parameters', () => {
    const parse = (input: unknown) => monitoringGenerator.paramsSchema.safeParse(input).success
    expect(parse({})).toBe(true)
    expect(parse({ interval: '90s' })).toBe(false)
    expect(parse({ start: '2024-02-30' })).toBe(false)
    expect(parse({ start: '2024-02-01', end: '2024-01-01' })).toBe(false)
    expect(parse({ anomalyRate: 2 })).toBe(false)
    expect(parse({ thresholds: { freeboard: { alert: 1, alarm: 2 } } })).toBe(false)
    expect(parse({ unknown: 1 })).toBe(false)
  })
})
