import type { Faker } from '@faker-js/faker'
import { deriveSeed } from '../derive-seed.js'
import { fakerNamePools } from '../faker.js'
import { Prng } from '../prng.js'
import type { Facility } from '../facility/facility-generator.js'

// Document metadata of a TSF's governance records (domain reference §B). Tags: [S] confirmed against a public
// source, [E] engineering estimate. Page and size bands are the §B.1 table unless marked [E].

/** Document-control status: issued for review (drafts), for construction, for use, or replaced by a later revision. */
export const DOCUMENT_STATUSES = ['IFR', 'IFC', 'IFU', 'Superseded'] as const
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number]

/** Revisions in issue order: letters are drafts issued for review, numbers are issued revisions. */
export const REVISIONS = ['A', 'B', 'C', '0', '1', '2'] as const
export type Revision = (typeof REVISIONS)[number]

/** Who wrote a document. `consultant` is a specialist firm that is neither EOR nor DSR reviewer [E]. */
export const AUTHOR_ROLES = [
  'EOR',
  'DoR',
  'RTFE',
  'ITRB',
  'DSR reviewer',
  'auditor',
  'regulator',
  'owner',
  'consultant',
] as const
export type AuthorRole = (typeof AUTHOR_ROLES)[number]

/** Who approves a document for issue (AE = Accountable Executive). */
export const APPROVER_ROLES = ['AE', 'RTFE', 'EOR'] as const
export type ApproverRole = (typeof APPROVER_ROLES)[number]

export const CONFIDENTIALITY_LEVELS = ['public', 'internal', 'restricted'] as const
export type Confidentiality = (typeof CONFIDENTIALITY_LEVELS)[number]

/** Document type codes: the §B.1 abbreviations; codes for types without one there are [E]. */
export const DOC_TYPE_CODES = [
  'DBR',
  'DDR',
  'CRR',
  'OMS',
  'EPRP',
  'DBA',
  'CCA',
  'APR',
  'DSI',
  'RIR',
  'DSR',
  'ITRB',
  'RA',
  'TMS',
  'DAR',
  'WBM',
  'MON',
  'MAA',
  'GI',
  'CLP',
  'PDS',
  'DCE',
  'RPSB',
  'AUD',
  'INC',
  'RIN',
  'TARP',
] as const
export type DocTypeCode = (typeof DOC_TYPE_CODES)[number]

/**
 * How often a document is reissued: months, the GISTM DSR interval of the facility's class (`dsr`), the Brazilian
 * RPSB interval (`rpsb`), or `null` for event-driven documents.
 */
export type ReviewFrequency = number | 'dsr' | 'rpsb' | null

/** What `period_covered` names: the month, quarter, half or year before the issue date, or the current one. */
export type PeriodKind = 'prevMonth' | 'month' | 'prevQuarter' | 'half' | 'year' | 'prevYear'

/** How a title is qualified when the document covers no period: issue year, raise stage, or a fixed phrase. */
export type TitleKind = 'year' | 'stage' | 'qualifier'

/** How drafts usually go: `review` documents often pass through A/B drafts, `routine` ones are issued directly. */
export type ChainKind = 'review' | 'routine'

/** One document type and how documents of it look. */
export interface DocumentTypeSpec {
  readonly code: DocTypeCode
  /** `doc_type`, also the start of titles. */
  readonly name: string
  /** Discipline code in the document number: GEO, HYD, ENV, CIV, MGT, EMR, SOC. */
  readonly discipline: string
  /** Document class code in the document number: RPT, MAN, PLN, REV, AUD, DIS, DEC, ASM, INS, NOT. */
  readonly docClass: string
  /** Author roles with relative weights. */
  readonly authors: readonly (readonly [AuthorRole, number])[]
  /** `null` where the author is outside the owner's approval chain (regulators). */
  readonly approver: ApproverRole | null
  readonly pages: readonly [number, number]
  /** PDF size band in MB (10^6 bytes). */
  readonly sizeMb: readonly [number, number]
  /** Median MB per page: 0.15 for text and vector pages, more for scans, photos and maps [E]. */
  readonly mbPerPage: number
  /** Number of drawing sheets bound in, each 0.5–3 MB [E]. */
  readonly drawings?: readonly [number, number]
  readonly review: ReviewFrequency
  readonly period: PeriodKind | null
  /** Used when `period` is null. */
  readonly titleKind: TitleKind
  readonly qualifiers?: readonly string[]
  readonly confidentiality: Confidentiality
  /** Share written in English where the site language is another [E]. */
  readonly englishShare: number
  /** Expected documents per facility-year before facility adjustments [E]. */
  readonly perYear: number
  readonly chain: ChainKind
  readonly issuedStatus: 'IFU' | 'IFC'
  /** Whether a new document replaces the previous edition of its type (plans, manuals, models). */
  readonly replacesEdition: boolean
  /** Keyword pool; the first is always included. */
  readonly keywords: readonly string[]
  /** Only for facilities in these countries (ISO codes). */
  readonly countries?: readonly string[]
}

/** The document types of §B.1, in a fixed order (part of the output contract: reordering changes data). */
export const DOCUMENT_TYPES: readonly DocumentTypeSpec[] = [
  {
    code: 'DBR',
    name: 'Design Basis Report',
    discipline: 'GEO',
    docClass: 'RPT',
    authors: [['EOR', 1]],
    approver: 'AE',
    pages: [40, 150],
    sizeMb: [2, 15],
    mbPerPage: 0.12,
    review: null, // on material change (GISTM 4.8) [S]
    period: null,
    titleKind: 'year',
    confidentiality: 'internal',
    englishShare: 0.3,
    perYear: 0.15,
    chain: 'review',
    issuedStatus: 'IFU',
    replacesEdition: true,
    keywords: [
      'design basis',
      'GISTM 4.8',
      'design criteria',
      'consequence classification',
      'flood design',
      'seismic design',
      'factor of safety',
      'material change',
    ],
  },
  {
    code: 'DDR',
    name: 'Detailed Design Report',
    discipline: 'GEO',
    docClass: 'RPT',
    authors: [
      ['DoR', 0.7],
      ['EOR', 0.3],
    ],
    approver: 'EOR',
    pages: [100, 500],
    sizeMb: [20, 300],
    mbPerPage: 0.15,
    drawings: [20, 150],
    review: null, // each stage or raise (GISTM 5.5)
    period: null,
    titleKind: 'stage',
    confidentiality: 'internal',
    englishShare: 0.3,
    perYear: 0.4,
    chain: 'review',
    issuedStatus: 'IFC',
    replacesEdition: false,
    keywords: [
      'detailed design',
      'GISTM 5.5',
      'stage raise',
      'drawings',
      'stability analysis',
      'seepage analysis',
      'specifications',
      'issued for construction',
    ],
  },
  {
    code: 'CRR',
    name: 'Construction Records Report',
    discipline: 'CIV',
    docClass: 'RPT',
    authors: [['EOR', 1]],
    approver: 'RTFE', // signed by EOR and RTFE (GISTM 6.3) [S]
    pages: [100, 600],
    sizeMb: [20, 500],
    mbPerPage: 0.4,
    review: null,
    period: null,
    titleKind: 'stage',
    confidentiality: 'internal',
    englishShare: 0.2,
    perYear: 0.5,
    chain: 'review',
    issuedStatus: 'IFU',
    replacesEdition: false,
    keywords: [
      'as-built',
      'construction records',
      'GISTM 6.3',
      'QA/QC',
      'compaction testing',
      'CDIV',
      'stage raise',
      'survey',
    ],
  },
  {
    code: 'OMS',
    name: 'Operations, Maintenance and Surveillance Manual',
    discipline: 'MGT',
    docClass: 'MAN',
    authors: [
      ['RTFE', 0.7],
      ['owner', 0.3],
    ],
    approver: 'AE',
    pages: [60, 300],
    sizeMb: [2, 30],
    mbPerPage: 0.1,
    review: 12, // GISTM 6.4 [S]
    period: null,
    titleKind: 'year',
    confidentiality: 'internal',
    englishShare: 0.2,
    perYear: 1,
    chain: 'review',
    issuedStatus: 'IFU',
    replacesEdition: true,
    keywords: [
      'OMS manual',
      'GISTM 6.4',
      'surveillance',
      'operations',
      'maintenance',
      'TARP',
      'roles and responsibilities',
      'critical controls',
    ],
  },
  {
    code: 'EPRP',
    name: 'Emergency Preparedness and Response Plan',
    discipline: 'EMR',
    docClass: 'PLN',
    authors: [
      ['owner', 0.6],
      ['RTFE', 0.4],
    ],
    approver: 'AE',
    pages: [50, 300],
    sizeMb: [5, 100],
    mbPerPage: 0.3,
    review: 12, // annual update and training [E]; simulations 3-yearly (GISTM 13.3)
    period: null,
    titleKind: 'year',
    confidentiality: 'restricted',
    englishShare: 0.1,
    perYear: 1,
    chain: 'review',
    issuedStatus: 'IFU',
    replacesEdition: true,
    keywords: [
      'emergency preparedness',
      'GISTM 13.1',
      'inundation map',
      'evacuation',
      'warning system',
      'emergency levels',
      'community engagement',
      'simulation exercise',
    ],
  },
  {
    code: 'DBA',
    name: 'Dam Breach and Inundation Analysis',
    discipline: 'HYD',
    docClass: 'RPT',
    authors: [
      ['consultant', 0.7],
      ['EOR', 0.3],
    ],
    approver: 'EOR',
    pages: [50, 250],
    sizeMb: [10, 300],
    mbPerPage: 0.5,
    review: null, // on material change (GISTM 2.3) [S]
    period: null,
    titleKind: 'qualifier',
    qualifiers: [
      'Dam Break Study',
      'Breach Analysis Update',
      'Flow-Slide Runout Assessment',
      'Inundation Mapping',
    ],
    confidentiality: 'restricted',
    englishShare: 0.3,
    perYear: 0.15,
    chain: 'review',
    issuedStatus: 'IFU',
    replacesEdition: true,
    keywords: [
      'dam breach',
      'GISTM 2.3',
      'inundation',
      'runout',
      'flow arrival time',
      'population at risk',
      'hydraulic modelling',
      'credible failure mode',
    ],
  },
  {
    code: 'CCA',
    name: 'Consequence Classification Assessment',
    discipline: 'GEO',
    docClass: 'ASM',
    authors: [
      ['EOR', 0.7],
      ['consultant', 0.3],
    ],
    approver: 'AE',
    pages: [20, 80],
    sizeMb: [2, 20],
    mbPerPage: 0.2,
    review: 60, // each DSR and at least every 5 years (GISTM 4.2C) [S]
    period: null,
    titleKind: 'year',
    confidentiality: 'internal',
    englishShare: 0.3,
    perYear: 0.2,
    chain: 'review',
    issuedStatus: 'IFU',
    replacesEdition: true,
    keywords: [
      'consequence classification',
      'GISTM 4.1',
      'population at risk',
      'potential loss of life',
      'environmental consequences',
      'Annex 2',
      'breach analysis',
    ],
  },
  {
    code: 'APR',
    name: 'Annual Construction and Performance Review',
    discipline: 'GEO',
    docClass: 'RPT',
    authors: [['EOR', 1]],
    approver: 'AE',
    pages: [50, 300],
    sizeMb: [10, 100],
    mbPerPage: 0.2,
    review: 12, // GISTM 10.4 [S]
    period: 'prevYear',
    titleKind: 'year',
    confidentiality: 'internal',
    englishShare: 0.2,
    perYear: 1,
    chain: 'review',
    issuedStatus: 'IFU',
    replacesEdition: false,
    keywords: [
      'annual performance review',
      'GISTM 10.4',
      'EOR',
      'stability',
      'deformation',
      'pore pressure',
      'freeboard',
      'water balance',
    ],
  },
  {
    code: 'DSI',
    name: 'Dam Safety Inspection Report',
    discipline: 'GEO',
    docClass: 'INS',
    authors: [['EOR', 1]],
    approver: 'RTFE',
    pages: [20, 150],
    sizeMb: [2, 50],
    mbPerPage: 0.2,
    review: 12, // formal annual inspection
    period: 'year',
    titleKind: 'year',
    confidentiality: 'internal',
    englishShare: 0.2,
    perYear: 1,
    chain: 'review',
    issuedStatus: 'IFU',
    replacesEdition: false,
    keywords: [
      'dam safety inspection',
      'EOR',
      'visual inspection',
      'seepage',
      'crest',
      'erosion',
      'spillway',
      'instrumentation',
    ],
  },
  {
    code: 'RIR',
    name: 'Routine Inspection Report',
    discipline: 'GEO',
    docClass: 'INS',
    authors: [['owner', 1]], // site TSF staff
    approver: 'RTFE',
    pages: [2, 10], // checklist 2–10 pages
    sizeMb: [0.3, 5], // [E] checklist with photos
    mbPerPage: 0.25,
    review: 1,
    period: 'month',
    titleKind: 'year',
    confidentiality: 'internal',
    englishShare: 0.05,
    perYear: 12,
    chain: 'routine',
    issuedStatus: 'IFU',
    replacesEdition: false,
    keywords: [
      'routine inspection',
      'checklist',
      'seepage',
      'freeboard',
      'cracking',
      'pipeline',
      'decant',
      'photos',
    ],
  },
  {
    code: 'DSR',
    name: 'Dam Safety Review',
    discipline: 'GEO',
    docClass: 'REV',
    authors: [['DSR reviewer', 1]],
    approver: 'AE',
    pages: [100, 400],
    sizeMb: [10, 100],
    mbPerPage: 0.15,
    review: 'dsr', // ≥ 5-yearly for Very High/Extreme, ≥ 10-yearly otherwise (GISTM 10.5) [S]
    period: null,
    titleKind: 'year',
    confidentiality: 'internal',
    englishShare: 0.5,
    perYear: 0.1, // scaled by class in facilityWeight
    chain: 'review',
    issuedStatus: 'IFU',
    replacesEdition: false,
    keywords: [
      'dam safety review',
      'GISTM 10.5',
      'independent review',
      'failure modes',
      'stability',
      'consequence classification',
      'surveillance',
      'risk',
    ],
  },
  {
    code: 'ITRB',
    name: 'Independent Tailings Review Board Report',
    discipline: 'MGT',
    docClass: 'REV',
    authors: [['ITRB', 1]],
    approver: 'AE',
    pages: [10, 50],
    sizeMb: [1, 10],
    mbPerPage: 0.15,
    review: 6, // 1–3 sessions a year
    period: 'half',
    titleKind: 'year',
    confidentiality: 'internal',
    englishShare: 0.85,
    perYear: 2,
    chain: 'routine',
    issuedStatus: 'IFU',
    replacesEdition: false,
    keywords: [
      'ITRB',
      'GISTM 8.7',
      'independent review',
      'recommendations',
      'site visit',
      'design review',
      'governance',
    ],
  },
  {
    code: 'RA',
    name: 'Risk Assessment',
    discipline: 'MGT',
    docClass: 'ASM',
    authors: [
      ['RTFE', 0.6],
      ['consultant', 0.4],
    ],
    approver: 'AE',
    pages: [30, 200],
    sizeMb: [2, 20],
    mbPerPage: 0.1,
    review: 36, // GISTM 10.1 [S]
    period: null,
    titleKind: 'qualifier',
    qualifiers: ['Failure Modes and Effects Analysis', 'Bow-Tie Risk Assessment', 'Risk Register Update'],
    confidentiality: 'restricted',
    englishShare: 0.3,
    perYear: 0.35,
    chain: 'review',
    issuedStatus: 'IFU',
    replacesEdition: true,
    keywords: [
      'risk assessment',
      'GISTM 10.1',
      'FMEA',
      'bow-tie',
      'risk register',
      'critical controls',
      'ALARP',
      'failure modes',
    ],
  },
  {
    code: 'TMS',
    name: 'Tailings Management System Review',
    discipline: 'MGT',
    docClass: 'REV',
    authors: [['auditor', 1]], // senior independent reviewers [E]
    approver: 'AE',
    pages: [30, 100],
    sizeMb: [1, 10],
    mbPerPage: 0.1,
    review: 36, // GISTM 10.2, High class and above [S]
    period: null,
    titleKind: 'year',
    confidentiality: 'internal',
    englishShare: 0.5,
    perYear: 0.33,
    chain: 'review',
    issuedStatus: 'IFU',
    replacesEdition: false,
    keywords: [
      'tailings management system',
      'GISTM 10.2',
      'management review',
      'governance',
      'ESMS',
      'accountability',
      'continual improvement',
    ],
  },
  {
    code: 'DAR',
    name: 'Deviance Accountability Report',
    discipline: 'GEO',
    docClass: 'RPT',
    authors: [['EOR', 1]],
    approver: 'AE', // GISTM 6.5 [S]
    pages: [10, 60],
    sizeMb: [1, 5],
    mbPerPage: 0.08,
    review: 12,
    period: 'prevYear',
    titleKind: 'year',
    confidentiality: 'internal',
    englishShare: 0.2,
    perYear: 1,
    chain: 'review',
    issuedStatus: 'IFU',
    replacesEdition: false,
    keywords: [
      'deviance accountability',
      'GISTM 6.5',
      'design intent',
      'change management',
      'deviations',
      'Accountable Executive',
      'EOR',
    ],
  },
  {
    code: 'WBM',
    name: 'Water Balance Model Report',
    discipline: 'HYD',
    docClass: 'RPT',
    authors: [
      ['consultant', 0.7],
      ['EOR', 0.3],
    ],
    approver: 'EOR',
    pages: [30, 150],
    sizeMb: [5, 40],
    mbPerPage: 0.2,
    review: 12, // annual update (GISTM 5.3)
    period: 'prevYear',
    titleKind: 'year',
    confidentiality: 'internal',
    englishShare: 0.3,
    perYear: 1,
    chain: 'review',
    issuedStatus: 'IFU',
    replacesEdition: true,
    keywords: [
      'water balance',
      'GISTM 5.3',
      'pond volume',
      'rainfall',
      'evaporation',
      'decant',
      'climate scenarios',
      'spillway capacity',
    ],
  },
  {
    code: 'MON',
    name: 'Monthly Monitoring Report',
    discipline: 'GEO',
    docClass: 'RPT',
    authors: [['RTFE', 1]],
    approver: 'EOR', // RTFE and EOR approve (GISTM 7.5) [S]
    pages: [10, 40], // [E] the monthly end of the 10–200 band
    sizeMb: [2, 20],
    mbPerPage: 0.2,
    review: 1,
    period: 'prevMonth',
    titleKind: 'year',
    confidentiality: 'internal',
    englishShare: 0.1,
    perYear: 12,
    chain: 'routine',
    issuedStatus: 'IFU',
    replacesEdition: false,
    keywords: [
      'monitoring',
      'GISTM 7.5',
      'piezometers',
      'pore pressure',
      'settlement',
      'seepage',
      'TARP',
      'inclinometers',
      'survey prisms',
    ],
  },
  {
    code: 'MON',
    name: 'Quarterly Monitoring Report',
    discipline: 'GEO',
    docClass: 'RPT',
    authors: [
      ['RTFE', 0.6],
      ['EOR', 0.4],
    ],
    approver: 'EOR',
    pages: [20, 80],
    sizeMb: [5, 40],
    mbPerPage: 0.2,
    review: 3,
    period: 'prevQuarter',
    titleKind: 'year',
    confidentiality: 'internal',
    englishShare: 0.15,
    perYear: 4,
    chain: 'review',
    issuedStatus: 'IFU',
    replacesEdition: false,
    keywords: [
      'monitoring',
      'GISTM 7.5',
      'piezometers',
      'pore pressure',
      'settlement',
      'seepage',
      'TARP',
      'trend analysis',
    ],
  },
  {
    code: 'MON',
    name: 'Annual Monitoring Report',
    discipline: 'GEO',
    docClass: 'RPT',
    authors: [
      ['EOR', 0.6],
      ['RTFE', 0.4],
    ],
    approver: 'EOR',
    pages: [60, 200],
    sizeMb: [10, 80],
    mbPerPage: 0.2,
    review: 12,
    period: 'prevYear',
    titleKind: 'year',
    confidentiality: 'internal',
    englishShare: 0.2,
    perYear: 1,
    chain: 'review',
    issuedStatus: 'IFU',
    replacesEdition: false,
    keywords: [
      'monitoring',
      'GISTM 7.5',
      'instrumentation',
      'pore pressure',
      'settlement',
      'seepage',
      'TARP',
      'annual review',
    ],
  },
  {
    code: 'MAA',
    name: 'Multi-Criteria Alternatives Analysis',
    discipline: 'MGT',
    docClass: 'RPT',
    authors: [['consultant', 1]],
    approver: 'AE',
    pages: [60, 250],
    sizeMb: [5, 50],
    mbPerPage: 0.15,
    review: null, // new facilities and expansions (GISTM 3.2)
    period: null,
    titleKind: 'qualifier',
    qualifiers: [
      'Tailings Storage Alternatives',
      'Deposition Technology Options',
      'Closure Landform Options',
    ],
    confidentiality: 'internal',
    englishShare: 0.4,
    perYear: 0.05,
    chain: 'review',
    issuedStatus: 'IFU',
    replacesEdition: false,
    keywords: [
      'alternatives analysis',
      'GISTM 3.2',
      'multi-criteria',
      'site selection',
      'technology selection',
      'filtered tailings',
      'risk',
      'cost',
    ],
  },
  {
    code: 'GI',
    name: 'Geotechnical Investigation Report',
    discipline: 'GEO',
    docClass: 'RPT',
    authors: [
      ['consultant', 0.6],
      ['EOR', 0.4],
    ],
    approver: 'EOR',
    pages: [100, 1000],
    sizeMb: [20, 500],
    mbPerPage: 0.3, // borehole logs, CPT plots and lab sheets, partly scanned
    review: null, // per campaign
    period: null,
    titleKind: 'qualifier',
    qualifiers: [
      'Stage Raise Investigation',
      'CPTu and Drilling Campaign',
      'Buttress Foundation Investigation',
      'Tailings Characterisation Programme',
    ],
    confidentiality: 'internal',
    englishShare: 0.3,
    perYear: 0.3,
    chain: 'review',
    issuedStatus: 'IFU',
    replacesEdition: false,
    keywords: [
      'site investigation',
      'GISTM 2.2',
      'CPTu',
      'boreholes',
      'laboratory testing',
      'shear strength',
      'tailings characterisation',
      'foundation',
    ],
  },
  {
    code: 'CLP',
    name: 'Closure Plan and Cost Estimate',
    discipline: 'ENV',
    docClass: 'PLN',
    authors: [
      ['consultant', 0.5],
      ['owner', 0.5],
    ],
    approver: 'AE',
    pages: [50, 300],
    sizeMb: [5, 50],
    mbPerPage: 0.15,
    review: 36, // 1–5-yearly (GISTM 10.7); 3 years taken [E]
    period: null,
    titleKind: 'year',
    confidentiality: 'internal',
    englishShare: 0.2,
    perYear: 0.33,
    chain: 'review',
    issuedStatus: 'IFU',
    replacesEdition: true,
    keywords: [
      'closure plan',
      'GISTM 10.7',
      'closure cost',
      'financial assurance',
      'landform',
      'cover design',
      'post-closure monitoring',
      'rehabilitation',
    ],
  },
  {
    code: 'PDS',
    name: 'Public Disclosure Statement',
    discipline: 'MGT',
    docClass: 'DIS',
    authors: [['owner', 1]],
    approver: 'AE',
    pages: [5, 30],
    sizeMb: [0.5, 5],
    mbPerPage: 0.15,
    review: 12, // GISTM 15.1 [S]
    period: 'prevYear',
    titleKind: 'year',
    confidentiality: 'public',
    englishShare: 0.5,
    perYear: 1,
    chain: 'routine',
    issuedStatus: 'IFU',
    replacesEdition: false,
    keywords: [
      'public disclosure',
      'GISTM 15.1',
      'transparency',
      'consequence classification',
      'dam safety review',
      'EPRP summary',
      'facility description',
    ],
  },
  {
    code: 'DCE',
    name: 'Stability Condition Declaration',
    discipline: 'GEO',
    docClass: 'DEC',
    authors: [['auditor', 1]], // external auditor
    approver: 'AE',
    pages: [5, 30],
    sizeMb: [0.5, 5],
    mbPerPage: 0.15,
    review: 6, // semi-annual, March and September campaigns [E]
    period: 'half',
    titleKind: 'year',
    confidentiality: 'public', // published in the regulator's dam register [E]
    englishShare: 0,
    perYear: 2,
    chain: 'routine',
    issuedStatus: 'IFU',
    replacesEdition: false,
    keywords: [
      'DCE',
      'ANM',
      'stability',
      'declaração de condição de estabilidade',
      'external audit',
      'SIGBM',
      'factor of safety',
    ],
    countries: ['BR'],
  },
  {
    code: 'RPSB',
    name: 'Periodic Dam Safety Review',
    discipline: 'GEO',
    docClass: 'REV',
    authors: [['DSR reviewer', 1]],
    approver: 'AE',
    pages: [150, 500],
    sizeMb: [20, 200],
    mbPerPage: 0.2,
    review: 'rpsb', // every 3–7 years by DPA class [E]
    period: null,
    titleKind: 'year',
    confidentiality: 'internal',
    englishShare: 0,
    perYear: 0.2,
    chain: 'review',
    issuedStatus: 'IFU',
    replacesEdition: false,
    keywords: [
      'RPSB',
      'ANM',
      'periodic safety review',
      'dam safety',
      'stability',
      'PAEBM',
      'DPA',
      'risk category',
    ],
    countries: ['BR'],
  },
  {
    code: 'AUD',
    name: 'Conformance Audit Report',
    discipline: 'MGT',
    docClass: 'AUD',
    authors: [['auditor', 1]],
    approver: 'AE',
    pages: [20, 150],
    sizeMb: [1, 20],
    mbPerPage: 0.1,
    review: 36, // 1–3-yearly (GISTM 10.3)
    period: null,
    titleKind: 'qualifier',
    qualifiers: [
      'GISTM Conformance Audit',
      'Internal Tailings Governance Audit',
      'External Verification Audit',
    ],
    confidentiality: 'internal',
    englishShare: 0.6,
    perYear: 0.5,
    chain: 'review',
    issuedStatus: 'IFU',
    replacesEdition: false,
    keywords: [
      'audit',
      'GISTM 10.3',
      'conformance',
      'findings',
      'corrective actions',
      'management system',
      'verification',
    ],
  },
  {
    code: 'INC',
    name: 'Incident Investigation Report',
    discipline: 'GEO',
    docClass: 'RPT',
    authors: [
      ['owner', 0.8],
      ['consultant', 0.2],
    ],
    approver: 'AE',
    pages: [5, 300],
    sizeMb: [1, 100],
    mbPerPage: 0.2,
    review: null, // event-driven
    period: null,
    titleKind: 'qualifier',
    qualifiers: [
      'Seepage Increase at Toe',
      'Piezometer Trigger Exceedance',
      'Tailings Pipeline Spill',
      'Decant Blockage',
      'Downstream Slope Erosion',
      'Freeboard Below Operating Minimum',
      'Crest Cracking',
    ],
    confidentiality: 'restricted',
    englishShare: 0.2,
    perYear: 0.3,
    chain: 'review',
    issuedStatus: 'IFU',
    replacesEdition: false,
    keywords: [
      'incident',
      'investigation',
      'root cause',
      'corrective actions',
      'lessons learned',
      'GISTM 11.4',
      'TARP',
      'notification',
    ],
  },
  {
    code: 'RIN',
    name: 'Regulatory Inspection Report',
    discipline: 'GEO',
    docClass: 'INS',
    authors: [['regulator', 1]],
    approver: null,
    pages: [5, 30],
    sizeMb: [0.5, 10],
    mbPerPage: 0.2,
    review: null, // at the regulator's discretion
    period: null,
    titleKind: 'year',
    confidentiality: 'internal',
    englishShare: 0,
    perYear: 1,
    chain: 'routine',
    issuedStatus: 'IFU',
    replacesEdition: false,
    keywords: [
      'regulatory inspection',
      'compliance',
      'regulator',
      'site visit',
      'directives',
      'dam safety',
      'permit conditions',
    ],
  },
  {
    // Sent by the RTFE when a trigger level is confirmed (domain §A.3 TARP): issued only for the facility's linked
    // events (events/linked-documents.ts), never on the calendar.
    code: 'TARP',
    name: 'TARP Notification',
    discipline: 'GEO',
    docClass: 'NOT',
    authors: [['RTFE', 1]],
    approver: 'AE',
    pages: [3, 20],
    sizeMb: [0.3, 10],
    mbPerPage: 0.2,
    review: null, // event-driven
    period: null,
    titleKind: 'qualifier',
    qualifiers: ['Piezometer Trigger Level', 'Seepage Trigger Level', 'Freeboard Trigger Level'],
    confidentiality: 'restricted',
    englishShare: 0.2,
    perYear: 0,
    chain: 'routine',
    issuedStatus: 'IFU',
    replacesEdition: false,
    keywords: ['TARP', 'notification', 'trigger level', 'incident', 'escalation'],
  },
]

/** Names of the document types, the values of `doc_type`. */
export const DOC_TYPE_NAMES: readonly string[] = DOCUMENT_TYPES.map((t) => t.name)

/**
 * Revision chains of one document, as issued: drafts for review (letters) then issued revisions (numbers).
 * Weights are [E]. Chains that end on a letter are documents still under review at the end of the period.
 */
export const REVISION_CHAINS: Readonly<
  Record<ChainKind, readonly (readonly [readonly Revision[], number])[]>
> = {
  review: [
    [['0'], 50],
    [['A', '0'], 26],
    [['A', 'B', '0'], 9],
    [['A', 'B', 'C', '0'], 2],
    [['A'], 6],
    [['A', 'B'], 2],
    [['0', '1'], 4],
    [['A', '0', '1'], 1],
  ],
  routine: [
    [['0'], 93],
    [['0', '1'], 5],
    [['A', '0'], 2],
  ],
}

/** The chains when drafts are left out: issued revisions only. */
export const ISSUED_CHAINS: Readonly<Record<ChainKind, readonly (readonly [readonly Revision[], number])[]>> =
  {
    review: [
      [['0'], 90],
      [['0', '1'], 8],
      [['0', '1', '2'], 2],
    ],
    routine: [
      [['0'], 95],
      [['0', '1'], 5],
    ],
  }

/**
 * Keyword sets of each document type: the type's first keyword plus 2–5 more taken in turn from its pool.
 * Built once; records share these frozen arrays.
 */
export const KEYWORD_SETS: readonly (readonly (readonly string[])[])[] = DOCUMENT_TYPES.map((type) => {
  const [core, ...rest] = type.keywords as [string, ...string[]]
  const sets: (readonly string[])[] = []
  for (let size = 3; size <= 6; size++) {
    for (let offset = 0; offset < rest.length; offset++) {
      const set = [core]
      for (let j = 0; j < size - 1; j++) set.push(rest[(offset + j) % rest.length] as string)
      sets.push(Object.freeze(set))
    }
  }
  return sets
})

// ---------------------------------------------------------------------------------------------------------------
// Organisations. Built from one faker stream per (seed, facility), so the document and compliance generators
// name the same EOR firm, auditors and reviewers for a facility. Company names are fictitious ([B] "prefer
// fictitious organisation names"); regulators are the real public agencies of each jurisdiction.

/** An organisation and the people who sign for it. */
export interface Organisation {
  readonly name: string
  readonly people: readonly string[]
}

/** Everyone who writes, approves or assesses a facility's records. */
export interface FacilityOrganisations {
  /** The owner/operator: Accountable Executive, TSF superintendent, environment and community staff. */
  readonly owner: Organisation
  /** The owner's Responsible Tailings Facility Engineer(s). */
  readonly rtfe: Organisation
  readonly eor: Organisation
  /** Designer of Record: the EOR's firm in most cases. */
  readonly designer: Organisation
  /** Two independent DSR firms, neither of them the EOR: a firm may not do consecutive DSRs (GISTM 10.5). */
  readonly dsr: readonly [Organisation, Organisation]
  readonly consultants: readonly Organisation[]
  readonly auditors: readonly Organisation[]
  /** The ITRB (Very High/Extreme) or a senior independent technical reviewer. */
  readonly itrb: Organisation
  readonly regulator: Organisation
  /** Whether the facility has an ITRB or reviewer producing reports: mandatory for Very High/Extreme. */
  readonly hasIndependentReview: boolean
}

const ENGINEERING_SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  en: [
    'Geotechnical',
    'Consulting Engineers',
    'Geo-Engineering',
    'Dam Engineering',
    'Engineering Group',
    'Geosciences',
  ],
  'pt-BR': ['Engenharia', 'Geotecnia e Barragens', 'Engenharia Geotécnica', 'Consultoria e Projetos'],
  es: ['Ingeniería', 'Ingenieros Consultores', 'Geotecnia', 'Ingeniería y Relaves'],
  'fr-CA': ['Géotechnique', 'Experts-conseils', 'Ingénierie'],
}
const AUDIT_SUFFIXES = [
  'Assurance',
  'Audit & Assurance',
  'Certification',
  'Verification Services',
  'Risk Advisory',
]

/** Regulators by ISO country code, or code and state/province where the regulator is sub-national. */
const REGULATORS: Readonly<Record<string, string>> = {
  US: 'Arizona Department of Water Resources, Dam Safety', // sites are in the US Southwest (facility datasets)
  'CA-America/Vancouver': 'BC Ministry of Energy, Mines and Low Carbon Innovation',
  'CA-America/Toronto': 'Ministère des Ressources naturelles et des Forêts du Québec',
  MX: 'Secretaría de Medio Ambiente y Recursos Naturales (SEMARNAT)',
  BR: 'Agência Nacional de Mineração (ANM)',
  CL: 'Servicio Nacional de Geología y Minería (Sernageomin)',
  PE: 'Organismo Supervisor de la Inversión en Energía y Minería (Osinergmin)',
  ZA: 'Department of Mineral Resources and Energy (DMRE)',
  GH: 'Minerals Commission of Ghana',
  ZM: 'Mines Safety Department, Zambia',
  'AU-Australia/Perth': 'Department of Energy, Mines, Industry Regulation and Safety (WA)',
  'AU-Australia/Brisbane': 'Queensland Department of Environment and Science', // [E] renamed more than once
  PG: 'Mineral Resources Authority (PNG)',
  ID: 'Ministry of Energy and Mineral Resources (ESDM)',
  PH: 'Mines and Geosciences Bureau (MGB)',
  MN: 'Mineral Resources and Petroleum Authority of Mongolia',
  KZ: 'Committee for Industrial Safety of Kazakhstan',
  SE: 'County Administrative Board (Länsstyrelsen)',
  FI: 'ELY Centre, dam safety authority',
  ES: 'Junta de Andalucía, Dirección General de Industria, Energía y Minas',
}

/** The regulator of a facility's jurisdiction. */
export function regulatorOf(facility: Facility): string {
  return (
    REGULATORS[`${facility.country_code}-${facility.timezone}`] ??
    REGULATORS[facility.country_code] ??
    `${facility.country} mining regulator`
  )
}

/**
 * The organisations of a facility. Depends only on (seed, facility): it reseeds `faker` from them, so every data
 * type that calls it with the same seed gets the same names. Call it once, at the start of a partition.
 *
 * ### Examples
 * ```ts
 * const orgs = buildOrganisations(42, facility, createFaker())
 * orgs.eor.name // e.g. 'Hartmann Geotechnical'
 * ```
 */
export function buildOrganisations(seed: number, facility: Facility, _faker?: Faker): FacilityOrganisations {
  // Names from faker's lists, picked with the facility's own stream (no faker reseed: see fakerNamePools).
  const rng = new Prng(deriveSeed(seed, 'organisations', facility.id))
  const names = fakerNamePools()
  const pick = <T>(items: readonly T[]): T => rng.pick(items)
  const faker = {
    person: { firstName: () => rng.pick(names.first), lastName: () => rng.pick(names.last) },
    datatype: { boolean: (p: number) => rng.chance(p) },
  }
  const usedPeople = new Set<string>()
  const person = (): string => {
    // A handful of tries keeps names unique within the facility without an unbounded loop.
    for (let i = 0; i < 8; i++) {
      const name = `${faker.person.firstName()} ${faker.person.lastName()}`
      if (!usedPeople.has(name)) {
        usedPeople.add(name)
        return name
      }
    }
    return `${faker.person.firstName()} ${faker.person.lastName()}-${faker.person.lastName()}`
  }
  const people = (n: number): string[] => Array.from({ length: n }, person)
  const usedFirms = new Set<string>([facility.operator])
  const firm = (suffixes: readonly string[]): string => {
    for (let i = 0; i < 8; i++) {
      const a = faker.person.lastName()
      const name = faker.datatype.boolean(0.3)
        ? `${a} & ${faker.person.lastName()} ${pick(suffixes)}`
        : `${a} ${pick(suffixes)}`
      if (!usedFirms.has(name)) {
        usedFirms.add(name)
        return name
      }
    }
    return `${faker.person.lastName()} ${faker.person.lastName()} ${pick(suffixes)}`
  }
  const english = ENGINEERING_SUFFIXES['en'] as readonly string[]
  const local = ENGINEERING_SUFFIXES[facility.language] ?? english
  // Local firms often act as EOR; DSRs and specialist work go to international firms more often [E].
  const engineering = (localShare: number): readonly string[] =>
    faker.datatype.boolean(localShare) ? local : english

  const eor = { name: firm(engineering(0.6)), people: people(3) }
  const designer = faker.datatype.boolean(0.7) ? eor : { name: firm(engineering(0.5)), people: people(2) }
  const dsr: [Organisation, Organisation] = [
    { name: firm(engineering(0.3)), people: people(2) },
    { name: firm(engineering(0.3)), people: people(2) },
  ]
  const consultants = [0, 1, 2].map(() => ({ name: firm(engineering(0.5)), people: people(2) }))
  const auditors = [0, 1].map(() => ({ name: firm(AUDIT_SUFFIXES), people: people(2) }))
  const board = facility.consequence_class === 'Very High' || facility.consequence_class === 'Extreme'
  const itrb = board
    ? { name: 'Independent Tailings Review Board', people: people(3) } // typically 3 members [E]
    : { name: 'Senior Independent Technical Reviewer', people: people(1) }
  return {
    owner: { name: facility.operator, people: people(3) },
    rtfe: { name: facility.operator, people: people(2) },
    eor,
    designer,
    dsr,
    consultants,
    auditors,
    itrb,
    regulator: { name: regulatorOf(facility), people: people(2) },
    // A senior reviewer is optional below Very High (GISTM 8.7); a third of those facilities have one [E].
    hasIndependentReview: board || faker.datatype.boolean(0.35),
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Calendar arithmetic on epoch days (days since 1970-01-01 UTC), allocation-free for hot loops: the
// civil-from-days and days-from-civil algorithms of H. Hinnant.

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000

/** The civil date of an epoch day, packed as `year * 10000 + month * 100 + day` (month 1–12). */
export function civilOfEpochDay(day: number): number {
  const z = day + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
  return y * 10000 + m * 100 + d
}

/** The epoch day of a civil date (month 1–12). */
export function epochDayOfCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const mp = month > 2 ? month - 3 : month + 9
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** The epoch day `months` calendar months after `day`, clamped to the end of a shorter month (31 Jan + 1 → 28/29 Feb). */
export function addMonths(day: number, months: number): number {
  const c = civilOfEpochDay(day)
  const y = Math.floor(c / 10000)
  const m = Math.floor(c / 100) % 100
  const d = c % 100
  const t = y * 12 + m - 1 + months
  const ny = Math.floor(t / 12)
  const nm = t - ny * 12 + 1
  const leap = nm === 2 && ny % 4 === 0 && (ny % 100 !== 0 || ny % 400 === 0) ? 1 : 0
  const dim = (MONTH_DAYS[nm - 1] as number) + leap
  return epochDayOfCivil(ny, nm, d < dim ? d : dim)
}

/** Moves a Saturday back to Friday and a Sunday on to Monday: documents and audits carry working-day dates. */
export function workingDay(day: number): number {
  const dow = (((day + 4) % 7) + 7) % 7 // 0 = Sunday; 1970-01-01 was a Thursday
  return dow === 6 ? day - 1 : dow === 0 ? day + 1 : day
}

/**
 * The first and last epoch day whose midnight lies inside [start, end], so `date` values stay in the range.
 * When the range holds no midnight, the day of `start`.
 */
export function dayRange(startMs: number, endMs: number): readonly [number, number] {
  const first = Math.ceil(startMs / DAY_MS)
  const last = Math.floor(endMs / DAY_MS)
  return first <= last ? [first, last] : [Math.floor(startMs / DAY_MS), Math.floor(startMs / DAY_MS)]
}

/** A sequence number as four digits at least (`0147`), the usual width of document-register numbers. */
export function pad4(n: number): string {
  return n >= 1000 ? String(n) : n >= 100 ? `0${n}` : n >= 10 ? `00${n}` : `000${n}`
}
