import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { mergeCompare } from '../../../src/commands/verify-compare.js'
import { CanonicalRowEncoder, encodeCanonicalBatches } from '../../../src/formats/canonical-row.js'
import { generateRecords, resolveParams } from '../../../src/generators/generate-records.js'
import type { Row } from '../../../src/generators/generator.js'
import { columnsOf } from '../../../src/generators/registry.js'

// The merge compares a batch whole where it can and hashes one side until the first difference: whatever the
// tampering and wherever it falls among the 64 KiB batches, its counts, first difference and both digests must
// be those of comparing row by row and hashing each side in full.

const columns = columnsOf('monitoring')
const COUNT = 3000
const expectedRows = (): Row[] => [
  ...generateRecords({
    type: 'monitoring',
    count: COUNT,
    facilities: 2,
    seed: 9,
    params: resolveParams('monitoring', {}),
  }),
]

function digestOf(rows: readonly Row[]): string {
  const encoder = new CanonicalRowEncoder(columns)
  const hash = createHash('sha256')
  for (const row of rows) {
    encoder.reset()
    encoder.write(row, row['record_index'] as number)
    hash.update(encoder.buffer.subarray(0, encoder.length))
  }
  return hash.digest('hex')
}

const stream = (rows: readonly Row[]): AsyncIterable<Row> => Readable.from(rows)

async function compare(live: readonly Row[], complete = true) {
  const counts = await mergeCompare(
    expectedRows(),
    encodeCanonicalBatches(stream(live), columns),
    columns,
    complete,
  )
  return {
    expected: counts.expected,
    actual: counts.actual,
    missing: counts.missing,
    extra: counts.extra,
    changed: counts.changed,
    first: counts.first,
    expectedDigest: counts.expectedDigest,
    actualDigest: counts.actualDigest,
  }
}

const changed = (row: Row, ph: number): Row => ({ ...row, ph })

describe('mergeCompare', () => {
  const rows = expectedRows()
  const pristine = digestOf(rows)

  it('finds no difference in the same rows, and both digests are the digest of the rows', async () => {
    expect(await compare(rows)).toEqual({
      expected: COUNT,
      actual: COUNT,
      missing: 0,
      extra: 0,
      changed: 0,
      first: undefined,
      expectedDigest: pristine,
      actualDigest: pristine,
    })
  })

  const cases: [string, () => Row[], object][] = [
    [
      'changed first row',
      () => rows.map((r, i) => (i === 0 ? changed(r, 99) : r)),
      { changed: 1, first: { kind: 'changed rows', index: 0 } },
    ],
    [
      'changed rows in two batches',
      () => rows.map((r, i) => (i === 1700 || i === 2900 ? changed(r, 99) : r)),
      { changed: 2, first: { kind: 'changed rows', index: 1700 } },
    ],
    [
      'rows missing in the middle',
      () => rows.filter((_, i) => i < 1000 || i >= 1400),
      { missing: 400, first: { kind: 'missing rows', index: 1000 } },
    ],
    [
      'rows missing at the end',
      () => rows.slice(0, 2500),
      { missing: 500, first: { kind: 'missing rows', index: 2500 } },
    ],
    [
      'a row twice in the middle',
      () => [...rows.slice(0, 1234), rows[1233]!, ...rows.slice(1234)],
      { extra: 1, first: { kind: 'extra rows', index: 1233 } },
    ],
    [
      'extra rows at the end',
      () => [...rows, { ...rows[5]!, record_index: COUNT }, { ...rows[6]!, record_index: COUNT + 1 }],
      { extra: 2, first: { kind: 'extra rows', index: COUNT } },
    ],
    ['no rows', () => [], { missing: COUNT, first: { kind: 'missing rows', index: 0 } }],
  ]
  for (const [name, tamper, expected] of cases) {
    it(`${name}: the counts, the first difference and both full digests`, async () => {
      const live = tamper()
      const result = await compare(live)
      expect(result).toMatchObject(expected)
      expect(result.expectedDigest).toBe(pristine)
      expect(result.actualDigest).toBe(digestOf(live))
      expect(result.actualDigest).not.toBe(pristine)
      expect(result.actual).toBe(live.length)
    })
  }

  it('counts rows not yet written in an incomplete dataset as missing, with no difference', async () => {
    const live = rows.slice(0, 1800)
    const result = await compare(live, false)
    expect(result).toMatchObject({ missing: COUNT - 1800, first: undefined, expectedDigest: pristine })
    expect(result.actualDigest).toBe(digestOf(live))
  })
})
