import { describe, expect, it } from 'vitest'
import {
  escapeForTerminal,
  formatBytes,
  formatCount,
  renderRecords,
  renderTable,
  truncate,
} from '../../../src/cli/render.js'

const HOSTILE = [
  ['ESC / CSI', 'a\x1b[2Jb', 'a\\u001b[2Jb'],
  ['OSC title with BEL', '\x1b]0;pwned\x07x', '\\u001b]0;pwned\\u0007x'],
  ['C1 CSI', 'a\u009b31mb', 'a\\u009b31mb'],
  ['C0 and DEL', 'a\rb\bc\x7f', 'a\\u000db\\u0008c\\u007f'],
  ['bidi override', 'abc\u202eexe.txt', 'abc\\u202eexe.txt'],
  ['bidi isolates', '\u2066x\u2069', '\\u2066x\\u2069'],
] as const

describe('escapeForTerminal', () => {
  it.each(HOSTILE)('shows %s as visible escapes', (_, raw, shown) => {
    expect(escapeForTerminal(raw)).toBe(shown)
  })

  it('leaves ordinary text, accents and emoji alone', () => {
    expect(escapeForTerminal('Baía Verde TSF · 1,000 ✓')).toBe('Baía Verde TSF · 1,000 ✓')
  })

  it('escapes newlines and tabs unless asked to keep newlines', () => {
    expect(escapeForTerminal('a\nb\tc')).toBe('a\\u000ab\\u0009c')
    expect(escapeForTerminal('a\nb\tc', { keepNewlines: true })).toBe('a\nb\\u0009c')
  })

  it('is idempotent, so text escaped twice reads the same', () => {
    for (const [, raw] of HOSTILE)
      expect(escapeForTerminal(escapeForTerminal(raw))).toBe(escapeForTerminal(raw))
  })
})

describe('renderTable', () => {
  it('escapes every cell and aligns on the escaped width', () => {
    const table = renderTable(
      ['id', 'name'],
      [
        ['1', 'evil\x1b]0;x\x07'],
        ['2', 'ok'],
      ],
    )
    expect([...table].filter((c) => c !== '\n' && /\p{Cc}/u.test(c))).toEqual([])
    expect(table.split('\n')[2]).toBe(' 1  evil\\u001b]0;x\\u0007')
  })

  it('cuts the shrinkable column with … to fit maxWidth', () => {
    const rows = [['1', 'monitoring', 'a very long dataset name that would wrap an eighty-column terminal']]
    const table = renderTable(['dataset', 'type', 'name'], rows, { maxWidth: 40 })
    for (const line of table.split('\n')) expect(line.length).toBeLessThanOrEqual(40)
    expect(table).toMatch(/ a very long d\w+…$/)
    expect(renderTable(['dataset', 'type', 'name'], rows)).toContain(rows[0]![2])
  })
})

describe('renderRecords', () => {
  it('escapes string values and JSON values', () => {
    const text = renderRecords(() => 'record 1', [{ name: 'x\u202ey', tags: ['\u009b1m'] }])
    expect(text).toContain('x\\u202ey')
    expect(text).toContain('["\\u009b1m"]')
    expect(text).not.toMatch(/[\u009b\u202e]/)
  })
})

describe('formatBytes, formatCount and truncate', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.0 kB'],
    [1_234_567, '1.2 MB'],
    [5e12, '5.0 TB'],
    [5e15, '5000.0 TB'],
  ])('formatBytes(%d) is %j', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })

  it('writes counts with thousands separators', () => {
    expect(formatCount(0)).toBe('0')
    expect(formatCount(1_000_000)).toBe('1,000,000')
  })

  it('cuts text to the width with an ellipsis, and leaves text that fits', () => {
    expect(truncate('monitoring', 10)).toBe('monitoring')
    expect(truncate('monitoring', 5)).toBe('moni…')
    expect(truncate('monitoring', 1)).toBe('…')
  })
})
