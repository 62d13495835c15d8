import yargs, { type Argv, type CommandModule } from 'yargs'
import { UsageError } from '../errors.js'
import { packageVersion } from '../util/package-info.js'
import { generateCommand } from './commands/generate.command.js'
import { initCommand } from './commands/init.command.js'
import { serveCommand } from './commands/serve.command.js'
import { migrateCommand } from './commands/migrate.command.js'
import { previewCommand } from './commands/preview.command.js'
import { runCommand } from './commands/run.command.js'
import { cleanupCommand } from './commands/cleanup.command.js'
import { DATASETS_SUBCOMMANDS, datasetsCommand } from './commands/datasets.command.js'
import { exportCommand } from './commands/export.command.js'
import { reportCommand } from './commands/report.command.js'
import { resetCommand } from './commands/reset.command.js'
import { statsCommand } from './commands/stats.command.js'
import { verifyCommand } from './commands/verify.command.js'
import { withValueFlags } from './parse-flags.js'
import { commandNode, explainUsageFailure, type CommandNode } from './usage-errors.js'

/** Every command of the program, in the order `--help` lists them. */
const COMMANDS: readonly CommandModule[] = [
  runCommand,
  migrateCommand,
  datasetsCommand,
  statsCommand,
  reportCommand,
  cleanupCommand,
  exportCommand,
  verifyCommand,
  resetCommand,
  generateCommand,
  previewCommand,
  initCommand,
  serveCommand,
] as readonly CommandModule[]

/** Options of {@link buildCli}. */
export interface BuildCliOptions {
  /** Let yargs exit the process after `--help` and `--version`. Default is `true`; in-process tests pass `false`. */
  readonly exitProcess?: boolean
}

/**
 * The yargs program with every command registered explicitly (no `commandDir`). Each command lazy-imports
 * its implementation, so `--help` stays fast and database drivers load only when used. Every usage error
 * becomes one {@link UsageError} line (exit code 2) with a pointer to the command's `--help`.
 */
export function buildCli(argv: readonly string[], options: BuildCliOptions = {}): Argv {
  const root: CommandNode = {
    name: 'tailingsiq-seed',
    usage: 'tailingsiq-seed',
    subcommands: COMMANDS.map((c) => commandNode(c, c === datasetsCommand ? DATASETS_SUBCOMMANDS : [])),
  }
  const cli = yargs([...argv])
    // The usage messages are rewritten from yargs' English ones, whatever the user's locale.
    .locale('en')
    .scriptName('tailingsiq-seed')
    .usage('$0 <command> [options]\n\nCreate, fill, inspect and prune synthetic TailingsIQ data.')
    .option('config', {
      type: 'string',
      nargs: 1,
      describe: 'Config file [default: tailingsiq.config.ts, found from the working directory]',
      global: true,
    })
  for (const command of COMMANDS) cli.command(withValueFlags(command))
  return cli
    .demandCommand(1, `Name a command: ${root.subcommands.map((c) => c.name).join(', ')}`)
    .strict()
    .help()
    .alias('h', 'help')
    .version(packageVersion())
    .alias('v', 'version')
    .exitProcess(options.exitProcess ?? true)
    .wrap(Math.min(120, process.stdout.columns ?? 100))
    .epilogue(
      'Exit codes: 0 ok, 1 failed, 2 usage or config error, 3 refused, 4 database error, 5 partial failure or verify found a difference, 6 dataset busy, 130 interrupted.',
    )
    .fail((message, error) => {
      // yargs' own parse errors (`Not enough arguments following: out`) come as a YError, not a message.
      if (error && error.name !== 'YError') throw error
      // `getOptions` is public in yargs but missing from its type declarations; at this point it holds the
      // options of the command that failed.
      const known = (cli as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key
      const explained = explainUsageFailure({
        message: message ?? error?.message ?? '',
        argv,
        root,
        options: Object.keys(known),
      })
      throw new UsageError(explained.message, explained.hint ? { hint: explained.hint } : {})
    })
}
