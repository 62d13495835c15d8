import type { DocTypeCode } from '../document/document-datasets.js'
import type { Facility } from '../facility/facility-generator.js'

// Requirement catalogues for the compliance generator (domain reference §C). GISTM numbering, topics and the
// number of requirements per principle are exact [S]; requirement titles are paraphrased, never quoted, and
// those whose content could not be checked against the standard are marked [E]. For the other frameworks the
// requirement ids are labels of this generator (obligations named after the instrument), not clause numbers,
// except the Cyanide Code standards of practice and EU directive articles, which are recalled [E].

/** Conformance status of an assessed requirement (§C.1). */
export const CONFORMANCE_STATUSES = [
  'Meets',
  'Partially meets',
  'Does not meet',
  'Not applicable',
  'Not yet assessed',
] as const
export type ConformanceStatus = (typeof CONFORMANCE_STATUSES)[number]

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const
export type RiskLevel = (typeof RISK_LEVELS)[number]

export const ASSESSMENT_TYPES = [
  'self-assessment',
  'third-party audit',
  'regulatory inspection',
  'EOR review',
] as const
export type AssessmentType = (typeof ASSESSMENT_TYPES)[number]

/** MAC TSM protocol ratings, lowest to highest [S]. */
export const TSM_RATINGS = ['C', 'B', 'A', 'AA', 'AAA'] as const
export type TsmRating = (typeof TSM_RATINGS)[number]

export const GISTM_TOPICS = ['I', 'II', 'III', 'IV', 'V', 'VI'] as const
export type GistmTopic = (typeof GISTM_TOPICS)[number]

export const FRAMEWORKS = [
  'GISTM',
  'CDA Dam Safety Guidelines',
  'MAC TSM Tailings Protocol',
  'BC HSRC Part 10',
  'ANCOLD Tailings Guidelines',
  'WA Code of Practice',
  'QLD Consequence Manual',
  'ANM Res. 95/2022',
  'Law 14,066/2020',
  'DS 248/2007',
  'Law 20,551',
  'SANS 10286',
  'EU Extractive Waste Directive',
  'NOM-141-SEMARNAT-2003',
  'ICOLD Bulletins',
  'Cyanide Code',
] as const
export type Framework = (typeof FRAMEWORKS)[number]

/**
 * How often a requirement is reassessed: months, or an interval set by the facility's consequence class: the
 * GISTM DSR interval (`dsr`), the CDA review interval (`cda`), or the Brazilian RPSB interval (`rpsb`).
 */
export type AssessmentFrequency = number | 'dsr' | 'cda' | 'rpsb'

/** When a requirement does not apply: High class and above only, upstream dams only, new or existing facilities, FPIC. */
export type Applicability = 'highPlus' | 'upstream' | 'newFacility' | 'existingFacility' | 'fpic'

/** One requirement of a framework. */
export interface Requirement {
  readonly framework: Framework
  readonly id: string
  readonly topic: GistmTopic | null
  readonly principle: number | null
  readonly title: string
  /** Short noun phrase the findings are written around. */
  readonly subject: string
  readonly frequency: AssessmentFrequency
  /** A gap hot-spot of §C.1: not met more often. */
  readonly hotspot: boolean
  /** Bears directly on structural safety or emergency response: one step more risk when not met [E]. */
  readonly safetyCritical: boolean
  /** Discipline and class of the evidence document, as in document numbers (`GEO-RPT`). */
  readonly evidence: string
  readonly applicability: Applicability | null
}

/** The GISTM effective date, and the ICMM conformance deadlines by consequence class [S]. */
export const GISTM_LAUNCH = Date.UTC(2020, 7, 5)
export const GISTM_DEADLINE_VERY_HIGH = Date.UTC(2023, 7, 5)
export const GISTM_DEADLINE_OTHERS = Date.UTC(2025, 7, 5)

type Row = readonly [
  id: string,
  title: string,
  subject: string,
  evidence?: string,
  frequency?: AssessmentFrequency,
  applicability?: Applicability,
]

/** GISTM principles: number, topic, and requirements (id, paraphrased title, subject, evidence, frequency). */
// prettier-ignore
const GISTM_PRINCIPLES: readonly (readonly [principle: number, topic: GistmTopic, rows: readonly Row[]])[] = [
  [1, 'I', [
    ['1.1', 'Respect human rights in line with the UN Guiding Principles and carry out human-rights due diligence', 'human-rights due diligence', 'SOC-RPT'],
    ['1.2', 'Respect the rights of Indigenous and Tribal Peoples, including free, prior and informed consent where it applies', 'FPIC process', 'SOC-RPT', 12, 'fpic'],
    ['1.3', 'Engage project-affected people meaningfully in the knowledge base, breach analysis, emergency planning and closure', 'engagement with project-affected people', 'SOC-RPT'],
    ['1.4', 'Provide an effective operational-level grievance mechanism for project-affected people', 'grievance mechanism', 'SOC-RPT'],
  ]],
  [2, 'II', [
    ['2.1', 'Document the social, environmental and local economic context; update at least every 5 years or on material change', 'social, environmental and local economic baseline', 'ENV-RPT', 60],
    ['2.2', 'Characterise the site (climate, geology, hydrogeology, seismicity, tailings properties) and keep it current', 'site characterisation', 'GEO-RPT'],
    ['2.3', 'Carry out a breach analysis from credible failure modes and update it on material change', 'breach analysis', 'HYD-RPT', 'dsr'],
    ['2.4', 'Identify the people, environment and assets exposed to a failure and assess their vulnerability', 'exposure and vulnerability assessment', 'HYD-RPT'],
  ]],
  [3, 'II', [
    ['3.1', 'Use the knowledge base, including climate-change scenarios, in decisions over the whole lifecycle', 'climate-change assessment', 'ENV-RPT'], // [E]
    ['3.2', 'Select sites and technologies by multi-criteria alternatives analysis; revisit alternatives for existing facilities', 'alternatives analysis', 'MGT-RPT', 'dsr'],
    ['3.3', 'Assess the social, environmental and local economic impacts of the facility and of a potential failure', 'impact assessment', 'ENV-RPT'], // [E]
    ['3.4', 'Apply the mitigation hierarchy and update impact management with monitoring results', 'impact management plan', 'ENV-PLN'], // [E]
  ]],
  [4, 'III', [
    ['4.1', 'Classify the facility by the highest consequence across all categories of Annex 2', 'consequence classification', 'GEO-ASM', 60],
    ['4.2', 'Set external loading criteria for the consequence class; review the class at each DSR and at least every 5 years', 'consequence class review', 'GEO-ASM', 60],
    ['4.3', 'For new facilities, show that the design can be upgraded to Extreme-class loading criteria later', 'upgrade feasibility', 'GEO-RPT', 'dsr', 'newFacility'], // [E]
    ['4.4', 'Apply the most severe loading criteria to facilities in closure and post-closure', 'closure design criteria', 'GEO-RPT', 'dsr'], // [E]
    ['4.5', 'Set design criteria (factors of safety, freeboard, deformation) that minimise risk in every lifecycle phase', 'design criteria', 'GEO-RPT', 'dsr'], // [E]
    ['4.6', 'Address brittle failure modes, including static liquefaction, with conservative strength parameters', 'brittle failure-mode assessment', 'GEO-RPT', 'dsr'], // [E]
    ['4.7', 'Upgrade existing facilities that fall short of the criteria, or show that risk is as low as reasonably practicable', 'upgrade or ALARP plan', 'GEO-RPT', 12, 'existingFacility'],
    ['4.8', 'Record the design basis in a Design Basis Report and update it on material change', 'Design Basis Report', 'GEO-RPT', 'dsr'],
  ]],
  [5, 'III', [
    ['5.1', 'Develop a robust design with a multidisciplinary team that integrates the whole knowledge base', 'design integration', 'GEO-RPT', 'dsr'], // [E]
    ['5.2', 'Identify credible failure modes and design controls against each', 'failure-mode analysis', 'GEO-RPT', 'dsr'], // [E]
    ['5.3', 'Maintain a water balance model and water management plan that reflect climate variability', 'water balance model', 'HYD-RPT'],
    ['5.4', 'Design for closure so the facility can be closed safely and progressively', 'closure design', 'ENV-PLN', 36], // [E]
    ['5.5', 'Prepare detailed design and construction documents for each stage or raise', 'stage design documentation', 'GEO-RPT'],
    ['5.6', 'Reduce the tailings and water held in the facility through technology and deposition planning', 'tailings and water minimisation', 'GEO-RPT', 36], // [E]
    ['5.7', 'Have the Accountable Executive confirm ALARP risk reduction for existing High, Very High and Extreme facilities', 'ALARP confirmation', 'MGT-RPT', 60, 'highPlus'],
    ['5.8', 'Review the design whenever performance or conditions depart from the design assumptions', 'design review triggers', 'GEO-RPT'], // [E]
  ]],
  [6, 'III', [
    ['6.1', 'Construct, operate and close the facility to the design intent with qualified personnel', 'construction to design intent', 'CIV-RPT'], // [E]
    ['6.2', 'Apply QA/QC and construction verification to every stage of construction', 'QA/QC and construction verification', 'CIV-RPT'], // [E]
    ['6.3', 'Keep a Construction Records Report signed by the EOR and RTFE, updated on material change', 'Construction Records Report', 'CIV-RPT'],
    ['6.4', 'Maintain an Operations, Maintenance and Surveillance manual and review it annually', 'OMS manual', 'MGT-MAN', 12],
    ['6.5', 'Manage change: record deviations from the design intent in a Deviance Accountability Report approved by the AE', 'change management and DAR', 'GEO-RPT', 12],
    ['6.6', 'Carry out closure progressively and keep closure and reclamation plans current', 'progressive closure', 'ENV-PLN', 36], // [E]
  ]],
  [7, 'III', [
    ['7.1', 'Operate a performance monitoring programme covering technical, social and environmental aspects', 'performance monitoring programme', 'GEO-RPT'],
    ['7.2', 'Monitor the facility against its credible failure modes with suitable instruments and observation', 'engineering monitoring system', 'GEO-RPT'],
    ['7.3', 'Set trigger action response plans with alert levels for the key monitored parameters', 'TARPs', 'MGT-MAN'], // [E]
    ['7.4', 'Analyse monitoring data at a frequency that matches the risk and act on adverse trends', 'monitoring data review', 'GEO-RPT'], // [E]
    ['7.5', 'Report monitoring results at least annually, approved by the RTFE and EOR', 'monitoring reporting', 'GEO-RPT', 12],
  ]],
  [8, 'IV', [
    ['8.1', 'Adopt a Board-approved policy on safe tailings management, emergency preparedness and recovery', 'tailings policy', 'MGT-PLN'],
    ['8.2', 'Implement a tailings management system and an environmental and social management system', 'tailings management system', 'MGT-MAN'],
    ['8.3', 'Appoint an Accountable Executive answerable to the CEO for the safety of tailings facilities', 'Accountable Executive appointment', 'MGT-RPT'],
    ['8.4', 'Appoint a site Responsible Tailings Facility Engineer with clear accountabilities', 'RTFE appointment', 'MGT-RPT'], // [E]
    ['8.5', 'Define qualifications, experience and succession plans for key tailings roles', 'role competencies and succession', 'MGT-RPT'], // [E]
    ['8.6', 'Link performance incentives of key personnel to public and facility safety', 'performance incentives', 'MGT-RPT'], // [E]
    ['8.7', 'Engage an ITRB (Very High/Extreme) or a senior independent technical reviewer early in the project', 'independent review arrangement', 'MGT-REV'],
  ]],
  [9, 'IV', [
    ['9.1', 'Engage a qualified engineering firm as Engineer of Record and name the responsible individual', 'EOR engagement', 'MGT-RPT'],
    ['9.2', 'Set out the EOR role, authority and access to information in a written agreement', 'EOR agreement', 'MGT-RPT'],
    ['9.3', 'Keep the EOR role independent of production pressure where the EOR is in-house', 'EOR independence', 'MGT-RPT'], // [E]
    ['9.4', 'Manage a change of EOR with a documented handover plan', 'EOR transition plan', 'MGT-RPT'],
    ['9.5', 'Involve the EOR in risk assessments, dam safety reviews and annual performance reviews', 'EOR participation', 'MGT-RPT'], // [E]
  ]],
  [10, 'IV', [
    ['10.1', 'Update the risk assessment at least every 3 years or on material change', 'risk assessment', 'MGT-ASM', 36],
    ['10.2', 'Review the tailings and environmental/social management systems at least every 3 years (High class and above)', 'TMS review', 'MGT-REV', 36, 'highPlus'],
    ['10.3', 'Audit the tailings management system independently at regular intervals', 'TMS audit', 'MGT-AUD', 36],
    ['10.4', 'Carry out an annual construction and performance review by the EOR or a senior reviewer', 'annual performance review', 'GEO-RPT', 12],
    ['10.5', 'Commission an independent Dam Safety Review, at least 5-yearly for Very High/Extreme and 10-yearly otherwise', 'Dam Safety Review', 'GEO-REV', 'dsr'],
    ['10.6', 'Have the ITRB or senior independent reviewer review key decisions and reports', 'independent review of key decisions', 'MGT-REV'], // [E]
    ['10.7', 'Estimate closure costs, confirm financial capacity (including insurance) and disclose it annually', 'financial capacity and closure costs', 'ENV-PLN', 12],
  ]],
  [11, 'IV', [
    ['11.1', "Use workers' experience and knowledge in planning and operating the facility", 'worker knowledge', 'MGT-RPT'], // [E]
    ['11.2', 'Promote teamwork, communication and shared responsibility for tailings safety', 'communication practices', 'MGT-RPT'], // [E]
    ['11.3', 'Encourage early recognition and reporting of problems', 'early problem recognition', 'MGT-RPT'], // [E]
    ['11.4', 'Learn from incidents and failures, internal and external, and share the lessons', 'lessons-learned process', 'GEO-RPT'],
    ['11.5', 'Identify and address organisational barriers to tailings safety', 'safety culture review', 'MGT-RPT'], // [E]
  ]],
  [12, 'IV', [
    ['12.1', 'Provide a confidential process for workers and contractors to report tailings safety concerns', 'concern-reporting process', 'MGT-MAN'],
    ['12.2', 'Protect whistleblowers from retaliation and investigate the concerns they report', 'whistleblower protection', 'MGT-MAN'],
  ]],
  [13, 'V', [
    ['13.1', 'Prepare an EPRP from credible failure scenarios, with community measures co-developed with affected people', 'EPRP', 'EMR-PLN', 12],
    ['13.2', 'Keep the resources and capability needed to respond to a tailings emergency', 'emergency response capability', 'EMR-PLN'],
    ['13.3', 'Test the EPRP through training and exercises; full simulations at least every 3 years where loss of life is possible', 'EPRP exercises', 'EMR-RPT', 36],
    ['13.4', 'Work with public-sector agencies and first responders to build emergency preparedness', 'coordination with public agencies', 'EMR-PLN'],
  ]],
  [14, 'V', [
    ['14.1', 'Plan for the long-term recovery of people and environment after a catastrophic failure', 'recovery framework', 'EMR-PLN'], // [E]
    ['14.2', 'Assess social, environmental and economic impacts promptly after a failure', 'post-failure impact assessment plan', 'EMR-PLN'], // [E]
    ['14.3', 'Prepare restoration and reconstruction plans with affected people and authorities', 'restoration planning', 'EMR-PLN'], // [E]
    ['14.4', 'Involve affected people in recovery decisions', 'participatory recovery arrangements', 'SOC-PLN'], // [E]
    ['14.5', 'Monitor recovery outcomes and adapt the recovery measures', 'recovery monitoring plan', 'EMR-PLN'], // [E]
  ]],
  [15, 'VI', [
    ['15.1', 'Publish facility information (class, risk, DSR dates, EPRP summary and more) at least annually', 'public disclosure', 'MGT-DIS', 12],
    ['15.2', 'Respond to requests for information from stakeholders in a timely way', 'information-request handling', 'MGT-DIS'],
    ['15.3', 'Support global transparency initiatives such as a public inventory of tailings facilities', 'transparency commitments', 'MGT-DIS'],
  ]],
]

/** GISTM gap hot-spots of §C.1: FPIC, exposure, alternatives, existing-facility upgrades, co-developed EPRP measures, recovery, information requests. */
const GISTM_HOTSPOTS = new Set([
  '1.2',
  '2.4',
  '3.2',
  '4.7',
  '13.1',
  '14.1',
  '14.2',
  '14.3',
  '14.4',
  '14.5',
  '15.2',
])
const SAFETY_CRITICAL_PRINCIPLES = new Set([4, 5, 6, 7, 13])
const SAFETY_CRITICAL_EXTRA = new Set(['2.3', '10.4', '10.5', '10.1'])

/** The 77 GISTM requirements, in standard order. */
export const GISTM_REQUIREMENTS: readonly Requirement[] = GISTM_PRINCIPLES.flatMap(
  ([principle, topic, rows]) =>
    rows.map(([id, title, subject, evidence = 'MGT-RPT', frequency = 12, applicability]) => ({
      framework: 'GISTM' as const,
      id,
      topic,
      principle,
      title,
      subject,
      frequency,
      hotspot: GISTM_HOTSPOTS.has(id),
      safetyCritical: SAFETY_CRITICAL_PRINCIPLES.has(principle) || SAFETY_CRITICAL_EXTRA.has(id),
      evidence,
      applicability: applicability ?? null,
    })),
)

type OtherRow = readonly [
  id: string,
  title: string,
  subject: string,
  evidence: string,
  frequency: AssessmentFrequency,
  safetyCritical: boolean,
  extra?: { hotspot?: boolean; applicability?: Applicability },
]

function framework(name: Framework, rows: readonly OtherRow[]): readonly Requirement[] {
  return rows.map(([id, title, subject, evidence, frequency, safetyCritical, extra]) => ({
    framework: name,
    id,
    topic: null,
    principle: null,
    title,
    subject,
    frequency,
    hotspot: extra?.hotspot ?? false,
    safetyCritical,
    evidence,
    applicability: extra?.applicability ?? null,
  }))
}

/** Requirements of the frameworks other than GISTM (§C.3), a handful each. */
// prettier-ignore
export const OTHER_REQUIREMENTS: Readonly<Record<Exclude<Framework, 'GISTM'>, readonly Requirement[]>> = {
  'CDA Dam Safety Guidelines': framework('CDA Dam Safety Guidelines', [
    ['CDA-DSM', 'Maintain a dam safety management system with defined roles and records', 'dam safety management system', 'MGT-MAN', 12, false],
    ['CDA-CLS', 'Classify the dam by the consequences of failure (Low to Extreme)', 'dam classification', 'GEO-ASM', 60, true],
    ['CDA-OMS', 'Keep an OMS manual and surveillance programme for the dam', 'OMS and surveillance programme', 'MGT-MAN', 12, true],
    ['CDA-EPP', 'Maintain and test an emergency preparedness plan', 'emergency preparedness plan', 'EMR-PLN', 12, true],
    ['CDA-DSI', 'Inspect the dam at least annually by a qualified engineer', 'annual dam safety inspection', 'GEO-INS', 12, true],
    ['CDA-DSR', 'Carry out dam safety reviews at the interval the class sets', 'dam safety review', 'GEO-REV', 'cda', true],
  ]),
  'MAC TSM Tailings Protocol': framework('MAC TSM Tailings Protocol', [
    ['TM-1', 'Tailings management policy and commitment', 'tailings management policy', 'MGT-PLN', 12, false],
    ['TM-2', 'Tailings management system, including emergency preparedness', 'tailings management system', 'MGT-MAN', 12, true],
    ['TM-3', 'Assigned accountability and responsibility for tailings management', 'accountability framework', 'MGT-RPT', 12, false],
    ['TM-4', 'Annual tailings management review', 'annual tailings management review', 'MGT-REV', 12, false],
    ['TM-5', 'Site-specific OMS manual', 'OMS manual', 'MGT-MAN', 12, true],
  ]),
  'BC HSRC Part 10': framework('BC HSRC Part 10', [
    ['BC-TMS', 'Maintain a tailings management system for the facility', 'tailings management system', 'MGT-MAN', 12, false],
    ['BC-EOR', 'Appoint an Engineer of Record for the facility', 'EOR appointment', 'MGT-RPT', 12, false],
    ['BC-DSI', 'Annual dam safety inspection by the Engineer of Record', 'annual dam safety inspection', 'GEO-INS', 12, true],
    ['BC-DSR', 'Dam safety review every 5 years', 'dam safety review', 'GEO-REV', 60, true],
    ['BC-ITRB', 'Independent tailings review board for the facility', 'independent tailings review board', 'MGT-REV', 12, false],
  ]),
  'ANCOLD Tailings Guidelines': framework('ANCOLD Tailings Guidelines', [
    ['ANC-CC', 'Assess the consequence category (Very Low to Extreme)', 'consequence category assessment', 'GEO-ASM', 60, true],
    ['ANC-DC', 'Adopt flood, seismic and stability design criteria for the consequence category', 'design criteria', 'GEO-RPT', 'dsr', true],
    ['ANC-LIQ', 'Assess static liquefaction and post-liquefaction stability (2019 revision)', 'liquefaction assessment', 'GEO-RPT', 'dsr', true],
    ['ANC-OMS', 'Keep operation, maintenance and surveillance documentation current', 'OMS documentation', 'MGT-MAN', 12, true],
    ['ANC-DSR', 'Periodic dam safety review, about 5-yearly for High and Extreme categories', 'dam safety review', 'GEO-REV', 'dsr', true],
    ['ANC-CLO', 'Plan closure and long-term performance of the facility', 'closure plan', 'ENV-PLN', 36, false],
  ]),
  'WA Code of Practice': framework('WA Code of Practice', [
    ['WA-CAT', 'Determine the TSF category from its hazard rating and height', 'TSF category', 'GEO-ASM', 60, false],
    ['WA-DR', 'Prepare a design report to the regulator guide', 'design report', 'GEO-RPT', 'dsr', true],
    ['WA-OPS', 'Maintain an operating manual for the facility', 'operating manual', 'MGT-MAN', 12, true],
    ['WA-AUD', 'Audit and report on the facility annually', 'annual audit report', 'GEO-AUD', 12, true],
  ]),
  'QLD Consequence Manual': framework('QLD Consequence Manual', [
    ['QLD-CC', 'Assess the consequence category (Low, Significant, High) of the structure', 'consequence category assessment', 'GEO-ASM', 60, false],
    ['QLD-DSA', 'Provide the Design Storage Allowance by 1 November each year', 'Design Storage Allowance', 'HYD-RPT', 12, true],
    ['QLD-MRL', 'Report when the Mandatory Reporting Level is exceeded', 'Mandatory Reporting Level procedure', 'HYD-RPT', 12, true],
    ['QLD-AI', 'Annual inspection by a suitably qualified engineer (RPEQ)', 'annual inspection', 'GEO-INS', 12, true],
  ]),
  'ANM Res. 95/2022': framework('ANM Res. 95/2022', [
    ['ANM-PSB', 'Maintain the Dam Safety Plan (PSB)', 'Dam Safety Plan', 'MGT-PLN', 12, false],
    ['ANM-DCE', 'Submit the semi-annual Declaration of Stability Condition (DCE)', 'stability declaration', 'GEO-DEC', 6, true],
    ['ANM-ISR', 'Carry out regular safety inspections (ISR)', 'regular safety inspection', 'GEO-INS', 6, true],
    ['ANM-RPSB', 'Carry out the Periodic Dam Safety Review (RPSB)', 'periodic dam safety review', 'GEO-REV', 'rpsb', true],
    ['ANM-PAEBM', 'Maintain the Emergency Action Plan for Mining Dams (PAEBM)', 'PAEBM', 'EMR-PLN', 12, true],
    ['ANM-SIGBM', 'Keep the dam record current in the SIGBM register', 'SIGBM record', 'MGT-RPT', 12, false],
  ]),
  'Law 14,066/2020': framework('Law 14,066/2020', [
    ['PNSB-DESC', 'Decharacterise upstream-raised dams', 'decharacterisation programme', 'GEO-PLN', 12, true, { hotspot: true, applicability: 'upstream' }],
    ['PNSB-ZAS', 'Map the self-rescue zone (ZAS) and install audible warning systems', 'self-rescue zone warning system', 'EMR-PLN', 12, true],
  ]),
  'DS 248/2007': framework('DS 248/2007', [
    ['DS248-PRY', 'Hold Sernageomin approval of the tailings deposit project', 'project approval', 'GEO-RPT', 'dsr', false],
    ['DS248-OPE', 'Operate the deposit under the approved operating manual', 'operating manual', 'MGT-MAN', 12, true],
    ['DS248-EST', 'Verify static and seismic stability of the deposit', 'stability verification', 'GEO-RPT', 12, true],
    ['DS248-MON', 'Monitor the deposit and report to the regulator', 'monitoring reports', 'GEO-RPT', 12, true],
    ['DS248-EME', 'Maintain an emergency plan for the deposit', 'emergency plan', 'EMR-PLN', 12, true],
  ]),
  'Law 20,551': framework('Law 20,551', [
    ['L20551-CIE', 'Keep an approved closure plan with its financial guarantee, updated every 5 years', 'closure plan and guarantee', 'ENV-PLN', 60, false],
  ]),
  'SANS 10286': framework('SANS 10286', [
    ['SANS-CLS', 'Classify the residue deposit safety hazard (high, medium, low)', 'safety classification', 'GEO-ASM', 60, true],
    ['SANS-COP', 'Implement the mandatory code of practice for the residue deposit', 'code of practice', 'MGT-MAN', 12, false],
    ['SANS-DES', 'Design the deposit by a competent person, with a documented design report', 'design report', 'GEO-RPT', 'dsr', true],
    ['SANS-OPS', 'Operate the deposit with an operating manual and trained staff', 'operating manual', 'MGT-MAN', 12, true],
    ['SANS-MON', 'Monitor and inspect the deposit and audit it annually', 'monitoring and audit', 'GEO-AUD', 12, true],
  ]),
  'EU Extractive Waste Directive': framework('EU Extractive Waste Directive', [
    ['Art. 5', 'Maintain a waste management plan, reviewed every five years', 'waste management plan', 'ENV-PLN', 60, false],
    ['Art. 6', 'Major-accident prevention policy and internal emergency plan for Category A facilities', 'major-accident prevention policy', 'EMR-PLN', 12, true, { applicability: 'highPlus' }],
    ['Art. 9', 'Classify the waste facility (Category A or not)', 'facility classification', 'GEO-ASM', 60, false],
    ['Art. 11', 'Construct, manage and monitor the facility under competent supervision', 'construction and monitoring supervision', 'GEO-RPT', 12, true],
    ['Art. 12', 'Plan closure and after-closure monitoring', 'closure and after-closure plan', 'ENV-PLN', 36, false],
    ['Art. 14', 'Lodge a financial guarantee for the facility', 'financial guarantee', 'ENV-PLN', 12, false],
  ]),
  'NOM-141-SEMARNAT-2003': framework('NOM-141-SEMARNAT-2003', [
    ['NOM141-CAR', 'Characterise the tailings as the standard prescribes', 'tailings characterisation', 'ENV-RPT', 60, false],
    ['NOM141-SIT', 'Meet the site selection criteria for the tailings dam', 'site selection', 'GEO-RPT', 'dsr', false],
    ['NOM141-DIS', 'Meet the design and construction specifications', 'design and construction specifications', 'GEO-RPT', 'dsr', true],
    ['NOM141-OPE', 'Meet the operation and monitoring specifications', 'operation and monitoring', 'GEO-RPT', 12, true],
    ['NOM141-POS', 'Meet the post-operation (closure) specifications', 'post-operation plan', 'ENV-PLN', 36, false],
  ]),
  'ICOLD Bulletins': framework('ICOLD Bulletins', [
    ['B194', 'Apply Bulletin 194 guidance on tailings dam safety', 'tailings dam safety practice', 'GEO-RPT', 12, true],
    ['B139', 'Address the critical design and operation aspects of Bulletin 139', 'design and operation practice', 'GEO-RPT', 'dsr', true],
    ['B121', 'Review the failure lessons of Bulletin 121 for the facility', 'failure lessons review', 'GEO-RPT', 36, false],
    ['B104', 'Monitor the dam as Bulletin 104 recommends', 'monitoring programme', 'GEO-RPT', 12, true],
    ['B153', 'Plan sustainable design and closure following Bulletin 153', 'closure design', 'ENV-PLN', 36, false],
  ]),
  // Standards of practice of the International Cyanide Management Code, recalled [E]; triennial audits [S].
  'Cyanide Code': framework('Cyanide Code', [
    ['4.4', 'Protect birds, wildlife and livestock from cyanide process solutions (WAD cyanide in open water ≤ 50 mg/L)', 'wildlife protection from cyanide', 'ENV-RPT', 36, false],
    ['4.5', 'Protect fish and wildlife from direct and indirect cyanide discharges to surface water', 'discharge control', 'ENV-RPT', 36, false],
    ['4.6', 'Manage seepage from cyanide facilities to protect groundwater', 'seepage management', 'ENV-RPT', 36, true],
    ['4.8', 'Build cyanide facilities to accepted engineering standards with QA/QC', 'construction QA/QC', 'CIV-RPT', 36, true],
    ['4.9', 'Monitor the effects of cyanide use on wildlife and water quality', 'cyanide monitoring programme', 'ENV-RPT', 36, false],
    ['5.2', 'Provide financial assurance for decommissioning cyanide facilities', 'decommissioning financial assurance', 'ENV-PLN', 36, false],
  ]),
}

/** How a framework is usually assessed over successive rounds, cycled from a random phase [E]. */
export const ASSESSMENT_CYCLES: Readonly<Record<Framework, readonly AssessmentType[]>> = {
  // External assurance every third year, self-assessment between (GISTM 10.3; TSM external verification every 3 years [S]).
  GISTM: ['third-party audit', 'self-assessment', 'self-assessment'],
  'MAC TSM Tailings Protocol': ['third-party audit', 'self-assessment', 'self-assessment'],
  'Cyanide Code': ['third-party audit'],
  'CDA Dam Safety Guidelines': ['EOR review', 'self-assessment'],
  'ANCOLD Tailings Guidelines': ['EOR review', 'self-assessment'],
  'ICOLD Bulletins': ['EOR review', 'self-assessment'],
  'BC HSRC Part 10': ['regulatory inspection', 'EOR review', 'self-assessment'],
  'WA Code of Practice': ['regulatory inspection', 'EOR review', 'self-assessment'],
  'QLD Consequence Manual': ['regulatory inspection', 'EOR review', 'self-assessment'],
  'ANM Res. 95/2022': ['regulatory inspection', 'third-party audit', 'self-assessment'],
  'Law 14,066/2020': ['regulatory inspection', 'self-assessment'],
  'DS 248/2007': ['regulatory inspection', 'self-assessment', 'self-assessment'],
  'Law 20,551': ['regulatory inspection', 'self-assessment'],
  'SANS 10286': ['regulatory inspection', 'self-assessment', 'self-assessment'],
  'EU Extractive Waste Directive': ['regulatory inspection', 'self-assessment'],
  'NOM-141-SEMARNAT-2003': ['regulatory inspection', 'self-assessment'],
}

/**
 * The frameworks a facility answers to, GISTM first: national codes by country (and state or province where
 * they differ), MAC TSM where the protocol is adopted, the Cyanide Code at gold mines, ICOLD guidance elsewhere.
 */
export function frameworksOf(facility: Facility): Framework[] {
  const list: Framework[] = ['GISTM']
  switch (facility.country_code) {
    case 'CA':
      list.push('CDA Dam Safety Guidelines', 'MAC TSM Tailings Protocol')
      if (facility.timezone === 'America/Vancouver') list.push('BC HSRC Part 10')
      break
    case 'AU':
      list.push(
        'ANCOLD Tailings Guidelines',
        facility.timezone === 'Australia/Perth' ? 'WA Code of Practice' : 'QLD Consequence Manual',
      )
      break
    case 'BR':
      list.push('ANM Res. 95/2022', 'Law 14,066/2020')
      break
    case 'CL':
      list.push('DS 248/2007', 'Law 20,551')
      break
    case 'ZA':
      list.push('SANS 10286')
      break
    case 'FI':
    case 'ES':
      // National mining associations of Finland and Spain adopted TSM [S: domain §C.3].
      list.push('EU Extractive Waste Directive', 'MAC TSM Tailings Protocol')
      break
    case 'SE':
      list.push('EU Extractive Waste Directive')
      break
    case 'MX':
      list.push('NOM-141-SEMARNAT-2003')
      break
    default:
      list.push('ICOLD Bulletins')
  }
  if (facility.commodity === 'gold') list.push('Cyanide Code')
  return list
}

/** Finding templates by status; `{S}` is the requirement's subject with a capital, `{s}` as written. */
export const FINDING_TEMPLATES: Readonly<Record<ConformanceStatus, readonly string[]>> = {
  Meets: [
    '{S} in place and current; evidence reviewed.',
    'Requirement met; {s} reviewed with no gaps identified.',
    'Conformance demonstrated for the {s}.',
    '{S} verified against records; no action required.',
  ],
  'Partially meets': [
    '{S} in place but not updated within the required interval.',
    '{S} documented; evidence of implementation incomplete.',
    '{S} partly implemented; roles and records need strengthening.',
    'Gaps found: {s} not yet covering all required elements.',
  ],
  'Does not meet': [
    'No documented {s}.',
    '{S} not yet established.',
    '{S} overdue; last update outside the required interval.',
    '{S} not evidenced at assessment.',
  ],
  'Not applicable': ['{S} not applicable to this facility.'],
  'Not yet assessed': [
    'Not yet assessed; scheduled for the next assessment cycle.',
    'Assessment deferred; evidence not yet provided.',
  ],
}

/** The finding of a GISTM record dated before the standard existed. */
export const PRE_GISTM_FINDING = 'Not assessed: GISTM not yet published at the assessment date.'

/** Days allowed to close a gap by risk level [E]: `[min, max]`. */
export const CORRECTIVE_ACTION_DAYS: Readonly<Record<RiskLevel, readonly [number, number]>> = {
  low: [180, 365],
  medium: [90, 270],
  high: [60, 180],
  critical: [14, 90],
}

/** The document type that evidences a requirement, by requirement id where it names one (§B, §C). */
const EVIDENCE_BY_REQUIREMENT: Readonly<Record<string, DocTypeCode>> = {
  '2.2': 'GI',
  '2.3': 'DBA',
  '2.4': 'DBA',
  '3.2': 'MAA',
  '4.1': 'CCA',
  '4.2': 'CCA',
  '4.8': 'DBR',
  '5.1': 'DDR',
  '5.2': 'DDR',
  '5.3': 'WBM',
  '5.5': 'DDR',
  '6.5': 'DAR',
  '7.1': 'MON',
  '7.2': 'MON',
  '7.4': 'MON',
  '7.5': 'MON',
  '10.1': 'RA',
  '10.2': 'TMS',
  '10.3': 'AUD',
  '10.4': 'APR',
  '10.5': 'DSR',
  'ANM-RPSB': 'RPSB',
  '10.6': 'ITRB',
  '8.7': 'ITRB',
  '11.4': 'INC',
  'BC-ITRB': 'ITRB',
  'TM-4': 'TMS',
}

/**
 * The document type by the evidence's discipline and class; null where the register holds no such document
 * (social and environmental baselines are kept outside the tailings document register).
 */
const EVIDENCE_BY_CLASS: Readonly<Record<string, DocTypeCode>> = {
  'GEO-RPT': 'DBR',
  'GEO-INS': 'DSI',
  'GEO-REV': 'DSR',
  'GEO-ASM': 'CCA',
  'HYD-RPT': 'DBA',
  'CIV-RPT': 'CRR',
  'MGT-MAN': 'OMS',
  'MGT-REV': 'TMS',
  'MGT-ASM': 'RA',
  'MGT-AUD': 'AUD',
  'MGT-DIS': 'PDS',
  'MGT-RPT': 'TMS',
  'MGT-PLN': 'OMS',
  'EMR-PLN': 'EPRP',
  'EMR-RPT': 'EPRP',
  'ENV-PLN': 'CLP',
}

/** The document type whose latest edition evidences an assessment of `r`, or null. */
export function evidenceDocType(r: Requirement): DocTypeCode | null {
  return EVIDENCE_BY_REQUIREMENT[r.id] ?? EVIDENCE_BY_CLASS[r.evidence] ?? null
}
