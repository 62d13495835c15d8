import type { Logger } from '../util/logger.js'

/** A logger on stderr, so stdout stays clean for `--json`; `quiet` drops info lines, never warnings. */
export function createCliLogger(options: { quiet?: boolean } = {}): Logger {
  return {
    info: (message) => {
      if (!options.quiet) process.stderr.write(`${message}\n`)
    },
    warn: (message) => process.stderr.write(`tailingsiq-seed: warning: ${message}\n`),
  }
}
