import { beforeAll, describe, expect, it } from 'vitest'
import { createFaker } from '../../../src/generators/faker.js'
import { facilityEvents, type LinkedEvent } from '../../../src/generators/events/event-timeline.js'
import { eventDocuments } from '../../../src/generators/events/linked-records.js'
import { generateFacility, type Facility } from '../../../src/generators/facility/facility-generator.js'
import type { MonitoringRow } from '../../../src/generators/monitoring/monitoring-generator.js'
import type { DataType, Row } from '../../../src/generators/generator.js'
import { partitionRows } from '../../helpers/generators.js'

// Linked events across types (README, "How the data is made"): every record that carries an `event_id` belongs
// to an event of the facility's timeline, its traces follow in causal order (TARP peak ≤ notification ≤
// inspection ≤ finding ≤ corrective action), the finding cites the inspection report the document type issues,
// and every TARP level-2 episode of the monitoring series lies in such an event, which has its notification.

const DAY = 86_400_000
const SEED = 23
const faker = createFaker()
const facilities: Facility[] = Array.from({ length: 400 }, (_, i) => generateFacility(SEED, i, faker))
const dayOf = (iso: string) => Date.parse(iso) / DAY

describe('the event timeline', () => {
  // 400 facilities × 30 years = 12,000 facility-years.
  const all = facilities.map((f) =>
    facilityEvents(SEED, f, 'baseline', dayOf('1995-01-01'), dayOf('1995-01-01'), dayOf('2024-12-31')),
  )

  it('puts TARP level-2 events at a few a decade per facility, with unique ids of the documented form', () => {
    const events = all.flat()
    const perYear = events.length / (facilities.length * 30)
    expect(perYear).toBeGreaterThan(0.12)
    expect(perYear).toBeLessThan(0.35)
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length)
    for (const [i, list] of all.entries()) {
      for (const e of list)
        expect(e.id).toMatch(new RegExp(`^EV-${facilities[i]!.id}-\\d{8}-(storm|seepage|drain)$`))
    }
    const kinds = new Set(events.map((e) => e.kind))
    expect([...kinds].sort()).toEqual(['drain', 'seepage', 'storm'])
  })

  it('dates each event’s traces in causal order', () => {
    for (const e of all.flat()) {
      expect(e.start).toBeLessThan(e.rampEnd)
      expect(e.notificationDay).toBeGreaterThanOrEqual(e.rampEnd + 1)
      expect(e.notificationDay).toBeLessThanOrEqual(e.rampEnd + 4)
      expect(e.inspectionDay).toBeGreaterThan(e.notificationDay)
      expect(e.findingDay).toBeGreaterThan(e.inspectionDay)
      expect(e.correctiveDueDay).toBeGreaterThan(e.findingDay)
      expect(e.costDay).toBeGreaterThan(e.findingDay)
      expect(e.samplingAt / DAY).toBeGreaterThan(e.rampEnd)
      if (e.kind === 'storm') expect(e.rainDay).toBeLessThanOrEqual(e.start)
    }
  })

  it('depends on the facility and the year alone, not on the period asked', () => {
    for (const [i, f] of facilities.slice(0, 100).entries()) {
      const part = facilityEvents(
        SEED,
        f,
        'baseline',
        dayOf('2010-03-01'),
        dayOf('2010-03-01'),
        dayOf('2013-06-30'),
      )
      const within = all[i]!.filter((e) => e.end >= dayOf('2010-03-01') && e.start <= dayOf('2013-06-30'))
      expect(part).toEqual(within)
    }
  })
})

/** Each facility's records of one type over 2021–2024. */
function recordsOf(type: DataType, count: number, facilityCount: number): Map<string, Row[]> {
  const out = new Map<string, Row[]>()
  for (let i = 0; i < facilityCount; i++) {
    const { facility, rows } = partitionRows(type, {
      seed: SEED,
      facilityIndex: i,
      count,
      params: { start: '2021-01-01', end: '2024-12-31' },
    })
    out.set(facility.id, rows)
  }
  return out
}

describe('the linked records of documents, compliance, environmental and financial', () => {
  // 100 facilities × 4 years.
  const FACILITIES = 100
  let events: Map<string, Map<string, LinkedEvent>>
  let documents: Map<string, Row[]>
  let compliance: Map<string, Row[]>
  let environmental: Map<string, Row[]>
  let financial: Map<string, Row[]>
  beforeAll(() => {
    events = new Map(
      facilities
        .slice(0, FACILITIES)
        .map((f) => [
          f.id,
          new Map(
            facilityEvents(
              SEED,
              f,
              'baseline',
              dayOf('2021-01-01'),
              dayOf('2021-01-01'),
              dayOf('2024-12-31'),
            ).map((e) => [e.id, e]),
          ),
        ]),
    )
    documents = recordsOf('document', 60, FACILITIES)
    compliance = recordsOf('compliance', 120, FACILITIES)
    environmental = recordsOf('environmental', 800, FACILITIES)
    financial = recordsOf('financial', 80, FACILITIES)
  }, 120_000)

  const linked = (byFacility: Map<string, Row[]>) =>
    [...byFacility].flatMap(([id, rows]) =>
      rows.filter((r) => r['event_id'] !== null).map((r) => [id, r] as const),
    )

  it('gives every event of the period its notification, inspection, finding, campaign and cost, each tied to a timeline event', () => {
    const expected = [...events.values()].flatMap((m) => [...m.values()])
    expect(expected.length).toBeGreaterThan(40)
    for (const [name, records] of [
      ['document', documents],
      ['compliance', compliance],
      ['environmental', environmental],
      ['financial', financial],
    ] as const) {
      const rows = linked(records)
      for (const [facilityId, r] of rows)
        expect(events.get(facilityId)!.has(r['event_id'] as string), name).toBe(true)
      const covered = new Set(rows.map(([, r]) => r['event_id']))
      // Events near the period's ends leave some traces after it.
      expect(covered.size / expected.length, name).toBeGreaterThan(0.8)
    }
  })

  it('dates the traces in causal order and cites the inspection report as the finding’s evidence', () => {
    for (const [facilityId, rows] of documents) {
      const docIds = new Set(rows.map((r) => r['doc_id']))
      const byEvent = new Map<string, Row[]>()
      for (const r of rows)
        if (r['event_id'] !== null)
          byEvent.set(r['event_id'] as string, [...(byEvent.get(r['event_id'] as string) ?? []), r])
      for (const [id, docs] of byEvent) {
        const e = events.get(facilityId)!.get(id)!
        const notification = docs.find((d) => d['doc_type_code'] === 'INC')
        const inspection = docs.find((d) => d['doc_type_code'] === 'DSI')
        if (notification) {
          expect(notification['issue_date']).toBe(e.notificationDay * DAY)
          expect(notification['issue_date'] as number).toBeGreaterThanOrEqual(e.rampEnd * DAY)
        }
        if (notification && inspection)
          expect(inspection['issue_date'] as number).toBeGreaterThan(notification['issue_date'] as number)
      }
      for (const r of compliance.get(facilityId)!) {
        if (r['event_id'] === null) continue
        const e = events.get(facilityId)!.get(r['event_id'] as string)!
        const facility = facilities.find((f) => f.id === facilityId)!
        expect(r['evidence_ref']).toBe(eventDocuments(facility, e).inspection)
        expect(
          docIds.has(r['evidence_ref']),
          `${String(r['evidence_ref'])} ${[...docIds].filter((d) => String(d).includes('-E')).join(' ')}`,
        ).toBe(true)
        const inspection = rows.find((d) => d['doc_id'] === r['evidence_ref'])!
        expect(r['assessment_date'] as number).toBeGreaterThan(inspection['issue_date'] as number)
        expect(r['corrective_action_due'] as number).toBeGreaterThan(r['assessment_date'] as number)
        expect(r['status']).toBe('Partially meets')
      }
    }
    for (const [, rows] of environmental) {
      for (const r of rows)
        if (r['event_id'] !== null) expect(r['station_type']).toMatch(/seepage_weir|receiving_water/)
    }
    for (const [, rows] of financial) {
      for (const r of rows)
        if (r['event_id'] !== null)
          expect([r['category'], r['status']]).toEqual(['sustaining_capex', 'actual'])
    }
  })

  it('keeps the counts asked', () => {
    for (const [records, count] of [
      [documents, 60],
      [compliance, 120],
      [environmental, 800],
      [financial, 80],
    ] as const) {
      for (const rows of records.values()) {
        expect(rows).toHaveLength(count)
        expect(rows.map((r) => r['record_index'])).toEqual(rows.map((_, k) => k))
      }
    }
  })
})

describe('the monitoring series', () => {
  // 800 facilities × 1 year at 1 d, without sensor faults: every TARP level ≥ 2 episode is physical.
  const FACILITIES = 800
  const problems: string[] = []
  let episodes = 0
  let reached = 0
  let eventsInSeries = 0
  beforeAll(() => {
    for (let i = 0; i < FACILITIES; i++) {
      const { facility, rows } = partitionRows<MonitoringRow>('monitoring', {
        seed: SEED,
        facilityIndex: i,
        count: 365,
        params: { interval: '1d', anomalyRate: 0, confirmAfter: 1 },
      })
      const timeline = new Map(
        facilityEvents(
          SEED,
          facility,
          'baseline',
          dayOf('2024-01-01'),
          dayOf('2024-01-01'),
          dayOf('2024-12-31'),
        ).map((e) => [e.id, e]),
      )
      const seen = new Set<string>()
      for (let k = 0; k < rows.length; k++) {
        const r = rows[k]!
        if (r.event_id !== null) {
          if (!timeline.has(r.event_id))
            problems.push(`${facility.id} ${k}: ${r.event_id} not in the timeline`)
          if (r.tarp_level >= 2) seen.add(r.event_id)
        }
        if (r.tarp_level < 2 || (k > 0 && rows[k - 1]!.tarp_level >= 2)) continue
        episodes++
        const e = r.event_id === null ? undefined : timeline.get(r.event_id)
        if (e === undefined) {
          problems.push(`${facility.id} ${k}: TARP ${r.tarp_level} with no linked event`)
          continue
        }
      }
      // Each event's TARP peak: its first reading at the highest level it reached.
      for (const id of seen) {
        const e = timeline.get(id)!
        const own = rows.filter((x) => x.event_id === id)
        const top = Math.max(...own.map((x) => x.tarp_level))
        const peak = own.find((x) => x.tarp_level === top)!
        // An event notified before the series began had its peak before it too.
        if (peak.timestamp > e.notificationDay * DAY && e.notificationDay >= dayOf('2024-01-01'))
          problems.push(
            `${id}: TARP ${top} peak ${new Date(peak.timestamp).toISOString()} after the notification`,
          )
      }
      reached += seen.size
      eventsInSeries += [...timeline.values()].filter(
        (e) => e.start >= dayOf('2024-01-01') && e.end <= dayOf('2024-12-31'),
      ).length
    }
  }, 120_000)

  it('has every TARP level ≥ 2 episode inside a linked event, notified after its peak', () => {
    expect(episodes).toBeGreaterThan(100)
    expect(problems).toEqual([])
  })

  it('takes nearly every linked event of the series to TARP level 2', () => {
    expect(reached / eventsInSeries).toBeGreaterThan(0.9)
  })
})
