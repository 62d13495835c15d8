import type { Row } from '../generators/generator.js'

/**
 * A function making the row of `names` from its values in column order. It is an object literal compiled for
 * the names, so every row has one shape from the start: adding 23 properties one by one to an empty object took
 * most of an export's time (about 8× longer, on every engine). Where a runtime forbids code from strings, or for a column named
 * `__proto__` (which a literal would take for the prototype), properties are added one by one.
 */
export function rowFactory(names: readonly string[]): (values: readonly unknown[]) => Row {
  const oneByOne = (values: readonly unknown[]): Row => {
    const row: Row = {}
    for (let i = 0; i < names.length; i++) row[names[i] as string] = values[i]
    return row
  }
  if (names.includes('__proto__')) return oneByOne
  try {
    // Names as JSON string literals: any text is a valid, inert property key.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the only text is quoted column names
    return new Function(
      'v',
      `return {${names.map((n, i) => `${JSON.stringify(n)}: v[${i}]`).join(', ')}}`,
    ) as (values: readonly unknown[]) => Row
  } catch {
    return oneByOne
  }
}
