import yargs, { type Argv } from 'yargs'
import { UsageError } from '../errors.js'
import { packageVersion } from '../util/package-info.js'
import { generateCommand } from './commands/generate.command.js'
import { initCommand } from './commands/init.command.js'
import { serveCommand } from './commands/serve.command.js'
import { migrateCommand } from './commands/migrate.command.js'
import { previewCommand } from './commands/preview.command.js'
import { runCommand } from './commands/run.command.js'
import { cleanupCommand } from './commands/cleanup.command.js'
import { datasetsCommand } from './commands/datasets.command.js'
import { exportCommand } from './commands/export.command.js'
import { resetCommand } from './commands/reset.command.js'
import { statsCommand } from './commands/stats.command.js'
import { verifyCommand } from './commands/verify.command.js'

/**
 * The yargs program with every command registered explicitly (no `commandDir`). Each command lazy-imports
 * its implementation, so `--help` stays fast and database drivers load only when used.
 */
export function buildCli(argv: readonly string[]): Argv {
  return yargs([...argv])
    .scriptName('tailingsiq-seed')
    .usage('$0 <command> [options]\n\nCreate, fill, inspect and prune synthetic TailingsIQ data.')
    .option('config', {
      type: 'string',
      describe: 'Config file [default: tailingsiq.config.ts, found from the working directory]',
      global: true,
    })
    .command(runCommand)
    .command(migrateCommand)
    .command(datasetsCommand)
    .command(statsCommand)
    .command(cleanupCommand)
    .command(exportCommand)
    .command(verifyCommand)
    .command(resetCommand)
    .command(generateCommand)
    .command(previewCommand)
    .command(initCommand)
    .command(serveCommand)
    .demandCommand(1, 'Name a command; see tailingsiq-seed --help')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(packageVersion())
    .alias('v', 'version')
    .wrap(Math.min(120, process.stdout.columns ?? 100))
    .epilogue(
      'Exit codes: 0 ok, 1 failed, 2 usage or config error, 3 refused, 4 database error, 5 partial failure.',
    )
    .fail((message, error) => {
      if (error) throw error
      throw new UsageError(`${message.split('\n').filter(Boolean).join('; ')} (see --help)`)
    })
}
