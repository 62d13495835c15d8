import { deriveSeed } from '../derive-seed.js'
import type { Facility } from '../facility/facility-generator.js'
import type { FacilityContext, Partition, RecordBase } from '../generator.js'
import { Prng } from '../prng.js'
import { scenarioOf } from '../scenario.js'
import { compactDate, facilityEvents, type LinkedEvent } from './event-timeline.js'
import { facilityRaises, type Raise } from './raise-schedule.js'

const DAY_MS = 86_400_000

/**
 * Document number of an event's document of a register prefix, issued on epoch day `day`:
 * `<prefix><year>9<mmdd>`, an ordinal apart from the calendar's (from 001) and the extra documents' (from 500).
 */
export function eventDocId(facility: Facility, register: string, day: number): string {
  const date = compactDate(day)
  return `${facility.code}-${register}-${date.slice(0, 4)}9${date.slice(4)}`
}

/** Register prefixes (discipline-class) of the TARP notification (TARP) and inspection (DSI) documents. */
export const NOTIFICATION_REGISTER = 'GEO-NOT'
export const INSPECTION_REGISTER = 'GEO-INS'

/** The document numbers of an event's notification and EOR inspection report. */
export function eventDocuments(
  facility: Facility,
  e: LinkedEvent,
): { notification: string; inspection: string } {
  return {
    notification: eventDocId(facility, NOTIFICATION_REGISTER, e.notificationDay),
    inspection: eventDocId(facility, INSPECTION_REGISTER, e.inspectionDay),
  }
}

/** Register prefixes of a raise's design report (DDR), EOR inspection (DSI) and as-built report (CRR). */
export const RAISE_REGISTERS = { design: 'GEO-RPT', inspection: 'GEO-INS', asBuilt: 'CIV-RPT' } as const

/**
 * The document numbers of a raise's design report, post-raise inspection and as-built report:
 * `<prefix><year>8<mmdd>` of each one's issue day, an ordinal apart from the TARP events' (9<mmdd>).
 */
export function raiseDocuments(
  facility: Facility,
  r: Raise,
): { design: string; inspection: string; asBuilt: string } {
  const id = (register: string, day: number) => {
    const date = compactDate(day)
    return `${facility.code}-${register}-${date.slice(0, 4)}8${date.slice(4)}`
  }
  return {
    design: id(RAISE_REGISTERS.design, r.designDay),
    inspection: id(RAISE_REGISTERS.inspection, r.inspectionDay),
    asBuilt: id(RAISE_REGISTERS.asBuilt, r.asBuiltDay),
  }
}

/** The raises of a type's period whose crest is raised in it (`start`/`end` parameters), from the schedule. */
export function raisesOfPeriod(p: FacilityContext<{ start: string; end: string }>): Raise[] {
  return facilityRaises(
    p.seed,
    p.facility,
    Date.parse(p.params.start) / DAY_MS,
    Date.parse(p.params.end) / DAY_MS,
  )
}

/** The linked events of a type's period (`start`/`end` parameters), from the facility's timeline. */
export function eventsOfPeriod(p: FacilityContext<{ start: string; end: string }>): {
  events: LinkedEvent[]
  firstDay: number
  lastDay: number
} {
  const startMs = Date.parse(p.params.start)
  const endMs = Date.parse(p.params.end)
  const startDay = Math.floor(startMs / DAY_MS)
  const events = facilityEvents(
    p.seed,
    p.facility,
    scenarioOf(p.params),
    startDay,
    startMs / DAY_MS,
    endMs / DAY_MS,
  )
  return { events, firstDay: startMs / DAY_MS, lastDay: endMs / DAY_MS }
}

/** A random stream of one event's records of one type: the same whatever else the period holds. */
export function eventRng(p: FacilityContext<unknown>, type: string, e: { readonly id: string }): Prng {
  return new Prng(deriveSeed(p.seed, type, p.facility.facility_index, e.id))
}

/**
 * A generator whose records include the linked events' records: `linked` gives them (time-ordered, with their
 * `event_id`), they take the first places of the count, the type's own records the rest, and the two are
 * merged by `timeOf` and numbered in order; a linked record never splits a run of the type's records of one
 * `groupOf` key (the revisions of one document). The linked records depend only on (seed, type, facility,
 * parameters), like the rest.
 */
export function withLinkedRecords<R extends RecordBase, P>(
  generate: (p: Partition<P>) => Iterable<R>,
  linked: (p: FacilityContext<P>) => R[],
  timeOf: (row: R) => number,
  groupOf?: (row: R) => unknown,
): (p: Partition<P>) => Generator<R> {
  return function* (p: Partition<P>): Generator<R> {
    const extra = p.count > 0 ? linked(p).slice(0, p.count) : []
    if (extra.length === 0) {
      yield* generate(p)
      return
    }
    let index = p.firstRecordIndex
    let j = 0
    const next = (row: R): R => {
      ;(row as { record_index: number }).record_index = index++
      return row
    }
    let group: unknown = undefined
    for (const row of generate({ ...p, count: p.count - extra.length })) {
      const key = groupOf?.(row)
      if (key === undefined || key !== group) {
        const t = timeOf(row)
        while (j < extra.length && timeOf(extra[j] as R) < t) yield next(extra[j++] as R)
      }
      group = key
      yield next(row)
    }
    while (j < extra.length) yield next(extra[j++] as R)
  }
}
