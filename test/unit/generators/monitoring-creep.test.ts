import { beforeAll, describe, expect, it } from 'vitest'
import type { MonitoringRow } from '../../../src/generators/monitoring/monitoring-generator.js'
import {
  TRIGGER_PARAMETERS,
  evaluateTarp,
  inclinometerWindow,
  thresholdsSchema,
} from '../../../src/generators/monitoring/monitoring-thresholds.js'
import { facilityEvents } from '../../../src/generators/events/event-timeline.js'
import { partitionRows } from '../../helpers/generators.js'
import { inclinometerRates } from '../../helpers/inclinometer.js'

// The inclinometer as a TARP trigger (domain §A.3: shear-zone rate green < 1 mm/month, amber 1–5, red > 5,
// emergency > 5 mm/day) and the `creep` label, over thousands of facility-years at 1 d.

const FACILITIES = 300
const YEARS = 10
const DAYS = Math.round(YEARS * 365.25)
const DAY = 86_400_000
const START = '2015-01-01'

interface Stats {
  readings: number
  /** Readings whose TARP level the inclinometer set, by level. */
  triggered: number[]
  /** Of those, readings with no pore pressure over its expected value within the rate's window. */
  triggeredWithoutPore: string[]
  /** Level ≥ 2 set by the inclinometer outside a linked event of the facility's timeline. */
  alarmOutsideEvents: string[]
  creep: number
  /** `creep` readings whose rate (from the readings) is under the alert rate by 5σ of its survey noise. */
  creepSlow: string[]
  /** Readings whose rate is clearly accelerated (1.5 mm/month, 2.3× the highest base rate) and no label. */
  fastUnlabelled: string[]
  fast: number
}

let stats: Stats

beforeAll(() => {
  const s: Stats = {
    readings: 0,
    triggered: [0, 0, 0, 0],
    triggeredWithoutPore: [],
    alarmOutsideEvents: [],
    creep: 0,
    creepSlow: [],
    fastUnlabelled: [],
    fast: 0,
  }
  const { block, span } = inclinometerWindow(1)
  for (let i = 0; i < FACILITIES; i++) {
    const { rows, facility } = partitionRows<MonitoringRow>('monitoring', {
      seed: 42,
      facilityIndex: i,
      count: DAYS,
      params: { interval: '1d', start: START },
    })
    const startDay = Date.parse(START) / DAY
    const linked = new Set(
      facilityEvents(42, facility, 'baseline', startDay, startDay, startDay + DAYS).map((e) => e.id),
    )
    const rates = inclinometerRates(rows, 1)
    for (const [k, r] of rows.entries()) {
      s.readings++
      const rate = rates[k]
      if (r.event === 'creep') {
        s.creep++
        if (rate !== null && rate !== undefined && rate < 1 - 0.5)
          s.creepSlow.push(`${i}:${k} ${rate.toFixed(2)} ${r.anomaly}`)
      }
      if (rate !== null && rate !== undefined && rate > 1.5 && r.anomaly === null) {
        s.fast++
        if (r.event === null) s.fastUnlabelled.push(`${i}:${k} ${rate.toFixed(2)}`)
      }
      if (r.trigger_parameter !== 'inclinometer_mm') continue
      s.triggered[r.tarp_level]!++
      let pore = 0
      for (const w of rows.slice(Math.max(0, k - span - block + 1), k + 1))
        if (w.pore_pressure_clean_kpa !== null)
          pore = Math.max(pore, w.pore_pressure_clean_kpa / w.pore_pressure_expected_kpa)
      if (pore <= 1) s.triggeredWithoutPore.push(`${i}:${k} ${pore.toFixed(3)}`)
      if (r.tarp_level >= 2 && (r.event_id === null || !linked.has(r.event_id)))
        s.alarmOutsideEvents.push(`${i}:${k} ${r.event} ${r.event_id}`)
    }
  }
  stats = s
}, 180_000)

describe('the inclinometer as a TARP trigger over thousands of facility-years', () => {
  it('covers thousands of facility-years, where the shear-zone rate sets amber and red levels', () => {
    expect((FACILITIES * YEARS) / 1).toBeGreaterThanOrEqual(3000)
    expect(stats.triggered[1]).toBeGreaterThan(1000)
    expect(stats.triggered[2]).toBeGreaterThan(50)
  })

  it('triggers only where pore pressure rose over its expected value within the rate window (creep accelerates with pore pressure)', () => {
    expect(stats.triggeredWithoutPore).toEqual([])
  })

  it('sets level 2 or 3 only inside a linked event of the facility, whose id the readings carry', () => {
    expect(stats.alarmOutsideEvents).toEqual([])
  })

  it('labels accelerated creep `creep`, and leaves no clearly accelerated reading unlabelled', () => {
    expect(stats.creep).toBeGreaterThan(1000)
    expect(stats.creepSlow).toEqual([])
    expect(stats.fast).toBeGreaterThan(1000)
    expect(stats.fastUnlabelled).toEqual([])
  })
})

describe('inclinometer TARP thresholds', () => {
  it('defaults to domain §A.3 (1 / 5 / 150 mm/month) and takes partial overrides', () => {
    expect(thresholdsSchema.parse(undefined).inclinometerRate).toEqual({ alert: 1, alarm: 5, emergency: 150 })
    expect(thresholdsSchema.parse({ inclinometerRate: { alarm: 8 } }).inclinometerRate).toEqual({
      alert: 1,
      alarm: 8,
      emergency: 150,
    })
  })

  it('rejects levels that do not rise, non-positive rates and unknown keys, each with a clear message', () => {
    const error = (value: unknown) => thresholdsSchema.safeParse({ inclinometerRate: value }).error?.message
    expect(error({ alert: 6 })).toMatch(/levels must rise: alert < alarm < emergency/)
    expect(error({ alarm: 200 })).toMatch(/levels must rise/)
    expect(error({ alert: 0 })).toMatch(/inclinometerRate/)
    expect(error({ warning: 2 })).toMatch(/warning/)
  })

  it('evaluates the rate above each level, and breaks ties in favour of the parameters listed before it', () => {
    const t = thresholdsSchema.parse(undefined)
    const at = (rate: number | null, pore = 100) => evaluateTarp(t, null, pore, 100, null, 1, null, rate)
    expect(TRIGGER_PARAMETERS.at(-1)).toBe('inclinometer_mm')
    expect(at(null)).toEqual({ level: 0, trigger: null })
    expect(at(1)).toEqual({ level: 0, trigger: null })
    expect(at(1.01)).toEqual({ level: 1, trigger: 'inclinometer_mm' })
    expect(at(5.5)).toEqual({ level: 2, trigger: 'inclinometer_mm' })
    expect(at(151)).toEqual({ level: 3, trigger: 'inclinometer_mm' })
    // Pore pressure at its alert (1.2 × expected) ties with an amber rate: the piezometer is listed first.
    expect(at(2, 120)).toEqual({ level: 1, trigger: 'pore_pressure_kpa' })
    expect(at(6, 120)).toEqual({ level: 2, trigger: 'inclinometer_mm' })
  })

  it('takes the rate over 30 days at sub-daily intervals, longer where few readings are averaged', () => {
    expect(inclinometerWindow(1 / 24)).toEqual({ block: 24, span: 720 })
    expect(inclinometerWindow(1 / 96)).toEqual({ block: 96, span: 2880 })
    expect(inclinometerWindow(1)).toEqual({ block: 7, span: 49 })
  })
})
