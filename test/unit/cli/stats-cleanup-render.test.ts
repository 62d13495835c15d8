import { describe, expect, it } from 'vitest'
import { renderCleanup } from '../../../src/cli/commands/cleanup.command.js'
import { renderDataset, renderSummary } from '../../../src/cli/commands/stats.command.js'
import type { DatasetStats } from '../../../src/commands/stats.js'

const summary = { count: 1200, min: 0.5, max: 250_000.25, mean: 12_345.678, stddev: 1234.5 }
const stats: DatasetStats = {
  dataset: {
    id: 7,
    name: 'monitoring · 1200 records · seed 42',
    data_type: 'monitoring',
    status: 'completed',
    storage: 'typed',
    record_count: 1200,
    records_written: 1200,
  },
  rows: { table: 'synthetic_monitoring_data', counted: 1200, matchesRecordsWritten: true },
  facilities: 1,
  timeSpan: { column: 'timestamp', from: '2024-01-01T00:00:00.000Z', to: '2024-02-20T00:00:00.000Z' },
  breakdown: {
    perFacility: [
      {
        facility_id: '0b9d2c1e-0000-4000-8000-000000000001',
        facility_code: 'TSF-ZA-001',
        facility_name: 'Kolobeng Tailings Dam',
        readings: 1200,
        parameters: { conductivity_us_cm: summary },
      },
    ],
  },
}

describe('stats rendering', () => {
  it('names facilities by code and name, says the type once and separates thousands', () => {
    const text = renderDataset(stats)
    expect(text.split('\n')[0]).toBe('Dataset 7 · monitoring · 1200 records · seed 42 · completed')
    expect(text).toContain('Facility TSF-ZA-001 Kolobeng Tailings Dam (1,200 readings)')
    expect(text).not.toContain('0b9d2c1e')
    expect(text).toMatch(/conductivity_us_cm +1,200 +0\.50 +250,000\.25 +12,345\.68 +1,234\.50/)
  })

  it('says the type when the name does not, and shows exact and estimated table rows', () => {
    const named = renderDataset({ ...stats, dataset: { ...stats.dataset, name: 'load test' } })
    expect(named.split('\n')[0]).toBe('Dataset 7 · load test · monitoring · completed')
    const text = renderSummary({
      datasets: { total: 1, byType: { monitoring: 1 }, byStatus: { completed: 1 }, deleted: 0 },
      records: 1200,
      tables: [
        { table: 'synthetic_monitoring_data', rows: 1200, bytes: 409_600, estimated: false },
        { table: 'synthetic_data_records', rows: 2_500_000, bytes: 1e9, estimated: true },
      ],
    })
    expect(text).toMatch(/synthetic_monitoring_data +1,200 +409\.6 kB/)
    expect(text).toMatch(/synthetic_data_records +~2,500,000 +1\.0 GB/)
  })
})

describe('cleanup rendering', () => {
  it('lists one row per table of each dataset, so several types stay narrow', () => {
    const item = (id: number, type: string, rows: Record<string, number>) => ({
      id,
      name: `n${id}`,
      data_type: type,
      status: 'failed',
      created_at: '2026-11-01T00:00:00.000Z',
      reasons: ['failed', 'expired'],
      rows,
    })
    const text = renderCleanup({
      datasets: [
        item(1, 'monitoring', { synthetic_monitoring_data: 1500, synthetic_data_records: 1500 }),
        item(2, 'environmental', { synthetic_environmental_data: 400, synthetic_data_records: 400 }),
        item(3, 'financial', { synthetic_financial_data: 0, synthetic_data_records: 0 }),
      ],
    })
    const lines = text.split('\n')
    expect(lines[0]).toMatch(/^dataset +type +status +why +table +rows$/)
    expect(lines.slice(2)).toHaveLength(5)
    expect(lines[2]).toMatch(/^ +1 +monitoring +failed +failed, expired +synthetic_monitoring_data +1,500$/)
    expect(lines[3]).toMatch(/^ +synthetic_data_records +1,500$/)
    expect(lines[6]).toMatch(/^ +3 +financial .* synthetic_financial_data +0$/)
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100)
  })
})
