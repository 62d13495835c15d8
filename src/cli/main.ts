import { hideBin } from 'yargs/helpers'
import { EXIT_CODES, exitCodeOf } from '../errors.js'
import { buildCli } from './build-cli.js'
import { formatError } from './report-error.js'

/**
 * The bin entry: runs the CLI and turns any error into one line on stderr and an exit code. The only
 * place that exits the process.
 */
async function main(): Promise<void> {
  try {
    await buildCli(hideBin(process.argv)).parseAsync()
  } catch (error) {
    process.stderr.write(formatError(error, Boolean(process.env['TAILINGSIQ_DEBUG'])))
    process.exitCode = exitCodeOf(error)
  }
}

await main()
if (process.exitCode === undefined) process.exitCode = EXIT_CODES.OK
