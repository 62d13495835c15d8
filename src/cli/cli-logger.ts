import type { Logger } from '../util/logger.js'
import { escapeForTerminal } from './render.js'

/** A logger on stderr, so stdout stays clean for `--json`; `quiet` drops info lines, never warnings. */
export function createCliLogger(options: { quiet?: boolean } = {}): Logger {
  return {
    info: (message) => {
      if (!options.quiet) process.stderr.write(`${escapeForTerminal(message, { keepNewlines: true })}\n`)
    },
    warn: (message) =>
      process.stderr.write(
        `tailingsiq-seed: warning: ${escapeForTerminal(message, { keepNewlines: true })}\n`,
      ),
  }
}
