import type { DocumentParams, DocumentRow } from '../document/document-generator.js'
import {
  DOCUMENT_TYPES,
  buildOrganisations,
  type ApproverRole,
  type AuthorRole,
  type DocumentTypeSpec,
  type Organisation,
} from '../document/document-datasets.js'
import type { FacilityContext } from '../generator.js'
import { EVENT_NAMES, type LinkedEvent } from './event-timeline.js'
import type { Prng } from '../prng.js'
import type { Raise } from './raise-schedule.js'
import { eventDocuments, eventRng, eventsOfPeriod, raiseDocuments, raisesOfPeriod } from './linked-records.js'

const DAY_MS = 86_400_000
const BYTES_PER_MB = 1_000_000
const SEPARATOR = ' – '
/** One document of an event's or a raise's trace. */
interface Trace {
  readonly type: DocumentTypeSpec
  readonly day: number
  readonly docId: string
  readonly middle: string
  readonly org: Organisation
  readonly names: readonly string[]
  readonly role: AuthorRole
  readonly approver: ApproverRole
  readonly pages: number
  readonly keywords: readonly string[]
}
const typeOf = (code: string): DocumentTypeSpec =>
  DOCUMENT_TYPES.find((t) => t.code === code) as DocumentTypeSpec
const date = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10)
const upperFirst = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1)

/** The event's words in a title: `Storm of 2024-03-15, TARP Level 2`. */
export function eventSubject(e: LinkedEvent): string {
  const onset = e.kind === 'storm' ? e.rainDay : Math.floor(e.start)
  return `${upperFirst(EVENT_NAMES[e.kind])} of ${date(onset)}, TARP Level ${e.level}`
}

/** A raise's words in a title: `Embankment Raise of 2024-03-15, 3.2 m Lift`. */
export function raiseSubject(r: Raise): string {
  return `Embankment Raise of ${date(r.day)}, ${r.lift.toFixed(1)} m Lift`
}

/**
 * The documents the linked events and raises leave, issued in the period. A TARP event: its TARP notification
 * (`TARP`, Rev 0, within days of the peak) and the EOR's post-event inspection report (`DSI`, a few days later),
 * numbered `<facility>-GEO-NOT-<year>9<mmdd>` and `<facility>-GEO-INS-<year>9<mmdd>`; the compliance finding
 * cites the inspection. A raise completed in the period: its detailed design report (`DDR`, issued for
 * construction before work starts), the EOR's post-raise inspection (`DSI`) and the as-built construction
 * records report (`CRR`), numbered `<year>8<mmdd>` in their registers. A `docTypes` filter leaves out the types
 * it does not name.
 */
export function linkedDocuments(p: FacilityContext<DocumentParams>): DocumentRow[] {
  const { facility: f, params } = p
  const { events, firstDay, lastDay } = eventsOfPeriod(p)
  const raises = raisesOfPeriod(p)
  if (events.length === 0 && raises.length === 0) return []
  const orgs = buildOrganisations(p.seed, f, p.faker)
  const wanted = (code: string) => params.docTypes === undefined || params.docTypes.includes(code as never)
  const out: DocumentRow[] = []
  const traces: { id: string; rng: Prng; docs: Trace[] }[] = []
  for (const e of events) {
    const rng = eventRng(p, 'document', e)
    const ids = eventDocuments(f, e)
    const subject = eventSubject(e)
    const docs: Trace[] = [
      {
        type: typeOf('TARP'),
        day: e.notificationDay,
        docId: ids.notification,
        middle: subject,
        org: orgs.rtfe,
        names: orgs.rtfe.people,
        role: 'RTFE' as const,
        approver: 'AE' as const,
        pages: rng.int(3, 20),
        keywords: ['TARP', 'notification', 'incident', EVENT_NAMES[e.kind], 'trigger level'],
      },
      {
        type: typeOf('DSI'),
        day: e.inspectionDay,
        docId: ids.inspection,
        middle: `Post-Event Inspection: ${subject}`,
        org: orgs.eor,
        names: orgs.eor.people,
        role: 'EOR' as const,
        approver: 'RTFE' as const,
        pages: rng.int(10, 60),
        keywords: ['dam safety inspection', 'EOR', 'post-event', EVENT_NAMES[e.kind], 'TARP'],
      },
    ]
    traces.push({ id: e.id, rng, docs })
  }
  // Each raise: the design report issued for construction before work starts, the EOR's inspection of the new
  // crest, and the as-built (construction records) report that closes it out.
  for (const r of raises) {
    const rng = eventRng(p, 'document', r)
    const ids = raiseDocuments(f, r)
    const subject = raiseSubject(r)
    const design = typeOf('DDR')
    const asBuilt = typeOf('CRR')
    const inspection = typeOf('DSI')
    traces.push({
      id: r.id,
      rng,
      docs: [
        {
          type: design,
          day: r.designDay,
          docId: ids.design,
          middle: subject,
          org: orgs.designer,
          names: orgs.designer.people,
          role: 'DoR',
          approver: 'EOR',
          pages: rng.int(design.pages[0], design.pages[1]),
          keywords: ['detailed design', 'stage raise', 'issued for construction', 'stability analysis'],
        },
        {
          type: inspection,
          day: r.inspectionDay,
          docId: ids.inspection,
          middle: `Post-Raise Inspection: ${subject}`,
          org: orgs.eor,
          names: orgs.eor.people,
          role: 'EOR',
          approver: 'RTFE',
          pages: rng.int(10, 60),
          keywords: ['dam safety inspection', 'EOR', 'post-raise', 'stage raise', 'freeboard'],
        },
        {
          type: asBuilt,
          day: r.asBuiltDay,
          docId: ids.asBuilt,
          middle: `As-Built: ${subject}`,
          org: orgs.eor,
          names: orgs.eor.people,
          role: 'EOR',
          approver: 'RTFE',
          pages: rng.int(asBuilt.pages[0], asBuilt.pages[1]),
          keywords: ['as-built', 'construction records', 'QA/QC', 'stage raise', 'survey'],
        },
      ],
    })
  }
  for (const { id, rng, docs } of traces) {
    for (const d of docs) {
      const author = d.names[rng.int(0, d.names.length - 1)] as string
      const mb = Math.min(
        d.type.sizeMb[1],
        Math.max(d.type.sizeMb[0], d.pages * d.type.mbPerPage * rng.range(0.7, 1.4)),
      )
      if (!wanted(d.type.code) || d.day < firstDay || d.day > lastDay) continue
      out.push({
        record_index: 0,
        facility_id: f.id,
        doc_id: d.docId,
        title: d.type.name + SEPARATOR + d.middle + SEPARATOR + f.name,
        doc_type: d.type.name,
        doc_type_code: d.type.code,
        revision: '0',
        status: d.type.issuedStatus,
        issue_date: d.day * DAY_MS,
        period_covered: null,
        author_org: d.org.name,
        author_name: author,
        author_role: d.role,
        approver_role: d.approver,
        consequence_class: f.consequence_class,
        pages: d.pages,
        file_size_bytes: Math.round(mb * BYTES_PER_MB),
        language: 'en',
        confidentiality: d.type.confidentiality,
        keywords: d.keywords,
        supersedes: null,
        next_review_date: null,
        event_id: id,
      })
    }
  }
  return out.sort((a, b) => a.issue_date - b.issue_date)
}
