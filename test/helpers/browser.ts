import { existsSync } from 'node:fs'

/** Chromium for the browser tests: `TAILINGSIQ_TEST_CHROMIUM`, else Debian's package (`.ci/run` installs it). */
export const CHROMIUM = process.env['TAILINGSIQ_TEST_CHROMIUM'] ?? '/usr/bin/chromium'

/**
 * Whether the browser tests can run. Under `CI=true` a missing browser fails the run instead of skipping it,
 * as a missing database server does.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true
  if (process.env['CI'] === 'true')
    throw new Error(`No Chromium at ${CHROMIUM}; .ci/run installs Debian's chromium`)
  return false
}
