import { z } from 'zod'
import { clamp, round } from '../../util/numbers.js'
import type { ConstructionMethod, DepositionMethod } from '../facility/facility-datasets.js'
import type { RowOf } from '../columns.js'
import type { DataGenerator, Partition } from '../generator.js'
import type { GEOTECHNICAL_COLUMNS } from './geotechnical-type.js'
import { END_AFTER_START, dateRangeShape, endAfterStart } from '../params.js'
import type { Prng } from '../prng.js'
import {
  CONTRACTOR_SUFFIXES,
  EXCLUDED_TESTS,
  LAB_SUFFIXES,
  LAB_TURNAROUND_DAYS,
  LOCATION_WEIGHTS,
  SAMPLE_CODES,
  SAMPLE_TYPE_WEIGHTS,
  TAILINGS_PROFILES,
  TEST_PLANS,
  ZONE_PROFILES,
  type Band,
  type HoleLocation,
  type HoleType,
  type MaterialZone,
  type SampleType,
  type Standard,
  type TailingsProfile,
  type TestType,
  type UscsSymbol,
  type ZoneProfile,
} from './geotechnical-datasets.js'

/** One test result on one sample (or one CPTu depth interval) of one investigation hole. */
export type GeotechnicalRow = RowOf<typeof GEOTECHNICAL_COLUMNS>

const DAY_MS = 86_400_000

/** Parameters of the geotechnical generator. */
export const geotechnicalParamsSchema = z
  .strictObject({
    ...dateRangeShape,
    /** Share of investigation holes that are CPTu soundings; rockfill shells always need a borehole. */
    cptShare: z.number().min(0).max(1).default(0.35),
  })
  .refine(endAfterStart, END_AFTER_START)
  .refine((p) => Math.ceil(Date.parse(p.start) / DAY_MS) * DAY_MS <= Date.parse(p.end), {
    message: 'the date range must include a UTC midnight, since test dates are whole days',
    path: ['end'],
  })
/** Validated geotechnical parameters, defaults filled in. */
export type GeotechnicalParams = z.output<typeof geotechnicalParamsSchema>

const GAMMA_W = 9.81 // kN/m³
const P_ATM = 100 // kPa, the reference stress of normalised CPT and SPT values
const LOG_SIEVE_200 = Math.log10(0.075) // fines/sand boundary, mm
const LOG_FINES_TO_CLAY = Math.log10(0.075 / 0.002) // decades from the No. 200 sieve to clay size
const LOG_GRAVEL_TO_FINES = Math.log10(4.75 / 0.075) // decades from the No. 200 to the No. 4 sieve
const MAX_BOREHOLE_DEPTH = 120 // m [E]: deep sonic holes through the highest dams
const MAX_CPT_DEPTH = 60 // m [E]: usual reach of a 20 t rig without predrilling
const NATURAL_GS: Band = [2.62, 2.8] // [E] quartz–feldspar soils and waste rock
const CPT_INTERVALS = [0.25, 0.5, 1] as const // m: reported interval averages of the 2 cm raw log [E]
const SAMPLING_INTERVALS = [1, 1.5, 2, 3] as const // m between borehole samples [E]
const MAX_VANE_DEPTH = 25 // m [E]
const CONSOLIDATION_STRESSES = [400, 800, 1600, 3200] as const // kPa, usual final oedometer loads

// Cached zero-padded numbers, so that ids are built without padStart in the hot loop.
const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'))
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'))
const pad2 = (n: number): string => (n < 100 ? (PAD2[n] as string) : String(n))
const pad3 = (n: number): string => (n < 1000 ? (PAD3[n] as string) : String(n))

const lerp = (band: Band, t: number): number => band[0] + (band[1] - band[0]) * t
const logLerp = (band: Band, t: number): number => band[0] * Math.pow(band[1] / band[0], t)

/** Rounds to `digits` significant figures, as permeabilities and c_v are reported. */
function roundSignificant(value: number, digits: number): number {
  if (value === 0) return 0
  const shift = digits - 1 - Math.floor(Math.log10(Math.abs(value)))
  if (shift >= 0) return round(value, Math.min(shift, 12))
  const p = Math.pow(10, -shift)
  return Math.round(value / p) * p
}

/** Standard normal CDF, by the Abramowitz–Stegun 7.1.26 erf approximation (error below 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2
  const t = 1 / (1 + 0.3275911 * z)
  const poly = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t
  const erf = 1 - poly * Math.exp(-z * z)
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf)
}

/** Inverse standard normal CDF (Acklam's rational approximation), for p in (0, 1). */
function normalQuantile(p: number): number {
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p))
    return (
      (((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q -
        2.549732539343734) *
        q +
        4.374664141464968) *
        q +
        2.938163982698783) /
      ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) *
        q +
        1)
    )
  }
  if (p > 1 - 0.02425) return -normalQuantile(1 - p)
  const q = p - 0.5
  const r = q * q
  return (
    ((((((-3.969683028665376e1 * r + 2.209460984245205e2) * r - 2.759285104469687e2) * r +
      1.38357751867269e2) *
      r -
      3.066479806614716e1) *
      r +
      2.506628277459239) *
      q) /
    (((((-5.447609879822406e1 * r + 1.615858368580409e2) * r - 1.556989798598866e2) * r +
      6.680131188771972e1) *
      r -
      1.328068155288572e1) *
      r +
      1)
  )
}

/**
 * USCS group symbol (ASTM D2487) from the reported grading and limits. Tailings sands are uniformly graded
 * (`P`); the A-line is PI = 0.73·(LL − 20).
 */
function classifyUscs(
  gravel: number,
  sand: number,
  fines: number,
  liquidLimit: number,
  plasticityIndex: number,
  nonPlastic: boolean,
  wellGraded: boolean,
): UscsSymbol {
  const aboveALine = !nonPlastic && plasticityIndex >= 0.73 * (liquidLimit - 20)
  if (fines >= 50) {
    if (nonPlastic) return 'ML'
    if (liquidLimit >= 50) return aboveALine ? 'CH' : 'MH'
    if (aboveALine && plasticityIndex > 7) return 'CL'
    if (aboveALine && plasticityIndex >= 4) return 'CL-ML'
    return 'ML'
  }
  const gravelly = gravel > sand
  if (fines < 5) return gravelly ? (wellGraded ? 'GW' : 'GP') : wellGraded ? 'SW' : 'SP'
  const clayey = !nonPlastic && plasticityIndex > 7 && aboveALine
  if (fines <= 12) {
    if (gravelly) return wellGraded ? (clayey ? 'GW-GC' : 'GW-GM') : clayey ? 'GP-GC' : 'GP-GM'
    return wellGraded ? (clayey ? 'SW-SC' : 'SW-SM') : clayey ? 'SP-SC' : 'SP-SM'
  }
  if (clayey) return gravelly ? 'GC' : 'SC'
  if (!nonPlastic && plasticityIndex >= 4 && aboveALine) return gravelly ? 'GC-GM' : 'SC-SM'
  return gravelly ? 'GM' : 'SM'
}

/** A laboratory or field contractor, with the people who sign its results. */
interface Organisation {
  readonly name: string
  readonly staff: readonly string[]
}

/**
 * The state of one facility partition: the investigation campaign, the current hole with its layering, the
 * current sample's properties (drawn once, shared by every test of the sample) and the current test result.
 * Everything is mutable and reused, so the only per-record allocation is the record itself.
 */
class GeotechnicalState {
  readonly #rng: Prng
  readonly #params: GeotechnicalParams
  readonly #tailings: TailingsProfile
  readonly #method: ConstructionMethod
  readonly #deposition: DepositionMethod
  /** Light coal and heavy iron-ore tailings shift the overburden with their G_s [E]. */
  readonly #tailingsWeightFactor: number
  readonly #hasPond: boolean
  readonly #structureHeight: number
  readonly #shellZone: MaterialZone
  readonly #crestElevation: number
  readonly #groundElevation: number
  readonly #labs: readonly Organisation[]
  readonly #contractors: readonly Organisation[]
  readonly #firstDay: number
  readonly #lastDay: number

  // Campaign.
  #campaignHolesLeft = 0
  #campaignDay = 0
  #lab: Organisation
  #specialistLab: Organisation
  #contractor: Organisation
  #boreholeCount = 0
  #cptCount = 0

  // Hole and its layering: units from the top, each a single zone or (null) segregating tailings.
  holeId = ''
  holeType: HoleType = 'borehole'
  location: HoleLocation = 'beach'
  holeDepth = 0
  #holeDay = 0
  #drillRate = 10
  #collar = 0
  #waterTable = 0
  #sandiness = 0.5
  #seismic = false
  cptInterval = 0.5
  #samplingInterval = 1.5
  readonly #unitZones: (MaterialZone | null)[] = []
  readonly #unitBottoms: number[] = []
  #unitIndex = 0
  #layerZone: MaterialZone = 'foundation'
  #layerBottom = 0
  #layerDensity = 0.5
  #layerQtn = 1
  #layerFrictionRatio = 1
  #layerBq = 0
  #layerVs1 = 150
  #layerN1 = 10
  #stressDepth = 0
  #stress = 0
  #sampleSeq = 0
  #nextTop = 0

  // Sample: identifiers, then the properties every test of the sample reports from.
  sampleId = ''
  sampleType: SampleType = 'split_spoon'
  depthTop = 0
  depthBottom = 0
  elevation = 0
  zone: MaterialZone = 'foundation'
  uscs: UscsSymbol | null = null
  belowWater = false
  sampledDay = 0
  #sigmaV = 0
  #u0 = 0
  #sigmaVEff = 1
  #gs = 2.7
  #gravel = 0
  #sand = 0
  #fines = 0
  #clay = 0
  #d50 = 0
  #liquidLimit = 0
  #plasticLimit = 0
  #plasticityIndex = 0
  #nonPlastic = true
  #dryDensity = 1.5
  #voidRatio = 0.8
  #moisture = 10
  #saturation = 50
  #permeability = 1e-6
  #compressionIndex = 0.1
  #recompressionIndex = 0.01
  #cv = 1
  #friction = 30
  #cohesion = 0
  #suRatio = 0.25
  #sptN60 = 0
  #vaneSu = 0
  #vaneSuRemoulded = 0
  readonly tests: TestType[] = []

  // Test: the current record's test fields and results.
  testType: TestType = 'moisture'
  standard: Standard = 'ASTM D2216'
  lab = ''
  technician = ''
  testDay = 0
  moisture_pct: number | null = null
  liquid_limit_pct: number | null = null
  plastic_limit_pct: number | null = null
  plasticity_index_pct: number | null = null
  non_plastic: boolean | null = null
  gravel_pct: number | null = null
  sand_pct: number | null = null
  fines_pct: number | null = null
  clay_pct: number | null = null
  d50_mm: number | null = null
  specific_gravity: number | null = null
  dry_density_t_m3: number | null = null
  void_ratio: number | null = null
  degree_of_saturation_pct: number | null = null
  max_dry_density_t_m3: number | null = null
  optimum_moisture_pct: number | null = null
  permeability_m_s: number | null = null
  compression_index: number | null = null
  recompression_index: number | null = null
  cv_m2_per_yr: number | null = null
  test_stress_kpa: number | null = null
  friction_angle_deg: number | null = null
  cohesion_kpa: number | null = null
  su_ratio: number | null = null
  cone_resistance_mpa: number | null = null
  sleeve_friction_kpa: number | null = null
  pore_pressure_u2_kpa: number | null = null
  soil_behaviour_type_index: number | null = null
  shear_wave_velocity_m_s: number | null = null
  spt_n60: number | null = null
  vane_su_kpa: number | null = null
  vane_su_remoulded_kpa: number | null = null

  constructor(p: Partition<GeotechnicalParams>) {
    const { rng, facility: f, faker, params } = p
    this.#rng = rng
    this.#params = params
    this.#tailings = TAILINGS_PROFILES[f.commodity]
    this.#method = f.construction_method
    this.#deposition = f.deposition_method
    this.#tailingsWeightFactor = Math.sqrt(mid(this.#tailings.specificGravity) / 2.75)
    this.#hasPond = f.has_pond
    // In-pit facilities have no dam; the tailings fill a pit of some tens of metres [E].
    this.#structureHeight = Math.max(4, f.dam_height_m ?? rng.range(20, 80))
    this.#crestElevation = f.crest_elevation_m
    this.#groundElevation = f.ground_elevation_m
    const cycloneChance = this.#tailings.cycloneSand
      ? f.construction_method === 'centreline'
        ? 0.7
        : f.construction_method === 'water_retention'
          ? 0
          : 0.5
      : 0
    this.#shellZone = rng.chance(cycloneChance)
      ? 'cyclone_sand'
      : rng.chance(0.6)
        ? 'rockfill'
        : 'compacted_fill'

    const labs: Organisation[] = []
    for (let i = rng.int(2, 4); i > 0; i--) {
      labs.push(
        organisation(rng, `${faker.person.lastName()} ${rng.pick(LAB_SUFFIXES)}`, () => personName(p)),
      )
    }
    const contractors: Organisation[] = []
    for (let i = rng.int(1, 3); i > 0; i--) {
      contractors.push(
        organisation(rng, `${faker.person.lastName()} ${rng.pick(CONTRACTOR_SUFFIXES)}`, () => personName(p)),
      )
    }
    this.#labs = labs
    this.#contractors = contractors
    this.#lab = labs[0] as Organisation
    this.#specialistLab = this.#lab
    this.#contractor = contractors[0] as Organisation
    this.#firstDay = Math.ceil(Date.parse(params.start) / DAY_MS)
    this.#lastDay = Math.floor(Date.parse(params.end) / DAY_MS)
  }

  /** Plans the next hole: campaign, location, layering, water table, depth and date. */
  startHole(): void {
    const rng = this.#rng
    if (this.#campaignHolesLeft === 0) this.#startCampaign()
    this.#campaignHolesLeft--

    this.location = rng.weighted(LOCATION_WEIGHTS[this.#method])
    const structureBottom = this.#planUnits()
    const firstZone = this.#unitZones[0]
    const cptPossible = firstZone !== 'rockfill' && firstZone !== 'filter_drain'
    this.holeType = cptPossible && rng.chance(this.#params.cptShare) ? 'cpt' : 'borehole'
    if (this.holeType === 'cpt') {
      this.holeId = `CPT-${pad2(++this.#cptCount)}`
      // A cone stops at refusal a little way into the foundation [E].
      const reach =
        this.location === 'downstream_toe' ? rng.range(5, 25) : structureBottom + rng.range(0.5, 3)
      this.holeDepth = clamp(reach, 2, MAX_CPT_DEPTH)
      this.cptInterval = rng.pick(CPT_INTERVALS)
      this.#seismic = rng.chance(0.3)
      this.#drillRate = rng.range(80, 200)
    } else {
      this.holeId = `BH-${pad2(++this.#boreholeCount)}`
      const below = this.location === 'downstream_toe' ? rng.range(6, 20) : rng.range(1.5, 8)
      this.holeDepth = Math.min(structureBottom + below, MAX_BOREHOLE_DEPTH)
      this.#samplingInterval = rng.pick(SAMPLING_INTERVALS)
      this.#drillRate = rng.range(8, 30)
    }

    const h = this.#structureHeight
    switch (this.location) {
      case 'embankment_crest':
        this.#collar = this.#crestElevation
        this.#waterTable = h * (this.#method === 'upstream' ? rng.range(0.25, 0.6) : rng.range(0.4, 0.8))
        break
      case 'beach':
        this.#collar = this.#crestElevation - rng.range(1, 4)
        this.#waterTable = rng.range(1, 6)
        break
      case 'impoundment':
        this.#collar = this.#crestElevation - rng.range(3, 7)
        this.#waterTable = rng.range(0, 1.5)
        break
      case 'downstream_toe':
        this.#collar = this.#groundElevation
        this.#waterTable = rng.range(0.5, 4)
        break
      case 'stack':
        this.#collar = this.#crestElevation - rng.range(0, 5)
        this.#waterTable = structureBottom + rng.range(0.5, 5) // filtered stacks stay unsaturated
        break
      case 'pit':
        this.#collar = this.#crestElevation - rng.range(5, 30)
        this.#waterTable = rng.range(0, 3)
        break
    }
    if (
      !this.#hasPond &&
      (this.location === 'beach' || this.location === 'impoundment' || this.location === 'pit')
    ) {
      this.#waterTable += rng.range(1, 5)
    }

    this.#holeDay = Math.min(this.#campaignDay, this.#lastDay)
    const days = Math.ceil(this.holeDepth / this.#drillRate)
    this.#campaignDay += rng.chance(0.3) ? days + 1 : days

    this.#unitIndex = -1
    this.#layerBottom = 0
    this.#stressDepth = 0
    this.#stress = 0
    this.#sampleSeq = 0
    this.#nextLayer()
    this.#nextTop = this.holeType === 'cpt' ? round(rng.range(0.1, 1), 2) : round(rng.range(0.3, 1.5), 2)
  }

  #startCampaign(): void {
    const rng = this.#rng
    const span = this.#lastDay - this.#firstDay
    // Leave room at the end of long ranges for the lab turnaround of the last campaign.
    this.#campaignDay = this.#firstDay + rng.int(0, span >= 30 ? Math.floor(span * 0.9) : span)
    this.#campaignHolesLeft = rng.int(3, 15)
    this.#lab = rng.pick(this.#labs)
    this.#specialistLab = rng.chance(0.6) ? this.#lab : rng.pick(this.#labs)
    this.#contractor = rng.pick(this.#contractors)
  }

  /** Fills the unit list of the hole at `this.location`; returns the bottom of the tailings or fill. */
  #planUnits(): number {
    const rng = this.#rng
    const zones = this.#unitZones
    const bottoms = this.#unitBottoms
    zones.length = 0
    bottoms.length = 0
    const h = this.#structureHeight
    const push = (zone: MaterialZone | null, bottom: number): void => {
      const previous = bottoms.length > 0 ? (bottoms[bottoms.length - 1] as number) : 0
      zones.push(zone)
      bottoms.push(Math.max(bottom, previous + 0.5))
    }
    const upstream = this.#method === 'upstream'
    switch (this.location) {
      case 'embankment_crest':
        if (upstream) {
          // Upstream raises sit on beach sand; the raise dyke itself is often borrow fill.
          if (rng.chance(0.5)) push('compacted_fill', rng.range(1, 3))
          this.#sandiness = rng.range(0.7, 0.9)
          push(null, h)
        } else if (this.#method === 'water_retention') {
          push(rng.chance(0.65) ? 'compacted_fill' : 'rockfill', h)
          if (rng.chance(0.25)) push('filter_drain', h + rng.range(0.5, 2))
        } else {
          if (this.#method === 'hybrid') {
            this.#sandiness = rng.range(0.75, 0.9)
            push(null, 0.4 * h)
          }
          push(rng.chance(0.7) ? this.#shellZone : 'compacted_fill', h)
          if (rng.chance(0.3)) push('filter_drain', h + rng.range(0.5, 2))
        }
        break
      case 'beach':
        this.#sandiness = upstream ? rng.range(0.6, 0.9) : rng.range(0.4, 0.8)
        push(null, Math.max(2, h * rng.range(0.5, 0.95)))
        break
      case 'impoundment':
        this.#sandiness = rng.range(0.03, 0.25)
        push(null, Math.max(2, h * rng.range(0.7, 1.05)))
        break
      case 'downstream_toe':
        if (rng.chance(0.2)) push('compacted_fill', rng.range(0.5, 2))
        break
      case 'stack':
        push('filtered_tailings', Math.max(2, h * rng.range(0.4, 1)))
        if (rng.chance(0.6)) push('filter_drain', (bottoms[0] as number) + rng.range(0.5, 1.5))
        break
      case 'pit':
        this.#sandiness = rng.range(0.1, 0.5)
        push(null, Math.max(3, h * rng.range(0.5, 1)))
        break
    }
    const structureBottom = bottoms.length > 0 ? (bottoms[bottoms.length - 1] as number) : 0
    zones.push('foundation')
    bottoms.push(Number.POSITIVE_INFINITY)
    return structureBottom
  }

  /** Starts the layer below the current one: its zone, thickness and density index. */
  #nextLayer(): void {
    const rng = this.#rng
    const top = this.#layerBottom
    while (top >= (this.#unitBottoms[this.#unitIndex] ?? -1)) this.#unitIndex++
    const unitZone = this.#unitZones[this.#unitIndex] as MaterialZone | null
    const unitBottom = this.#unitBottoms[this.#unitIndex] as number
    let zone: MaterialZone
    let thickness: number
    if (unitZone === null) {
      zone = this.#tailingsZone()
      thickness = clamp(rng.logNormal(0.8, 0.8), 0.15, 8) // segregated beach/slimes layering [E]
    } else {
      zone = unitZone
      thickness = clamp(rng.logNormal(2.5, 0.5), 0.5, 10)
    }
    const profile = ZONE_PROFILES[zone]
    const t = rng.float()
    this.#layerZone = zone
    this.#layerBottom = Math.min(top + thickness, unitBottom)
    this.#layerDensity = t
    this.#layerQtn = profile.qtn === null ? 0 : logLerp(profile.qtn, t)
    this.#layerFrictionRatio = rng.range(profile.frictionRatio[0], profile.frictionRatio[1])
    // Looser, finer layers generate more excess pore pressure behind the cone.
    this.#layerBq = lerp(profile.bq, clamp(1 - t + 0.2 * rng.normal(), 0, 1))
    this.#layerVs1 = lerp(profile.vs1, clamp(t + 0.15 * rng.normal(), 0, 1))
    this.#layerN1 = lerp(profile.n1_60, clamp(t + 0.15 * rng.normal(), 0, 1))
  }

  /** The zone of a tailings layer: segregated beach sand or slimes, or whole tailings when thickened. */
  #tailingsZone(): MaterialZone {
    const rng = this.#rng
    const whole =
      this.#deposition === 'paste'
        ? 0.95
        : this.#deposition === 'thickened'
          ? 0.8
          : this.#deposition === 'co_disposal'
            ? 0.5
            : 0
    if (whole > 0 && rng.chance(whole)) return 'whole_tailings'
    return rng.chance(this.#sandiness) ? 'beach_sand' : 'slimes'
  }

  /** Moves down to `depth`, crossing layers and adding their overburden; sets the stresses there. */
  #advanceTo(depth: number): void {
    while (depth >= this.#layerBottom) {
      this.#stress += this.#unitWeight(this.#layerZone) * (this.#layerBottom - this.#stressDepth)
      this.#stressDepth = this.#layerBottom
      this.#nextLayer()
    }
    this.#stress += this.#unitWeight(this.#layerZone) * (depth - this.#stressDepth)
    this.#stressDepth = depth
    this.#sigmaV = this.#stress
    this.#u0 = depth > this.#waterTable ? GAMMA_W * (depth - this.#waterTable) : 0
    this.#sigmaVEff = Math.max(1, this.#sigmaV - this.#u0)
    this.belowWater = depth > this.#waterTable
  }

  #unitWeight(zone: MaterialZone): number {
    const profile = ZONE_PROFILES[zone]
    return profile.tailings ? profile.unitWeight * this.#tailingsWeightFactor : profile.unitWeight
  }

  /** The next CPTu interval average, or false when the cone reached its final depth or refusal. */
  nextCptReading(): boolean {
    const rng = this.#rng
    const top = this.#nextTop
    if (top >= this.holeDepth) return false
    const bottom = round(top + this.cptInterval, 2)
    this.#advanceTo((top + bottom) / 2)
    const profile = ZONE_PROFILES[this.#layerZone]
    if (profile.qtn === null) return false // refusal on rockfill or drain gravel
    this.#nextTop = bottom
    this.#setSampleIdentity(`${this.holeId}-D${pad3(++this.#sampleSeq)}`, 'in_situ', top, bottom)
    this.uscs = null
    this.sampledDay = this.#holeDay

    // q_t = σv0 + Q_tn·p_a·(σ'v0/p_a)^n inverts Robertson's normalisation, so q_t grows with depth.
    const sigmaV = this.#sigmaV
    const sigmaEff = this.#sigmaVEff
    const n = profile.stressExponent
    const qn = this.#layerQtn * Math.exp(0.12 * rng.normal()) * P_ATM * Math.pow(sigmaEff / P_ATM, n)
    const qt = round((sigmaV + Math.max(qn, 5)) / 1000, 3)
    const fs = round(qt * 10 * this.#layerFrictionRatio * Math.exp(0.1 * rng.normal()), 1)
    const bq = this.belowWater ? this.#layerBq : 0.2 * this.#layerBq
    // Dilation cannot pull the pore pressure much below a vacuum: the filter cavitates near −100 kPa.
    const u2 = round(Math.max(this.#u0 + bq * (qt * 1000 - sigmaV) + 0.5 * rng.normal(), -90), 1)
    const qNet = Math.max(qt * 1000 - sigmaV, 1)
    const qtn = Math.max((qNet / P_ATM) * Math.pow(P_ATM / sigmaEff, n), 1)
    const frictionRatio = Math.max((100 * fs) / qNet, 0.05)
    const a = 3.47 - Math.log10(qtn)
    const b = Math.log10(frictionRatio) + 1.22
    this.#setTest('cpt', this.#seismic ? 'ASTM D5778/D7400' : 'ASTM D5778')
    this.cone_resistance_mpa = qt
    this.sleeve_friction_kpa = fs
    this.pore_pressure_u2_kpa = u2
    this.soil_behaviour_type_index = round(Math.sqrt(a * a + b * b), 2)
    if (this.#seismic) {
      const vs = this.#layerVs1 * Math.pow(Math.max(sigmaEff, 5) / P_ATM, 0.25) * (1 + 0.04 * rng.normal())
      this.shear_wave_velocity_m_s = Math.round(vs)
    }
    return true
  }

  /** Takes the next borehole sample and draws its properties and test list; false at the end of the hole. */
  nextSample(): boolean {
    const rng = this.#rng
    const top = this.#nextTop
    if (top >= this.holeDepth) return false
    this.#advanceTo(top)
    const zone = this.#layerZone
    let type = rng.weighted(SAMPLE_TYPE_WEIGHTS[zone])
    // Vanes are for soft ground; deeper down the slimes are too strong for the blade and a tube is taken.
    if (type === 'in_situ' && top > MAX_VANE_DEPTH) type = 'thin_wall_tube'
    const length =
      type === 'split_spoon'
        ? 0.45
        : type === 'thin_wall_tube'
          ? rng.range(0.5, 0.8)
          : type === 'in_situ'
            ? 0.13 // vane blade height
            : rng.range(0.5, 1.5)
    const bottom = round(top + length, 2)
    this.#setSampleIdentity(
      `${this.holeId}-${SAMPLE_CODES[type]}${pad2(++this.#sampleSeq)}`,
      type,
      top,
      bottom,
    )
    this.sampledDay = Math.min(this.#holeDay + Math.floor(top / this.#drillRate), this.#lastDay)
    const spacing = this.#samplingInterval * rng.range(0.7, 1.3)
    this.#nextTop = round(Math.max(bottom + 0.05, top + spacing), 2)

    this.#drawProperties(zone)
    this.uscs =
      type === 'in_situ'
        ? null
        : classifyUscs(
            this.#gravel,
            this.#sand,
            this.#fines,
            this.#liquidLimit,
            this.#plasticityIndex,
            this.#nonPlastic,
            ZONE_PROFILES[zone].coarseSpread[0] >= 0.8,
          )

    const tests = this.tests
    tests.length = 0
    const excluded = EXCLUDED_TESTS[zone]
    for (const [test, chance] of TEST_PLANS[type]) {
      if (!excluded.includes(test) && rng.chance(chance)) tests.push(test)
    }
    if (tests.length === 0) tests.push('psd')
    return true
  }

  #setSampleIdentity(sampleId: string, type: SampleType, top: number, bottom: number): void {
    this.sampleId = sampleId
    this.sampleType = type
    this.depthTop = top
    this.depthBottom = bottom
    this.elevation = round(this.#collar - top, 2)
    this.zone = this.#layerZone
  }

  /** Draws the sample's index, state, hydraulic and strength properties, already at reporting resolution. */
  #drawProperties(zone: MaterialZone): void {
    const rng = this.#rng
    const profile = ZONE_PROFILES[zone]
    const tp = this.#tailings
    const depth = this.depthTop

    // Grading: fines from the zone (or the commodity for unsegregated tailings), clay scaled with fines.
    let fines: number
    if (zone === 'whole_tailings' || zone === 'filtered_tailings') fines = rng.range(tp.fines[0], tp.fines[1])
    else if (zone === 'slimes') fines = rng.range(Math.max(70, tp.fines[0]), 100)
    else if (zone === 'beach_sand')
      fines = lerp(profile.fines as Band, clamp(1.1 - this.#sandiness + 0.2 * rng.normal(), 0, 1))
    else fines = rng.range((profile.fines as Band)[0], (profile.fines as Band)[1])
    fines = clamp(fines, 0.5, 99.5)
    let clayPosition: number
    let clay: number
    if (profile.tailings) {
      clay = rng.range(tp.clay[0], tp.clay[1]) * (fines / mid(tp.fines))
      clayPosition = (clay - tp.clay[0]) / (tp.clay[1] - tp.clay[0])
    } else {
      clayPosition = rng.float()
      clay = fines * lerp(profile.clayOfFines, clayPosition)
    }
    clay = clamp(clay, 0.2, 0.85 * fines)

    // A grading curve log-normal in particle size, with separate spreads above and below the No. 200 sieve,
    // passes through the drawn fines and clay contents and gives d50 and gravel consistently with them [E].
    const zFines = normalQuantile(fines / 100)
    const zClay = Math.min(normalQuantile(clay / 100), zFines - 0.6)
    const spreadFine = LOG_FINES_TO_CLAY / (zFines - zClay)
    const spreadCoarse = rng.range(profile.coarseSpread[0], profile.coarseSpread[1])
    const logD50 = LOG_SIEVE_200 - zFines * (fines >= 50 ? spreadFine : spreadCoarse)
    // A laboratory PSD is run on a sample scalped at the 75 mm (3 in) sieve: a rockfill's d50 flattens out below
    // 50 mm instead of reaching the metre sizes of the field grading.
    const curveD50 = Math.pow(10, logD50)
    const d50 = curveD50 > 20 ? 20 + 30 * (1 - Math.exp(-(curveD50 - 20) / 30)) : curveD50
    const gravel = round(100 * (1 - normalCdf(zFines + LOG_GRAVEL_TO_FINES / spreadCoarse)), 1)
    let finesR = round(fines, 1)
    let sand = round(100 - gravel - finesR, 1)
    if (sand < 0) {
      finesR = round(100 - gravel, 1)
      sand = 0
    }
    this.#gravel = gravel
    this.#sand = sand
    this.#fines = finesR
    this.#clay = round(100 * normalCdf(zClay), 1)
    this.#d50 = d50 >= 1 ? round(d50, 2) : round(Math.max(d50, 0.0002), 4)

    // Specific gravity: the commodity's (heavier in iron-rich fines) or a natural soil's.
    const gs = profile.tailings
      ? lerp(
          tp.specificGravity,
          clamp((1 - tp.gsFinesTrend) * rng.float() + (tp.gsFinesTrend * fines) / 100, 0, 1),
        )
      : rng.range(NATURAL_GS[0], NATURAL_GS[1])
    const gsR = round(gs, 2)
    this.#gs = gsR

    // Plasticity: sandy samples are non-plastic; LL and PI rise with the clay content.
    const plasticity = profile.plasticity ?? {
      liquidLimit: tp.liquidLimit,
      plasticityIndex: tp.plasticityIndex,
      nonPlasticShare: tp.nonPlasticShare,
    }
    const npChance =
      plasticity.nonPlasticShare >= 1
        ? 1
        : fines < 25
          ? 0.95
          : fines < 40
            ? Math.max(0.6, plasticity.nonPlasticShare)
            : plasticity.nonPlasticShare
    this.#nonPlastic = rng.chance(npChance)
    if (!this.#nonPlastic) {
      const t = clamp(clayPosition + 0.15 * rng.normal(), 0, 1)
      const ll = Math.round(lerp(plasticity.liquidLimit, t))
      let pi = Math.round(
        lerp(
          [Math.max(2, plasticity.plasticityIndex[0]), plasticity.plasticityIndex[1]],
          clamp(t + 0.15 * rng.normal(), 0, 1),
        ),
      )
      const minPl = Math.max(8, Math.round(0.3 * ll))
      if (ll - pi < minPl) pi = ll - minPl
      if (pi < 1) {
        this.#nonPlastic = true
      } else {
        this.#liquidLimit = ll
        this.#plasticityIndex = pi
        this.#plasticLimit = ll - pi
      }
    }
    if (this.#nonPlastic) {
      this.#liquidLimit = 0
      this.#plasticityIndex = 0
      this.#plasticLimit = 0
    }

    // State: dry density from the zone band, denser with depth in hydraulic fill, then e = G_s·ρw/ρd − 1.
    const densityBand = this.#dryDensityBand(zone, profile, gs)
    const hydraulic = zone === 'beach_sand' || zone === 'slimes' || zone === 'whole_tailings'
    const position = hydraulic
      ? clamp(0.7 * this.#layerDensity + 0.3 * Math.min(1, depth / 40) + 0.08 * rng.normal(), 0, 1)
      : clamp(this.#layerDensity + 0.08 * rng.normal(), 0, 1)
    const dryDensity = round(clamp(lerp(densityBand, position), 0.15, gsR / 1.12), 3)
    const voidRatio = round(gsR / dryDensity - 1, 3)
    const saturation = this.belowWater
      ? rng.range(0.95, 1)
      : rng.range(profile.saturationAbove[0], profile.saturationAbove[1])
    const moisture = Math.max(0.1, round((100 * saturation * voidRatio) / gsR, 1))
    this.#dryDensity = dryDensity
    this.#voidRatio = voidRatio
    this.#moisture = moisture
    this.#saturation = Math.min(100, round((moisture * gsR) / voidRatio, 1))

    // Hydraulic conductivity: the domain's fines trend (−3.5 decades per 100 % fines), a Kozeny–Carman
    // void-ratio term (half weight) about the band's middle, and log-normal scatter.
    const eMid = gsR / mid(densityBand) - 1
    const kozeny = Math.log10(voidRatio ** 3 / (1 + voidRatio) / (eMid ** 3 / (1 + eMid)))
    const zK = rng.normal()
    const logK =
      profile.logK.value -
      (3.5 * (fines - profile.logK.fines)) / 100 +
      (profile.tailings ? tp.logKShift : 0) +
      0.5 * kozeny +
      profile.logK.sd * zK
    this.#permeability = roundSignificant(Math.pow(10, clamp(logK, -11.5, -0.5)), 3)

    // Consolidation: looser samples are more compressible; c_v follows the permeability scatter.
    const compressionBand =
      profile.compression ??
      (zone === 'slimes'
        ? tp.compressionSlimes
        : zone === 'whole_tailings'
          ? ([0.6 * tp.compressionSlimes[0], 0.6 * tp.compressionSlimes[1]] as const)
          : ([0.02, 0.05] as const))
    const cc = round(lerp(compressionBand, clamp(1 - position + 0.15 * rng.normal(), 0, 1)), 3)
    this.#compressionIndex = Math.max(0.005, cc)
    this.#recompressionIndex = Math.max(0.001, round(this.#compressionIndex * rng.range(0.08, 0.2), 3))
    const cvBand =
      profile.cv ??
      (zone === 'whole_tailings' ? ([3 * tp.cvSlimes[0], 3 * tp.cvSlimes[1]] as const) : tp.cvSlimes)
    this.#cv = roundSignificant(logLerp(cvBand, clamp(0.5 + 0.25 * zK + 0.1 * rng.normal(), 0, 1)), 3)

    // Strength: friction from D.5 (sands vs slimes of the commodity), denser samples at the top of the band.
    let frictionBand: Band
    if (!profile.tailings) frictionBand = profile.friction
    else if (zone === 'slimes') frictionBand = tp.frictionSlimes
    else if (zone === 'whole_tailings') {
      frictionBand = [
        (tp.frictionSand[0] + tp.frictionSlimes[0]) / 2,
        (tp.frictionSand[1] + tp.frictionSlimes[1]) / 2,
      ]
    } else frictionBand = tp.frictionSand
    const strengthPosition = clamp(0.3 + 0.5 * position + 0.2 * rng.normal(), 0, 1)
    this.#friction = round(lerp(frictionBand, strengthPosition) + (zone === 'cyclone_sand' ? 1 : 0), 1)
    this.#cohesion = profile.tailings
      ? rng.chance(0.4)
        ? 0
        : round(Math.min(profile.cohesion[1], rng.exponential(1.5)), 1)
      : round(rng.range(profile.cohesion[0], profile.cohesion[1]), 1)
    this.#suRatio = round(lerp(profile.suRatio, strengthPosition), 2)

    // In-situ strength at the sample depth.
    const n60 = this.#layerN1 * Math.sqrt(this.#sigmaVEff / P_ATM) * (1 + 0.1 * rng.normal())
    this.#sptN60 = clamp(Math.round(n60), 0, 100)
    const crust = this.belowWater ? 0 : rng.range(3, 15) // desiccated crust above the water table [E]
    const su = Math.max(2, this.#suRatio * rng.range(1, 1.15) * this.#sigmaVEff + crust)
    this.#vaneSu = round(su, 1)
    this.#vaneSuRemoulded = round(Math.max(0.5, su / rng.logNormalBetween(2, 8)), 1)
  }

  #dryDensityBand(zone: MaterialZone, profile: ZoneProfile, gs: number): Band {
    const tp = this.#tailings
    if (zone === 'whole_tailings') return tp.dryDensity
    if (zone === 'slimes') return [0.85 * tp.dryDensity[0], 0.85 * tp.dryDensity[1]]
    const band = profile.dryDensity as Band
    const scale = gs / 2.75
    return [band[0] * scale, band[1] * scale]
  }

  /** Sets the current record to test `test` of the current sample. */
  runTest(test: TestType): void {
    const rng = this.#rng
    const zone = this.zone
    switch (test) {
      case 'atterberg':
        this.#setTest(test, 'ASTM D4318')
        this.non_plastic = this.#nonPlastic
        if (!this.#nonPlastic) {
          this.liquid_limit_pct = this.#liquidLimit
          this.plastic_limit_pct = this.#plasticLimit
          this.plasticity_index_pct = this.#plasticityIndex
        }
        break
      case 'psd': {
        // A hydrometer (D7928) is run when enough passes the No. 200 sieve to grade the fines [E].
        const hydrometer = this.#fines >= 12
        this.#setTest(test, hydrometer ? 'ASTM D6913/D7928' : 'ASTM D6913')
        this.gravel_pct = this.#gravel
        this.sand_pct = this.#sand
        this.fines_pct = this.#fines
        this.d50_mm = this.#d50
        if (hydrometer) this.clay_pct = this.#clay
        break
      }
      case 'specific_gravity':
        this.#setTest(test, 'ASTM D854')
        this.specific_gravity = this.#gs
        break
      case 'moisture':
        this.#setTest(test, 'ASTM D2216')
        this.moisture_pct = this.#moisture
        break
      case 'density':
        this.#setTest(test, 'ASTM D7263')
        this.moisture_pct = this.#moisture
        this.specific_gravity = this.#gs
        this.dry_density_t_m3 = this.#dryDensity
        this.void_ratio = this.#voidRatio
        this.degree_of_saturation_pct = this.#saturation
        break
      case 'proctor': {
        const modified = zone === 'compacted_fill' && rng.chance(0.3)
        this.#setTest(test, modified ? 'ASTM D1557' : 'ASTM D698')
        const profile = ZONE_PROFILES[zone]
        const ratio = rng.range(profile.proctorRatio[0], profile.proctorRatio[1]) * (modified ? 0.95 : 1)
        const mdd = round(Math.min(this.#dryDensity / ratio, this.#gs / 1.15), 3)
        // Optimum water content sits where the compaction curve meets 70–88 % saturation [E].
        const saturation = clamp(lerp([0.7, 0.88], this.#fines / 100) + 0.03 * rng.normal(), 0.6, 0.95)
        this.max_dry_density_t_m3 = mdd
        this.optimum_moisture_pct = round((100 * saturation * (this.#gs / mdd - 1)) / this.#gs, 1)
        break
      }
      case 'permeability':
        if (this.#fines < 10) {
          this.#setTest(test, 'ASTM D2434')
        } else {
          this.#setTest(test, 'ASTM D5084')
          this.test_stress_kpa = Math.max(10, Math.round((this.#sigmaVEff * rng.range(0.8, 1.2)) / 5) * 5)
        }
        this.permeability_m_s = this.#permeability
        break
      case 'consolidation': {
        this.#setTest(test, 'ASTM D2435')
        this.moisture_pct = this.#moisture
        this.specific_gravity = this.#gs
        this.dry_density_t_m3 = this.#dryDensity
        this.void_ratio = this.#voidRatio
        this.compression_index = this.#compressionIndex
        this.recompression_index = this.#recompressionIndex
        this.cv_m2_per_yr = this.#cv
        const target = 4 * this.#sigmaVEff
        this.test_stress_kpa = CONSOLIDATION_STRESSES.find((s) => s >= target) ?? 3200
        break
      }
      case 'shear_strength':
        this.#shearTest()
        break
      case 'spt':
        this.#setTest(test, 'ASTM D1586')
        this.spt_n60 = this.#sptN60
        break
      case 'field_vane':
        this.#setTest(test, 'ASTM D2573')
        this.vane_su_kpa = this.#vaneSu
        this.vane_su_remoulded_kpa = this.#vaneSuRemoulded
        break
      case 'cpt':
        break // CPTu records are produced by nextCptReading
    }
  }

  #shearTest(): void {
    const rng = this.#rng
    const zone = this.zone
    let standard: Standard
    if (zone === 'rockfill')
      standard = 'ASTM D7181' // large-scale drained triaxial only
    else {
      const sandy = this.#fines < 35
      const u = rng.float()
      standard = sandy
        ? u < 0.5
          ? 'ASTM D4767'
          : u < 0.8
            ? 'ASTM D7181'
            : 'ASTM D6528'
        : u < 0.55
          ? 'ASTM D4767'
          : u < 0.95
            ? 'ASTM D6528'
            : 'ASTM D7181'
    }
    this.#setTest('shear_strength', standard)
    if (standard === 'ASTM D6528') {
      // DSS strength ratios run below triaxial compression [E].
      this.su_ratio = round(this.#suRatio * rng.range(0.75, 0.9), 2)
      this.test_stress_kpa = Math.max(25, Math.round(this.#sigmaVEff / 5) * 5)
      return
    }
    this.friction_angle_deg = this.#friction
    this.cohesion_kpa = this.#cohesion
    if (standard === 'ASTM D4767') this.su_ratio = this.#suRatio
    this.test_stress_kpa = clamp(Math.ceil((2 * this.#sigmaVEff) / 50) * 50, 150, 1200)
  }

  /** Clears the results and sets the test, lab, technician and date of the current record. */
  #setTest(test: TestType, standard: Standard): void {
    const rng = this.#rng
    this.testType = test
    this.standard = standard
    const field = test === 'cpt' || test === 'spt' || test === 'field_vane'
    const org = field
      ? this.#contractor
      : test === 'permeability' || test === 'consolidation' || test === 'shear_strength'
        ? this.#specialistLab
        : this.#lab
    this.lab = org.name
    this.technician = rng.pick(org.staff)
    const turnaround = LAB_TURNAROUND_DAYS[test]
    this.testDay = field
      ? this.sampledDay
      : Math.min(this.sampledDay + rng.int(turnaround[0], turnaround[1]), this.#lastDay)
    this.moisture_pct = null
    this.liquid_limit_pct = null
    this.plastic_limit_pct = null
    this.plasticity_index_pct = null
    this.non_plastic = null
    this.gravel_pct = null
    this.sand_pct = null
    this.fines_pct = null
    this.clay_pct = null
    this.d50_mm = null
    this.specific_gravity = null
    this.dry_density_t_m3 = null
    this.void_ratio = null
    this.degree_of_saturation_pct = null
    this.max_dry_density_t_m3 = null
    this.optimum_moisture_pct = null
    this.permeability_m_s = null
    this.compression_index = null
    this.recompression_index = null
    this.cv_m2_per_yr = null
    this.test_stress_kpa = null
    this.friction_angle_deg = null
    this.cohesion_kpa = null
    this.su_ratio = null
    this.cone_resistance_mpa = null
    this.sleeve_friction_kpa = null
    this.pore_pressure_u2_kpa = null
    this.soil_behaviour_type_index = null
    this.shear_wave_velocity_m_s = null
    this.spt_n60 = null
    this.vane_su_kpa = null
    this.vane_su_remoulded_kpa = null
  }
}

function mid(band: Band): number {
  return (band[0] + band[1]) / 2
}

function personName(p: Partition<GeotechnicalParams>): string {
  return `${p.faker.person.firstName()} ${p.faker.person.lastName()}`
}

function organisation(rng: Prng, name: string, person: () => string): Organisation {
  const staff: string[] = []
  for (let i = rng.int(2, 5); i > 0; i--) staff.push(person())
  return { name, staff }
}

function toRow(s: GeotechnicalState, index: number, facilityId: string): GeotechnicalRow {
  return {
    record_index: index,
    facility_id: facilityId,
    borehole_id: s.holeId,
    hole_type: s.holeType,
    location: s.location,
    sample_id: s.sampleId,
    sample_type: s.sampleType,
    depth_top_m: s.depthTop,
    depth_bottom_m: s.depthBottom,
    elevation_m: s.elevation,
    material_zone: s.zone,
    uscs_symbol: s.uscs,
    below_water_table: s.belowWater,
    sampled_date: s.sampledDay * DAY_MS,
    test_type: s.testType,
    standard: s.standard,
    lab: s.lab,
    technician: s.technician,
    test_date: s.testDay * DAY_MS,
    moisture_pct: s.moisture_pct,
    liquid_limit_pct: s.liquid_limit_pct,
    plastic_limit_pct: s.plastic_limit_pct,
    plasticity_index_pct: s.plasticity_index_pct,
    non_plastic: s.non_plastic,
    gravel_pct: s.gravel_pct,
    sand_pct: s.sand_pct,
    fines_pct: s.fines_pct,
    clay_pct: s.clay_pct,
    d50_mm: s.d50_mm,
    specific_gravity: s.specific_gravity,
    dry_density_t_m3: s.dry_density_t_m3,
    void_ratio: s.void_ratio,
    degree_of_saturation_pct: s.degree_of_saturation_pct,
    max_dry_density_t_m3: s.max_dry_density_t_m3,
    optimum_moisture_pct: s.optimum_moisture_pct,
    permeability_m_s: s.permeability_m_s,
    compression_index: s.compression_index,
    recompression_index: s.recompression_index,
    cv_m2_per_yr: s.cv_m2_per_yr,
    test_stress_kpa: s.test_stress_kpa,
    friction_angle_deg: s.friction_angle_deg,
    cohesion_kpa: s.cohesion_kpa,
    su_ratio: s.su_ratio,
    cone_resistance_mpa: s.cone_resistance_mpa,
    sleeve_friction_kpa: s.sleeve_friction_kpa,
    pore_pressure_u2_kpa: s.pore_pressure_u2_kpa,
    soil_behaviour_type_index: s.soil_behaviour_type_index,
    shear_wave_velocity_m_s: s.shear_wave_velocity_m_s,
    spt_n60: s.spt_n60,
    vane_su_kpa: s.vane_su_kpa,
    vane_su_remoulded_kpa: s.vane_su_remoulded_kpa,
  }
}

function* generateGeotechnical(p: Partition<GeotechnicalParams>): Generator<GeotechnicalRow> {
  const state = new GeotechnicalState(p)
  const facilityId = p.facility.id
  let index = p.firstRecordIndex
  const end = p.firstRecordIndex + p.count
  while (index < end) {
    state.startHole()
    if (state.holeType === 'cpt') {
      while (index < end && state.nextCptReading()) yield toRow(state, index++, facilityId)
      continue
    }
    while (index < end && state.nextSample()) {
      const tests = state.tests
      for (let t = 0; t < tests.length && index < end; t++) {
        state.runTest(tests[t] as TestType)
        yield toRow(state, index++, facilityId)
      }
    }
  }
}

/**
 * Laboratory and in-situ test results from the boreholes and CPTu soundings of each facility: one record per
 * test of a sample (or per CPTu depth interval), with the sample's identity and properties shared by its tests.
 *
 * ### Examples
 * ```ts
 * const params = geotechnicalGenerator.paramsSchema.parse({ start: '2023-01-01', cptShare: 0.5 })
 * ```
 */
export const geotechnicalGenerator: DataGenerator<GeotechnicalRow, GeotechnicalParams> = {
  // 3: a laboratory d50 stays below 50 mm (samples scalped at 75 mm); a CPTu pore pressure that rounds to -0
  // is 0 (SQLite stored it as 0, so `verify` saw a difference).
  version: 3,
  description: 'Laboratory and in-situ geotechnical test results per borehole or CPTu sample',
  paramsSchema: geotechnicalParamsSchema,
  generate: generateGeotechnical,
}
