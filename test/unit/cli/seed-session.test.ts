import { describe, expect, it } from 'vitest'
import { seededCounts } from '../../../src/cli/seed-session.js'
import type { DatasetResult } from '../../../src/seeding/seed-runner.js'

const result = (id: number, status: DatasetResult['status']): DatasetResult => ({
  id,
  type: 'monitoring',
  name: `d${id}`,
  status,
  records: 0,
  seconds: 0,
})

describe('seededCounts', () => {
  it('counts completed and failed datasets apart: an interrupted run does not claim to have seeded', () => {
    expect(seededCounts([result(1, 'completed'), result(2, 'completed')])).toBe('Seeded 2 dataset(s)')
    expect(seededCounts([result(1, 'failed')])).toBe('Seeded 0 dataset(s), 1 failed')
    expect(seededCounts([result(1, 'completed'), result(2, 'failed')])).toBe('Seeded 1 dataset(s), 1 failed')
  })
})
