import { describe, expect, it } from 'vitest'
import { DEFAULTS } from '../../../src/config/defaults.js'
import { readEnvironment, resolveSettings } from '../../../src/config/settings.js'

describe('readEnvironment', () => {
  it('reads the variables of the original design', () => {
    expect(
      readEnvironment({
        SYNTHETIC_DATA_DEFAULT_FACILITY_COUNT: '8',
        SYNTHETIC_DATA_MAX_RECORDS_PER_REQUEST: '500',
        SYNTHETIC_DATA_CLEANUP_DAYS: '0',
      }),
    ).toEqual({ facilities: 8, maxRecordsPerRequest: 500, cleanupDays: 0 })
    expect(readEnvironment({ SYNTHETIC_DATA_DEFAULT_FACILITY_COUNT: '  ' })).toEqual({})
  })

  it.each([
    ['SYNTHETIC_DATA_DEFAULT_FACILITY_COUNT', 'five'],
    ['SYNTHETIC_DATA_DEFAULT_FACILITY_COUNT', '0'],
    ['SYNTHETIC_DATA_MAX_RECORDS_PER_REQUEST', '1.5'],
    ['SYNTHETIC_DATA_CLEANUP_DAYS', '-1'],
  ])('names %s when it holds %s', (name, value) => {
    expect(() => readEnvironment({ [name]: value })).toThrow(
      `Environment variable ${name} must be a whole number`,
    )
  })
})

describe('resolveSettings', () => {
  it('uses flags over environment over config file over defaults', () => {
    const config = { seed: 1, facilities: 3, cleanupDays: 10, maxRecords: 99 }
    const settings = resolveSettings({
      config,
      env: { facilities: 4, cleanupDays: 20 },
      flags: { facilities: 6 },
    })
    expect(settings.facilities).toBe(6)
    expect(settings.cleanupDays).toBe(20)
    expect(settings.seed).toBe(1)
    expect(settings.maxRecords).toBe(99)
    expect(settings.maxRecordsPerRequest).toBe(DEFAULTS.maxRecordsPerRequest)
    expect(settings.tablePrefix).toBe('synthetic_')
  })

  it('falls back to the documented defaults', () => {
    expect(resolveSettings({ config: {} })).toMatchObject({
      seed: 42,
      facilities: 5,
      maxRecords: 10_000_000,
      maxRecordsPerRequest: 10_000,
      cleanupDays: 30,
      storage: 'typed',
      migrationsTable: 'tailingsiq_migrations',
    })
    // Rows per transaction are the engine's unless a config or flag says (DialectAdapter.defaultBatchSize).
    expect(resolveSettings({ config: {} }).batchSize).toBeUndefined()
    expect(resolveSettings({ config: { batchSize: 5_000 } }).batchSize).toBe(5_000)
  })
})
