import type { ComplianceParams, ComplianceRow } from '../compliance/compliance-generator.js'
import { GISTM_LAUNCH, GISTM_REQUIREMENTS, type Requirement } from '../compliance/compliance-datasets.js'
import { addMonths, buildOrganisations } from '../document/document-datasets.js'
import { CONSEQUENCE_CLASSES } from '../facility/facility-datasets.js'
import type { FacilityContext } from '../generator.js'
import { EVENT_NAMES } from './event-timeline.js'
import { eventDocuments, eventRng, eventsOfPeriod } from './linked-records.js'
import { eventSubject } from './linked-documents.js'

const DAY_MS = 86_400_000
/** GISTM 7.3: trigger action response plans; what a post-event review checks the response against. */
const TARP_REQUIREMENT = '7.3'

/** What the EOR's review found of the response, by kind. */
const GAPS: Readonly<Record<string, readonly string[]>> = {
  storm: [
    'pond drawdown started late',
    'spillway channel partly blocked',
    'rain gauge data not reviewed daily',
  ],
  seepage: [
    'seepage weir readings not escalated within the TARP response time',
    'toe filter not inspected after the alert',
  ],
  drain: ['drain outflows not checked after the first alert', 'piezometer readings escalated late'],
  phreatic: [
    'rising trend in piezometers not escalated at level 1',
    'trigger levels not reviewed against the design',
  ],
}

/**
 * The compliance finding a linked event leaves: the EOR's review of the TARP response (GISTM 7.3, from the
 * standard's launch on), after the inspection, partially met with a corrective action due; its evidence is the
 * post-event inspection report. A `frameworks` filter without GISTM leaves it out.
 */
export function linkedCompliance(p: FacilityContext<ComplianceParams>): ComplianceRow[] {
  const { facility: f, params } = p
  if (params.frameworks !== undefined && !params.frameworks.includes('GISTM')) return []
  const { events, firstDay, lastDay } = eventsOfPeriod(p)
  const launchDay = GISTM_LAUNCH / DAY_MS
  const r = GISTM_REQUIREMENTS.find((q) => q.id === TARP_REQUIREMENT) as Requirement
  const highPlus = CONSEQUENCE_CLASSES.indexOf(f.consequence_class) >= 2
  const out: ComplianceRow[] = []
  let orgs: ReturnType<typeof buildOrganisations> | null = null
  for (const e of events) {
    // The inspection report it cites is issued in the period too.
    if (e.inspectionDay < firstDay || e.findingDay < launchDay || e.findingDay > lastDay) continue
    orgs ??= buildOrganisations(p.seed, f, p.faker)
    const rng = eventRng(p, 'compliance', e)
    const gaps = GAPS[e.kind] as readonly string[]
    const gap = gaps[rng.int(0, gaps.length - 1)] as string
    out.push({
      record_index: 0,
      facility_id: f.id,
      framework: 'GISTM',
      requirement_id: r.id,
      topic: r.topic,
      principle: r.principle,
      requirement_title: r.title,
      assessment_round: 1,
      assessment_type: 'EOR review',
      status: 'Partially meets',
      rating: null,
      risk_level: e.level === 3 || highPlus ? 'high' : 'medium',
      assessment_date: e.findingDay * DAY_MS,
      next_review_date: addMonths(e.findingDay, 12) * DAY_MS,
      assessor_org: orgs.eor.name,
      assessor_name: orgs.eor.people[rng.int(0, orgs.eor.people.length - 1)] as string,
      evidence_ref: eventDocuments(f, e).inspection,
      finding: `Post-event review (${eventSubject(e)}): ${gap}; TARP actions for the ${EVENT_NAMES[e.kind]} to be revised.`,
      corrective_action_due: e.correctiveDueDay * DAY_MS,
      event_id: e.id,
    })
  }
  return out
}
