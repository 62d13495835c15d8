import type { ConsequenceClass, DepositionMethod } from '../facility/facility-datasets.js'
import { weightedTable, type WeightedTable } from '../prng.js'

// Reference data of the financial generator. Rates come from domain reference §F ([S] where it says so,
// otherwise [E]); values it does not give are marked [E] here and are engineering estimates.

/** Line-item categories: liabilities, assurance and its costs, capital and operating costs. */
export const FINANCIAL_CATEGORIES = [
  'closure_cost_estimate',
  'financial_assurance',
  'assurance_carrying_cost',
  'capex_raise',
  'sustaining_capex',
  'opex_operations',
  'surveillance_monitoring',
  'independent_review',
  'insurance_premium',
  'instrumentation_capex',
  'water_treatment',
  'mrf_levy',
] as const
export type FinancialCategory = (typeof FINANCIAL_CATEGORIES)[number]

/** Period lengths of a line item. */
export const PERIOD_TYPES = ['annual', 'quarterly'] as const
export type PeriodType = (typeof PERIOD_TYPES)[number]

/** Planning status of a line item; `approved` marks the closure estimate accepted for the year. */
export const LINE_STATUSES = ['budget', 'forecast', 'actual', 'approved'] as const
export type LineStatus = (typeof LINE_STATUSES)[number]

/** Forms of financial assurance (domain §F). */
export const ASSURANCE_FORMS = [
  'surety_bond',
  'letter_of_credit',
  'bank_guarantee',
  'cash_deposit',
  'trust_fund',
  'insurance_backed_bond',
  'government_pool',
  'corporate_guarantee',
] as const
export type AssuranceForm = (typeof ASSURANCE_FORMS)[number]

/** Forms that cost an annual fee on the guaranteed amount (1.5–3 %, domain §F [S for bank guarantees]). */
export const FEE_BEARING_FORMS: ReadonlySet<AssuranceForm> = new Set([
  'surety_bond',
  'letter_of_credit',
  'bank_guarantee',
  'insurance_backed_bond',
])

/** How an amount was derived; rates are quoted in US dollars whatever the reporting currency. */
export const BASES = [
  'US$/t dry',
  'US$/ha',
  'US$/m³ fill',
  'US$/m³ treated',
  'US$/instrument',
  '% of liability',
  '% of liability p.a.',
  '% of guaranteed amount p.a.',
  '% of limit p.a.',
  'lump sum',
] as const
export type Basis = (typeof BASES)[number]

/**
 * Local currency units per US dollar: fixed, illustrative rates (about the 2024 averages), not market data
 * and not for accounting. A currency missing here is reported in US dollars.
 */
export const ILLUSTRATIVE_USD_RATES: Readonly<Record<string, number>> = {
  USD: 1,
  CAD: 1.36,
  MXN: 18.3,
  BRL: 5.4,
  CLP: 940,
  PEN: 3.75,
  ZAR: 18.3,
  AUD: 1.52,
  PGK: 3.85,
  IDR: 15_900,
  PHP: 57.3,
  MNT: 3_400,
  KZT: 470,
  SEK: 10.6,
  EUR: 0.92,
}

/** Tailings placement opex in US$ per dry tonne (P10–P90) by deposition method (domain §F). */
export const OPEX_PER_TONNE: Readonly<Record<DepositionMethod, readonly [number, number]>> = {
  conventional_slurry: [0.6, 2.5],
  thickened: [1.5, 4],
  paste: [2, 4],
  filtered: [2, 6],
  co_disposal: [1, 3],
}

/** Surveillance and monitoring opex, US$ M per year by consequence class (domain §F: 0.2–2 M) [E]. */
export const SURVEILLANCE_USD_M: Readonly<Record<ConsequenceClass, readonly [number, number]>> = {
  Low: [0.15, 0.4],
  Significant: [0.2, 0.6],
  High: [0.3, 1],
  'Very High': [0.5, 1.5],
  Extreme: [0.8, 2],
}

/** Insurance limit attributed to the facility, US$ M by consequence class [E]. */
export const INSURANCE_LIMIT_USD_M: Readonly<Record<ConsequenceClass, readonly [number, number]>> = {
  Low: [10, 50],
  Significant: [25, 100],
  High: [50, 250],
  'Very High': [100, 500],
  Extreme: [250, 1000],
}

/** Years between dam safety reviews by class (domain §C.2/C.3: 5 for Very High and Extreme) [E]. */
export const DSR_INTERVAL_YEARS: Readonly<Record<ConsequenceClass, number>> = {
  Low: 10,
  Significant: 10,
  High: 7,
  'Very High': 5,
  Extreme: 5,
}

/** AACE class of a facility's closure estimate: conceptual while operating, more definitive once closed [E]. */
export const CLOSURE_CLASS_OPERATING = weightedTable({ '5': 10, '4': 50, '3': 35, '2': 5 })
/** AACE class of a closed facility's closure estimate. */
export const CLOSURE_CLASS_CLOSED = weightedTable({ '4': 20, '3': 45, '2': 30, '1': 5 })

/** Assurance regimes by country [E]: full-cost bonding aims at 100 % (domain §F). */
export interface AssuranceRegime {
  readonly coverage: readonly [number, number]
  readonly forms: WeightedTable<AssuranceForm>
}

/** A weighted table over some of the assurance forms (the others never drawn). */
function formTable(weights: Readonly<Partial<Record<AssuranceForm, number>>>): WeightedTable<AssuranceForm> {
  return weightedTable(weights as Record<AssuranceForm, number>)
}

const GENERIC_FORMS = formTable({
  bank_guarantee: 35,
  surety_bond: 20,
  letter_of_credit: 15,
  insurance_backed_bond: 10,
  cash_deposit: 10,
  corporate_guarantee: 10,
})

export const ASSURANCE_REGIMES: Readonly<Record<string, AssuranceRegime>> = {
  US: {
    coverage: [85, 100],
    forms: formTable({
      surety_bond: 45,
      letter_of_credit: 15,
      trust_fund: 15,
      corporate_guarantee: 15,
      cash_deposit: 10,
    }),
  },
  CA: {
    coverage: [85, 100],
    forms: formTable({
      letter_of_credit: 45,
      surety_bond: 30,
      trust_fund: 15,
      cash_deposit: 10,
    }),
  },
  ZA: {
    coverage: [70, 100],
    forms: formTable({
      trust_fund: 35,
      bank_guarantee: 35,
      insurance_backed_bond: 20,
      cash_deposit: 10,
    }),
  },
  // Queensland's Financial Provisioning Scheme: most sites pay into the scheme, high-risk ones lodge a surety.
  'AU-QLD': {
    coverage: [90, 100],
    forms: formTable({ government_pool: 60, surety_bond: 20, bank_guarantee: 20 }),
  },
  // Western Australia's Mining Rehabilitation Fund replaced most site bonds from 2014 [S]; the pool's cover of
  // one site is notional, taken here at the pre-reform bond share of 25–30 % [S] of the liability [E].
  'AU-WA': {
    coverage: [25, 30],
    forms: formTable({ government_pool: 85, bank_guarantee: 15 }),
  },
  SE: { coverage: [85, 100], forms: GENERIC_FORMS },
  FI: { coverage: [85, 100], forms: GENERIC_FORMS },
  ES: { coverage: [85, 100], forms: GENERIC_FORMS },
  CL: { coverage: [80, 100], forms: GENERIC_FORMS },
  PE: { coverage: [80, 100], forms: GENERIC_FORMS },
}
/** Regime of countries not listed in {@link ASSURANCE_REGIMES}: partial cover, mixed forms [E]. */
export const DEFAULT_REGIME: AssuranceRegime = { coverage: [25, 75], forms: GENERIC_FORMS }

/** Readable names of the assurance forms, for descriptions. */
export const FORM_LABELS: Readonly<Record<AssuranceForm, string>> = {
  surety_bond: 'surety bond',
  letter_of_credit: 'irrevocable letter of credit',
  bank_guarantee: 'bank guarantee',
  cash_deposit: 'cash deposit',
  trust_fund: 'rehabilitation trust fund',
  insurance_backed_bond: 'insurance-backed bond',
  government_pool: 'pooled government fund',
  corporate_guarantee: 'corporate guarantee',
}

/** Headline of each category, used in descriptions of annual lines. */
export const CATEGORY_LABELS: Readonly<Record<FinancialCategory, string>> = {
  closure_cost_estimate: 'Closure cost estimate (rehabilitation liability)',
  financial_assurance: 'Financial assurance',
  assurance_carrying_cost: 'Assurance carrying cost',
  capex_raise: 'Embankment raise',
  sustaining_capex: 'Sustaining capital',
  opex_operations: 'Tailings operations',
  surveillance_monitoring: 'Surveillance and monitoring',
  independent_review: 'Independent review',
  insurance_premium: 'Property and liability insurance premium (TSF share)',
  instrumentation_capex: 'Instrumentation',
  water_treatment: 'Water treatment',
  mrf_levy: 'Mining Rehabilitation Fund levy (WA)',
}

/** Cost elements that itemised actuals of a category are booked against. */
export const COST_ELEMENTS: Readonly<Partial<Record<FinancialCategory, readonly string[]>>> = {
  opex_operations: [
    'Tailings operations: labour',
    'Tailings operations: power for slurry and return-water pumping',
    'Tailings operations: maintenance',
    'Tailings operations: flocculant and reagents',
    'Tailings operations: contractor services',
    'Tailings operations: equipment hire',
  ],
  sustaining_capex: [
    'Sustaining capital: tailings pipeline replacement',
    'Sustaining capital: decant and return-water pumps',
    'Sustaining capital: spillway and diversion works',
    'Sustaining capital: crest and access road works',
    'Sustaining capital: spigots and deposition infrastructure',
  ],
  capex_raise: [
    'Embankment raise: earthworks',
    'Embankment raise: filters and drains',
    'Embankment raise: design and construction QA',
    'Embankment raise: pipework relocation',
    'Embankment raise: survey and instrumentation',
  ],
  surveillance_monitoring: [
    'Surveillance: instrument reading and data management',
    'Surveillance: Engineer of Record services',
    'Surveillance: surveys and InSAR',
    'Surveillance: water-quality sampling and analysis',
    'Surveillance: inspections and reporting',
  ],
  instrumentation_capex: [
    'Instrumentation: vibrating-wire piezometers',
    'Instrumentation: data loggers and telemetry',
    'Instrumentation: survey prisms and GNSS',
    'Instrumentation: installation drilling',
  ],
  water_treatment: [
    'Water treatment: lime and reagents',
    'Water treatment: plant operation and power',
    'Water treatment: sludge handling',
    'Water treatment: monitoring and compliance',
  ],
}

/** Suffixes of fictitious counterparties; the first word comes from the partition's faker. */
export const COUNTERPARTY_SUFFIXES = {
  insurer: ['Mutual Insurance', 'Specialty Insurance', 'Re', 'Insurance Group'],
  surety: ['Surety Company', 'Bonding & Surety'],
  bank: ['Bank', 'Commercial Bank', 'Banking Corporation'],
  consultant: [
    'Geotechnical',
    'Tailings Engineering',
    '& Partners Consulting Engineers',
    'Mine Closure Consultants',
  ],
  contractor: ['Earthmoving', 'Civil Contractors', 'Construction'],
} as const
