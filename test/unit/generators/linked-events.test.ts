import { beforeAll, describe, expect, it } from 'vitest'
import { createFaker } from '../../../src/generators/faker.js'
import { facilityEvents, type LinkedEvent } from '../../../src/generators/events/event-timeline.js'
import { eventDocuments, raiseDocuments } from '../../../src/generators/events/linked-records.js'
import {
  RAISE_LIFTS,
  facilityRaises,
  raisePlan,
  type Raise,
} from '../../../src/generators/events/raise-schedule.js'
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
      const rows = linked(records).filter(
        ([, r]) => !(r['event_id'] as string | null)?.endsWith('-raise') === true,
      )
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
        if (r['event_id'] !== null && !(r['event_id'] as string | null)?.endsWith('-raise') === true)
          byEvent.set(r['event_id'] as string, [...(byEvent.get(r['event_id'] as string) ?? []), r])
      for (const [id, docs] of byEvent) {
        const e = events.get(facilityId)!.get(id)!
        const notification = docs.find((d) => d['doc_type_code'] === 'TARP')
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
          expect([r['category'], r['status']]).toEqual([
            (r['event_id'] as string | null)?.endsWith('-raise') === true
              ? 'capex_raise'
              : 'sustaining_capex',
            'actual',
          ])
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
        if (r.event_id !== null && !r.event_id.endsWith('-raise')) {
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

describe('raises as linked events', () => {
  // 400 facilities × 30 years = 12,000 facility-years of raise schedule.
  const all = facilities.map((f) => facilityRaises(SEED, f, dayOf('1995-01-01'), dayOf('2024-12-31')))

  it('raises active embanked facilities in lifts of the method’s range, one raise every 1–3 years where the lift range allows (domain §G.2 raise schedule)', () => {
    const raises = all.flat()
    expect(raises.length).toBeGreaterThan(2000)
    expect(new Set(raises.map((r) => r.id)).size).toBe(raises.length)
    for (const [i, list] of all.entries()) {
      const f = facilities[i]!
      const plan = raisePlan(SEED, f)
      if (
        f.status !== 'active' ||
        f.construction_method === 'in_pit' ||
        f.construction_method === 'dry_stack'
      )
        expect(plan).toBeNull()
      if (plan === null) {
        expect(list).toEqual([])
        continue
      }
      const [low, high] = RAISE_LIFTS[f.construction_method]!.lift
      expect(plan.lift).toBeGreaterThanOrEqual(low)
      expect(plan.lift).toBeLessThanOrEqual(high)
      // The lift keeps pace with the tailings: lift = rate of rise × cycle.
      expect((plan.lift / f.rate_of_rise_m_per_yr) * 365.25).toBeCloseTo(plan.periodDays, 6)
      const years = plan.periodDays / 365.25
      if (plan.lift > low && plan.lift < high) {
        expect(years).toBeGreaterThanOrEqual(1)
        expect(years).toBeLessThanOrEqual(3)
      }
      for (const [k, r] of list.entries()) {
        expect(r.id).toBe(
          `EV-${f.id}-${new Date(r.day * DAY).toISOString().slice(0, 10).replaceAll('-', '')}-raise`,
        )
        if (k > 0) expect(r.day - list[k - 1]!.day).toBeCloseTo(plan.periodDays, -0.3)
      }
    }
  })

  it('dates each raise’s traces in causal order: design, construction, crest raised, EOR inspection, as-built', () => {
    for (const r of all.flat()) {
      expect(r.designDay).toBeLessThan(r.constructionStart)
      expect(r.constructionStart).toBeLessThan(r.day)
      expect(r.inspectionDay).toBeGreaterThan(r.day)
      expect(r.asBuiltDay).toBeGreaterThan(r.inspectionDay)
    }
  })

  it('depends on the seed and the facility alone, not on the period asked', () => {
    for (const [i, f] of facilities.slice(0, 100).entries()) {
      const part = facilityRaises(SEED, f, dayOf('2010-03-01'), dayOf('2013-06-30'))
      expect(part).toEqual(
        all[i]!.filter((r) => r.day >= dayOf('2010-03-01') && r.day <= dayOf('2013-06-30')),
      )
    }
  })

  // 200 facilities × 4 years of documents, financial lines and daily readings.
  const FACILITIES = 200
  const period = { start: '2021-01-01', end: '2024-12-31' }
  const problems: string[] = []
  let raisesSeen = 0
  let monitored = 0
  beforeAll(() => {
    for (let i = 0; i < FACILITIES; i++) {
      const f = facilities[i]!
      const raises = facilityRaises(SEED, f, dayOf(period.start), dayOf(period.end))
      const byId = new Map<string, Raise>(raises.map((r) => [r.id, r]))
      const docs = partitionRows('document', { seed: SEED, facilityIndex: i, count: 80, params: period }).rows
      const money = partitionRows('financial', {
        seed: SEED,
        facilityIndex: i,
        count: 200,
        params: period,
      }).rows
      const readings = partitionRows<MonitoringRow>('monitoring', {
        seed: SEED,
        facilityIndex: i,
        count: 1461,
        params: { start: period.start, interval: '1d', anomalyRate: 0 },
      }).rows
      const raiseRows = (rows: readonly Row[]) =>
        rows.filter((r) => (r['event_id'] as string | null)?.endsWith('-raise') === true)
      for (const rows of [docs, money, readings as unknown as Row[]])
        for (const r of raiseRows(rows))
          if (!byId.has(r['event_id'] as string)) problems.push(`${String(r['event_id'])}: not scheduled`)
      for (const r of readings)
        if ((r.event === 'raise') !== (r.event_id?.endsWith('-raise') ?? false))
          problems.push(
            `${f.code} ${new Date(r.timestamp).toISOString()}: label ${r.event} with ${r.event_id}`,
          )
      for (const raise of raises) {
        raisesSeen++
        const ids = raiseDocuments(f, raise)
        const own = docs.filter((d) => d['event_id'] === raise.id)
        const expected = [
          ['DDR', ids.design, raise.designDay],
          ['DSI', ids.inspection, raise.inspectionDay],
          ['CRR', ids.asBuilt, raise.asBuiltDay],
        ] as const
        for (const [code, docId, day] of expected) {
          const d = own.find((x) => x['doc_type_code'] === code)
          const inPeriod = day >= dayOf(period.start) && day <= dayOf(period.end)
          if (inPeriod && d === undefined) problems.push(`${raise.id}: no ${code}`)
          if (d !== undefined && (d['doc_id'] !== docId || d['issue_date'] !== day * DAY))
            problems.push(`${raise.id}: ${code} ${String(d['doc_id'])} on ${String(d['issue_date'])}`)
        }
        if (
          own.length !==
          expected.filter(([, , day]) => day >= dayOf(period.start) && day <= dayOf(period.end)).length
        )
          problems.push(`${raise.id}: ${own.length} documents`)
        const capex = money.filter((m) => m['event_id'] === raise.id)
        if (
          raise.day - raise.constructionStart > 1 &&
          raise.constructionStart >= dayOf(period.start) &&
          capex.length === 0
        )
          problems.push(`${raise.id}: no capex`)
        for (const m of capex)
          if (m['category'] !== 'capex_raise' || (m['period_start'] as number) >= raise.day * DAY)
            problems.push(`${raise.id}: capex ${String(m['category'])} from ${String(m['period_start'])}`)
        // The readings: labelled from the day the crest is raised, when the freeboard jumps by the lift and the
        // piezometers answer with B̄·γ·lift (B̄ 0.3–1.0, γ 18–21 kN/m³).
        const k = readings.findIndex((r) => r.timestamp === raise.day * DAY)
        if (k < 0) continue
        const at = readings[k]!
        if (at.event_id !== raise.id) {
          // Held by a linked TARP event in progress: its readings carry that event's id.
          if (at.event_id === null || at.event_id.endsWith('-raise'))
            problems.push(`${raise.id}: reading of the raise has ${at.event} ${at.event_id}`)
          continue
        }
        monitored++
        const before = readings[k - 1]
        // The crest (freeboard + pond level) rises by the lift.
        const crest = (r: MonitoringRow | undefined) =>
          r?.freeboard_m == null || r.pond_level_m === null ? null : r.freeboard_m + r.pond_level_m
        const [crestBefore, crestAt] = [crest(before), crest(at)]
        if (crestBefore !== null && crestAt !== null && Math.abs(crestAt - crestBefore - raise.lift) > 0.03)
          problems.push(`${raise.id}: crest rose ${crestAt - crestBefore} for ${raise.lift}`)
        if (before?.pore_pressure_kpa != null && at.pore_pressure_kpa !== null) {
          const perMetre = (at.pore_pressure_kpa - before.pore_pressure_kpa) / raise.lift
          if (perMetre < 0.3 * 18 - 1.5 || perMetre > 21 + 1.5)
            problems.push(`${raise.id}: ${perMetre.toFixed(1)} kPa per metre`)
        }
      }
    }
  }, 120_000)

  it('gives every raise of the period its design report, EOR inspection, as-built report, capex and readings under one event_id', () => {
    expect(raisesSeen).toBeGreaterThan(150)
    // The rest fall inside a linked TARP event (a few weeks to months a decade), whose id their reading carries.
    expect(monitored / raisesSeen).toBeGreaterThan(0.9)
    expect(problems).toEqual([])
  })
})
