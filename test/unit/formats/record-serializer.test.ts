import { describe, expect, it } from 'vitest'
import { formatIsoDate, formatIsoTimestamp } from '../../../src/formats/iso-time.js'
import {
  createCsvCellSerializer,
  createJsonSerializer,
  createRecordSerializer,
} from '../../../src/formats/record-serializer.js'
import { col, type ColumnSpec } from '../../../src/generators/columns.js'
import { JsonLineEncoder } from '../../../src/formats/json-line-encoder.js'
import type { Row } from '../../../src/generators/generator.js'
import { resolveDatasetSpec } from '../../../src/generators/dataset-spec.js'
import { generateRecords } from '../../../src/generators/generate-records.js'
import { DATA_TYPES } from '../../../src/generators/generator.js'
import { Prng } from '../../../src/generators/prng.js'
import { columnsOf } from '../../../src/generators/registry.js'

describe('formatIsoTimestamp', () => {
  it('equals Date.toISOString for any millisecond from year 0 to 9999, in any order', () => {
    const rng = new Prng(5)
    const samples = [
      0,
      -1,
      86_399_999,
      86_400_000,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    ]
    for (let i = 0; i < 50_000; i++)
      samples.push(Math.floor(rng.range(-62_000_000_000_000, 253_000_000_000_000)))
    const wrong = samples.filter((ms) => formatIsoTimestamp(ms) !== new Date(ms).toISOString())
    expect(wrong).toEqual([])
    expect(formatIsoDate(Date.UTC(2024, 5, 30))).toBe('2024-06-30')
  })
})

describe('record serializers', () => {
  const hostile = [
    col.integer('n', 'n'),
    col.text('text', 'text', { nullable: true }),
    col.timestamp('at', 'at'),
    col.date('day', 'day', { nullable: true }),
    col.json('tags', 'tags', { nullable: true }),
    col.boolean('flag', 'flag'),
    col.float('x', 'x', { nullable: true }),
  ]
  const rows = [
    { n: 1, text: 'plain', at: 0, day: 0, tags: ['a', 'b'], flag: true, x: 0.1 },
    {
      n: 2,
      text: 'quote " comma , tab \t newline \n cr \r backslash \\ unicode é 漢字 🙂 \u2028',
      at: 1,
      day: null,
      tags: null,
      flag: false,
      x: null,
    },
    {
      n: 3,
      text: null,
      at: Date.UTC(2024, 0, 1),
      day: Date.UTC(2024, 0, 1),
      tags: { nested: [1, 'x"y'] },
      flag: false,
      x: -1.5e-7,
    },
  ]

  it('write JSON text equal to JSON.stringify of the record', () => {
    const toRecord = createRecordSerializer(hostile)
    const toJson = createJsonSerializer(hostile)
    for (const row of rows) expect(toJson(row)).toBe(JSON.stringify(toRecord(row)))
    expect(JSON.parse(toJson(rows[1]!))).toEqual(toRecord(rows[1]!))
  })

  it('encode JSON lines into bytes equal to the JSON text, for hostile rows and every generator', () => {
    const ndjson = (columns: readonly ColumnSpec[], batch: readonly Row[]) => {
      const toJson = createJsonSerializer(columns)
      return `${batch.map(toJson).join('\n')}\n`
    }
    const hostileRows = [
      ...rows,
      { n: 4, text: 'é'.repeat(5000), at: 2, day: 0, tags: 'é', flag: true, x: 123.456 },
    ]
    const encoder = new JsonLineEncoder(hostile)
    expect(encoder.encode(hostileRows, '', '\n', '\n').toString('utf8')).toBe(ndjson(hostile, hostileRows))
    expect(encoder.encode(hostileRows, '[\n', ',\n', '').toString('utf8')).toBe(
      `[\n${hostileRows.map(createJsonSerializer(hostile)).join(',\n')}`,
    )
    for (const type of DATA_TYPES) {
      const columns = columnsOf(type)
      const spec = resolveDatasetSpec({ type, count: 2000, defaultCount: 1, facilities: 3, seed: 5 })
      const all = [...generateRecords(spec)]
      const typed = new JsonLineEncoder(columns)
      expect(typed.encode(all, '', '\n', '\n').toString('utf8'), type).toBe(ndjson(columns, all))
    }
  })

  it('agree with each other for every generator', () => {
    for (const type of DATA_TYPES) {
      const columns = columnsOf(type)
      const toRecord = createRecordSerializer(columns)
      const toJson = createJsonSerializer(columns)
      const toCells = createCsvCellSerializer(columns)
      const spec = resolveDatasetSpec({ type, count: 300, defaultCount: 1, facilities: 3, seed: 11 })
      for (const row of generateRecords(spec)) {
        const record = toRecord(row)
        expect(toJson(row)).toBe(JSON.stringify(record))
        expect(toCells(row)).toEqual(
          Object.values(record).map((v) =>
            v === null ? null : typeof v === 'string' ? v : JSON.stringify(v),
          ),
        )
      }
    }
  })
})
