import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseConnectionUrl, redact, redactUrls } from '../../../src/dialects/connection.js'
import { reasonOf, stripStatement } from '../../../src/dialects/open-database.js'
import { REPO_ROOT } from '../../helpers/cli.js'

/** The message parseConnectionUrl throws for `url`, or its safe display when it parses. */
function shown(url: string): string {
  try {
    return parseConnectionUrl(url, '--db', REPO_ROOT).display
  } catch (error) {
    return (error as Error).message
  }
}

// Passwords as people type them: unencoded @ : / ? # [ ] and spaces included.
const password = fc
  .string({
    unit: fc.constantFrom(...'abcXYZ019@:/?#[]% !$&*+=~'.split('')),
    minLength: 1,
    maxLength: 24,
  })
  .map((p) => `Pw${p}Z`)
const host = fc.constantFrom('db', '127.0.0.1', '[::1]', '[bad', 'db.example.com:5432', '')
const database = fc.constantFrom('/dev', '/', '', '/a/b', '/app?sslmode=require')
const scheme = fc.constantFrom('postgres', 'postgresql', 'mysql', 'mariadb', 'redis', 'POSTGRES')

describe('passwords in connection URLs', () => {
  it('never shows any part of the password, whatever it contains', () => {
    fc.assert(
      fc.property(scheme, fc.constantFrom('u', 'app_user', ''), password, host, database, (s, u, p, h, d) => {
        const url = `${s}://${u}:${p}@${h}${d}`
        expect(shown(url)).not.toContain(p)
        expect(redact(url)).not.toContain(p)
        expect(redactUrls(`could not connect to ${url} (x)`)).not.toContain(p)
        // Every fragment of it, as the old redaction leaked the part after an inner @.
        for (const part of p.split(/[@:/?#[\]% ]/).filter((x) => x.length >= 4))
          expect(redact(url), part).not.toContain(part)
      }),
      { seed: 11, numRuns: 400 },
    )
  })

  it.each([
    ['postgres://u:S3cretPW@PART2@[bad/db', 'postgres://u:***@[bad/db'],
    ['postgres://u:a:b:c@host/db', 'postgres://u:***@host/db'],
    ['mysql://root@127.0.0.1/test', 'mysql://root@127.0.0.1/test'],
    ['postgres://host/db', 'postgres://host/db'],
    ['u:pw@host/db', 'u:***@host/db'],
  ])('redact(%s) = %s', (url, expected) => {
    expect(redact(url)).toBe(expected)
  })

  it('the issue’s URL: refused without a trace of the password', () => {
    const message = shown('postgres://u:S3cretPW@PART2@[bad/db')
    expect(message).toBe('--db: "postgres://u:***@[bad/db" is not a valid URL')
  })

  it('a URL that parses shows *** for the whole password', () => {
    expect(shown('postgres://u:S3cret@PART2@db:5432/dev')).toBe('postgres://u:***@db:5432/dev')
  })
})

describe('SQLite paths', () => {
  it.each([
    [
      'sqlite:typo.sqlit',
      /no SQLite file .*typo\.sqlit, and a new one must end in .sqlite, .sqlite3, .db; did you mean sqlite:.*typo\.sqlite\?/,
    ],
    ['sqlite:./data/dev', /did you mean sqlite:.*data\/dev\.sqlite\?/],
  ])('%s: refused, suggesting the extension', (url, message) => {
    expect(() => parseConnectionUrl(url, '--db', REPO_ROOT)).toThrow(message)
  })

  it.each(['sqlite:new.sqlite', 'sqlite:new.SQLITE3', 'sqlite:new.db', 'new.sqlite', 'sqlite:package.json'])(
    '%s: accepted (a known extension, or a file that exists)',
    (url) => {
      expect(parseConnectionUrl(url, '--db', REPO_ROOT).dialect).toBe('sqlite')
    },
  )
})

describe('driver messages', () => {
  it('lose the statement Knex puts in front of them, and any password', () => {
    expect(
      stripStatement(
        `insert into "synthetic_data_sets" ("name") values ('a - b') - invalid byte sequence for encoding "UTF8": 0x00`,
      ),
    ).toBe('invalid byte sequence for encoding "UTF8": 0x00')
    expect(stripStatement('connect ECONNREFUSED 127.0.0.1:1')).toBe('connect ECONNREFUSED 127.0.0.1:1')
    expect(reasonOf(new Error('select 1 - could not reach postgres://u:pa@ss@db/x\nmore'))).toBe(
      'could not reach postgres://u:***@db/x',
    )
  })
})
