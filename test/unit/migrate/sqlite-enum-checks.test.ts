import { describe, expect, it } from 'vitest'
import { enumChecksAs } from '../../../migrations/lib/sqlite-enum-checks.js'

// Column definitions as Knex's enum writes them, and as SQLite rewrites them when it renames a column.
const IN_FORM =
  "create table `t` (`id` integer not null, `kind` text check (`kind` in ('a', 'O''Brien, J.', 'x) or (y', 'µS/cm')) not null, " +
  `"event" text check ("event" in ('storm')), \`n\` integer check (n > 0), \`p\` integer check (\`p\` in (1, 2)))`
const OR_FORM =
  "create table `t` (`id` integer not null, `kind` text check (`kind` = 'a' or `kind` = 'O''Brien, J.' or `kind` = 'x) or (y' or `kind` = 'µS/cm') not null, " +
  `"event" text check ("event" = 'storm'), \`n\` integer check (n > 0), \`p\` integer check (\`p\` in (1, 2)))`

describe('enumChecksAs', () => {
  it('writes each enum CHECK of string literals as an OR chain, quotes, commas and parentheses in the values included', () => {
    expect(enumChecksAs(IN_FORM, 'or')).toBe(OR_FORM)
  })

  it('writes the OR chains back as the IN lists they were', () => {
    expect(enumChecksAs(OR_FORM, 'in')).toBe(IN_FORM)
  })

  it('leaves a statement of the form asked as it is, and other checks alone', () => {
    expect(enumChecksAs(OR_FORM, 'or')).toBe(OR_FORM)
    expect(enumChecksAs(IN_FORM, 'in')).toBe(IN_FORM)
  })
})
