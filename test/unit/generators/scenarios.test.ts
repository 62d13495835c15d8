import { describe, expect, it } from 'vitest'
import { SCENARIOS } from '../../../src/choices.js'
import { dataTypeIds } from '../../../src/generators/data-types.js'
import type { Facility } from '../../../src/generators/facility/facility-generator.js'
import {
  generateFacilities,
  generateRecords,
  resolveParams,
} from '../../../src/generators/generate-records.js'
import type { Row } from '../../../src/generators/generator.js'
import {
  baselineProblems,
  closureCostProblems,
  closureProblems,
  complianceNeglectProblems,
  droughtProblems,
  extremeStormProblems,
  lateDocumentProblems,
  linkedChainProblems,
  meetsShare,
  progressiveFailureProblems,
} from '../../helpers/scenario-signatures.js'

// Each scenario preset's signature over every facility of two seeds: a year of hourly readings at 10
// facilities (87,840 rows) per monitoring case, five years of assessments and costs.

const YEAR = { start: '2024-01-01', end: '2024-12-31' }
const FIVE_YEARS = { start: '2021-01-01', end: '2025-12-31' }
const FACILITIES = 10

function records(type: string, seed: number, parameters: object, count?: number): Row[] {
  const params = resolveParams(type as never, parameters)
  const n = count ?? (type === 'monitoring' ? 8784 * FACILITIES : 3000)
  return [...generateRecords({ type: type as never, count: n, facilities: FACILITIES, seed, params })]
}
const facilitiesOf = (seed: number): Facility[] => [...generateFacilities(seed, { from: 0, to: FACILITIES })]

describe('the scenario parameter', () => {
  it('is absent unless given, so parameters and manifests without it stay as they were', () => {
    for (const type of dataTypeIds()) expect(resolveParams(type, {})).not.toHaveProperty('scenario')
  })

  it('names the scenarios when it is not one of them', () => {
    expect(() => resolveParams('monitoring', { scenario: 'nope' })).toThrow(
      `Invalid monitoring parameter "scenario": expected one of ${SCENARIOS.join(', ')} (got "nope")`,
    )
  })

  it('gives every type the same records as no scenario when it is baseline', () => {
    for (const type of dataTypeIds()) {
      const count = type === 'monitoring' ? 20_000 : 2000
      expect(records(type, 5, { ...FIVE_YEARS, scenario: 'baseline' }, count)).toEqual(
        records(type, 5, FIVE_YEARS, count),
      )
    }
  })
})

for (const seed of [42, 7]) {
  describe(`scenario signatures, seed ${seed}`, () => {
    const facilities = facilitiesOf(seed)

    it('baseline: no scenario event, level 2–3 only in linked events', () => {
      expect(baselineProblems(records('monitoring', seed, { ...YEAR, scenario: 'baseline' }))).toEqual([])
    })

    it('extreme-storm: a 100-year day on a 15th, TARP 2–3 hours to days later, then recovery', () => {
      const storm = records('monitoring', seed, { ...YEAR, scenario: 'extreme-storm' })
      expect(extremeStormProblems(storm, facilities)).toEqual([])
      expect(extremeStormProblems(records('monitoring', seed, YEAR), facilities).length).toBeGreaterThan(
        FACILITIES,
      )
    })

    it('drought: under half the rain, no storm, a falling pond; pore pressure and pond below the baseline', () => {
      const baseline = records('monitoring', seed, YEAR)
      expect(
        droughtProblems(records('monitoring', seed, { ...YEAR, scenario: 'drought' }), facilities, baseline),
      ).toEqual([])
      // Against itself, the baseline is no lower.
      expect(droughtProblems(baseline, facilities, baseline).length).toBeGreaterThan(FACILITIES)
      // The baseline of the same facilities shows none of it.
      expect(droughtProblems(records('monitoring', seed, YEAR), facilities).length).toBeGreaterThan(
        FACILITIES / 2,
      )
    })

    it('closure: no raises, falling pond and pore pressure, closure costs without raise or operating costs', () => {
      expect(
        closureProblems(records('monitoring', seed, { ...YEAR, scenario: 'closure' }), facilities),
      ).toEqual([])
      expect(
        closureCostProblems(
          records('financial', seed, { ...FIVE_YEARS, scenario: 'closure' }),
          FACILITIES,
          5,
        ),
      ).toEqual([])
      expect(closureCostProblems(records('financial', seed, FIVE_YEARS), FACILITIES, 5)).not.toEqual([])
    })

    it('progressive-failure: pore pressure climbs over months to TARP 2+ with no sensor fault; findings ignored', () => {
      const climb = records('monitoring', seed, { ...YEAR, scenario: 'progressive-failure' })
      expect(progressiveFailureProblems(climb, facilities)).toEqual([])
      // Its climb is a scenario event: not the baseline.
      expect(baselineProblems(climb)).not.toEqual([])
      expect(
        complianceNeglectProblems(
          records('compliance', seed, { ...FIVE_YEARS, scenario: 'progressive-failure' }),
        ),
      ).toEqual([])
      expect(
        progressiveFailureProblems(records('monitoring', seed, YEAR), facilities).length,
      ).toBeGreaterThan(FACILITIES)
    })

    it('non-compliant-operator: overdue dam safety reviews, open findings left open, few requirements met', () => {
      const neglected = records('compliance', seed, { ...FIVE_YEARS, scenario: 'non-compliant-operator' })
      const baseline = records('compliance', seed, FIVE_YEARS)
      expect(complianceNeglectProblems(neglected)).toEqual([])
      expect(complianceNeglectProblems(baseline)).not.toEqual([])
      expect(meetsShare(neglected)).toBeLessThan(0.3)
      expect(meetsShare(baseline)).toBeGreaterThan(0.55)
    })

    it('non-compliant-operator: documents issued late, months after the period or the review they were due for', () => {
      expect(
        lateDocumentProblems(
          records('document', seed, { ...FIVE_YEARS, scenario: 'non-compliant-operator' }),
        ),
      ).toEqual([])
      expect(lateDocumentProblems(records('document', seed, FIVE_YEARS)).length).toBe(2)
    })
  })
}

describe('the linked chain of a scenario event', () => {
  const chain = {
    event_id: 'E',
    escalated: '2024-06-16T10:00:00Z',
    notified: '2024-06-19',
    sampled: '2024-06-19T16:00:00Z',
    inspected: '2024-06-21',
    inspection: 'D',
    reviewed: '2024-07-15',
    evidence: 'D',
    due: '2024-10-11',
    booked: '2024-09-30',
  }
  const rainPeak = new Map([['E', Date.parse('2024-06-15T10:00:00Z')]])

  it('holds in causal order', () => {
    expect(linkedChainProblems([chain], ['E'], rainPeak)).toEqual([])
  })

  it('fails on each link out of order, a wrong citation or a missing chain', () => {
    const broken = [
      { escalated: '2024-06-15T08:00:00Z' },
      { notified: '2024-06-16' },
      { sampled: '2024-06-25T10:00:00Z' },
      { sampled: null },
      { inspected: '2024-06-18' },
      { reviewed: '2024-06-20' },
      { due: '2024-07-01' },
      { evidence: 'X' },
      { booked: '2024-06-30' },
    ]
    for (const change of broken)
      expect(
        linkedChainProblems([{ ...chain, ...change }], ['E'], rainPeak),
        JSON.stringify(change),
      ).not.toEqual([])
    expect(linkedChainProblems([], ['E'])).toEqual(['E: no notification/DSI/finding chain'])
  })
})
