import { describe, expect, it } from 'vitest'
import { CanonicalRowEncoder } from '../../../src/formats/canonical-row.js'
import type { ColumnSpec } from '../../../src/generators/columns.js'

// The canonical form is PostgreSQL's binary COPY tuple (the integration tests compare it with real COPY output
// on every type); here, the values no engine returns: they must encode as "does not fit", never throw.

const field = (type: ColumnSpec['type'], value: unknown): Buffer => {
  const encoder = new CanonicalRowEncoder([{ name: 'v', type, description: '' }])
  encoder.write({ v: value }, 0)
  return encoder.buffer.subarray(2, encoder.length)
}
const other = (text: string) => {
  const bytes = Buffer.from(text, 'utf8')
  return Buffer.concat([Buffer.from([0, 0, 0, bytes.length + 1, 0xff]), bytes])
}

describe('CanonicalRowEncoder', () => {
  it('writes text as its UTF-8 bytes after their length, short ASCII and long or non-ASCII alike', () => {
    for (const text of ['', 'normal', 'héllo wörld', '日本', 'x'.repeat(100), `${'é'.repeat(40)}a`]) {
      const bytes = Buffer.from(text, 'utf8')
      const head = Buffer.alloc(4)
      head.writeInt32BE(bytes.length)
      expect(field('string', text)).toEqual(Buffer.concat([head, bytes]))
    }
  })

  it('encodes a date or integer out of its column type\u2019s range as not fitting, instead of throwing', () => {
    expect(field('date', 1e300)).toEqual(other('number:1e+300'))
    expect(field('integer', 2 ** 31)).toEqual(other('number:2147483648'))
    expect(field('integer', 1.5)).toEqual(other('number:1.5'))
    expect(field('float', Number.NaN)).toEqual(other('number:null'))
  })

  it('encodes a row the same whatever the order of its keys and whatever other keys it has', () => {
    const columns: ColumnSpec[] = ['a', 'b', 'c'].map((name) => ({ name, type: 'integer', description: '' }))
    const encode = (row: Record<string, unknown>) => {
      const encoder = new CanonicalRowEncoder(columns)
      encoder.write(row, 0)
      return encoder.buffer.subarray(0, encoder.length)
    }
    const inOrder = encode({ a: 1, b: 2, c: 3 })
    expect(encode({ c: 3, a: 1, b: 2 })).toEqual(inOrder)
    expect(encode({ a: 1, b: 2, c: 3, d: 4 })).toEqual(inOrder)
    expect(encode({ a: 1, x: 0, b: 2, c: 3 })).toEqual(inOrder)
    expect(encode({ 0: 9, a: 1, b: 2, c: 3 })).toEqual(inOrder)
    expect(encode({ a: 1, b: 2 })).toEqual(encode({ a: 1, b: 2, c: null }))
  })

  it('grows its buffer for a row larger than it', () => {
    const text = 'y'.repeat(200_000)
    expect(field('text', text).length).toBe(4 + text.length)
  })
})
