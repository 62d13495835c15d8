import type { Faker } from '@faker-js/faker'
import { col, type ColumnSpec } from '../columns.js'
import { deriveSeed, deriveUuid } from '../derive-seed.js'
import { fakerNamePools } from '../faker.js'
import { Prng } from '../prng.js'
import { clamp, round } from '../../util/numbers.js'
import {
  CLIMATE_PROFILES,
  CONSEQUENCE_CLASSES,
  CONSTRUCTION_METHODS,
  COUNTRIES,
  DEPOSITION_METHODS,
  DEPOSITION_WEIGHTS,
  FACILITY_STATUSES,
  METHOD_BY_ERA,
  OPERATOR_SUFFIXES,
  PLACE_WORDS,
  POPULATION_AT_RISK,
  REGION_WEIGHTS,
  STATUS_WEIGHTS,
  STRUCTURE_WORDS,
  CLIMATES,
  COMMODITIES,
  type Climate,
  type Commodity,
  type ConsequenceClass,
  type ConstructionMethod,
  type CountryProfile,
  type DepositionMethod,
  type FacilityStatus,
} from './facility-datasets.js'
import { weightedTable } from '../prng.js'

/** Raised whenever the same seed would produce different facilities. */
// 2: no upstream method in Chile from 1970, no active upstream facility in Brazil, no thickened or paste
// deposition before 1975, no active facility started before 1930; Spanish and Portuguese adjectives agree.
// 3: a mine name belongs to one country, and its facilities share its operator.
// 4: facility names are unique within a seed (so within a country and a dataset): a facility whose drawn name an
// earlier one holds takes the smallest free number of its mine and structure ("… No. 2"), with its code.
// 5: annual rainfall of arid sites by region: Western Australia 180-350 mm, the US south-west 150-400 mm (the
// arid climate's 30-250 mm, Chile's, gave them a median of ~90 mm); every other field unchanged.
export const FACILITY_GENERATOR_VERSION = 5

/** A tailings storage facility. Every record of every other type belongs to one, by `facility_id`. */
export interface Facility {
  readonly id: string
  readonly facility_index: number
  readonly code: string
  readonly name: string
  readonly mine_name: string
  readonly operator: string
  readonly commodity: Commodity
  readonly construction_method: ConstructionMethod
  readonly deposition_method: DepositionMethod
  readonly status: FacilityStatus
  readonly consequence_class: ConsequenceClass
  readonly population_at_risk: number
  readonly country: string
  readonly country_code: string
  readonly region: string
  readonly currency: string
  readonly language: string
  readonly timezone: string
  readonly climate: Climate
  readonly latitude: number
  readonly longitude: number
  readonly ground_elevation_m: number
  readonly dam_height_m: number | null
  readonly crest_elevation_m: number
  readonly footprint_ha: number
  readonly capacity_mm3: number
  readonly stored_volume_mm3: number
  readonly construction_year: number
  readonly rate_of_rise_m_per_yr: number
  readonly annual_rainfall_mm: number
  readonly seismic_pga_g: number
  readonly has_pond: boolean
  readonly operating_freeboard_m: number | null
  readonly design_pore_pressure_kpa: number
  readonly baseline_seepage_l_s: number
}

/** The columns of a facility, in output order. */
export const FACILITY_COLUMNS: readonly ColumnSpec[] = [
  col.uuid('id', 'Stable facility id, derived from the seed and the facility index'),
  col.integer('facility_index', 'Position of the facility in its run, from 0'),
  col.string('code', 'Short site code, e.g. RCK-TSF2', { length: 16 }),
  col.string('name', 'Facility name'),
  col.string('mine_name', 'Mine the facility serves'),
  col.string('operator', 'Fictitious owner/operator'),
  col.enum('commodity', COMMODITIES, 'Main commodity of the mine'),
  col.enum('construction_method', CONSTRUCTION_METHODS, 'Raising method of the embankment'),
  col.enum('deposition_method', DEPOSITION_METHODS, 'How tailings are placed'),
  col.enum('status', FACILITY_STATUSES, 'Operating status'),
  col.enum('consequence_class', CONSEQUENCE_CLASSES, 'GISTM consequence classification'),
  col.integer('population_at_risk', 'People within the breach inundation zone'),
  col.string('country', 'Country'),
  col.string('country_code', 'ISO 3166-1 alpha-2 country code', { length: 2 }),
  col.string('region', 'Continent: NA, SA, AF, OC, AS or EU', { length: 2 }),
  col.string('currency', 'ISO 4217 currency of local reporting', { length: 3 }),
  col.string('language', 'Language of site documents', { length: 8 }),
  col.string('timezone', 'IANA time zone of the site', { length: 40 }),
  col.enum('climate', CLIMATES, 'Climate zone'),
  col.float('latitude', 'Latitude', { unit: '°' }),
  col.float('longitude', 'Longitude', { unit: '°' }),
  col.float('ground_elevation_m', 'Ground elevation at the toe', { unit: 'masl' }),
  col.float('dam_height_m', 'Maximum embankment height; null for in-pit facilities', {
    unit: 'm',
    nullable: true,
  }),
  col.float('crest_elevation_m', 'Current crest (or pit rim) elevation', { unit: 'm RL' }),
  col.float('footprint_ha', 'Footprint area', { unit: 'ha' }),
  col.float('capacity_mm3', 'Design storage capacity', { unit: 'Mm³' }),
  col.float('stored_volume_mm3', 'Tailings stored today', { unit: 'Mm³' }),
  col.integer('construction_year', 'Year the starter dam was built'),
  col.float('rate_of_rise_m_per_yr', 'Rate of rise of the tailings surface', { unit: 'm/yr' }),
  col.float('annual_rainfall_mm', 'Mean annual rainfall', { unit: 'mm' }),
  col.float('seismic_pga_g', '475-year peak ground acceleration', { unit: 'g' }),
  col.boolean(
    'has_pond',
    'Whether a supernatant pond exists (false for dry stacks and some closed facilities)',
  ),
  col.float('operating_freeboard_m', 'Design operating freeboard; null without a pond', {
    unit: 'm',
    nullable: true,
  }),
  col.float('design_pore_pressure_kpa', 'Design expected pore pressure at the reference piezometer', {
    unit: 'kPa',
  }),
  col.float('baseline_seepage_l_s', 'Baseline total seepage flow', { unit: 'L/s' }),
]

const CLASS_THRESHOLDS = [-1.036, -0.253, 0.524, 1.2816] // standard-normal quantiles of 15/40/70/90 %

/**
 * Generates facility `index` of the run seeded with `seed`. The result depends on (seed, index) only, so a
 * facility is the same whichever subset of facilities is generated; its name is unique among the facilities of
 * the seed (it takes the smallest free number of its mine and structure when an earlier facility holds the name
 * it drew). The first call for a seed draws the facilities before `index` once (about 10 µs each). Needs no
 * faker (the parameter is kept for callers that pass one).
 *
 * ### Examples
 * ```ts
 * const first = generateFacility(42, 0)
 * ```
 */
export function generateFacility(seed: number, index: number, _faker?: Faker): Facility {
  const draft = draftFacility(seed, index)
  const { place, structure } = draft
  const tsfNumber = claimedNumber(seed, index, draft)
  if (tsfNumber === draft.tsfNumber) return draft.facility
  return {
    ...draft.facility,
    code: facilityCode(place, tsfNumber),
    name: facilityName(place, structure, tsfNumber),
  }
}

/** A facility as drawn, and the parts of its name: its name may still be held by an earlier facility. */
interface FacilityDraft {
  readonly facility: Facility
  readonly place: string
  readonly structure: string
  readonly tsfNumber: number
}

function facilityName(place: string, structure: string, tsfNumber: number): string {
  return tsfNumber > 1 ? `${place} ${structure} No. ${tsfNumber}` : `${place} ${structure}`
}

function facilityCode(place: string, tsfNumber: number): string {
  return `${siteCode(place)}-TSF${tsfNumber}`
}

/** The names facilities `0 … numbers.length - 1` of a seed hold, and the number each took. */
interface NameBook {
  readonly used: Set<string>
  readonly numbers: number[]
}

/** Name books of the seeds used last; a facility's name depends on those of every earlier facility. */
const NAME_BOOKS = new Map<number, NameBook>()
const NAME_BOOK_SEEDS = 8

/**
 * The number facility `index` of `seed` takes: the one it drew unless an earlier facility holds that name, else
 * the smallest free one. Earlier facilities are drawn once per seed and remembered, so any subset of facilities
 * gets the names the full run gives.
 */
function claimedNumber(seed: number, index: number, draft: FacilityDraft): number {
  let book = NAME_BOOKS.get(seed)
  if (book === undefined) {
    book = { used: new Set(), numbers: [] }
    if (NAME_BOOKS.size >= NAME_BOOK_SEEDS) NAME_BOOKS.delete(NAME_BOOKS.keys().next().value as number)
  } else {
    NAME_BOOKS.delete(seed)
  }
  NAME_BOOKS.set(seed, book)
  const { used, numbers } = book
  while (numbers.length <= index) {
    const next = numbers.length === index ? draft : draftFacility(seed, numbers.length)
    let n = next.tsfNumber
    if (used.has(facilityName(next.place, next.structure, n))) {
      n = 1
      while (used.has(facilityName(next.place, next.structure, n))) n++
    }
    used.add(facilityName(next.place, next.structure, n))
    numbers.push(n)
  }
  return numbers[index] as number
}

function draftFacility(seed: number, index: number): FacilityDraft {
  const rng = new Prng(deriveSeed(seed, 'facility', index))

  const region = rng.weighted(REGION_WEIGHTS)
  const country = rng.pick(COUNTRIES.filter((c) => c.region === region))
  const [rainLow, rainHigh] = country.annualRainfall ?? CLIMATE_PROFILES[country.climate].annualRainfall

  const constructionYear = sampleConstructionYear(rng)
  const era = constructionYear < 1980 ? 'before1980' : constructionYear < 2010 ? 'from1980to2009' : 'from2010'
  const method = allowedMethod(rng.weighted(METHOD_BY_ERA[era]), country.isoCode, constructionYear)
  const commodity = rng.weighted(weightedTable(country.commodities as Record<Commodity, number>))
  const deposition: DepositionMethod =
    method === 'dry_stack' ? 'filtered' : depositionOfEra(rng.weighted(DEPOSITION_WEIGHTS), constructionYear)
  const status = allowedStatus(
    constructionYear >= 2015 && rng.chance(0.85) ? 'active' : rng.weighted(STATUS_WEIGHTS),
    method,
    country.isoCode,
    constructionYear,
  )

  // One latent size factor drives height, volume and (partly) the consequence class.
  const zSize = rng.normal()
  const zVolume = 0.7 * zSize + 0.71 * rng.normal()
  const height = clamp(22 * Math.exp(0.9 * zSize), 5, 250)
  const stored = clamp(3.5 * Math.exp(2.2 * zVolume), 0.05, 1500)
  const capacity = status === 'closed' ? stored * rng.range(1, 1.08) : stored * rng.range(1.15, 2.5)
  const footprint = clamp((stored * 100) / (0.3 * height), 2, 5000)

  const zClass = 0.55 * ((zSize + zVolume) / 1.8) + 0.83 * rng.normal()
  const classIndex = CLASS_THRESHOLDS.filter((t) => zClass > t).length
  const consequenceClass = CONSEQUENCE_CLASSES[classIndex] as ConsequenceClass
  const [popLow, popHigh] = POPULATION_AT_RISK[consequenceClass]
  const population = popHigh === 0 ? 0 : Math.round(Math.exp(rng.range(Math.log(popLow), Math.log(popHigh))))

  const inPit = method === 'in_pit'
  const groundElevation = Math.round(rng.range(country.elevation[0], country.elevation[1]))
  const hasPond = method !== 'dry_stack' && !(status === 'closed' && rng.chance(0.5))
  const riseRate =
    status === 'active'
      ? method === 'upstream'
        ? rng.logNormalBetween(1.2, 5)
        : rng.logNormalBetween(0.5, 3)
      : 0
  const porePressureFactor = method === 'upstream' ? rng.range(0.3, 0.6) : rng.range(0.12, 0.4)
  const effectiveHeight = inPit ? rng.range(20, 60) : height
  const seepageScale = (method === 'dry_stack' ? 0.2 : 1) * (status === 'closed' ? 0.5 : 1)

  const place = placeName(rng, country)
  const tsfNumber = rng.int(1, 4)
  const structure = rng.pick(STRUCTURE_WORDS[method])

  const facility: Facility = {
    id: deriveUuid(seed, 'facility', index),
    facility_index: index,
    code: facilityCode(place, tsfNumber),
    name: facilityName(place, structure, tsfNumber),
    mine_name: `${place} Mine`,
    operator: operatorOf(seed, country.isoCode, place),
    commodity,
    construction_method: method,
    deposition_method: deposition,
    status,
    consequence_class: consequenceClass,
    population_at_risk: population,
    country: country.country,
    country_code: country.isoCode,
    region,
    currency: country.currency,
    language: country.language,
    timezone: country.timezone,
    climate: country.climate,
    latitude: round(rng.range(country.latitude[0], country.latitude[1]), 5),
    longitude: round(rng.range(country.longitude[0], country.longitude[1]), 5),
    ground_elevation_m: groundElevation,
    dam_height_m: inPit ? null : round(height, 1),
    crest_elevation_m: round(groundElevation + (inPit ? 0 : height), 2),
    footprint_ha: round(footprint, 1),
    capacity_mm3: round(capacity, 3),
    stored_volume_mm3: round(stored, 3),
    construction_year: constructionYear,
    rate_of_rise_m_per_yr: round(riseRate, 2),
    annual_rainfall_mm: Math.round(Math.exp(rng.range(Math.log(rainLow), Math.log(rainHigh)))),
    seismic_pga_g: round(rng.range(country.pga[0], country.pga[1]), 2),
    has_pond: hasPond,
    operating_freeboard_m: hasPond ? round(rng.range(2.2, 5), 2) : null,
    design_pore_pressure_kpa: round(20 + 9.81 * effectiveHeight * porePressureFactor, 1),
    baseline_seepage_l_s: round(
      seepageScale * clamp(rng.logNormal(8 * Math.sqrt(footprint / 60), 0.6), 0.1, 150),
      2,
    ),
  }
  return { facility, place, structure, tsfNumber }
}

/**
 * The construction method the jurisdiction allowed when the facility was built [E, domain §C.3]: Chile has
 * not permitted upstream raising since the 1965 El Cobre failure (regulated from 1970).
 */
function allowedMethod(method: ConstructionMethod, country: string, year: number): ConstructionMethod {
  return country === 'CL' && method === 'upstream' && year >= 1970 ? 'downstream' : method
}

/** Thickened and paste deposition came into use in the 1970s [E]: earlier facilities took slurry. */
function depositionOfEra(method: DepositionMethod, year: number): DepositionMethod {
  return year < 1975 && (method === 'thickened' || method === 'paste') ? 'conventional_slurry' : method
}

/**
 * The status the facility can have today [E, domain §C.3]: Brazil's Law 14,066/2020 bans upstream dams and
 * orders their decharacterisation, so none operates; a facility started before 1930 is closed.
 */
function allowedStatus(
  status: FacilityStatus,
  method: ConstructionMethod,
  country: string,
  year: number,
): FacilityStatus {
  if (status !== 'active') return status
  if (country === 'BR' && method === 'upstream') return 'inactive'
  return year < 1930 ? 'closed' : status
}

function sampleConstructionYear(rng: Prng): number {
  // Skewed to 1970–2015 with a long tail back to 1900 [E].
  if (rng.chance(0.12)) return rng.int(1900, 2024)
  return Math.round(clamp(rng.gaussian(1994, 13), 1950, 2024))
}

function placeName(rng: Prng, country: CountryProfile): string {
  return rng.pick(placesOf(country))
}

/** A place name of a word list: two words, joined as the language does. */
function joinPlace(names: CountryProfile['names'], first: string, second: string): string {
  if (names === 'nordic') return `${first}${second}`
  if (names === 'es' || names === 'pt') return `${first} ${agree(first, second)}`
  return `${first} ${second}`
}

const PLACES = new Map<CountryProfile, readonly string[]>()
let placeOwners: Map<string, string> | undefined

/** The country each place name belongs to: by a hash of the name among the countries whose lists make it. */
function ownersOfPlaces(): Map<string, string> {
  if (placeOwners === undefined) {
    const makers = new Map<string, Set<string>>()
    for (const profile of COUNTRIES) {
      const words = PLACE_WORDS[profile.names]
      for (const first of words.first) {
        for (const second of words.second) {
          const place = joinPlace(profile.names, first, second)
          makers.set(place, (makers.get(place) ?? new Set()).add(profile.isoCode))
        }
      }
    }
    placeOwners = new Map()
    for (const [place, countries] of makers) {
      const candidates = [...countries].sort()
      placeOwners.set(place, candidates[deriveSeed(0, 'place', place) % candidates.length] as string)
    }
  }
  return placeOwners
}

/**
 * The place names a country profile may use: those of its word lists that belong to its country, so one mine
 * name is never found in two countries.
 */
function placesOf(country: CountryProfile): readonly string[] {
  let places = PLACES.get(country)
  if (places === undefined) {
    const owners = ownersOfPlaces()
    const words = PLACE_WORDS[country.names]
    const own = new Set<string>()
    for (const first of words.first) {
      for (const second of words.second) {
        const place = joinPlace(country.names, first, second)
        if (owners.get(place) === country.isoCode) own.add(place)
      }
    }
    places = [...own]
    PLACES.set(country, places)
  }
  return places
}

/** The operator of a mine: a function of (seed, country, place), so every facility of the mine has the same. */
function operatorOf(seed: number, country: string, place: string): string {
  const rng = new Prng(deriveSeed(seed, 'operator', country, place))
  return `${rng.pick(fakerNamePools().last)} ${rng.pick(OPERATOR_SUFFIXES)}`
}

/**
 * A Spanish or Portuguese adjective in the gender of its noun: "Laguna Negra", "Cerro Blanco", "Serra
 * Vermelha". Nouns ending in -a are feminine in both word lists; phrases ("del Sol", "do Ouro") stay as written.
 */
function agree(noun: string, adjective: string): string {
  if (adjective.includes(' ')) return adjective
  const feminine = noun.endsWith('a')
  if (feminine && adjective.endsWith('o')) return `${adjective.slice(0, -1)}a`
  if (!feminine && adjective.endsWith('a')) return `${adjective.slice(0, -1)}o`
  return adjective
}

function siteCode(place: string): string {
  const letters = place
    .normalize('NFD')
    .replace(/[^A-Za-z ]/g, '')
    .split(' ')
    .filter((w) => w.length > 2 || w === w.toUpperCase())
    .map((w) => w.slice(0, w.length > 1 ? 2 : 1))
    .join('')
    .toUpperCase()
  return letters.slice(0, 4).padEnd(3, 'X')
}
