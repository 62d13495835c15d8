import { weightedTable } from '../prng.js'

// Sampling distributions of facility attributes. Sources are the tags of the domain reference: shares
// marked [S] there are published figures (Franks et al. 2021); the rest are engineering estimates.

export const CONSTRUCTION_METHODS = [
  'upstream',
  'downstream',
  'centreline',
  'water_retention',
  'hybrid',
  'in_pit',
  'dry_stack',
] as const
export type ConstructionMethod = (typeof CONSTRUCTION_METHODS)[number]

/** Shares of construction method by era of construction; upstream 37 % overall, 19 % after 2010 [S]. */
export const METHOD_BY_ERA = {
  before1980: weightedTable<ConstructionMethod>({
    upstream: 62,
    downstream: 14,
    centreline: 6,
    water_retention: 10,
    hybrid: 3,
    in_pit: 5,
    dry_stack: 0.5,
  }),
  from1980to2009: weightedTable<ConstructionMethod>({
    upstream: 36,
    downstream: 27,
    centreline: 10,
    water_retention: 10,
    hybrid: 8,
    in_pit: 7,
    dry_stack: 2,
  }),
  from2010: weightedTable<ConstructionMethod>({
    upstream: 19,
    downstream: 30,
    centreline: 12,
    water_retention: 9,
    hybrid: 11,
    in_pit: 11,
    dry_stack: 8,
  }),
}

export const DEPOSITION_METHODS = [
  'conventional_slurry',
  'thickened',
  'paste',
  'filtered',
  'co_disposal',
] as const
export type DepositionMethod = (typeof DEPOSITION_METHODS)[number]
export const DEPOSITION_WEIGHTS = weightedTable<Exclude<DepositionMethod, 'filtered'>>({
  conventional_slurry: 84,
  thickened: 10,
  paste: 3,
  co_disposal: 3,
})

export const FACILITY_STATUSES = ['active', 'inactive', 'closed'] as const
export type FacilityStatus = (typeof FACILITY_STATUSES)[number]
export const STATUS_WEIGHTS = weightedTable<FacilityStatus>({ active: 45, inactive: 20, closed: 35 })

export const CONSEQUENCE_CLASSES = ['Low', 'Significant', 'High', 'Very High', 'Extreme'] as const
export type ConsequenceClass = (typeof CONSEQUENCE_CLASSES)[number]

/** Population at risk per GISTM consequence class (Annex 2, Table 1) [S]: [min, max] people. */
export const POPULATION_AT_RISK: Readonly<Record<ConsequenceClass, readonly [number, number]>> = {
  Low: [0, 0],
  Significant: [1, 10],
  High: [11, 100],
  'Very High': [101, 1000],
  Extreme: [1001, 25000],
}

export const COMMODITIES = [
  'gold',
  'copper',
  'coal',
  'iron_ore',
  'pgm',
  'zinc_lead',
  'nickel',
  'diamonds',
  'uranium',
  'bauxite',
  'phosphate',
  'oil_sands',
  'lithium',
] as const
export type Commodity = (typeof COMMODITIES)[number]

export const CLIMATES = ['tropical', 'arid', 'semi_arid', 'mediterranean', 'temperate', 'boreal'] as const
export type Climate = (typeof CLIMATES)[number]

/**
 * Rainfall and evaporation by climate [E]: annual rainfall band (mm), wet-season months (1 = January),
 * and pan evaporation (mm/day) in the wet and dry season.
 */
export interface ClimateProfile {
  readonly annualRainfall: readonly [number, number]
  readonly wetMonths: readonly number[]
  readonly evaporation: readonly [wet: number, dry: number]
  /** Daily probability of rain in the wet and the dry season. */
  readonly wetDayChance: readonly [wet: number, dry: number]
}

export const CLIMATE_PROFILES: Readonly<Record<Climate, ClimateProfile>> = {
  tropical: {
    annualRainfall: [1200, 3000],
    wetMonths: [10, 11, 12, 1, 2, 3],
    evaporation: [4, 6],
    wetDayChance: [0.6, 0.12],
  },
  // The coastal and Andean desert of northern Chile: Calama ~5 mm/yr, Copiapó ~12, La Serena ~80, high Andean
  // sites up to ~250. Arid mining regions that get more rain set their own band (CountryProfile.annualRainfall).
  arid: { annualRainfall: [30, 250], wetMonths: [1, 2, 3], evaporation: [8, 12], wetDayChance: [0.08, 0.02] },
  semi_arid: {
    annualRainfall: [250, 600],
    wetMonths: [11, 12, 1, 2, 3],
    evaporation: [6, 9],
    wetDayChance: [0.25, 0.05],
  },
  mediterranean: {
    annualRainfall: [300, 900],
    wetMonths: [5, 6, 7, 8, 9],
    evaporation: [2.5, 7],
    wetDayChance: [0.35, 0.05],
  },
  temperate: {
    annualRainfall: [600, 1500],
    wetMonths: [3, 4, 5, 9, 10, 11],
    evaporation: [3, 4],
    wetDayChance: [0.45, 0.3],
  },
  boreal: {
    annualRainfall: [350, 900],
    wetMonths: [4, 5, 6, 7, 8, 9],
    evaporation: [3, 1],
    wetDayChance: [0.4, 0.25],
  },
}

/** A country with tailings facilities, and where in it the mines are. */
export interface CountryProfile {
  readonly country: string
  readonly isoCode: string
  /** Continent code: NA, SA, AF, OC, AS, EU. */
  readonly region: string
  readonly currency: string
  readonly language: string
  readonly timezone: string
  readonly climate: Climate
  readonly latitude: readonly [number, number]
  readonly longitude: readonly [number, number]
  /** 475-year peak ground acceleration band in g. */
  readonly pga: readonly [number, number]
  /** Ground elevation band of the mine sites, m above sea level. */
  readonly elevation: readonly [number, number]
  readonly commodities: Readonly<Partial<Record<Commodity, number>>>
  /** Annual rainfall band (mm) of the mine sites where the climate's band does not fit them. Default: the climate's. */
  readonly annualRainfall?: readonly [number, number]
  /** Naming style of places. */
  readonly names: 'en' | 'es' | 'pt' | 'fr' | 'nordic' | 'generic'
}

/** Countries by continent; region weights follow the disclosed portfolio (NA 29, AF 18, SA 18, OC 17, AS 15, EU 4 %) [S]. */
export const COUNTRIES: readonly CountryProfile[] = [
  {
    country: 'United States',
    isoCode: 'US',
    region: 'NA',
    currency: 'USD',
    language: 'en',
    timezone: 'America/Phoenix',
    climate: 'arid',
    latitude: [31.5, 41.5],
    longitude: [-117.5, -109],
    pga: [0.1, 0.35],
    elevation: [900, 2000],
    commodities: { gold: 30, copper: 35, coal: 15, phosphate: 8, uranium: 4, zinc_lead: 8 },
    // Nevada, Arizona and Utah mine sites are arid by evaporation more than by rain: Winnemucca ~210 mm/yr, Elko
    // ~250, Tucson ~290, Morenci ~330, Bagdad ~350, Salt Lake City ~400 (NOAA normals). The band is engineering
    // judgement over those stations.
    annualRainfall: [150, 400],
    names: 'en',
  },
  {
    country: 'Canada',
    isoCode: 'CA',
    region: 'NA',
    currency: 'CAD',
    language: 'en',
    timezone: 'America/Vancouver',
    climate: 'boreal',
    latitude: [49, 57],
    longitude: [-128, -115],
    pga: [0.05, 0.3],
    elevation: [200, 1500],
    commodities: {
      gold: 30,
      copper: 25,
      nickel: 12,
      zinc_lead: 8,
      oil_sands: 10,
      uranium: 5,
      diamonds: 5,
      iron_ore: 5,
    },
    names: 'en',
  },
  {
    country: 'Canada',
    isoCode: 'CA',
    region: 'NA',
    currency: 'CAD',
    language: 'fr-CA',
    timezone: 'America/Toronto',
    climate: 'boreal',
    latitude: [46.5, 53],
    longitude: [-79.5, -66],
    pga: [0.05, 0.2],
    elevation: [200, 500],
    commodities: { gold: 45, iron_ore: 25, zinc_lead: 15, nickel: 15 },
    names: 'fr',
  },
  {
    country: 'Mexico',
    isoCode: 'MX',
    region: 'NA',
    currency: 'MXN',
    language: 'es',
    timezone: 'America/Mexico_City',
    climate: 'semi_arid',
    latitude: [19, 31],
    longitude: [-112, -99],
    pga: [0.1, 0.4],
    elevation: [500, 2500],
    commodities: { gold: 35, copper: 25, zinc_lead: 30, iron_ore: 10 },
    names: 'es',
  },
  {
    country: 'Brazil',
    isoCode: 'BR',
    region: 'SA',
    currency: 'BRL',
    language: 'pt-BR',
    timezone: 'America/Sao_Paulo',
    climate: 'tropical',
    latitude: [-21, -17.5],
    longitude: [-46, -42.5],
    pga: [0.03, 0.08],
    elevation: [700, 1400],
    commodities: { iron_ore: 55, gold: 25, bauxite: 10, nickel: 5, phosphate: 5 },
    names: 'pt',
  },
  {
    country: 'Chile',
    isoCode: 'CL',
    region: 'SA',
    currency: 'CLP',
    language: 'es',
    timezone: 'America/Santiago',
    climate: 'arid',
    latitude: [-33.5, -20],
    longitude: [-71, -68.2],
    pga: [0.3, 0.6],
    elevation: [1500, 4200],
    commodities: { copper: 80, gold: 10, lithium: 5, iron_ore: 5 },
    names: 'es',
  },
  {
    country: 'Peru',
    isoCode: 'PE',
    region: 'SA',
    currency: 'PEN',
    language: 'es',
    timezone: 'America/Lima',
    climate: 'semi_arid',
    latitude: [-17, -8],
    longitude: [-78, -70],
    pga: [0.3, 0.55],
    elevation: [2500, 4700],
    commodities: { copper: 40, gold: 30, zinc_lead: 30 },
    names: 'es',
  },
  {
    country: 'South Africa',
    isoCode: 'ZA',
    region: 'AF',
    currency: 'ZAR',
    language: 'en',
    timezone: 'Africa/Johannesburg',
    climate: 'semi_arid',
    latitude: [-27.5, -24.5],
    longitude: [25.5, 30.5],
    pga: [0.05, 0.15],
    elevation: [1200, 1700],
    commodities: { gold: 40, pgm: 35, coal: 15, diamonds: 5, iron_ore: 5 },
    names: 'en',
  },
  {
    country: 'Ghana',
    isoCode: 'GH',
    region: 'AF',
    currency: 'USD',
    language: 'en',
    timezone: 'Africa/Accra',
    climate: 'tropical',
    latitude: [5, 8],
    longitude: [-2.8, -1],
    pga: [0.05, 0.15],
    elevation: [50, 300],
    commodities: { gold: 90, bauxite: 10 },
    names: 'en',
  },
  {
    country: 'Zambia',
    isoCode: 'ZM',
    region: 'AF',
    currency: 'USD',
    language: 'en',
    timezone: 'Africa/Lusaka',
    climate: 'tropical',
    latitude: [-13.5, -12],
    longitude: [26, 28.7],
    pga: [0.05, 0.12],
    elevation: [1150, 1350],
    commodities: { copper: 90, nickel: 10 },
    names: 'en',
  },
  {
    country: 'Australia',
    isoCode: 'AU',
    region: 'OC',
    currency: 'AUD',
    language: 'en',
    timezone: 'Australia/Perth',
    climate: 'arid',
    latitude: [-32, -26],
    longitude: [117.5, 124],
    pga: [0.05, 0.15],
    elevation: [300, 500],
    commodities: { gold: 50, nickel: 20, iron_ore: 20, lithium: 10 },
    // Western Australia's Goldfields and Murchison (and the Pilbara) get far more rain than the Atacama, in rare
    // heavy falls: Leonora ~230 mm/yr, Meekatharra ~240, Kalgoorlie ~260, Newman ~310, Port Hedland ~320 (Bureau of
    // Meteorology averages). The band is engineering judgement over those stations (issue 14 item 10).
    annualRainfall: [180, 350],
    names: 'en',
  },
  {
    country: 'Australia',
    isoCode: 'AU',
    region: 'OC',
    currency: 'AUD',
    language: 'en',
    timezone: 'Australia/Brisbane',
    climate: 'semi_arid',
    latitude: [-24.5, -20.5],
    longitude: [146.5, 150],
    pga: [0.05, 0.1],
    elevation: [100, 400],
    commodities: { coal: 70, copper: 15, gold: 15 },
    names: 'en',
  },
  {
    country: 'Papua New Guinea',
    isoCode: 'PG',
    region: 'OC',
    currency: 'PGK',
    language: 'en',
    timezone: 'Pacific/Port_Moresby',
    climate: 'tropical',
    latitude: [-7, -3.5],
    longitude: [141.5, 147],
    pga: [0.3, 0.6],
    elevation: [200, 2500],
    commodities: { gold: 60, copper: 40 },
    names: 'generic',
  },
  {
    country: 'Indonesia',
    isoCode: 'ID',
    region: 'AS',
    currency: 'IDR',
    language: 'en',
    timezone: 'Asia/Jayapura',
    climate: 'tropical',
    latitude: [-4.5, -1],
    longitude: [115, 138],
    pga: [0.3, 0.6],
    elevation: [100, 3000],
    commodities: { copper: 35, gold: 30, nickel: 35 },
    names: 'generic',
  },
  {
    country: 'Philippines',
    isoCode: 'PH',
    region: 'AS',
    currency: 'PHP',
    language: 'en',
    timezone: 'Asia/Manila',
    climate: 'tropical',
    latitude: [8, 16.5],
    longitude: [120, 126],
    pga: [0.3, 0.5],
    elevation: [100, 1200],
    commodities: { gold: 45, copper: 35, nickel: 20 },
    names: 'es',
  },
  {
    country: 'Mongolia',
    isoCode: 'MN',
    region: 'AS',
    currency: 'MNT',
    language: 'en',
    timezone: 'Asia/Ulaanbaatar',
    climate: 'semi_arid',
    latitude: [43, 49],
    longitude: [100, 112],
    pga: [0.1, 0.25],
    elevation: [1000, 1600],
    commodities: { copper: 60, gold: 25, coal: 15 },
    names: 'generic',
  },
  {
    country: 'Kazakhstan',
    isoCode: 'KZ',
    region: 'AS',
    currency: 'KZT',
    language: 'en',
    timezone: 'Asia/Almaty',
    climate: 'semi_arid',
    latitude: [43, 52],
    longitude: [60, 82],
    pga: [0.05, 0.3],
    elevation: [300, 1200],
    commodities: { copper: 40, zinc_lead: 25, gold: 20, uranium: 15 },
    names: 'generic',
  },
  {
    country: 'Sweden',
    isoCode: 'SE',
    region: 'EU',
    currency: 'SEK',
    language: 'en',
    timezone: 'Europe/Stockholm',
    climate: 'boreal',
    latitude: [63.5, 68],
    longitude: [17, 23],
    pga: [0.02, 0.06],
    elevation: [200, 600],
    commodities: { iron_ore: 45, copper: 30, zinc_lead: 15, gold: 10 },
    names: 'nordic',
  },
  {
    country: 'Finland',
    isoCode: 'FI',
    region: 'EU',
    currency: 'EUR',
    language: 'en',
    timezone: 'Europe/Helsinki',
    climate: 'boreal',
    latitude: [62, 68],
    longitude: [24, 29.5],
    pga: [0.02, 0.05],
    elevation: [100, 400],
    commodities: { gold: 35, nickel: 35, zinc_lead: 15, copper: 15 },
    names: 'nordic',
  },
  {
    country: 'Spain',
    isoCode: 'ES',
    region: 'EU',
    currency: 'EUR',
    language: 'es',
    timezone: 'Europe/Madrid',
    climate: 'mediterranean',
    latitude: [37.2, 38.2],
    longitude: [-7.5, -5.8],
    pga: [0.05, 0.15],
    elevation: [100, 400],
    commodities: { copper: 60, zinc_lead: 25, gold: 15 },
    names: 'es',
  },
]

export const REGION_WEIGHTS = weightedTable({ NA: 29, AF: 18, SA: 18, OC: 17, AS: 15, EU: 4 })

/** Place-name parts per naming style, combined as `<first> <second>` for mine and facility names. */
export const PLACE_WORDS: Readonly<
  Record<CountryProfile['names'], { first: readonly string[]; second: readonly string[] }>
> = {
  en: {
    first: [
      'Red',
      'Black',
      'Iron',
      'Copper',
      'Silver',
      'Granite',
      'Eagle',
      'Wolf',
      'Bear',
      'Kestrel',
      'Cedar',
      'Stony',
      'Broken',
      'Long',
      'Windy',
      'Salt',
      'Ghost',
      'Blue',
      'Golden',
      'Mount',
      'Ironbark',
      'Spinifex',
    ],
    second: [
      'Creek',
      'Ridge',
      'Hill',
      'Valley',
      'Flats',
      'Gully',
      'Range',
      'Plains',
      'Springs',
      'Peak',
      'Basin',
      'Lake',
      'Bluff',
      'Hollow',
      'Downs',
      'Well',
    ],
  },
  es: {
    first: [
      'Cerro',
      'Quebrada',
      'Loma',
      'Pampa',
      'Llano',
      'Mina',
      'Valle',
      'Laguna',
      'Sierra',
      'Cañada',
      'Cuesta',
      'Vega',
      'Meseta',
      'Portezuelo',
      'Cañón',
      'Peña',
    ],
    second: [
      'Blanco',
      'Colorado',
      'Verde',
      'Negro',
      'Alto',
      'Grande',
      'Seca',
      'Honda',
      'del Cobre',
      'del Sol',
      'Las Rocas',
      'San José',
      'Santa Rosa',
      'El Toro',
      'Rojo',
      'Bravo',
      'Escondido',
      'Largo',
      'del Inca',
      'La Paloma',
    ],
  },
  pt: {
    first: ['Córrego', 'Serra', 'Morro', 'Mina', 'Vale', 'Ribeirão', 'Lagoa', 'Pico'],
    second: [
      'do Ouro',
      'Grande',
      'Azul',
      'Verde',
      'da Mata',
      'do Ferro',
      'Vermelho',
      'Alegre',
      'das Pedras',
      'do Meio',
      'Santo Antônio',
      'São João',
    ],
  },
  fr: {
    first: ['Lac', 'Mont', 'Rivière', 'Baie', 'Pointe', 'Colline'],
    second: [
      'Noir',
      'Doré',
      'Rouge',
      'des Pins',
      'aux Cèdres',
      'Sainte-Anne',
      'du Nord',
      'Blanc',
      'des Loups',
    ],
  },
  nordic: {
    first: ['Kirun', 'Aitik', 'Malm', 'Kemi', 'Pyhä', 'Talvi', 'Sala', 'Vuoksi', 'Kittilä', 'Björk'],
    second: ['berget', 'vaara', 'järvi', 'tunturi', 'dalen', 'ås', 'mäki', 'lampi'],
  },
  generic: {
    first: [
      'Kora',
      'Tambo',
      'Bukit',
      'Ulan',
      'Nomad',
      'Ok',
      'Sapa',
      'Karag',
      'Tabu',
      'Mira',
      'Bayan',
      'Sumba',
      'Kali',
      'Tau',
    ],
    second: ['Hills', 'River', 'Plateau', 'Ridge', 'Valley', 'Highlands', 'Pass', 'Gorge', 'Falls', 'Lake'],
  },
}

/** Words that name the structure itself, by construction method [E]. */
export const STRUCTURE_WORDS: Readonly<Record<ConstructionMethod, readonly string[]>> = {
  upstream: ['Tailings Storage Facility', 'Slimes Dam', 'Tailings Dam', 'Ring Dyke'],
  downstream: ['Tailings Storage Facility', 'Tailings Dam', 'Cyclone Sand Dam'],
  centreline: ['Tailings Storage Facility', 'Tailings Dam', 'Centreline Dam'],
  water_retention: ['Tailings Dam', 'Tailings Storage Facility', 'Valley Fill Dam'],
  hybrid: ['Tailings Storage Facility', 'Tailings Dam'],
  in_pit: ['In-Pit Tailings Facility', 'Pit Tailings Storage'],
  dry_stack: ['Filtered Tailings Stack', 'Dry Stack Facility'],
}

export const OPERATOR_SUFFIXES = [
  'Mining',
  'Resources',
  'Minerals',
  'Metals',
  'Mining Company',
  'Gold',
  'Copper',
] as const
