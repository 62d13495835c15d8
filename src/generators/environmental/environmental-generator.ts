import { z } from 'zod'
import { clamp, monthOfEpochDay, round } from '../../util/numbers.js'
import { siteClimate } from '../monitoring/monitoring-climate.js'
import type { Facility } from '../facility/facility-generator.js'
import type { RowOf } from '../columns.js'
import type { DataGenerator, FacilityContext, Partition } from '../generator.js'
import { deriveSeed } from '../derive-seed.js'
import type { ENVIRONMENTAL_COLUMNS } from './environmental-type.js'
import { END_AFTER_START, cadenceParam, dateRangeShape, endAfterStart, isNaturalCadence } from '../params.js'
import type { Prng } from '../prng.js'
import {
  AMD_SEEPAGE,
  ANZG_HARDNESS_EXPONENT,
  BACKGROUND_GROUNDWATER,
  BACKGROUND_STREAM,
  CYANIDE_CODE,
  ENV_PARAMETERS,
  GUIDELINES,
  LAB_SUFFIXES,
  METALS,
  P,
  PARAMETER_COUNT,
  POND_WATER,
  REPORTING,
  SA_RESIDENTIAL_DUSTFALL,
  SEEPAGE_INTERVAL_DAYS,
  STATION_PROFILES,
  isAcidGenerating,
  isHypersaline,
  type Band,
  type EnvParameter,
  type GuidelineSource,
  type Medium,
  type QaFlag,
  type StationType,
  type WaterBands,
} from './environmental-datasets.js'
import { scenarioParam } from '../scenario.js'
import type { LinkedEventKind } from '../events/event-timeline.js'
import { eventsOfPeriod } from '../events/linked-records.js'

/** One parameter of one environmental sample (long format). */
export type EnvironmentalRow = RowOf<typeof ENVIRONMENTAL_COLUMNS>

/** Parameters of the environmental generator; `{}` gives calendar 2024 with air monitoring and 5 % QA samples. */
export const environmentalParamsSchema = z
  .strictObject({
    ...dateRangeShape,
    scenario: scenarioParam,
    cadence: cadenceParam,
    /** Include air-quality samplers and dust-deposition gauges. */
    airQuality: z.boolean().default(true),
    /** Share of water samples followed by a QA sample (two blind field duplicates to one field blank). */
    qaRate: z.number().min(0).max(0.2).default(0.05),
  })
  .refine(endAfterStart, END_AFTER_START)
export type EnvironmentalParams = z.output<typeof environmentalParamsSchema>

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000
const YEAR_MS = 365.25 * DAY_MS
const LN10 = Math.LN10
const SUSPECT_RATE = 0.002 // lab-flagged results (contamination, transcription) [E]
const SALINE_LOR_EC = 15_000 // above this EC the lab dilutes the sample and metals LORs rise ×10 [E]

const WATER = 0
const AIR = 1
const DUST = 2

const WATER_PARAMETERS = [
  P.ph,
  P.ec,
  P.tds,
  P.sulfate,
  P.tss,
  P.turbidity,
  P.arsenic,
  P.copper,
  P.zinc,
  P.cadmium,
  P.lead,
  P.mercury,
  P.nickel,
  P.selenium,
]
const BAND_KEYS: readonly (readonly [number, keyof WaterBands])[] = [
  [P.ph, 'ph'],
  [P.ec, 'ec'],
  [P.sulfate, 'sulfate'],
  [P.tss, 'tss'],
  [P.turbidity, 'turbidity'],
  [P.arsenic, 'arsenic'],
  [P.copper, 'copper'],
  [P.zinc, 'zinc'],
  [P.cadmium, 'cadmium'],
  [P.lead, 'lead'],
  [P.mercury, 'mercury'],
  [P.nickel, 'nickel'],
  [P.selenium, 'selenium'],
  [P.cyanideWad, 'cyanideWad'],
]

/** Temporal variability and event response of a water medium [E]. */
interface MediumBehaviour {
  /** Log-sd of the salinity latent (EC, TDS, sulfate). */
  readonly salt: number
  /** Lag-one autocorrelation of the salinity latent between samples. */
  readonly persistence: number
  readonly metal: number
  readonly tss: number
  readonly ph: number
  /** Largest wet-season dilution, in log units. */
  readonly dilution: number
  /** Chance that a wet-season sample catches a storm (dilutes EC, raises TSS). */
  readonly storm: number
}

const BEHAVIOUR: Readonly<Partial<Record<Medium, MediumBehaviour>>> = {
  process_water: { salt: 0.25, persistence: 0.5, metal: 0.5, tss: 0.6, ph: 0.25, dilution: 0.25, storm: 0.1 },
  seepage: { salt: 0.25, persistence: 0.6, metal: 0.5, tss: 0.5, ph: 0.2, dilution: 0.3, storm: 0.15 },
  groundwater: { salt: 0.12, persistence: 0.85, metal: 0.35, tss: 0.4, ph: 0.1, dilution: 0.05, storm: 0 },
  surface_water: { salt: 0.35, persistence: 0.3, metal: 0.45, tss: 0.6, ph: 0.2, dilution: 0.5, storm: 0.2 },
}

/** A sampling location and everything its samples are drawn from, fixed at partition start. */
interface Station {
  readonly id: string
  readonly type: StationType
  readonly medium: Medium
  readonly kind: number
  readonly parameters: readonly number[]
  /** Median concentration (pH: mean) per parameter index. */
  readonly median: Float64Array
  readonly guideline: readonly (number | null)[]
  readonly guidelineMin: readonly (number | null)[]
  readonly source: readonly (GuidelineSource | null)[]
  readonly behaviour: MediumBehaviour
  readonly nominalMs: number
  readonly phase: number
  /** Metals rise by 10^(slope × pH drop); steeper in acid water [E]. */
  readonly metalPhSlope: number
  readonly tdsRatio: number
  readonly turbidityPerTss: number
  readonly freeCyanideShare: number
  /** Log change of EC and sulfate per year: a plume arriving at a down-gradient bore [E]. */
  readonly trendPerYear: number
  readonly pm25Ratio: number
  readonly tspRatio: number
  readonly eventChance: number
  readonly lab: string
  intervalMs: number
  taken: number
  latent: number
}

/** A log-uniform draw: station medians stay inside a band, with no far tail. */
function logUniform(rng: Prng, lo: number, hi: number): number {
  return lo * Math.exp(rng.float() * Math.log(hi / lo))
}

/** Median of a band, drawn per station: half of the band's spread is between sites, the rest over time. */
function siteMedian(rng: Prng, band: Band, isPh: boolean): number {
  const [lo, hi] = band
  if (isPh) return (lo + hi) / 2 + 0.5 * ((hi - lo) / 2.563) * rng.normal()
  return Math.sqrt(lo * hi) * Math.exp((0.5 * Math.log(hi / lo) * rng.normal()) / 2.563)
}

function drawMedians(rng: Prng, bands: WaterBands): Float64Array {
  const m = new Float64Array(PARAMETER_COUNT)
  for (const [index, key] of BAND_KEYS) m[index] = siteMedian(rng, bands[key], index === P.ph)
  return m
}

/** `bg + share × (source − bg)` for every parameter in `indexes`. */
function mix(
  target: Float64Array,
  bg: Float64Array,
  source: Float64Array,
  share: number,
  indexes: readonly number[],
) {
  for (const i of indexes) target[i] = (bg[i] as number) + share * ((source[i] as number) - (bg[i] as number))
}

function waterSource(medium: Medium, country: string): GuidelineSource {
  // Pond water is compared with what it may be used for or released as: stock and wildlife watering in
  // Australia, mine effluent elsewhere; receiving waters with the national freshwater or drinking water
  // values [E].
  if (medium === 'process_water') return country === 'AU' ? 'ANZECC livestock' : 'IFC'
  if (medium === 'seepage') return 'IFC'
  if (medium === 'groundwater')
    return country === 'AU' ? 'ANZECC livestock' : country === 'US' ? 'US EPA MCL' : 'WHO'
  return country === 'AU' || country === 'PG' ? 'ANZG 95 %' : country === 'US' ? 'US EPA MCL' : 'WHO'
}

function airSource(country: string): GuidelineSource {
  return country === 'AU' ? 'NEPM' : country === 'US' ? 'US NAAQS' : 'WHO AQG 2021'
}

interface GuidelineTables {
  guideline: (number | null)[]
  guidelineMin: (number | null)[]
  source: (GuidelineSource | null)[]
}

function guidelinesFor(
  rng: Prng,
  f: Facility,
  medium: Medium,
  parameters: readonly number[],
  hardness: number,
): GuidelineTables {
  const tables: GuidelineTables = {
    guideline: new Array<number | null>(PARAMETER_COUNT).fill(null),
    guidelineMin: new Array<number | null>(PARAMETER_COUNT).fill(null),
    source: new Array<GuidelineSource | null>(PARAMETER_COUNT).fill(null),
  }
  const country = f.country_code
  const set = (i: number, source: GuidelineSource, value: number | Band | undefined) => {
    if (value === undefined) return
    if (typeof value === 'number') tables.guideline[i] = value
    else [tables.guidelineMin[i], tables.guideline[i]] = value
    tables.source[i] = source
  }
  const source =
    medium === 'air' ? airSource(country) : medium === 'dust' ? null : waterSource(medium, country)
  for (const i of parameters) {
    const name = ENV_PARAMETERS[i] as EnvParameter
    if (medium === 'dust') {
      if (country === 'ZA' && i === P.dustfall) {
        // Gauges next to a community are held to the residential limit, the rest to the industrial one.
        set(i, 'SA NDCR', rng.chance(0.5) ? SA_RESIDENTIAL_DUSTFALL : GUIDELINES['SA NDCR'].dustfall)
      } else if (country === 'AU') {
        set(i, 'NSW EPA', GUIDELINES['NSW EPA'][name])
      }
      continue
    }
    if (source === null) continue
    // Drinking-water turbidity (WHO 5 NTU, the US treatment trigger) is for treated water, not streams: a
    // receiving water's turbidity is compared only where a freshwater value exists (ANZG) [domain §E.1].
    if (i === P.turbidity && medium === 'surface_water' && source !== 'ANZG 95 %') continue
    let value = GUIDELINES[source][name]
    const exponent = ANZG_HARDNESS_EXPONENT[name]
    if (source === 'ANZG 95 %' && exponent !== undefined && typeof value === 'number') {
      value = round(value * (hardness / 30) ** exponent, 2)
    }
    if (i === P.cyanideWad && medium === 'process_water') set(i, 'Cyanide Code', CYANIDE_CODE.pondWad)
    else if (i === P.cyanideWad && medium === 'seepage') set(i, 'Cyanide Code', CYANIDE_CODE.dischargeWad)
    else if (i === P.cyanideFree && medium === 'surface_water' && source !== 'ANZG 95 %') {
      set(i, 'Cyanide Code', CYANIDE_CODE.receivingFree)
    } else set(i, source, value)
  }
  return tables
}

/**
 * A facility's sampling stations and text pools, drawn in the same order by `generate` and `naturalCount`.
 */
function environmentalSetup(p: FacilityContext<EnvironmentalParams>) {
  const { rng, faker, facility: f, params } = p
  const t0 = Date.parse(params.start)
  const t1 = Date.parse(params.end)
  const span = t1 - t0

  // Text pools, built once.
  const labs = [0, 1, 2].map(() => `${faker.person.lastName()} ${rng.pick(LAB_SUFFIXES)}`)
  const samplers = Array.from({ length: rng.int(3, 6) }, () => faker.person.fullName())

  // Source terms shared by the facility's stations.
  const gold = f.commodity === 'gold'
  const acid = isAcidGenerating(f)
  const saline = isHypersaline(f)
  const arid = f.climate === 'arid' || f.climate === 'semi_arid'
  const pond = drawMedians(rng, POND_WATER[f.commodity])
  if (saline) {
    pond[P.ec] = (pond[P.ec] as number) * 12
    pond[P.sulfate] = (pond[P.sulfate] as number) * 4
  }
  const neutralSeepage = pondToSeepage(rng, pond)
  const amd = drawMedians(rng, AMD_SEEPAGE)
  amd[P.cyanideWad] = (pond[P.cyanideWad] as number) * rng.range(0.01, 0.05) // HCN volatilises at low pH
  const plumeSource = acid ? amd : neutralSeepage
  const bgGround = drawMedians(rng, BACKGROUND_GROUNDWATER)
  const groundSalinity = saline ? 25 : arid ? 2 : 1
  bgGround[P.ec] = (bgGround[P.ec] as number) * groundSalinity
  bgGround[P.sulfate] = (bgGround[P.sulfate] as number) * Math.sqrt(groundSalinity) * (saline ? 2 : 1)
  const bgStream = drawMedians(rng, BACKGROUND_STREAM)
  const hardness = logUniform(rng, 40, 250) // mg/L CaCO3, for the ANZG hardness-modified values

  const waterParameters = gold ? [...WATER_PARAMETERS, P.cyanideWad, P.cyanideFree] : WATER_PARAMETERS
  const groundParameters = waterParameters.filter((i) => i !== P.tss)
  const seepageDays = rng.pick(SEEPAGE_INTERVAL_DAYS)
  const offsetMs = Math.round(f.longitude / 15) * HOUR_MS // local solar time, for daytime sampling

  const stations: Station[] = []
  const add = (type: StationType, number: number, median: Float64Array, overrides: Partial<Station> = {}) => {
    const profile = STATION_PROFILES[type]
    const medium = profile.medium
    const kind = medium === 'air' ? AIR : medium === 'dust' ? DUST : WATER
    const parameters =
      kind === AIR
        ? [P.pm10, P.pm25, P.tsp]
        : kind === DUST
          ? [f.country_code === 'ZA' ? P.dustfall : P.dustDeposition]
          : medium === 'groundwater'
            ? groundParameters
            : waterParameters
    const nominalDays = type === 'seepage_weir' ? seepageDays : profile.intervalDays
    const tables = guidelinesFor(rng, f, medium, parameters, hardness)
    stations.push({
      id: `${f.code}-${profile.prefix}-${String(number).padStart(2, '0')}`,
      type,
      medium,
      kind,
      parameters,
      median,
      ...tables,
      behaviour: BEHAVIOUR[medium] ?? (BEHAVIOUR.surface_water as MediumBehaviour),
      nominalMs: nominalDays * DAY_MS,
      phase: rng.float(),
      metalPhSlope: (median[P.ph] as number) < 5 ? 0.5 : 0.25,
      tdsRatio: rng.range(0.55, 0.75),
      turbidityPerTss: (median[P.turbidity] as number) / Math.max(0.5, median[P.tss] as number),
      freeCyanideShare: rng.range(0.05, 0.3),
      trendPerYear: 0,
      pm25Ratio: rng.range(0.2, 0.35),
      tspRatio: rng.range(1.6, 2.6),
      eventChance: 0,
      lab: kind === WATER ? (labs[0] as string) : (labs[2] as string),
      intervalMs: 0,
      taken: 0,
      latent: rng.normal(),
      ...overrides,
    })
  }

  const inPit = f.construction_method === 'in_pit'
  const dryStack = f.construction_method === 'dry_stack'
  const size = Math.log2(Math.max(1, f.footprint_ha / 20))
  if (f.has_pond) add('pond_decant', 1, pond)
  const weirs = inPit ? 0 : dryStack ? 1 : clamp(1 + Math.floor(size / 2.5) + rng.int(0, 1), 1, 4)
  for (let w = 1; w <= weirs; w++) {
    // An acid facility's weirs mostly report AMD; a toe drain under fresh tailings may still run neutral.
    const base = acid && (w === 1 || rng.chance(0.7)) ? amd : neutralSeepage
    add('seepage_weir', w, vary(rng, base))
  }
  add('upgradient_bore', 1, bgGround)
  const bores = clamp(2 + Math.floor(size) + (inPit ? 2 : 0) + rng.int(0, 1), 2, 9)
  for (let b = 1; b <= bores; b++) {
    const share = clamp(rng.logNormalBetween(0.02, 0.3), 0.005, 0.6)
    const retardation = rng.range(0.003, 0.05)
    const m = new Float64Array(bgGround)
    mix(m, bgGround, plumeSource, share, [P.ec, P.sulfate, P.cyanideWad])
    mix(m, bgGround, plumeSource, share * retardation, METALS)
    // Aquifer minerals buffer pH: it moves half as far towards the plume as the salts do.
    m[P.ph] =
      (bgGround[P.ph] as number) + 0.5 * share * ((plumeSource[P.ph] as number) - (bgGround[P.ph] as number))
    m[P.cyanideWad] = (m[P.cyanideWad] as number) * retardation
    add('downgradient_bore', b, m, { trendPerYear: rng.range(-0.02, 0.08) })
  }
  add('receiving_water_upstream', 1, bgStream)
  const downstream = f.footprint_ha > 300 ? 2 : 1
  for (let d = 1; d <= downstream; d++) {
    const m = new Float64Array(bgStream)
    const share = logUniform(rng, 0.002, 0.04) / d
    mix(m, bgStream, plumeSource, share, [P.ph, P.ec, P.sulfate, P.cyanideWad, ...METALS])
    add('receiving_water_downstream', d, m)
  }
  if (params.airQuality) {
    const dustiness = (dryStack ? 1.3 : 1) * (arid ? 1.2 : 1)
    const eventChance = 0.01 * (dryStack ? 2 : 1) * (arid ? 2 : 1)
    const airSamplers = 1 + (f.footprint_ha > 200 ? 1 : 0) + (dryStack ? 1 : 0)
    for (let a = 1; a <= airSamplers; a++) {
      const m = new Float64Array(PARAMETER_COUNT)
      m[P.pm10] = logUniform(rng, 10, 30) * dustiness
      add('air_quality', a, m, { eventChance })
    }
    const gauges = 2 + (f.footprint_ha > 200 ? 1 : 0)
    for (let g = 1; g <= gauges; g++) {
      const m = new Float64Array(PARAMETER_COUNT)
      m[P.dustDeposition] = logUniform(rng, 0.6, 2.2) * dustiness
      m[P.dustfall] = logUniform(rng, 80, 300) * dustiness
      add('dust_gauge', g, m, { eventChance: eventChance * 4 })
    }
  }
  return { t0, t1, span, labs, samplers, offsetMs, stations }
}

/**
 * With natural cadence, whether sample `sample` of station `station` is followed by a QA sample: a hash of
 * (seed, facility, station, sample) rather than the record stream, so the count is known before generating.
 */
function naturalQa(p: FacilityContext<EnvironmentalParams>, station: number, sample: number): boolean {
  return deriveSeed(p.seed, 'environmental-qa', p.facility.id, station, sample) / 4294967296 < p.params.qaRate
}

/** Samples a station takes at its nominal cadence (domain §E.2) in a period of `span` ms. */
function nominalSamples(s: Station, span: number): number {
  const first = s.phase * s.nominalMs
  return first > span ? 0 : Math.floor((span - first) / s.nominalMs) + 1
}

/** Records of a facility's stations at their nominal cadence over the period, QA samples included. */
/**
 * The linked events' sampling campaigns in [t0, t1] (events/event-timeline.ts), in time order, and the stations
 * each samples: the first seepage weir, the upstream control and the first downstream station.
 */
function campaignsOf(
  p: FacilityContext<EnvironmentalParams>,
  t0: number,
  t1: number,
  stations: readonly Station[],
) {
  const campaigns = eventsOfPeriod(p).events.filter((e) => e.samplingAt >= t0 && e.samplingAt <= t1)
  const campaignStations = (
    ['seepage_weir', 'receiving_water_upstream', 'receiving_water_downstream'] as const
  )
    .map((type) => stations.find((x) => x.type === type))
    .filter((x): x is Station => x !== undefined)
  return { campaigns, campaignStations }
}

function naturalEnvironmentalCount(p: FacilityContext<EnvironmentalParams>): number {
  const { t0, t1, span, stations } = environmentalSetup(p)
  // Each linked event's campaign: one sample of each of its stations.
  const { campaigns, campaignStations } = campaignsOf(p, t0, t1, stations)
  let total = campaigns.length * campaignStations.reduce((n, s) => n + s.parameters.length, 0)
  for (const [j, s] of stations.entries()) {
    const samples = nominalSamples(s, span)
    total += s.parameters.length * samples
    if (s.kind !== WATER) continue
    for (let k = 0; k < samples; k++) if (naturalQa(p, j, k)) total += s.parameters.length
  }
  return total
}

function* generateEnvironmental(p: Partition<EnvironmentalParams>): Generator<EnvironmentalRow> {
  if (p.count === 0) return
  const { rng, facility: f, params } = p
  const { t0, t1, span, labs, samplers, offsetMs, stations } = environmentalSetup(p)
  const natural = isNaturalCadence(params)

  // The schedule keeps the stations' relative cadence (pond monthly, bores quarterly, …) and is stretched
  // or compressed as a whole so that `count` records span [start, end]; at about 1,500–4,000 records per
  // facility-year the cadence is the nominal one of domain §E.2. QA samples only add records, so the
  // primary schedule alone must hold `count`. With natural cadence the cadence is the nominal one and the
  // count is what it holds (see naturalEnvironmentalCount).
  const count = p.count
  const capacity = (scale: number): number => {
    let total = 0
    for (const s of stations) {
      const interval = s.nominalMs * scale
      const first = s.phase * interval
      if (first <= span) total += s.parameters.length * (Math.floor((span - first) / interval) + 1)
      if (total >= count) return total
    }
    return total
  }
  let rate = 0
  for (const s of stations) rate += s.parameters.length / s.nominalMs
  let scale = natural ? 1 : (rate * span) / count
  for (let i = 0; !natural && i < 400 && capacity(scale * 1.01) >= count; i++) scale *= 1.01
  while (!natural && capacity(scale) < count) scale *= 0.98
  for (const s of stations) s.intervalMs = s.nominalMs * scale

  // The wet season of the site's hemisphere and climate, as the monitoring series has it.
  const wetMonths = siteClimate(f.climate, f.latitude, f.annual_rainfall_mm).wetMonths
  const wetMonth = Array.from({ length: 12 }, (_, m) => wetMonths.includes(m + 1))
  const raw = new Float64Array(PARAMETER_COUNT)
  const duplicate = new Float64Array(PARAMETER_COUNT)
  const qaRate = params.qaRate
  const samplePrefix = `${f.code}-`
  let sampleNumber = 0
  let index = p.firstRecordIndex
  const last = index + count
  // The linked events' sampling campaigns in the period (events/event-timeline.ts), in time order.
  const { campaigns, campaignStations } = campaignsOf(p, t0, t1, stations)
  let nextCampaign = 0

  while (index < last) {
    let s = stations[0] as Station
    let station = 0
    let due = Number.POSITIVE_INFINITY
    for (const [j, candidate] of stations.entries()) {
      const t = (candidate.taken + candidate.phase) * candidate.intervalMs
      if (t < due) {
        due = t
        s = candidate
        station = j
      }
    }
    const campaign = campaigns[nextCampaign]
    if (campaign !== undefined && campaign.samplingAt <= t0 + due) {
      // A linked event's sampling campaign: the first seepage weir, the upstream control and the first
      // downstream station, 20 minutes apart, carrying the storm's sediment or the seepage's salts.
      nextCampaign++
      let t = campaign.samplingAt
      for (const c of campaignStations) {
        const wet = wetMonth[monthOfEpochDay(Math.floor((t + offsetMs) / DAY_MS))] as boolean
        const lorFactor = drawWater(rng, c, raw, wet, (t - t0) / YEAR_MS)
        if (c.type !== 'receiving_water_upstream') eventEffect(rng, campaign.kind, c.type, raw)
        const sampler = rng.pick(samplers)
        const sampleId = samplePrefix + String(++sampleNumber).padStart(6, '0')
        for (const param of c.parameters) {
          if (index === last) return
          yield record(
            rng,
            f,
            c,
            index++,
            sampleId,
            t,
            param,
            raw[param] as number,
            lorFactor,
            null,
            c.lab,
            sampler,
            campaign.id,
          )
        }
        t = Math.min(t1, t + 20 * 60_000)
      }
      continue
    }
    s.taken++
    const t = sampleTime(rng, s, t0 + due, t0, t1, offsetMs)
    const wet = wetMonth[monthOfEpochDay(Math.floor((t + offsetMs) / DAY_MS))] as boolean
    const lorFactor =
      s.kind === WATER ? drawWater(rng, s, raw, wet, (t - t0) / YEAR_MS) : drawAir(rng, s, raw, wet)
    const lab = s.kind === WATER && rng.chance(0.15) ? (labs[1] as string) : s.lab
    const sampler = rng.pick(samplers)
    const sampleId = samplePrefix + String(++sampleNumber).padStart(6, '0')
    for (const param of s.parameters) {
      if (index === last) return
      yield record(
        rng,
        f,
        s,
        index++,
        sampleId,
        t,
        param,
        raw[param] as number,
        lorFactor,
        null,
        lab,
        sampler,
        null,
      )
    }
    if (s.kind !== WATER || !(natural ? naturalQa(p, station, s.taken - 1) : rng.chance(qaRate))) continue

    const qa: QaFlag = rng.chance(2 / 3) ? 'duplicate' : 'blank'
    if (qa === 'duplicate') {
      // Blind field duplicate: same bottle run, field and lab precision of about ±5–10 % [E].
      for (const param of s.parameters) {
        duplicate[param] =
          param === P.ph
            ? (raw[param] as number) + 0.03 * rng.normal()
            : (raw[param] as number) * Math.exp(0.06 * rng.normal())
      }
    } else {
      drawBlank(rng, s, duplicate)
    }
    const qaId = samplePrefix + String(++sampleNumber).padStart(6, '0')
    for (const param of s.parameters) {
      if (index === last) return
      yield record(
        rng,
        f,
        s,
        index++,
        qaId,
        t,
        param,
        duplicate[param] as number,
        lorFactor,
        qa,
        lab,
        sampler,
        null,
      )
    }
  }
}

/**
 * What a linked event puts in a sample below the facility [E]: a storm's runoff carries sediment (TSS and
 * turbidity 3–20 times), a seepage increase or a rising phreatic surface brings more process water (salts up
 * 30–80 % at the weir, a tenth of that downstream), a blocked drain's backed-up water comes out turbid.
 */
function eventEffect(rng: Prng, kind: LinkedEventKind, type: StationType, raw: Float64Array): void {
  const weir = type === 'seepage_weir'
  if (kind === 'storm' || kind === 'drain') {
    const factor = kind === 'storm' ? rng.range(3, 20) : rng.range(1.5, 4)
    raw[P.tss] = (raw[P.tss] as number) * factor
    raw[P.turbidity] = (raw[P.turbidity] as number) * factor
  } else {
    const rise = rng.range(0.3, 0.8) * (weir ? 1 : 0.1)
    raw[P.ec] = (raw[P.ec] as number) * (1 + rise)
    raw[P.sulfate] = (raw[P.sulfate] as number) * (1 + rise)
  }
}

/** Seepage that has passed through the embankment: salts kept, metals partly sorbed, pH a little lower [E]. */
function pondToSeepage(rng: Prng, pond: Float64Array): Float64Array {
  const m = new Float64Array(pond)
  m[P.ec] = (pond[P.ec] as number) * rng.range(0.7, 1.4)
  m[P.sulfate] = (pond[P.sulfate] as number) * rng.range(0.8, 1.5)
  m[P.ph] = Math.max(6.3, (pond[P.ph] as number) - rng.range(0.3, 1.5))
  for (const i of METALS) m[i] = (pond[i] as number) * rng.range(0.1, 0.7)
  m[P.tss] = rng.logNormalBetween(3, 50)
  m[P.turbidity] = (m[P.tss] as number) * rng.range(0.4, 1.2)
  m[P.cyanideWad] = (pond[P.cyanideWad] as number) * rng.range(0.005, 0.08)
  return m
}

/** A weir's own medians around the facility's seepage composition. */
function vary(rng: Prng, base: Float64Array): Float64Array {
  const m = new Float64Array(base)
  for (let i = 0; i < PARAMETER_COUNT; i++) {
    m[i] =
      i === P.ph
        ? (base[i] as number) + 0.2 * rng.normal()
        : (base[i] as number) * Math.exp(0.3 * rng.normal())
  }
  return m
}

/** Daytime for water and deposition samples, local midnight for a 24-h air sample; always inside [t0, t1]. */
function sampleTime(
  rng: Prng,
  s: Station,
  nominal: number,
  t0: number,
  t1: number,
  offsetMs: number,
): number {
  let t = nominal + (rng.float() - 0.5) * 0.4 * s.intervalMs
  if (s.intervalMs >= DAY_MS) {
    const day = Math.floor((t + offsetMs) / DAY_MS)
    const hour = s.kind === AIR ? 0 : s.kind === DUST ? rng.range(8, 15) : rng.range(7, 16)
    t = day * DAY_MS - offsetMs + hour * HOUR_MS
  }
  // A time past either end of the period moves by whole days (keeping its hour), not onto the edge: a sample
  // is never taken at 23:59:59.999.
  if (t > t1) t -= Math.ceil((t - t1) / DAY_MS) * DAY_MS
  if (t < t0) t += Math.ceil((t0 - t) / DAY_MS) * DAY_MS
  t = Math.floor(t / 60_000) * 60_000
  const first = Math.ceil(t0 / 60_000) * 60_000
  const last = Math.max(first, Math.floor(t1 / 60_000) * 60_000)
  return t < first ? first : t > last ? last : t
}

/**
 * One water sample into `out`. Latent factors shared within the sample carry the correlations of domain
 * §E.2: a salinity factor (EC, TDS, sulfate, part of metals), a pH deviation that metals follow inversely
 * (log-linear), and wet-season and storm dilution that lower EC and raise TSS. Returns the LOR multiplier.
 */
function drawWater(rng: Prng, s: Station, out: Float64Array, wet: boolean, years: number): number {
  const b = s.behaviour
  const m = s.median
  s.latent = b.persistence * s.latent + Math.sqrt(1 - b.persistence * b.persistence) * rng.normal()
  const zSalt = s.latent
  let dilution = 0
  let storm = false
  if (wet) {
    dilution = b.dilution * rng.float()
    if (rng.chance(b.storm)) {
      storm = true
      dilution += rng.range(0.2, 0.8) * (b.dilution / 0.5)
    }
  } else if (rng.chance(b.storm / 8)) {
    storm = true
    dilution = rng.range(0.1, 0.4) * (b.dilution / 0.5)
  }
  const phMean = m[P.ph] as number
  // Rain water pulls pH towards neutral; the sample's own deviation comes on top.
  const ph = clamp(phMean + (7 - phMean) * 0.5 * (1 - Math.exp(-dilution)) + b.ph * rng.normal(), 1.5, 13.8)
  const dPh = ph - phMean
  const trend = s.trendPerYear * years
  const ec = (m[P.ec] as number) * Math.exp(b.salt * zSalt + 0.05 * rng.normal() - dilution + trend)
  out[P.ph] = ph
  out[P.ec] = ec
  out[P.tds] = ec * s.tdsRatio * Math.exp(0.03 * rng.normal())
  out[P.sulfate] =
    (m[P.sulfate] as number) * Math.exp(b.salt * (0.9 * zSalt + 0.3 * rng.normal()) - dilution + trend)
  const phFactor = -s.metalPhSlope * LN10 * dPh
  for (const i of METALS) {
    out[i] =
      (m[i] as number) * Math.exp(b.metal * (0.5 * zSalt + 0.75 * rng.normal()) - 0.7 * dilution + phFactor)
  }
  const tss =
    (m[P.tss] as number) * Math.exp(b.tss * rng.normal()) * (storm ? rng.range(3, 20) : wet ? 1.5 : 1)
  out[P.tss] = tss
  out[P.turbidity] =
    s.medium === 'groundwater'
      ? (m[P.turbidity] as number) * Math.exp(b.tss * rng.normal())
      : tss * s.turbidityPerTss * Math.exp(0.2 * rng.normal())
  const wad = (m[P.cyanideWad] as number) * Math.exp(0.6 * rng.normal() + 0.3 * zSalt - 0.5 * dilution)
  out[P.cyanideWad] = wad
  out[P.cyanideFree] = wad * Math.min(1, s.freeCyanideShare * Math.exp(0.2 * rng.normal()))
  return ec > SALINE_LOR_EC ? 10 : 1
}

/** One 24-h air sample or one 30-day deposition gauge into `out` (domain §E.3) [E]. */
function drawAir(rng: Prng, s: Station, out: Float64Array, wet: boolean): number {
  const season = wet ? 0.75 : 1.25
  // Dust storms lift tailings off dry beaches in the dry season; rain crusts the surface.
  const event = !wet && rng.chance(s.eventChance)
  const m = s.median
  if (s.kind === AIR) {
    const pm10 =
      (m[P.pm10] as number) * season * Math.exp(0.45 * rng.normal()) * (event ? rng.range(4, 25) : 1)
    out[P.pm10] = pm10
    out[P.pm25] = pm10 * s.pm25Ratio * Math.exp(0.15 * rng.normal()) * (event ? 0.5 : 1)
    out[P.tsp] = pm10 * s.tspRatio * Math.exp(0.1 * rng.normal()) * (event ? 1.4 : 1)
  } else {
    const factor = season * Math.exp(0.45 * rng.normal()) * (event ? rng.range(2, 6) : 1)
    out[P.dustDeposition] = (m[P.dustDeposition] as number) * factor
    out[P.dustfall] = (m[P.dustfall] as number) * factor
  }
  return 1
}

/** A field blank: deionised water through the sampling kit; mostly non-detects, rarely a contaminant hit. */
function drawBlank(rng: Prng, s: Station, out: Float64Array): void {
  for (const param of s.parameters) {
    const lor = REPORTING[param]?.lor ?? 1
    out[param] = lor * (rng.chance(0.03) ? rng.range(1, 5) : rng.range(0, 0.9))
  }
  out[P.ph] = rng.range(5.6, 6.8) // DI water takes up CO2
  out[P.ec] = rng.range(1, 6)
  out[P.tds] = (out[P.ec] as number) * 0.6
}

function record(
  rng: Prng,
  f: Facility,
  s: Station,
  index: number,
  sampleId: string,
  t: number,
  param: number,
  rawValue: number,
  lorFactor: number,
  qa: QaFlag | null,
  lab: string,
  sampler: string,
  eventId: string | null,
): EnvironmentalRow {
  const reporting = REPORTING[param] as (typeof REPORTING)[number]
  let x = rawValue
  if (qa === null && rng.chance(SUSPECT_RATE)) {
    qa = 'suspect'
    x = param === P.ph ? x + (rng.chance(0.5) ? 1 : -1) * rng.range(1.5, 3) : x * Math.exp(rng.range(-3, 3))
  }
  let lor = reporting.lor
  if (lor !== null && lorFactor !== 1 && param >= P.arsenic && param <= P.selenium) {
    lor = round(lor * lorFactor, reporting.decimals)
  }
  const below = lor !== null && x < lor
  const value = below
    ? (lor as number)
    : param === P.ph
      ? round(clamp(x, 0, 14), 2)
      : round(x, reporting.decimals)
  // A blank is a check on the sampling, not a water; it is not held against a guideline.
  const assessed = qa !== 'blank'
  const guideline = assessed ? (s.guideline[param] as number | null) : null
  const guidelineMin = assessed ? (s.guidelineMin[param] as number | null) : null
  return {
    record_index: index,
    facility_id: f.id,
    station_id: s.id,
    station_type: s.type,
    medium: s.medium,
    sample_id: sampleId,
    sampled_at: t,
    parameter: ENV_PARAMETERS[param] as EnvParameter,
    value,
    unit: reporting.unit,
    detection_limit: lor,
    below_detection: below,
    guideline_value: guideline,
    guideline_min: guidelineMin,
    guideline_source: guideline === null ? null : (s.source[param] as GuidelineSource),
    // A non-detect is never an exceedance, even where a raised LOR sits above the guideline.
    exceedance:
      !below && guideline !== null && (value > guideline || (guidelineMin !== null && value < guidelineMin)),
    lab,
    sampler,
    qa_flag: qa,
    event_id: eventId,
  }
}

/**
 * Water-quality and air/dust sampling results per facility, one record per parameter of a sample: pond,
 * seepage weirs, up- and down-gradient bores, receiving waters and dust monitors, with non-detects, QA
 * samples and guideline exceedances.
 *
 * ### Examples
 * ```ts
 * const params = environmentalGenerator.paramsSchema.parse({ start: '2023-01-01', airQuality: false })
 * ```
 */
export const environmentalGenerator: DataGenerator<EnvironmentalRow, EnvironmentalParams> = {
  // 3: no drinking-water turbidity value on streams; wet season by hemisphere; no sample on a period edge.
  // 4: a sampling campaign after each linked event (event_id), within the count.
  version: 4,
  description:
    'Water-quality and dust sampling results per facility, one parameter per record, with guidelines',
  paramsSchema: environmentalParamsSchema,
  naturalCount: naturalEnvironmentalCount,
  generate: generateEnvironmental,
}
