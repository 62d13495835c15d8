import { TailingsiqError, isDriverError, isInternalError } from '../errors.js'
import { escapeForTerminal } from './render.js'

/**
 * What the CLI prints on stderr for an error that ended a command: one line `tailingsiq-seed: message; hint`
 * for the toolkit's own errors and for database errors, and a "please report it" note for anything else,
 * including any error with the `INTERNAL` code.
 * With `debug` (TAILINGSIQ_DEBUG), the stack follows. Messages quote names users chose (datasets, tables, files),
 * so control and bidi characters in them are escaped: they cannot drive the terminal.
 *
 * ### Examples
 * ```ts
 * process.stderr.write(formatError(new UsageError('--count must be a whole number ≥ 1, got "0"'), false))
 * ```
 */
export function formatError(error: unknown, debug: boolean): string {
  const say = (text: string) => escapeForTerminal(text, { keepNewlines: true })
  if (error instanceof TailingsiqError && !isInternalError(error)) {
    const line = say(`tailingsiq-seed: ${error.message}${error.hint ? `; ${error.hint}` : ''}\n`)
    return debug && error.cause instanceof Error ? `${line}${error.cause.stack}\n` : line
  }
  const message = error instanceof Error ? error.message : String(error)
  if (isDriverError(error)) {
    // The database refused or lost the statement: its own words, one line, no stack.
    return say(`tailingsiq-seed: database error: ${message.split('\n')[0] ?? message}\n`)
  }
  return [
    say(`tailingsiq-seed: unexpected error: ${message}\n`),
    'This is a bug in tailingsiq-seed; please report it with the command you ran (TAILINGSIQ_DEBUG=1 prints the stack).\n',
    debug && error instanceof Error ? `${error.stack}\n` : '',
  ].join('')
}
