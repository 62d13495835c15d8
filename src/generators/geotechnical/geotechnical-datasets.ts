import type { Commodity, ConstructionMethod } from '../facility/facility-datasets.js'
import { weightedTable, type WeightedTable } from '../prng.js'

// Property tables for the geotechnical generator. Sources are the tags of the domain reference (§D):
// [S] published values, [E] engineering estimates. Ranges are P10–P90 bands a value is drawn from.

/** A closed interval `[low, high]`. */
export type Band = readonly [number, number]

/** Material zones a sample can come from, tailings first, then embankment and foundation materials. */
export const MATERIAL_ZONES = [
  'beach_sand',
  'slimes',
  'whole_tailings',
  'cyclone_sand',
  'filtered_tailings',
  'compacted_fill',
  'rockfill',
  'filter_drain',
  'foundation',
] as const
export type MaterialZone = (typeof MATERIAL_ZONES)[number]

/** Where on the facility an investigation hole is drilled or pushed. */
export const HOLE_LOCATIONS = [
  'embankment_crest',
  'beach',
  'impoundment',
  'downstream_toe',
  'stack',
  'pit',
] as const
export type HoleLocation = (typeof HOLE_LOCATIONS)[number]

/** A drilled borehole or a (seismic) piezocone sounding. */
export const HOLE_TYPES = ['borehole', 'cpt'] as const
export type HoleType = (typeof HOLE_TYPES)[number]

/** How a sample was taken; `in_situ` marks CPTu intervals and field vane tests, which recover no soil. */
export const SAMPLE_TYPES = ['split_spoon', 'thin_wall_tube', 'bulk', 'core', 'in_situ'] as const
export type SampleType = (typeof SAMPLE_TYPES)[number]

/**
 * The letter a borehole sample id carries after the hole id (`BH-07-U03` is a tube sample, `BH-07-V04` a vane
 * test). CPTu depth intervals use `D` instead (`CPT-12-D041`).
 */
export const SAMPLE_CODES: Readonly<Record<SampleType, string>> = {
  split_spoon: 'S',
  thin_wall_tube: 'U',
  bulk: 'B',
  core: 'C',
  in_situ: 'V',
}

/** The laboratory and field tests a record can hold. */
export const TEST_TYPES = [
  'atterberg',
  'psd',
  'specific_gravity',
  'moisture',
  'density',
  'proctor',
  'permeability',
  'consolidation',
  'shear_strength',
  'cpt',
  'spt',
  'field_vane',
] as const
export type TestType = (typeof TEST_TYPES)[number]

/** Test standards (ASTM designations, domain §D.6 [E]); combined designations are one test run to both. */
export const STANDARDS = [
  'ASTM D4318',
  'ASTM D6913',
  'ASTM D6913/D7928',
  'ASTM D854',
  'ASTM D2216',
  'ASTM D7263',
  'ASTM D698',
  'ASTM D1557',
  'ASTM D5084',
  'ASTM D2434',
  'ASTM D2435',
  'ASTM D4767',
  'ASTM D7181',
  'ASTM D6528',
  'ASTM D5778',
  'ASTM D5778/D7400',
  'ASTM D1586',
  'ASTM D2573',
] as const
export type Standard = (typeof STANDARDS)[number]

/** The result columns: each is null unless the record's standard reports it. */
export const RESULT_FIELDS = [
  'moisture_pct',
  'liquid_limit_pct',
  'plastic_limit_pct',
  'plasticity_index_pct',
  'non_plastic',
  'gravel_pct',
  'sand_pct',
  'fines_pct',
  'clay_pct',
  'd50_mm',
  'specific_gravity',
  'dry_density_t_m3',
  'void_ratio',
  'degree_of_saturation_pct',
  'max_dry_density_t_m3',
  'optimum_moisture_pct',
  'permeability_m_s',
  'compression_index',
  'recompression_index',
  'cv_m2_per_yr',
  'test_stress_kpa',
  'friction_angle_deg',
  'cohesion_kpa',
  'su_ratio',
  'cone_resistance_mpa',
  'sleeve_friction_kpa',
  'pore_pressure_u2_kpa',
  'soil_behaviour_type_index',
  'shear_wave_velocity_m_s',
  'spt_n60',
  'vane_su_kpa',
  'vane_su_remoulded_kpa',
] as const
export type ResultField = (typeof RESULT_FIELDS)[number]

/**
 * The result fields each standard reports: exactly these are non-null in its records. One exception: an
 * Atterberg (D4318) test of a non-plastic sample reports only `non_plastic`, with the limits null.
 */
export const REPORTED_FIELDS: Readonly<Record<Standard, readonly ResultField[]>> = {
  'ASTM D4318': ['liquid_limit_pct', 'plastic_limit_pct', 'plasticity_index_pct', 'non_plastic'],
  'ASTM D6913': ['gravel_pct', 'sand_pct', 'fines_pct', 'd50_mm'],
  'ASTM D6913/D7928': ['gravel_pct', 'sand_pct', 'fines_pct', 'clay_pct', 'd50_mm'],
  'ASTM D854': ['specific_gravity'],
  'ASTM D2216': ['moisture_pct'],
  'ASTM D7263': [
    'moisture_pct',
    'specific_gravity',
    'dry_density_t_m3',
    'void_ratio',
    'degree_of_saturation_pct',
  ],
  'ASTM D698': ['max_dry_density_t_m3', 'optimum_moisture_pct'],
  'ASTM D1557': ['max_dry_density_t_m3', 'optimum_moisture_pct'],
  'ASTM D5084': ['permeability_m_s', 'test_stress_kpa'],
  'ASTM D2434': ['permeability_m_s'],
  'ASTM D2435': [
    'moisture_pct',
    'specific_gravity',
    'dry_density_t_m3',
    'void_ratio',
    'compression_index',
    'recompression_index',
    'cv_m2_per_yr',
    'test_stress_kpa',
  ],
  'ASTM D4767': ['friction_angle_deg', 'cohesion_kpa', 'su_ratio', 'test_stress_kpa'],
  'ASTM D7181': ['friction_angle_deg', 'cohesion_kpa', 'test_stress_kpa'],
  'ASTM D6528': ['su_ratio', 'test_stress_kpa'],
  'ASTM D5778': [
    'cone_resistance_mpa',
    'sleeve_friction_kpa',
    'pore_pressure_u2_kpa',
    'soil_behaviour_type_index',
  ],
  'ASTM D5778/D7400': [
    'cone_resistance_mpa',
    'sleeve_friction_kpa',
    'pore_pressure_u2_kpa',
    'soil_behaviour_type_index',
    'shear_wave_velocity_m_s',
  ],
  'ASTM D1586': ['spt_n60'],
  'ASTM D2573': ['vane_su_kpa', 'vane_su_remoulded_kpa'],
}

/** Unified Soil Classification System group symbols (ASTM D2487) the generator assigns. */
export const USCS_SYMBOLS = [
  'GW',
  'GP',
  'GW-GM',
  'GW-GC',
  'GP-GM',
  'GP-GC',
  'GM',
  'GC',
  'GC-GM',
  'SW',
  'SP',
  'SW-SM',
  'SW-SC',
  'SP-SM',
  'SP-SC',
  'SM',
  'SC',
  'SC-SM',
  'ML',
  'CL',
  'CL-ML',
  'MH',
  'CH',
] as const
export type UscsSymbol = (typeof USCS_SYMBOLS)[number]

/**
 * Index and strength properties of a commodity's tailings (domain §D.1 and §D.5). Ranges for whole
 * (unsegregated) tailings; beach sand and slimes shift them by segregation.
 */
export interface TailingsProfile {
  readonly specificGravity: Band
  /** How strongly G_s rises with fines content, 0–1: iron-rich fines are heavier than the sandy fraction. */
  readonly gsFinesTrend: number
  readonly fines: Band
  readonly clay: Band
  readonly liquidLimit: Band
  readonly plasticityIndex: Band
  /** Probability that a fine-grained sample is non-plastic. */
  readonly nonPlasticShare: number
  /** In-situ dry density of whole tailings, t/m³. */
  readonly dryDensity: Band
  readonly frictionSand: Band
  readonly frictionSlimes: Band
  /** Compression index of slimes (domain §D.4). */
  readonly compressionSlimes: Band
  /** Coefficient of consolidation of slimes, m²/yr. */
  readonly cvSlimes: Band
  /** Shift of log10 k for clay mineralogy (smectite, sodic residue) the fines trend misses. */
  readonly logKShift: number
  /** Whether the tailings make a cyclone sand for dam building. */
  readonly cycloneSand: boolean
}

/** Tailings profiles by commodity: D.1 rows where the table has one, otherwise [E] from the nearest type. */
export const TAILINGS_PROFILES: Readonly<Record<Commodity, TailingsProfile>> = {
  copper: {
    specificGravity: [2.6, 2.8],
    gsFinesTrend: 0,
    fines: [40, 70],
    clay: [2, 10],
    liquidLimit: [20, 35],
    plasticityIndex: [0, 12],
    nonPlasticShare: 0.35,
    dryDensity: [1.3, 1.6],
    frictionSand: [33, 37],
    frictionSlimes: [33, 37],
    compressionSlimes: [0.1, 0.3],
    cvSlimes: [1, 30],
    logKShift: 0,
    cycloneSand: true,
  },
  gold: {
    specificGravity: [2.7, 3.0],
    gsFinesTrend: 0,
    fines: [60, 95],
    clay: [5, 20],
    liquidLimit: [22, 40],
    plasticityIndex: [4, 15],
    nonPlasticShare: 0.1,
    dryDensity: [1.1, 1.5],
    frictionSand: [32, 37], // [E]: D.5 lists gold slimes only
    frictionSlimes: [28, 40.5],
    compressionSlimes: [0.1, 0.4],
    cvSlimes: [0.3, 30],
    logKShift: 0,
    cycloneSand: true,
  },
  iron_ore: {
    specificGravity: [2.9, 4.0],
    gsFinesTrend: 0.7,
    fines: [30, 60],
    clay: [5, 20],
    liquidLimit: [18, 35],
    plasticityIndex: [0, 10],
    nonPlasticShare: 0.5,
    dryDensity: [1.6, 2.3],
    frictionSand: [34.5, 36.5], // taconite [S]
    frictionSlimes: [33.5, 35],
    compressionSlimes: [0.08, 0.25],
    cvSlimes: [1, 50],
    logKShift: 0,
    cycloneSand: true,
  },
  bauxite: {
    specificGravity: [2.8, 3.3],
    gsFinesTrend: 0,
    fines: [85, 100],
    clay: [20, 50],
    liquidLimit: [40, 60],
    plasticityIndex: [10, 25],
    nonPlasticShare: 0,
    dryDensity: [1.0, 1.6],
    frictionSand: [36, 42], // [E]
    frictionSlimes: [38, 44], // around the single 42° of D.5 [S]
    compressionSlimes: [0.3, 0.8],
    cvSlimes: [0.1, 10],
    logKShift: -0.3,
    cycloneSand: false,
  },
  coal: {
    specificGravity: [1.4, 2.2],
    gsFinesTrend: 0,
    fines: [50, 90],
    clay: [10, 40],
    liquidLimit: [30, 60],
    plasticityIndex: [5, 25],
    nonPlasticShare: 0.05,
    dryDensity: [0.8, 1.2],
    frictionSand: [28, 39], // [E]
    frictionSlimes: [22, 39], // fine coal refuse [S]
    compressionSlimes: [0.2, 0.6],
    cvSlimes: [1, 50],
    logKShift: 0,
    cycloneSand: false,
  },
  zinc_lead: {
    specificGravity: [2.8, 3.5],
    gsFinesTrend: 0.3,
    fines: [50, 80],
    clay: [3, 15],
    liquidLimit: [20, 35],
    plasticityIndex: [0, 10],
    nonPlasticShare: 0.35,
    dryDensity: [1.4, 1.8],
    frictionSand: [33.5, 35],
    frictionSlimes: [30, 36],
    compressionSlimes: [0.1, 0.3],
    cvSlimes: [0.5, 30],
    logKShift: 0,
    cycloneSand: true,
  },
  oil_sands: {
    specificGravity: [2.5, 2.7],
    gsFinesTrend: 0,
    fines: [90, 100],
    clay: [30, 60],
    liquidLimit: [40, 70],
    plasticityIndex: [20, 40],
    nonPlasticShare: 0,
    dryDensity: [0.3, 0.9],
    frictionSand: [33, 37], // [E] tailings sand dykes
    frictionSlimes: [22, 30], // [E] fluid fine tailings
    compressionSlimes: [0.5, 1.5], // [E]
    cvSlimes: [0.05, 5], // [E]
    logKShift: -0.5,
    cycloneSand: true,
  },
  phosphate: {
    specificGravity: [2.6, 2.9],
    gsFinesTrend: 0,
    fines: [95, 100],
    clay: [40, 80],
    liquidLimit: [80, 250],
    plasticityIndex: [50, 200],
    nonPlasticShare: 0,
    dryDensity: [0.2, 0.8],
    frictionSand: [32, 36], // [E]
    frictionSlimes: [20, 28], // [E] phosphatic clays
    compressionSlimes: [0.8, 2.5], // [E] "extreme compressibility"
    cvSlimes: [0.05, 5], // [E]
    logKShift: -0.7,
    cycloneSand: false,
  },
  // [E] below: commodities the domain table lacks, modelled on the closest listed type.
  pgm: {
    specificGravity: [3.0, 3.6], // chromite-bearing UG2 tailings
    gsFinesTrend: 0.3,
    fines: [50, 80],
    clay: [3, 12],
    liquidLimit: [20, 32],
    plasticityIndex: [0, 8],
    nonPlasticShare: 0.45,
    dryDensity: [1.5, 2.0],
    frictionSand: [33, 37],
    frictionSlimes: [31, 36],
    compressionSlimes: [0.08, 0.25],
    cvSlimes: [1, 40],
    logKShift: 0,
    cycloneSand: true,
  },
  nickel: {
    specificGravity: [2.8, 3.1],
    gsFinesTrend: 0,
    fines: [60, 90],
    clay: [5, 25],
    liquidLimit: [25, 45],
    plasticityIndex: [5, 15],
    nonPlasticShare: 0.15,
    dryDensity: [1.2, 1.6],
    frictionSand: [32, 36],
    frictionSlimes: [29, 35],
    compressionSlimes: [0.1, 0.4],
    cvSlimes: [0.5, 30],
    logKShift: 0,
    cycloneSand: true,
  },
  diamonds: {
    specificGravity: [2.5, 2.7], // kimberlite, smectite-rich fines
    gsFinesTrend: 0,
    fines: [60, 95],
    clay: [15, 40],
    liquidLimit: [40, 80],
    plasticityIndex: [15, 40],
    nonPlasticShare: 0,
    dryDensity: [1.0, 1.4],
    frictionSand: [30, 35],
    frictionSlimes: [22, 30],
    compressionSlimes: [0.3, 0.8],
    cvSlimes: [0.2, 10],
    logKShift: -0.5,
    cycloneSand: false,
  },
  uranium: {
    specificGravity: [2.65, 2.85],
    gsFinesTrend: 0,
    fines: [40, 80],
    clay: [5, 15],
    liquidLimit: [20, 35],
    plasticityIndex: [0, 10],
    nonPlasticShare: 0.3,
    dryDensity: [1.3, 1.6],
    frictionSand: [32, 36],
    frictionSlimes: [29, 35],
    compressionSlimes: [0.1, 0.35],
    cvSlimes: [0.5, 30],
    logKShift: 0,
    cycloneSand: true,
  },
  lithium: {
    specificGravity: [2.7, 2.9], // spodumene concentrator tailings
    gsFinesTrend: 0,
    fines: [40, 70],
    clay: [2, 10],
    liquidLimit: [20, 32],
    plasticityIndex: [0, 8],
    nonPlasticShare: 0.45,
    dryDensity: [1.4, 1.7],
    frictionSand: [33, 37],
    frictionSlimes: [31, 36],
    compressionSlimes: [0.08, 0.25],
    cvSlimes: [1, 50],
    logKShift: 0,
    cycloneSand: true,
  },
}

/** Plasticity of a non-tailings zone: liquid limit, plasticity index and the share of non-plastic samples. */
export interface ZonePlasticity {
  readonly liquidLimit: Band
  readonly plasticityIndex: Band
  readonly nonPlasticShare: number
}

/**
 * Properties of a material zone (domain §D.2–§D.6). For tailings zones (`tailings: true`) the index
 * properties and friction come from the commodity's {@link TailingsProfile} and the fields here adjust them.
 */
export interface ZoneProfile {
  readonly tailings: boolean
  /** Fines band (%); null for zones whose fines follow the commodity (whole and filtered tailings). */
  readonly fines: Band | null
  /** Clay as a share of fines, for non-tailings zones. */
  readonly clayOfFines: Band
  /** Spread of the sand and gravel part of the grading, in log10 mm per standard deviation. */
  readonly coarseSpread: Band
  /** Dry density band (t/m³) for G_s = 2.75; null where the commodity gives it. */
  readonly dryDensity: Band | null
  /** Bulk unit weight, kN/m³, used for the overburden stress. */
  readonly unitWeight: number
  /** Hydraulic conductivity trend: log10 k at the reference fines content, and the scatter about it. */
  readonly logK: { readonly fines: number; readonly value: number; readonly sd: number }
  /** Compression index; null where the commodity gives it or the zone is not tested. */
  readonly compression: Band | null
  /** Coefficient of consolidation, m²/yr; null where the commodity gives it. */
  readonly cv: Band | null
  /** Effective friction angle for non-tailings zones, degrees. */
  readonly friction: Band
  readonly cohesion: Band
  /** Peak undrained strength ratio s_u/σ'_v in triaxial compression. */
  readonly suRatio: Band
  /** Normalised SPT blow count (N1)60. */
  readonly n1_60: Band
  /** Stress-normalised shear-wave velocity V_s1, m/s. */
  readonly vs1: Band
  /** Normalised cone resistance Q_tn; null where a cone meets refusal. */
  readonly qtn: Band | null
  /** Stress exponent of the Q_tn normalisation: 1 for clay-like, about 0.5 for sands (Robertson 2009). */
  readonly stressExponent: number
  /** Friction ratio f_s/q_t, %. */
  readonly frictionRatio: Band
  /** Pore-pressure parameter B_q. */
  readonly bq: Band
  /** Degree of saturation above the water table. */
  readonly saturationAbove: Band
  /** In-situ dry density as a share of the standard Proctor maximum. */
  readonly proctorRatio: Band
  readonly plasticity: ZonePlasticity | null
}

const NON_PLASTIC: ZonePlasticity = { liquidLimit: [0, 0], plasticityIndex: [0, 0], nonPlasticShare: 1 }

/**
 * Zone profiles. Fines, dry density, k, C_c, c_v, q_t, f_s, B_q, N60 and V_s bands follow domain §D.2–§D.6;
 * the normalised forms (Q_tn, (N1)60, V_s1) were back-fitted to those bands at typical depths [E].
 */
export const ZONE_PROFILES: Readonly<Record<MaterialZone, ZoneProfile>> = {
  beach_sand: {
    tailings: true,
    fines: [10, 40],
    clayOfFines: [0, 0],
    coarseSpread: [0.3, 0.5],
    dryDensity: [1.4, 1.7],
    unitWeight: 19,
    logK: { fines: 25, value: -5, sd: 0.35 },
    compression: [0.05, 0.12],
    cv: [100, 10000],
    friction: [0, 0],
    cohesion: [0, 3],
    suRatio: [0.2, 0.3],
    n1_60: [4, 18],
    vs1: [130, 220],
    qtn: [25, 85],
    stressExponent: 0.65,
    frictionRatio: [0.4, 1.2],
    bq: [-0.01, 0.03], // [E] inside D.6's −0.05–0.1: with a q_t of several MPa, u2 stays near u0
    saturationAbove: [0.3, 0.7],
    proctorRatio: [0.82, 0.92],
    plasticity: null,
  },
  slimes: {
    tailings: true,
    fines: [70, 100],
    clayOfFines: [0, 0],
    coarseSpread: [0.3, 0.5],
    dryDensity: null,
    unitWeight: 17.5,
    logK: { fines: 85, value: -8, sd: 0.4 },
    compression: null,
    cv: null,
    friction: [0, 0],
    cohesion: [0, 5],
    suRatio: [0.2, 0.3],
    n1_60: [0, 5],
    vs1: [70, 160],
    qtn: [2, 12],
    stressExponent: 1,
    frictionRatio: [1, 3],
    bq: [0.3, 0.8],
    saturationAbove: [0.7, 0.95],
    proctorRatio: [0.7, 0.85],
    plasticity: null,
  },
  whole_tailings: {
    tailings: true,
    fines: null,
    clayOfFines: [0, 0],
    coarseSpread: [0.35, 0.55],
    dryDensity: null,
    unitWeight: 18.5,
    logK: { fines: 70, value: -7, sd: 0.4 },
    compression: null,
    cv: null,
    friction: [0, 0],
    cohesion: [0, 5],
    suRatio: [0.22, 0.32],
    n1_60: [1, 10],
    vs1: [100, 190],
    qtn: [8, 40],
    stressExponent: 0.85,
    frictionRatio: [0.8, 2.2],
    bq: [0.1, 0.5],
    saturationAbove: [0.5, 0.9],
    proctorRatio: [0.75, 0.9],
    plasticity: null,
  },
  cyclone_sand: {
    tailings: true,
    fines: [5, 18],
    clayOfFines: [0, 0],
    coarseSpread: [0.25, 0.4],
    dryDensity: [1.5, 1.8],
    unitWeight: 19.5,
    logK: { fines: 12, value: -4.5, sd: 0.35 },
    compression: [0.04, 0.1],
    cv: [200, 10000],
    friction: [0, 0],
    cohesion: [0, 2],
    suRatio: [0.3, 0.6],
    n1_60: [15, 35],
    vs1: [180, 300],
    qtn: [80, 220],
    stressExponent: 0.55,
    frictionRatio: [0.4, 1],
    bq: [-0.01, 0.005],
    saturationAbove: [0.3, 0.6],
    proctorRatio: [0.93, 1],
    plasticity: NON_PLASTIC,
  },
  filtered_tailings: {
    tailings: true,
    fines: null,
    clayOfFines: [0, 0],
    coarseSpread: [0.35, 0.55],
    dryDensity: [1.5, 1.9],
    unitWeight: 19.5,
    logK: { fines: 65, value: -6.5, sd: 0.4 },
    compression: [0.05, 0.15],
    cv: [1, 50],
    friction: [0, 0],
    cohesion: [0, 5],
    suRatio: [0.3, 0.5],
    n1_60: [12, 35],
    vs1: [170, 300],
    qtn: [60, 180],
    stressExponent: 0.6,
    frictionRatio: [0.8, 2],
    bq: [-0.01, 0.05],
    saturationAbove: [0.6, 0.85],
    proctorRatio: [0.93, 0.99],
    plasticity: null,
  },
  compacted_fill: {
    tailings: false,
    fines: [30, 80],
    clayOfFines: [0.25, 0.5],
    coarseSpread: [0.8, 1.4],
    dryDensity: [1.7, 2.1],
    unitWeight: 20.5,
    logK: { fines: 55, value: -9, sd: 0.45 },
    compression: [0.05, 0.2],
    cv: [1, 50],
    friction: [25, 32],
    cohesion: [5, 20],
    suRatio: [0.35, 0.6],
    n1_60: [20, 50],
    vs1: [200, 350],
    qtn: [80, 200],
    stressExponent: 0.5,
    frictionRatio: [0.6, 1.8],
    bq: [-0.02, 0.03],
    saturationAbove: [0.75, 0.92],
    proctorRatio: [0.95, 1],
    plasticity: { liquidLimit: [28, 55], plasticityIndex: [8, 30], nonPlasticShare: 0.05 },
  },
  rockfill: {
    tailings: false,
    fines: [1, 10],
    clayOfFines: [0.05, 0.2],
    coarseSpread: [1.4, 2],
    dryDensity: [1.9, 2.3],
    unitWeight: 21,
    logK: { fines: 5, value: -2, sd: 0.4 },
    compression: null,
    cv: null,
    friction: [38, 45],
    cohesion: [0, 0],
    suRatio: [0.5, 0.8],
    n1_60: [40, 100],
    vs1: [250, 400],
    qtn: null,
    stressExponent: 0.5,
    frictionRatio: [0.5, 1],
    bq: [0, 0],
    saturationAbove: [0.1, 0.35],
    proctorRatio: [0.95, 1],
    plasticity: NON_PLASTIC,
  },
  filter_drain: {
    tailings: false,
    fines: [0.5, 5],
    clayOfFines: [0.05, 0.2],
    coarseSpread: [0.8, 1.1],
    dryDensity: [1.7, 2],
    unitWeight: 20,
    logK: { fines: 3, value: -3, sd: 0.35 },
    compression: null,
    cv: null,
    friction: [35, 40],
    cohesion: [0, 0],
    suRatio: [0.5, 0.8],
    n1_60: [25, 50],
    vs1: [200, 320],
    qtn: null,
    stressExponent: 0.5,
    frictionRatio: [0.3, 0.8],
    bq: [0, 0],
    saturationAbove: [0.1, 0.4],
    proctorRatio: [0.95, 1],
    plasticity: NON_PLASTIC,
  },
  // [E] throughout: a mixed residual soil / alluvium foundation; D.3 gives only "variable, 1e-9–1e-4".
  foundation: {
    tailings: false,
    fines: [5, 85],
    clayOfFines: [0.1, 0.45],
    coarseSpread: [0.6, 1.5],
    dryDensity: [1.5, 2],
    unitWeight: 20,
    logK: { fines: 40, value: -6.5, sd: 1.2 },
    compression: [0.05, 0.3],
    cv: [1, 100],
    friction: [28, 36],
    cohesion: [0, 15],
    suRatio: [0.25, 0.5],
    n1_60: [10, 60],
    vs1: [180, 400],
    qtn: [40, 250],
    stressExponent: 0.6,
    frictionRatio: [0.6, 2.5],
    bq: [-0.01, 0.08],
    saturationAbove: [0.4, 0.85],
    proctorRatio: [0.85, 0.98],
    plasticity: { liquidLimit: [20, 50], plasticityIndex: [0, 25], nonPlasticShare: 0.25 },
  },
}

/** Where holes go on each kind of facility [E]: crest and beach holes dominate; in-pit holes are all in the pit. */
export const LOCATION_WEIGHTS: Readonly<Record<ConstructionMethod, WeightedTable<HoleLocation>>> = {
  upstream: weightedTable({
    embankment_crest: 30,
    beach: 35,
    impoundment: 12,
    downstream_toe: 14,
  }),
  downstream: weightedTable({
    embankment_crest: 35,
    beach: 25,
    impoundment: 12,
    downstream_toe: 12,
  }),
  centreline: weightedTable({
    embankment_crest: 35,
    beach: 25,
    impoundment: 12,
    downstream_toe: 12,
  }),
  hybrid: weightedTable({
    embankment_crest: 35,
    beach: 25,
    impoundment: 12,
    downstream_toe: 12,
  }),
  water_retention: weightedTable({
    embankment_crest: 40,
    beach: 20,
    impoundment: 20,
    downstream_toe: 14,
  }),
  dry_stack: weightedTable({ stack: 85, downstream_toe: 15 }),
  in_pit: weightedTable({ pit: 1 }),
}

/** Which sample a borehole takes in each zone [E]: tubes in soft fines, bulk and core where tubes fail. */
export const SAMPLE_TYPE_WEIGHTS: Readonly<Record<MaterialZone, WeightedTable<SampleType>>> = {
  beach_sand: weightedTable({ split_spoon: 0.62, thin_wall_tube: 0.3, bulk: 0.08 }),
  slimes: weightedTable({ split_spoon: 0.35, thin_wall_tube: 0.5, in_situ: 0.15 }),
  whole_tailings: weightedTable({
    split_spoon: 0.47,
    thin_wall_tube: 0.4,
    in_situ: 0.1,
    bulk: 0.03,
  }),
  cyclone_sand: weightedTable({ split_spoon: 0.7, bulk: 0.3 }),
  filtered_tailings: weightedTable({ split_spoon: 0.4, thin_wall_tube: 0.35, bulk: 0.25 }),
  compacted_fill: weightedTable({ split_spoon: 0.45, thin_wall_tube: 0.35, bulk: 0.2 }),
  rockfill: weightedTable({ bulk: 0.7, core: 0.3 }),
  filter_drain: weightedTable({ bulk: 0.6, split_spoon: 0.4 }),
  foundation: weightedTable({ split_spoon: 0.47, thin_wall_tube: 0.23, core: 0.22, bulk: 0.08 }),
}

/** Tests run on each type of sample and the probability of each [E]; CPTu intervals are handled apart. */
export const TEST_PLANS: Readonly<Record<SampleType, readonly (readonly [TestType, number])[]>> = {
  split_spoon: [
    ['spt', 1],
    ['moisture', 0.85],
    ['atterberg', 0.45],
    ['psd', 0.55],
    ['specific_gravity', 0.15],
  ],
  thin_wall_tube: [
    ['moisture', 0.95],
    ['density', 0.75],
    ['atterberg', 0.6],
    ['psd', 0.7],
    ['specific_gravity', 0.4],
    ['permeability', 0.3],
    ['consolidation', 0.25],
    ['shear_strength', 0.35],
  ],
  bulk: [
    ['moisture', 0.8],
    ['atterberg', 0.5],
    ['psd', 0.95],
    ['specific_gravity', 0.45],
    ['proctor', 0.55],
    ['permeability', 0.25],
    ['shear_strength', 0.2],
  ],
  core: [
    ['moisture', 0.7],
    ['density', 0.5],
    ['atterberg', 0.3],
    ['psd', 0.5],
    ['specific_gravity', 0.3],
    ['permeability', 0.15],
    ['shear_strength', 0.2],
  ],
  in_situ: [['field_vane', 1]],
}

/** Tests a zone never gets [E]: no Atterberg limits or oedometer on rockfill, no vane outside soft tailings. */
export const EXCLUDED_TESTS: Readonly<Record<MaterialZone, readonly TestType[]>> = {
  beach_sand: [],
  slimes: ['proctor'],
  whole_tailings: [],
  cyclone_sand: [],
  filtered_tailings: [],
  compacted_fill: [],
  rockfill: ['atterberg', 'density', 'consolidation', 'permeability', 'proctor'],
  filter_drain: ['consolidation', 'shear_strength', 'proctor'],
  foundation: [],
}

/** Laboratory turnaround after sampling, in days [E]; field tests are dated the day they are run. */
export const LAB_TURNAROUND_DAYS: Readonly<Record<TestType, Band>> = {
  atterberg: [5, 25],
  psd: [5, 25],
  specific_gravity: [5, 25],
  moisture: [1, 10],
  density: [2, 14],
  proctor: [7, 25],
  permeability: [14, 45],
  consolidation: [14, 60],
  shear_strength: [14, 60],
  cpt: [0, 0],
  spt: [0, 0],
  field_vane: [0, 0],
}

/** Words completing fictitious laboratory names (`<surname> <suffix>`). */
export const LAB_SUFFIXES = [
  'Geotechnical Laboratory',
  'Soil Testing',
  'Geolab',
  'Materials Testing',
  'Soil Mechanics Laboratory',
  'Geotechnical Testing Services',
] as const

/** Words completing fictitious field contractor names; they run the CPTu, SPT and vane tests. */
export const CONTRACTOR_SUFFIXES = [
  'Drilling',
  'In-Situ Testing',
  'Geotechnical Drilling',
  'Site Investigations',
] as const
