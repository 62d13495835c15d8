import { hideBin } from 'yargs/helpers'
import { EXIT_CODES, InternalError, TailingsiqError, exitCodeOf, isDriverError } from '../errors.js'
import { buildCli } from './build-cli.js'
import { escapeForTerminal } from './render.js'

/**
 * The bin entry: runs the CLI and turns any error into one line on stderr and an exit code. The only
 * place that exits the process.
 */
async function main(): Promise<void> {
  try {
    await buildCli(hideBin(process.argv)).parseAsync()
  } catch (error) {
    report(error)
    process.exitCode = exitCodeOf(error)
  }
}

// Messages quote names users chose (datasets, tables, files): escaped, so they cannot drive the terminal.
const say = (text: string) => process.stderr.write(escapeForTerminal(text, { keepNewlines: true }))

function report(error: unknown): void {
  if (error instanceof TailingsiqError && !(error instanceof InternalError)) {
    say(`tailingsiq-seed: ${error.message}${error.hint ? `; ${error.hint}` : ''}\n`)
    if (process.env['TAILINGSIQ_DEBUG'] && error.cause instanceof Error)
      process.stderr.write(`${error.cause.stack}\n`)
    return
  }
  const message = error instanceof Error ? error.message : String(error)
  if (isDriverError(error)) {
    // The database refused or lost the statement: its own words, one line, no stack.
    say(`tailingsiq-seed: database error: ${message.split('\n')[0] ?? message}\n`)
    return
  }
  say(`tailingsiq-seed: unexpected error: ${message}\n`)
  process.stderr.write(
    'This is a bug in tailingsiq-seed; please report it with the command you ran (TAILINGSIQ_DEBUG=1 prints the stack).\n',
  )
  if (process.env['TAILINGSIQ_DEBUG'] && error instanceof Error) process.stderr.write(`${error.stack}\n`)
}

await main()
if (process.exitCode === undefined) process.exitCode = EXIT_CODES.OK
