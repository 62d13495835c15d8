import type { Argv, CommandModule } from 'yargs'
import { runFlags, runFromArgs, type RunArgs } from './run.command.js'

/** `reset`: roll back every migration, migrate to latest, run the plan. */
export const resetCommand: CommandModule<object, RunArgs> = {
  command: 'reset',
  describe:
    'For CI: roll back every table of the toolkit, migrate to latest and run the plan (asks unless --yes)',
  builder: (yargs: Argv) =>
    runFlags(yargs)
      .example('$0 reset --yes --db "$DATABASE_URL"', 'Give an integration database a known state')
      .example(
        '$0 reset --yes --force --confirm app_prod_copy',
        'The same on a database the protect rules cover',
      ),
  handler: (args) => runFromArgs(args, true),
}
