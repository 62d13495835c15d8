import { z } from 'zod'
import { UsageError } from '../../errors.js'
import { clamp, monthOfEpochDay, round } from '../../util/numbers.js'
import { CLIMATE_PROFILES, type Commodity } from '../facility/facility-datasets.js'
import type { DataGenerator, Partition, RecordBase } from '../generator.js'
import {
  DEFAULT_START,
  END_AFTER_START,
  dateParam,
  endAfterStart,
  endDateParam,
  intervalParam,
  parseInterval,
} from '../params.js'
import { weightedTable } from '../prng.js'
import {
  evaluateTarp,
  statusOf,
  thresholdsSchema,
  type MonitoringStatus,
  type TriggerParameter,
} from './monitoring-thresholds.js'

export const ANOMALY_KINDS = ['spike', 'drift', 'missing'] as const
export type AnomalyKind = (typeof ANOMALY_KINDS)[number]

/** One reading of a facility's instruments at one timestamp. */
export interface MonitoringRow extends RecordBase {
  readonly timestamp: number
  readonly rainfall_mm: number | null
  readonly pond_level_m: number | null
  readonly freeboard_m: number | null
  readonly pore_pressure_kpa: number | null
  readonly pore_pressure_expected_kpa: number
  readonly settlement_mm: number | null
  readonly seepage_l_s: number | null
  readonly turbidity_ntu: number | null
  readonly ph: number | null
  readonly conductivity_us_cm: number | null
  readonly inclinometer_mm: number | null
  readonly status: MonitoringStatus
  readonly tarp_level: number
  readonly trigger_parameter: TriggerParameter | null
  readonly anomaly: AnomalyKind | null
}

export const monitoringParamsSchema = z
  .strictObject({
    start: dateParam.default(DEFAULT_START),
    /**
     * Optional: without it the series runs as long as the count needs. Inclusive of its day (a date-only end
     * runs through 23:59:59.999 UTC). With a count, the readings are spread over the period (see `fitToCount`).
     */
    end: endDateParam.optional(),
    interval: intervalParam.default('1h'),
    /** Share of readings that carry an injected anomaly (spike, drift start or telemetry gap). */
    anomalyRate: z.number().min(0).max(0.5).default(0.01),
    /** Readings back inside a lower band before a TARP level clears (hysteresis). */
    clearAfter: z.number().int().min(1).max(1000).default(3),
    thresholds: thresholdsSchema,
  })
  .refine(endAfterStart, END_AFTER_START)
export type MonitoringParams = z.output<typeof monitoringParamsSchema>

const DAY_MS = 86_400_000
const YEAR_DAYS = 365.25
const GAMMA_WATER = 9.81 // kPa per m of water head

/** Pond-water pH and electrical conductivity (µS/cm) bands by commodity [E, domain reference §E.2]. */
const WATER_CHEMISTRY: Readonly<Record<Commodity, { ph: number; ec: readonly [number, number] }>> = {
  gold: { ph: 9.0, ec: [2000, 20000] },
  copper: { ph: 9.5, ec: [1500, 6000] },
  coal: { ph: 7.5, ec: [1000, 8000] },
  iron_ore: { ph: 7.8, ec: [300, 2000] },
  pgm: { ph: 8.2, ec: [1500, 6000] },
  zinc_lead: { ph: 8.5, ec: [1500, 6000] },
  nickel: { ph: 8.3, ec: [2000, 15000] },
  diamonds: { ph: 8.0, ec: [500, 3000] },
  uranium: { ph: 7.0, ec: [2000, 10000] },
  bauxite: { ph: 11.5, ec: [10000, 50000] },
  phosphate: { ph: 7.2, ec: [1000, 5000] },
  oil_sands: { ph: 8.2, ec: [1500, 4000] },
  lithium: { ph: 8.5, ec: [5000, 40000] },
}

const ANOMALY_TABLE = weightedTable<AnomalyKind>({ missing: 50, spike: 45, drift: 5 })
const SPIKE_TARGETS = weightedTable({ pore: 50, turbidity: 25, seepage: 25 })

function* generateMonitoring(p: Partition<MonitoringParams>): Generator<MonitoringRow> {
  const { rng, facility: f, params } = p
  const thresholds = params.thresholds
  const dtMs = parseInterval(params.interval) as number
  const dtDays = dtMs / DAY_MS
  const t0 = Date.parse(params.start)
  const startYear = new Date(t0).getUTCFullYear()

  // Weather: a wet/dry day Markov chain with persistence, exponential daily totals scaled to the
  // facility's annual rainfall, and a rain fraction of each wet day for sub-daily steps [E].
  const climate = CLIMATE_PROFILES[f.climate]
  const wetMonth = Array.from({ length: 12 }, (_, m) => climate.wetMonths.includes(m + 1))
  const [pWetSeason, pDrySeason] = climate.wetDayChance
  const nWet = climate.wetMonths.length
  const wetDaysPerYear = 30.44 * (nWet * pWetSeason + (12 - nWet) * pDrySeason)
  const meanWetDayRain = f.annual_rainfall_mm / wetDaysPerYear / 1.06 // 1.06: storm days below
  const persistence = 0.3
  const rainyStepShare = 0.25
  const subDaily = dtDays < 1
  const daysPerStep = subDaily ? 1 : Math.round(dtDays)
  const panCoefficient = rng.range(0.7, 0.8)

  // Pond: managed towards an operating level that rises with the tailings surface; the crest is raised in
  // lifts, so the operating freeboard is a saw-tooth around the design value [E, domain §A.2].
  const hasPond = f.has_pond
  const inPit = f.construction_method === 'in_pit'
  const opFreeboard = f.operating_freeboard_m ?? 0
  const risePerDay = f.rate_of_rise_m_per_yr / YEAR_DAYS
  const lift =
    inPit || risePerDay === 0 ? 0 : Math.min(rng.range(1, 5), Math.max(0.3, 2 * (opFreeboard - 2.3)))
  const raisePeriodDays = lift > 0 ? lift / risePerDay : Number.POSITIVE_INFINITY
  const raisePhase = lift > 0 ? rng.range(0, raisePeriodDays) : 0
  const pitDrop = inPit ? rng.range(5, 30) : 0
  const hOp0 = f.crest_elevation_m - opFreeboard - lift / 2 - pitDrop + risePerDay * raisePhase
  const rainGain = rng.range(2, 6) // pond rise per unit rain depth: (A_pond + C_r·A_catchment) / A_pond
  // The operating level also follows the seasons: ponds are let rise through the wet season and drawn down
  // through the dry one [E]. Peak at the end of the last wet month.
  const seasonalAmplitude = rng.range(0.15, 0.6)
  const lastWetMonth = climate.wetMonths[climate.wetMonths.length - 1] as number
  const seasonalPhase = 30.44 * (lastWetMonth - 0.5) - YEAR_DAYS / 4
  const seasonalOmega = (2 * Math.PI) / YEAR_DAYS
  const managePerStep = 1 - Math.exp(-rng.range(0.05, 0.2) * dtDays)
  const pondNoise = 0.01 * Math.sqrt(dtDays)

  // Piezometer: follows the pond with a lag, plus excess pore pressure from each raise that dissipates.
  const beta = f.construction_method === 'upstream' ? rng.range(0.5, 0.9) : rng.range(0.3, 0.7)
  const baseRatio = f.construction_method === 'upstream' ? rng.range(0.93, 1.03) : rng.range(0.8, 0.98)
  const porePressureLag = 1 - Math.exp(-dtDays / rng.range(0.5, 5))
  const raiseDissipation = Math.exp(-dtDays / rng.range(30, 180))
  const infiltrationDecay = Math.exp(-dtDays / rng.range(5, 20))
  // Rain infiltration: +3 % of design per 50 mm of antecedent rain without a pond; where a pond sets the
  // phreatic surface, infiltration adds little [E].
  const infiltrationGain = ((hasPond ? 0.003 : 0.03) * f.design_pore_pressure_kpa) / 50
  const closedDecline = f.status === 'closed' ? rng.range(0.01, 0.04) : 0 // share of design lost per year

  // Settlement: log-time consolidation after each raise and a slow base creep [E, domain §A.1].
  const hasEmbankment = !inPit
  const raiseSettlement = f.construction_method === 'dry_stack' ? [5, 20] : [20, 80]
  const creepC = rng.range(10, 60)
  const ageDays = Math.max(1, startYear - f.construction_year) * YEAR_DAYS
  const raiseTimes: number[] = []
  const raiseC: number[] = []
  const inclinometerRate =
    (f.construction_method === 'upstream' ? rng.range(1, 10) : rng.range(0.5, 5)) / YEAR_DAYS

  // Seepage: follows the pond with a longer lag, plus quickflow after rain.
  const seepageLag = 1 - Math.exp(-dtDays / rng.range(5, 20))
  const seepageGain = rng.range(0.1, 0.5) // share of baseline per metre of head
  const quickflowDecay = Math.exp(-dtDays / 0.25)
  const quickflowGain = f.baseline_seepage_l_s * rng.range(0.002, 0.008)
  const closedSeepageTau = rng.range(5, 15) * YEAR_DAYS
  const turbidityBase = rng.range(1, 5)

  // Water chemistry.
  const chemistry = WATER_CHEMISTRY[f.commodity]
  const phMean = chemistry.ph + rng.gaussian(0, 0.3)
  const ecBase = rng.range(chemistry.ec[0], chemistry.ec[1])
  const phPersistence = Math.exp(-dtDays / 3)
  const dilutionDecay = Math.exp(-dtDays / 10)

  // State.
  let wetDay = false
  let dayRain = 0
  let currentDay = Number.NaN
  let monthWet = false
  let h = hOp0 + rng.gaussian(0, 0.1)
  let hLagged = h
  let hSeep = h
  let raiseIndex = lift > 0 ? Math.floor(raisePhase / raisePeriodDays) : 0
  let excessPressure = 0
  let antecedent = 0
  let quickflow = 0
  let settlement = rng.range(20, 400)
  let settlementReported = Number.NEGATIVE_INFINITY
  const inclinometerStart = rng.range(0, 30)
  let phDeviation = 0
  let dilution = 0
  let driftSteps = 0
  let driftRate = 0
  let driftOffset = 0
  let level = 0
  let trigger: TriggerParameter | null = null
  let belowCount = 0

  let index = p.firstRecordIndex
  for (let k = 0; k < p.count; k++, index++) {
    const t = t0 + k * dtMs
    const tDays = k * dtDays

    // Rainfall for this step.
    let rain = 0
    const day = Math.floor(t / DAY_MS)
    if (subDaily) {
      if (day !== currentDay) {
        currentDay = day
        monthWet = wetMonth[monthOfEpochDay(day)] as boolean
        const pBase = monthWet ? pWetSeason : pDrySeason
        wetDay = rng.chance(wetDay ? pBase + persistence * (1 - pBase) : pBase * (1 - persistence))
        dayRain = wetDay ? rng.exponential(meanWetDayRain) * (rng.chance(0.03) ? 3 : 1) : 0
      }
      if (wetDay && rng.chance(rainyStepShare))
        rain = (dayRain * dtDays * rng.exponential(1)) / rainyStepShare
    } else {
      monthWet = wetMonth[monthOfEpochDay(day)] as boolean
      const pBase = monthWet ? pWetSeason : pDrySeason
      for (let d = 0; d < daysPerStep; d++) {
        wetDay = rng.chance(wetDay ? pBase + persistence * (1 - pBase) : pBase * (1 - persistence))
        if (wetDay) rain += rng.exponential(meanWetDayRain) * (rng.chance(0.03) ? 3 : 1)
      }
    }
    rain = Math.round(rain * 5) / 5 // 0.2 mm tipping bucket
    const evaporation = climate.evaporation[monthWet ? 0 : 1] * panCoefficient * dtDays

    // Raises.
    let crest = f.crest_elevation_m
    if (lift > 0) {
      const r = Math.floor((tDays + raisePhase) / raisePeriodDays)
      crest += lift * r
      if (r > raiseIndex) {
        raiseIndex = r
        excessPressure += rng.range(0.02, 0.08) * 18 * lift
        raiseTimes.push(tDays)
        raiseC.push(rng.range(raiseSettlement[0] as number, raiseSettlement[1] as number))
        if (raiseTimes.length > 4) {
          raiseTimes.shift()
          raiseC.shift()
        }
      }
    }
    const hOp =
      hOp0 + risePerDay * tDays + seasonalAmplitude * Math.sin(seasonalOmega * (t / DAY_MS - seasonalPhase))

    // Pond, piezometer and seepage state.
    antecedent = antecedent * infiltrationDecay + rain
    quickflow = quickflow * quickflowDecay + rain * quickflowGain
    excessPressure *= raiseDissipation
    dilution = dilution * dilutionDecay + (rain / 1000) * 2
    const years = tDays / YEAR_DAYS
    let pond: number | null = null
    let freeboard: number | null = null
    let expected = f.design_pore_pressure_kpa
    let pore: number
    let seepage: number
    if (hasPond) {
      h += (rainGain * rain - evaporation) / 1000 + managePerStep * (hOp - h) + pondNoise * rng.normal()
      hLagged += (h - hLagged) * porePressureLag
      hSeep += (h - hSeep) * seepageLag
      pond = round(h + 0.004 * rng.normal(), 2)
      freeboard = round(crest - pond, 2)
      expected = f.design_pore_pressure_kpa + beta * GAMMA_WATER * (hOp - hOp0)
      pore =
        baseRatio * expected +
        beta * GAMMA_WATER * (hLagged - hOp) +
        excessPressure +
        infiltrationGain * antecedent
      seepage = f.baseline_seepage_l_s * (1 + seepageGain * (hSeep - hOp) + 0.1 * (1 - Math.exp(-years / 10)))
    } else {
      pore = f.design_pore_pressure_kpa * (baseRatio - closedDecline * years) + infiltrationGain * antecedent
      seepage = f.baseline_seepage_l_s * (1 + 0.002 * antecedent)
    }
    if (f.status === 'closed') seepage *= Math.exp(-tDays / closedSeepageTau)
    pore += 0.3 * rng.normal()
    seepage = seepage * (1 + 0.03 * rng.normal()) + quickflow
    let turbidity = turbidityBase * Math.exp(0.15 * rng.normal()) + (30 * quickflow) / f.baseline_seepage_l_s

    // Settlement and inclinometer.
    let settlementValue: number | null = null
    let inclinometer: number | null = null
    if (hasEmbankment) {
      let rate = creepC / (Math.LN10 * (ageDays + tDays))
      for (let i = 0; i < raiseTimes.length; i++) {
        rate += (raiseC[i] as number) / (Math.LN10 * (10 + tDays - (raiseTimes[i] as number)))
      }
      settlement += rate * dtDays
      // Survey noise, but a reported cumulative settlement never goes back.
      settlementReported = Math.max(settlementReported, round(settlement + 0.5 * rng.normal(), 1))
      settlementValue = settlementReported
      inclinometer = round(inclinometerStart + inclinometerRate * tDays + 0.3 * rng.normal(), 1)
    }

    phDeviation = phDeviation * phPersistence + 0.05 * rng.normal()
    const ph = clamp(round(phMean + phDeviation - 0.5 * Math.min(dilution, 0.3), 2), 1, 14)
    const season = monthWet ? 0.95 : 1.1
    const conductivity = Math.round(
      ecBase * season * (1 - Math.min(dilution, 0.3)) * Math.exp(0.01 * rng.normal()),
    )

    // Injected anomalies [E, domain §A.2 data-quality artefacts].
    let anomaly: AnomalyKind | null = null
    if (driftSteps > 0) {
      driftSteps--
      driftOffset += driftRate * dtDays
      anomaly = 'drift'
    } else {
      driftOffset = 0
    }
    if (rng.chance(params.anomalyRate)) {
      anomaly = rng.weighted(ANOMALY_TABLE)
      if (anomaly === 'spike') {
        const target = rng.weighted(SPIKE_TARGETS)
        if (target === 'pore')
          pore += (rng.chance(0.7) ? 1 : -1) * Math.min(50, rng.range(0.05, 0.35) * expected)
        else if (target === 'turbidity') turbidity *= rng.range(3, 20)
        else seepage *= rng.range(1.3, 1.9)
      } else if (anomaly === 'drift') {
        driftSteps = Math.max(1, Math.round(rng.range(0.5, 3) / dtDays))
        driftRate = (rng.chance(0.7) ? 1 : -1) * rng.range(1, 5)
      }
    }
    pore += driftOffset
    const poreValue = round(Math.max(0, pore), 1)
    const seepageValue = round(Math.max(0.01, seepage), 2)
    const turbidityValue = round(turbidity, 1)

    if (anomaly === 'missing') {
      // A telemetry gap: nothing was read, so the TARP level cannot change.
      belowCount = 0
      yield {
        record_index: index,
        facility_id: f.id,
        timestamp: t,
        rainfall_mm: null,
        pond_level_m: null,
        freeboard_m: null,
        pore_pressure_kpa: null,
        pore_pressure_expected_kpa: round(expected, 1),
        settlement_mm: null,
        seepage_l_s: null,
        turbidity_ntu: null,
        ph: null,
        conductivity_us_cm: null,
        inclinometer_mm: null,
        status: statusOf(level),
        tarp_level: level,
        trigger_parameter: trigger,
        anomaly,
      }
      continue
    }

    const raw = evaluateTarp(
      thresholds,
      freeboard,
      poreValue,
      round(expected, 1),
      seepageValue,
      f.baseline_seepage_l_s,
      turbidityValue,
    )
    if (raw.level >= level) {
      level = raw.level
      trigger = raw.trigger
      belowCount = 0
    } else if (++belowCount >= params.clearAfter) {
      level = raw.level
      trigger = raw.trigger
      belowCount = 0
    }

    yield {
      record_index: index,
      facility_id: f.id,
      timestamp: t,
      rainfall_mm: rain,
      pond_level_m: pond,
      freeboard_m: freeboard,
      pore_pressure_kpa: poreValue,
      pore_pressure_expected_kpa: round(expected, 1),
      settlement_mm: settlementValue,
      seepage_l_s: seepageValue,
      turbidity_ntu: turbidityValue,
      ph,
      conductivity_us_cm: conductivity,
      inclinometer_mm: inclinometer,
      status: statusOf(level),
      tarp_level: level,
      trigger_parameter: trigger,
      anomaly,
    }
  }
}

function stepsInRange(params: MonitoringParams): number | undefined {
  if (params.end === undefined) return undefined
  const dtMs = parseInterval(params.interval) as number
  return Math.floor((Date.parse(params.end) - Date.parse(params.start)) / dtMs) + 1
}

/**
 * With both an end and a count that leaves room to spare, the readings are spread over the whole period, as
 * every other type spreads its records: the interval widens (in whole minutes) so the last reading falls near
 * the end. Without an end, or with a count that fills the period, the parameters stay as they are.
 */
function fitToCount(params: MonitoringParams, perFacility: number): MonitoringParams {
  const steps = stepsInRange(params)
  if (params.end === undefined || steps === undefined || perFacility >= steps || perFacility < 2)
    return params
  const period = Date.parse(params.end) - Date.parse(params.start)
  const minutes = Math.min(366 * 1440, Math.floor(period / (perFacility - 1) / 60_000))
  return { ...params, interval: `${minutes}m` }
}

/**
 * Instrument time series per facility: rainfall, pond level, freeboard, piezometer pore pressure,
 * settlement, seepage, inclinometer and water quality, with TARP status from configurable thresholds.
 */
export const monitoringGenerator: DataGenerator<MonitoringRow, MonitoringParams> = {
  // 2: a date-only end includes its day, and a count with an end spreads the readings over the period.
  version: 2,
  description: 'Instrument readings per facility at a fixed interval, with TARP status',
  paramsSchema: monitoringParamsSchema,
  impliedCount(params, facilities) {
    const steps = stepsInRange(params)
    return steps === undefined ? undefined : steps * facilities
  },
  fitToCount,
  assertCount(params, perFacility) {
    const steps = stepsInRange(params)
    if (steps !== undefined && perFacility > steps) {
      throw new UsageError(
        `${perFacility} monitoring readings per facility at ${params.interval} from ${params.start} run past --end ${params.end} (room for ${steps}); lower --count, widen --interval or move --end`,
      )
    }
  },
  generate: generateMonitoring,
}
