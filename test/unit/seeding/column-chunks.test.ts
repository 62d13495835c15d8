import { describe, expect, it } from 'vitest'
import { TailingsiqError } from '../../../src/errors.js'
import type { WriteColumn } from '../../../src/dialects/dialect.js'
import { assertFiniteNumber, assertNoNul } from '../../../src/dialects/value-checks.js'
import { ChunkEncoder, CHUNK_LANES, readChunk } from '../../../src/seeding/column-chunks.js'
import { GenerationThread } from '../../../src/seeding/generation-thread.js'
import { resolveDatasetSpec } from '../../../src/generators/dataset-spec.js'

const table = { name: 'synthetic_test_data' }
const columns: WriteColumn[] = [
  { name: 'n', type: 'float' },
  { name: 'label', type: 'string' },
  { name: 'at', type: 'timestamp' },
  { name: 'day', type: 'date' },
  { name: 'flag', type: 'boolean' },
  { name: 'extra', type: 'json' },
  { name: 'count', type: 'integer' },
]

/** Row `r` of a chunk as the lanes hold it: numbers (NaN is NULL) and texts. */
function rowAt(chunk: ReturnType<typeof readChunk>, r: number): unknown[] {
  return chunk.columns.map((column) => {
    if (column.lane === CHUNK_LANES.text) {
      const code = column.codes[r]!
      return code === 0 ? null : column.texts[code - 1]
    }
    const value = column.numbers[r]!
    return Number.isNaN(value) ? null : value
  })
}

describe('column chunks', () => {
  it('carry every lane and NULL through a buffer, texts once per chunk', () => {
    const encoder = new ChunkEncoder({ table, columns, capacity: 4 })
    encoder.begin()
    const rows = [
      { n: 1.5, label: 'a', at: 1_700_000_000_123, day: 86_400_000, flag: true, extra: { k: [1] }, count: 7 },
      { n: null, label: 'a', at: 0, day: 0, flag: false, extra: null, count: -3 },
      { n: -2, label: null, at: null, day: null, flag: null, extra: 'x', count: 0 },
    ]
    for (const row of rows) expect(encoder.add(row)).toBe(false)
    const message = encoder.finish()
    expect(message.rows).toBe(3)
    expect(message.texts).toEqual([['a'], ['{"k":[1]}', '"x"']])
    const chunk = readChunk(columns, 4, structuredClone(message, { transfer: [message.buffer] }))
    expect(rowAt(chunk, 0)).toEqual([1.5, 'a', 1_700_000_000_123, 86_400_000, 1, '{"k":[1]}', 7])
    expect(rowAt(chunk, 1)).toEqual([null, 'a', 0, 0, 0, null, -3])
    expect(rowAt(chunk, 2)).toEqual([-2, null, null, null, null, '"x"', 0])
  })

  it('says when a chunk is full, and reuses a buffer handed back only if it fits', () => {
    const encoder = new ChunkEncoder({ table, columns: columns.slice(0, 1), capacity: 2 })
    encoder.begin()
    expect(encoder.add({ n: 1 })).toBe(false)
    expect(encoder.add({ n: 2 })).toBe(true)
    const { buffer } = encoder.finish()
    encoder.begin(buffer)
    expect(encoder.finish().buffer).toBe(buffer)
    encoder.begin(new ArrayBuffer(3))
    expect(encoder.finish().buffer.byteLength).toBe(16)
  })

  it('refuses what the bulk writers refuse, with their messages', () => {
    const encoder = new ChunkEncoder({ table, columns, capacity: 4 })
    encoder.begin()
    const expected = (check: () => void) => {
      try {
        check()
      } catch (error) {
        return (error as Error).message
      }
      throw new Error('the check did not throw')
    }
    expect(() => encoder.add({ n: Number.NaN })).toThrow(
      expected(() => assertFiniteNumber(table, columns[0]!, Number.NaN)),
    )
    expect(() => encoder.add({ at: Number.POSITIVE_INFINITY })).toThrow(TailingsiqError)
    expect(() => encoder.add({ label: 'a\u0000b' })).toThrow(
      expected(() => assertNoNul(table, columns[1]!, 'a\u0000b')),
    )
  })
})

/** The record indexes of 10 monitoring records of one facility, from record `from`, in a facility range. */
function recordIndexes(facilityRange: { from: number; to: number }, from: number) {
  const spec = resolveDatasetSpec({ type: 'monitoring', count: 10, defaultCount: 10, facilities: 1, seed: 1 })
  return {
    options: { ...spec, facilityRange },
    from,
    table,
    columns: [{ name: 'record_index', type: 'bigint' as const }],
  }
}

describe('GenerationThread', () => {
  it("fails a job with the generator's own error and code, and takes no job after it", async () => {
    const thread = GenerationThread.start()
    try {
      // A range past the dataset's facilities: generateRecords refuses it with a usage error.
      const batches = thread.rows(recordIndexes({ from: 0, to: 5 }, 0))
      await expect(batches.next(100)).rejects.toMatchObject({
        code: 'USAGE',
        message: 'facility range 0..5 is outside 0..1',
      })
      expect(thread.idle).toBe(false)
    } finally {
      await thread.close()
    }
  })

  it('takes jobs one after another, each from its first row', async () => {
    const thread = GenerationThread.start()
    try {
      const indexes: number[] = []
      for (const from of [0, 4]) {
        expect(thread.idle).toBe(true)
        const batches = thread.rows(recordIndexes({ from: 0, to: 1 }, from))
        for (let batch = await batches.next(4); batch !== undefined; batch = await batches.next(4)) {
          for await (const { chunk, from: a, to } of batch)
            indexes.push(...chunk.columns[0]!.numbers.slice(a, to))
        }
      }
      expect(indexes).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 4, 5, 6, 7, 8, 9])
    } finally {
      await thread.close()
    }
  })
})
