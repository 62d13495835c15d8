import { deriveSeed } from '../derive-seed.js'
import type { Commodity } from '../facility/facility-datasets.js'
import type { Facility } from '../facility/facility-generator.js'

// Reference data of the environmental generator. Bands are P10–P90 ranges from the domain reference
// (§E.1–E.3, all [E] there); values that section does not give are marked [E] here and are engineering
// estimates.

/** The measured parameters, in the order of their index in the tables below. */
export const ENV_PARAMETERS = [
  'ph',
  'ec',
  'tds',
  'sulfate',
  'tss',
  'turbidity',
  'arsenic',
  'copper',
  'zinc',
  'cadmium',
  'lead',
  'mercury',
  'nickel',
  'selenium',
  'cyanide_wad',
  'cyanide_free',
  'pm10_24h',
  'pm2_5_24h',
  'tsp_24h',
  'dust_deposition',
  'dustfall',
] as const
export type EnvParameter = (typeof ENV_PARAMETERS)[number]

/** Parameter indexes into {@link ENV_PARAMETERS}, so the hot loop works on typed arrays, not keyed objects. */
export const P = {
  ph: 0,
  ec: 1,
  tds: 2,
  sulfate: 3,
  tss: 4,
  turbidity: 5,
  arsenic: 6,
  copper: 7,
  zinc: 8,
  cadmium: 9,
  lead: 10,
  mercury: 11,
  nickel: 12,
  selenium: 13,
  cyanideWad: 14,
  cyanideFree: 15,
  pm10: 16,
  pm25: 17,
  tsp: 18,
  dustDeposition: 19,
  dustfall: 20,
} as const
/** How many parameters there are; the length of every per-parameter table. */
export const PARAMETER_COUNT = ENV_PARAMETERS.length

/** Dissolved metals and metalloids, whose concentrations follow pH and salinity together. */
export const METALS: readonly number[] = [
  P.arsenic,
  P.copper,
  P.zinc,
  P.cadmium,
  P.lead,
  P.mercury,
  P.nickel,
  P.selenium,
]

/** Units of the reported values. */
export const ENV_UNITS = [
  'pH units',
  'µS/cm',
  'mg/L',
  'NTU',
  'µg/L',
  'µg/m³',
  'g/m²/month',
  'mg/m²/day',
] as const
export type EnvUnit = (typeof ENV_UNITS)[number]

/** How a parameter is reported: unit, limit of reporting (null: always quantified) and decimals. */
export interface ParameterReporting {
  readonly unit: EnvUnit
  readonly lor: number | null
  /** Decimals of the reported value; every LOR is a multiple of 10^-decimals, so a rounded detect stays ≥ LOR. */
  readonly decimals: number
}

/** LORs of a commercial lab's routine suite (domain §E.2 gives As, Cd, Hg and CN; the rest [E]). */
export const REPORTING: readonly ParameterReporting[] = [
  { unit: 'pH units', lor: null, decimals: 2 },
  { unit: 'µS/cm', lor: 1, decimals: 0 },
  { unit: 'mg/L', lor: 10, decimals: 0 },
  { unit: 'mg/L', lor: 1, decimals: 0 },
  { unit: 'mg/L', lor: 1, decimals: 0 },
  { unit: 'NTU', lor: 0.1, decimals: 1 },
  { unit: 'µg/L', lor: 1, decimals: 0 },
  { unit: 'µg/L', lor: 1, decimals: 0 },
  { unit: 'µg/L', lor: 5, decimals: 0 },
  { unit: 'µg/L', lor: 0.1, decimals: 1 },
  { unit: 'µg/L', lor: 1, decimals: 0 },
  { unit: 'µg/L', lor: 0.05, decimals: 2 },
  { unit: 'µg/L', lor: 1, decimals: 0 },
  { unit: 'µg/L', lor: 1, decimals: 0 },
  { unit: 'mg/L', lor: 0.004, decimals: 3 },
  { unit: 'mg/L', lor: 0.004, decimals: 3 },
  { unit: 'µg/m³', lor: 1, decimals: 1 },
  { unit: 'µg/m³', lor: 1, decimals: 1 },
  { unit: 'µg/m³', lor: 1, decimals: 0 },
  { unit: 'g/m²/month', lor: 0.1, decimals: 1 },
  { unit: 'mg/m²/day', lor: 10, decimals: 0 },
]

/** A P10–P90 band. */
export type Band = readonly [low: number, high: number]

/**
 * Water chemistry bands of one water type: pH, then concentrations in the units of {@link REPORTING}.
 * TDS is not listed: it follows EC (TDS ≈ 0.55–0.75 × EC, domain §A.1).
 */
export interface WaterBands {
  readonly ph: Band
  readonly ec: Band
  readonly sulfate: Band
  readonly tss: Band
  readonly turbidity: Band
  readonly arsenic: Band
  readonly copper: Band
  readonly zinc: Band
  readonly cadmium: Band
  readonly lead: Band
  readonly mercury: Band
  readonly nickel: Band
  readonly selenium: Band
  readonly cyanideWad: Band
}

const NO_CYANIDE: Band = [0.0005, 0.003]

/**
 * Pond (supernatant) water by commodity. Gold, copper, Pb–Zn, bauxite (red mud) and coal are the columns
 * of domain §E.2; the others, and Ni and Se everywhere, are [E]. Gold is post-detox CIL water.
 */
export const POND_WATER: Readonly<Record<Commodity, WaterBands>> = {
  gold: {
    ph: [7.5, 10.5],
    ec: [2000, 20000],
    sulfate: [500, 5000],
    tss: [10, 500],
    turbidity: [5, 300],
    arsenic: [50, 5000],
    copper: [100, 50000],
    zinc: [10, 2000],
    cadmium: [0.5, 20],
    lead: [1, 100],
    mercury: [0.1, 10],
    nickel: [20, 500],
    selenium: [2, 50],
    cyanideWad: [1, 50],
  },
  copper: {
    ph: [8, 11],
    ec: [1500, 6000],
    sulfate: [500, 3000],
    tss: [10, 300],
    turbidity: [5, 200],
    arsenic: [5, 200],
    copper: [10, 1000],
    zinc: [10, 500],
    cadmium: [0.1, 10],
    lead: [1, 50],
    mercury: [0.02, 1],
    nickel: [5, 100],
    selenium: [2, 40],
    cyanideWad: NO_CYANIDE,
  },
  zinc_lead: {
    ph: [7, 10],
    ec: [1500, 6000],
    sulfate: [1000, 4000],
    tss: [10, 300],
    turbidity: [5, 200],
    arsenic: [10, 500],
    copper: [10, 500],
    zinc: [100, 20000],
    cadmium: [1, 100],
    lead: [10, 500],
    mercury: [0.05, 2],
    nickel: [5, 100],
    selenium: [1, 20],
    cyanideWad: NO_CYANIDE,
  },
  bauxite: {
    ph: [10, 13],
    ec: [10000, 50000],
    sulfate: [200, 2000],
    tss: [50, 1000],
    turbidity: [20, 500],
    arsenic: [100, 2000],
    copper: [10, 200],
    zinc: [10, 100],
    cadmium: [0.1, 5],
    lead: [1, 50],
    mercury: [0.05, 1],
    nickel: [5, 50],
    selenium: [5, 100],
    cyanideWad: NO_CYANIDE,
  },
  coal: {
    ph: [6.5, 8.5],
    ec: [1000, 8000],
    sulfate: [200, 3000],
    tss: [50, 2000],
    turbidity: [20, 1000],
    arsenic: [1, 50],
    copper: [1, 20],
    zinc: [10, 500],
    cadmium: [0.1, 5],
    lead: [1, 20],
    mercury: [0.01, 0.5],
    nickel: [5, 200],
    selenium: [1, 30],
    cyanideWad: NO_CYANIDE,
  },
  iron_ore: {
    ph: [7, 8.5],
    ec: [300, 2000],
    sulfate: [20, 500],
    tss: [20, 500],
    turbidity: [10, 300],
    arsenic: [1, 30],
    copper: [1, 30],
    zinc: [5, 100],
    cadmium: [0.05, 1],
    lead: [0.5, 10],
    mercury: [0.01, 0.2],
    nickel: [2, 50],
    selenium: [0.5, 5],
    cyanideWad: NO_CYANIDE,
  },
  pgm: {
    ph: [7.5, 9],
    ec: [1500, 6000],
    sulfate: [300, 2500],
    tss: [10, 300],
    turbidity: [5, 200],
    arsenic: [1, 30],
    copper: [5, 200],
    zinc: [5, 200],
    cadmium: [0.1, 2],
    lead: [1, 20],
    mercury: [0.02, 0.5],
    nickel: [20, 500],
    selenium: [1, 10],
    cyanideWad: NO_CYANIDE,
  },
  nickel: {
    ph: [7.5, 9.5],
    ec: [2000, 15000],
    sulfate: [500, 5000],
    tss: [10, 300],
    turbidity: [5, 200],
    arsenic: [5, 200],
    copper: [10, 500],
    zinc: [10, 300],
    cadmium: [0.1, 5],
    lead: [1, 30],
    mercury: [0.02, 0.5],
    nickel: [100, 5000],
    selenium: [2, 50],
    cyanideWad: NO_CYANIDE,
  },
  diamonds: {
    ph: [7.5, 9],
    ec: [500, 3000],
    sulfate: [50, 800],
    tss: [20, 500],
    turbidity: [10, 300],
    arsenic: [1, 20],
    copper: [1, 20],
    zinc: [5, 50],
    cadmium: [0.05, 0.5],
    lead: [0.5, 5],
    mercury: [0.01, 0.1],
    nickel: [5, 100],
    selenium: [0.5, 5],
    cyanideWad: NO_CYANIDE,
  },
  uranium: {
    ph: [6, 8],
    ec: [2000, 10000],
    sulfate: [1000, 8000],
    tss: [10, 300],
    turbidity: [5, 200],
    arsenic: [10, 500],
    copper: [5, 200],
    zinc: [20, 1000],
    cadmium: [0.5, 20],
    lead: [5, 100],
    mercury: [0.02, 0.5],
    nickel: [20, 500],
    selenium: [5, 100],
    cyanideWad: NO_CYANIDE,
  },
  phosphate: {
    ph: [6.8, 8],
    ec: [1000, 5000],
    sulfate: [100, 2000],
    tss: [50, 1000],
    turbidity: [20, 500],
    arsenic: [2, 50],
    copper: [2, 30],
    zinc: [10, 200],
    cadmium: [0.5, 10],
    lead: [1, 20],
    mercury: [0.01, 0.2],
    nickel: [5, 50],
    selenium: [2, 30],
    cyanideWad: NO_CYANIDE,
  },
  oil_sands: {
    ph: [7.8, 8.8],
    ec: [1500, 4000],
    sulfate: [100, 500],
    tss: [20, 500],
    turbidity: [10, 300],
    arsenic: [1, 20],
    copper: [1, 20],
    zinc: [5, 50],
    cadmium: [0.05, 0.5],
    lead: [0.5, 10],
    mercury: [0.005, 0.05],
    nickel: [2, 20],
    selenium: [0.5, 5],
    cyanideWad: NO_CYANIDE,
  },
  lithium: {
    ph: [8, 9.5],
    ec: [5000, 40000],
    sulfate: [300, 3000],
    tss: [10, 300],
    turbidity: [5, 200],
    arsenic: [2, 50],
    copper: [1, 30],
    zinc: [5, 100],
    cadmium: [0.05, 1],
    lead: [0.5, 10],
    mercury: [0.01, 0.1],
    nickel: [2, 30],
    selenium: [1, 10],
    cyanideWad: NO_CYANIDE,
  },
}

/** Acid-and-metalliferous drainage from oxidising PAG tailings (domain §E.2; Ni and Se [E]). */
export const AMD_SEEPAGE: WaterBands = {
  ph: [2, 4.5],
  ec: [2000, 20000],
  sulfate: [2000, 20000],
  tss: [5, 100],
  turbidity: [2, 50],
  arsenic: [100, 10000],
  copper: [1000, 100000],
  zinc: [10000, 500000],
  cadmium: [10, 2000],
  lead: [10, 2000],
  mercury: [0.1, 5],
  nickel: [200, 20000],
  selenium: [5, 100],
  cyanideWad: NO_CYANIDE,
}

/** An unimpacted stream (domain §E.2; Ni and Se [E]; upper bands trimmed a little so P90 sits under WHO). */
export const BACKGROUND_STREAM: WaterBands = {
  ph: [6.5, 8],
  ec: [50, 800],
  sulfate: [1, 100],
  tss: [2, 50],
  turbidity: [1, 30],
  arsenic: [0.5, 5],
  copper: [0.5, 5],
  zinc: [1, 30],
  cadmium: [0.01, 0.15],
  lead: [0.1, 2],
  mercury: [0.005, 0.04],
  nickel: [0.5, 5],
  selenium: [0.2, 2],
  cyanideWad: NO_CYANIDE,
}

/** Unimpacted groundwater at an up-gradient bore [E]: more mineralised than streams, little suspended matter. */
export const BACKGROUND_GROUNDWATER: WaterBands = {
  ph: [6.5, 7.8],
  ec: [200, 1500],
  sulfate: [10, 300],
  tss: [1, 20],
  turbidity: [1, 30],
  arsenic: [0.5, 8],
  copper: [0.5, 5],
  zinc: [5, 50],
  cadmium: [0.02, 0.15],
  lead: [0.2, 2],
  mercury: [0.005, 0.04],
  nickel: [1, 10],
  selenium: [0.2, 3],
  cyanideWad: NO_CYANIDE,
}

/**
 * Probability that a facility's tailings are potentially acid-forming (PAG) and produce AMD seepage [E]:
 * sulfide ores; oxide/benign ores near zero.
 */
export const PAG_PROBABILITY: Readonly<Record<Commodity, number>> = {
  gold: 0.15,
  copper: 0.2,
  zinc_lead: 0.35,
  coal: 0.2,
  nickel: 0.15,
  uranium: 0.2,
  pgm: 0.05,
  iron_ore: 0.03,
  diamonds: 0,
  bauxite: 0,
  phosphate: 0.02,
  oil_sands: 0,
  lithium: 0,
}

/**
 * Whether a facility's tailings generate acid drainage. A pure function of the facility (hashed from its
 * id), so the environmental and financial records of one facility agree on it. Closed facilities, with
 * their beaches exposed to oxidation, are more often acidic [E].
 *
 * ### Examples
 * ```ts
 * const pag = isAcidGenerating(generateFacility(42, 0, createFaker()))
 * ```
 */
export function isAcidGenerating(facility: Facility): boolean {
  const p = PAG_PROBABILITY[facility.commodity] * (facility.status === 'closed' ? 1.5 : 1)
  return deriveSeed(0, facility.id, 'acid-generating') / 4294967296 < p
}

/** Western Australian goldfields and nickel belt: hypersaline process water and groundwater (§E.2). */
export function isHypersaline(facility: Facility): boolean {
  return facility.country_code === 'AU' && facility.climate === 'arid'
}

/** Guidelines a result can be compared with (domain §E.1, §E.3). */
export const GUIDELINE_SOURCES = [
  'WHO',
  'US EPA MCL',
  'ANZG 95 %',
  'ANZECC livestock',
  'IFC',
  'Cyanide Code',
  'WHO AQG 2021',
  'US NAAQS',
  'NEPM',
  'NSW EPA',
  'SA NDCR',
] as const
export type GuidelineSource = (typeof GUIDELINE_SOURCES)[number]

/** A guideline: an upper limit, or a [low, high] band (pH). */
export type Guideline = number | Band

/**
 * Guideline values by source (domain §E.1 and §E.3), in the units of {@link REPORTING}. `US EPA MCL`
 * includes the secondary (SMCL) values and action levels; `ANZG 95 %` metals are the hardness-dependent
 * ones at a hardness of 30 mg/L CaCO3, adjusted per site (see {@link ANZG_HARDNESS_EXPONENT}).
 */
export const GUIDELINES: Readonly<
  Record<GuidelineSource, Readonly<Partial<Record<EnvParameter, Guideline>>>>
> = {
  WHO: {
    ph: [6.5, 8.5],
    tds: 600,
    turbidity: 5,
    arsenic: 10,
    cadmium: 3,
    copper: 2000,
    lead: 10,
    mercury: 6,
    nickel: 70,
    selenium: 40,
    cyanide_free: 0.5,
  },
  'US EPA MCL': {
    ph: [6.5, 8.5],
    tds: 500,
    sulfate: 250,
    arsenic: 10,
    cadmium: 5,
    copper: 1300,
    lead: 15,
    zinc: 5000,
    mercury: 2,
    selenium: 50,
    cyanide_free: 0.2,
  },
  'ANZG 95 %': {
    ph: [6.5, 8],
    arsenic: 13,
    cadmium: 0.2,
    copper: 1.4,
    lead: 3.4,
    zinc: 8,
    mercury: 0.6,
    nickel: 11,
    selenium: 11,
    cyanide_free: 0.007,
  },
  'ANZECC livestock': {
    tds: 4000,
    sulfate: 1000,
    arsenic: 500,
    cadmium: 10,
    copper: 1000,
    lead: 100,
    zinc: 20000,
    mercury: 2,
    nickel: 1000,
    selenium: 20,
  },
  IFC: {
    ph: [6, 9],
    tss: 50,
    arsenic: 100,
    cadmium: 50,
    copper: 300,
    lead: 200,
    zinc: 500,
    mercury: 2,
    nickel: 500,
    cyanide_free: 0.1,
    cyanide_wad: 0.5,
  },
  'Cyanide Code': {},
  'WHO AQG 2021': { pm10_24h: 45, pm2_5_24h: 15 },
  'US NAAQS': { pm10_24h: 150, pm2_5_24h: 35 },
  NEPM: { pm10_24h: 50, pm2_5_24h: 25 },
  'NSW EPA': { dust_deposition: 4 },
  'SA NDCR': { dustfall: 1200 },
}

/** Cyanide Code limits for gold operations (domain §E.1): pond WAD CN, discharge WAD CN, free CN downstream. */
export const CYANIDE_CODE = { pondWad: 50, dischargeWad: 0.5, receivingFree: 0.022 } as const

/** South African National Dust Control Regulations: residential dustfall limit (non-residential is 1,200). */
export const SA_RESIDENTIAL_DUSTFALL = 600

/**
 * Hardness exponents of the ANZG/ANZECC hardness-modified trigger values, HMTV = TV × (H / 30)^k [E]. At
 * typical site hardness (60–250 mg/L CaCO3) they lift the very low soft-water copper and zinc values, which
 * is what keeps background streams mostly compliant.
 */
export const ANZG_HARDNESS_EXPONENT: Readonly<Partial<Record<EnvParameter, number>>> = {
  cadmium: 0.89,
  copper: 0.85,
  lead: 1.27,
  nickel: 0.85,
  zinc: 0.85,
}

/** Kinds of sampling station around a facility. */
export const STATION_TYPES = [
  'pond_decant',
  'seepage_weir',
  'upgradient_bore',
  'downgradient_bore',
  'receiving_water_upstream',
  'receiving_water_downstream',
  'air_quality',
  'dust_gauge',
] as const
export type StationType = (typeof STATION_TYPES)[number]

/** What a station samples. */
export const MEDIA = ['surface_water', 'groundwater', 'seepage', 'process_water', 'air', 'dust'] as const
export type Medium = (typeof MEDIA)[number]

/** What each station type samples, its id prefix and its nominal sampling interval (domain §E.2) [E]. */
export const STATION_PROFILES: Readonly<
  Record<StationType, { medium: Medium; prefix: string; intervalDays: number }>
> = {
  pond_decant: { medium: 'process_water', prefix: 'DEC', intervalDays: 30 },
  // Seepage: weekly to monthly; the facility picks one of these cadences.
  seepage_weir: { medium: 'seepage', prefix: 'SPW', intervalDays: 14 },
  upgradient_bore: { medium: 'groundwater', prefix: 'MBU', intervalDays: 91 },
  downgradient_bore: { medium: 'groundwater', prefix: 'MBD', intervalDays: 91 },
  receiving_water_upstream: { medium: 'surface_water', prefix: 'RWU', intervalDays: 30 },
  receiving_water_downstream: { medium: 'surface_water', prefix: 'RWD', intervalDays: 30 },
  // High-volume samplers on the 1-in-6-day schedule; deposition gauges are collected every 30 days [E].
  air_quality: { medium: 'air', prefix: 'AQM', intervalDays: 6 },
  dust_gauge: { medium: 'dust', prefix: 'DDG', intervalDays: 30 },
}

/** Seepage-weir sampling interval in days: weekly, fortnightly or monthly. */
export const SEEPAGE_INTERVAL_DAYS = [7, 14, 30] as const

/** QA sample types (field duplicate, field blank) and the lab's `suspect` flag on a single result. */
export const QA_FLAGS = ['duplicate', 'blank', 'suspect'] as const
export type QaFlag = (typeof QA_FLAGS)[number]

/** Suffixes of fictitious laboratory names; the first word comes from the partition's faker. */
export const LAB_SUFFIXES = [
  'Analytical Laboratories',
  'Environmental Labs',
  'Water Testing Services',
  'Geochemical Laboratories',
  'Analytical Services',
] as const
