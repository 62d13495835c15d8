import { stringify } from 'csv-stringify/sync'
import { describe, expect, it } from 'vitest'
import { createCsvCellSerializer } from '../../../src/formats/record-serializer.js'
import { CsvLineEncoder } from '../../../src/formats/csv-line-encoder.js'
import { writeRecords } from '../../../src/formats/record-file-writer.js'
import { col, type ColumnSpec } from '../../../src/generators/columns.js'
import { resolveDatasetSpec } from '../../../src/generators/dataset-spec.js'
import { generateRecords } from '../../../src/generators/generate-records.js'
import type { Row } from '../../../src/generators/generator.js'
import { DATA_TYPES } from '../../../src/generators/data-types.js'
import { columnsOf } from '../../../src/generators/registry.js'
import { Writable } from 'node:stream'

// The CSV writer is written by hand for speed; csv-stringify (RFC 4180, the library it replaced) is the
// reference it must equal byte for byte. With `quote_record_delimiter`: given an explicit record delimiter,
// csv-stringify otherwise leaves a lone LF or CR unquoted, which splits the record for any reader (the
// writer it replaced did exactly that).
function reference(columns: readonly ColumnSpec[], rows: readonly Row[]): string {
  const toCells = createCsvCellSerializer(columns)
  return stringify(rows.map(toCells), {
    columns: columns.map((c) => c.name),
    header: true,
    record_delimiter: 'windows',
    quote_record_delimiter: true,
  })
}

async function written(columns: readonly ColumnSpec[], rows: Iterable<Row>): Promise<string> {
  let text = ''
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString('utf8')
      callback()
    },
  })
  await writeRecords('csv', columns, rows, sink)
  return text
}

describe('CSV lines', () => {
  it('equal csv-stringify for every generator, 2,000 records each', async () => {
    for (const type of DATA_TYPES) {
      const columns = columnsOf(type)
      const spec = resolveDatasetSpec({ type, count: 2000, defaultCount: 1, facilities: 4, seed: 3 })
      const rows = [...generateRecords(spec)]
      expect(await written(columns, rows), type).toBe(reference(columns, rows))
    }
  })

  it('quote exactly the text cells RFC 4180 needs quoted, with quotes doubled', async () => {
    const columns = [
      col.integer('n', 'n'),
      col.text('text', 'text', { nullable: true }),
      col.string('a,b', 'a header that needs quotes'),
      col.json('tags', 'tags', { nullable: true }),
      col.boolean('ok', 'ok'),
      col.float('x', 'x', { nullable: true }),
    ]
    const texts = [
      '',
      ' ',
      'plain',
      'a,b',
      'say "hi"',
      '"',
      'line\nbreak',
      'cr\rhere',
      'crlf\r\n',
      'tab\tok',
      '=1+2',
      '-3',
      'naïve ☃ 𝄞',
      'trailing,',
      ',leading',
      '""',
      "it's",
    ]
    const rows: Row[] = texts.map((text, n) => ({
      n,
      text,
      'a,b': text,
      tags: n % 3 === 0 ? null : { note: text, list: [text, n] },
      ok: n % 2 === 0,
      x: n % 4 === 0 ? null : n / 7,
    }))
    rows.push({ n: -1, text: null, 'a,b': 'x', tags: null, ok: false, x: -0.5 })
    const text = await written(columns, rows)
    expect(text).toBe(reference(columns, rows))
    expect(text.split('\r\n')[0]).toBe('n,text,"a,b",tags,ok,x')
    expect(new CsvLineEncoder(columns).encode([rows[4]!], false).toString('utf8')).toBe(
      '4,"say ""hi""","say ""hi""","{""note"":""say \\""hi\\"""",""list"":[""say \\""hi\\"""",4]}",true,\r\n',
    )
  })

  it('write only the header for no rows', async () => {
    const columns = columnsOf('financial')
    expect(await written(columns, [])).toBe(reference(columns, []))
  })
})
