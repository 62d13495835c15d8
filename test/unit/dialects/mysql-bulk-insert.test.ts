import { describe, expect, it } from 'vitest'
import { takesBulkInsert } from '../../../src/dialects/mysql/mysql-adapter.js'

// The MariaDB versions whose InnoDB bulk insert LOAD DATA may use: those mariadb-import enables it for (MDEV-34703
// fixed in 10.11.11, 11.4.5 and 11.7.2). The servers' own version strings.
describe('takesBulkInsert', () => {
  it.each([
    ['10.11.19-MariaDB-0+deb12u1', true],
    ['10.11.11-MariaDB', true],
    ['10.11.10-MariaDB-1:10.11.10+maria~ubu2204', false],
    ['10.6.20-MariaDB', false],
    ['11.4.5-MariaDB', true],
    ['11.4.4-MariaDB', false],
    ['11.5.2-MariaDB', false],
    ['11.7.2-MariaDB', true],
    ['12.0.1-MariaDB', true],
    ['8.0.36', false],
    ['8.4.3-commercial', false],
    ['', false],
  ])('%s → %s', (version, expected) => {
    expect(takesBulkInsert(version)).toBe(expected)
  })
})
