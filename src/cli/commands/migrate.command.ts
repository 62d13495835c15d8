import type { Argv, CommandModule } from 'yargs'
import { databaseFlags, withCliToolkit, type DatabaseArgs } from '../cli-toolkit.js'
import { confirmOrRefuse, destructiveFlags, destructiveOptions, type DestructiveArgs } from '../confirm.js'
import { renderTable } from '../render.js'

interface MigrateArgs extends DatabaseArgs, DestructiveArgs {
  readonly action?: string
  readonly all?: boolean
}

/** `migrate latest | rollback [--all] | status | unlock`. */
export const migrateCommand: CommandModule<object, MigrateArgs> = {
  command: 'migrate <action>',
  describe: 'Migrate the synthetic-data schema: latest, rollback [--all], status, unlock',
  builder: (yargs: Argv) =>
    yargs
      .positional('action', {
        choices: ['latest', 'rollback', 'status', 'unlock'] as const,
        describe: 'What to do',
      })
      .option('all', {
        type: 'boolean',
        describe: 'rollback: revert every migration and drop the bookkeeping tables',
      })
      .options(destructiveFlags)
      .options(databaseFlags)
      .example('$0 migrate latest --db postgres://postgres@127.0.0.1:5432/dev', 'Create or update the tables')
      .example('$0 migrate rollback --all --yes', 'Remove every table of the toolkit')
      .example(
        '$0 migrate unlock',
        'Free the migration lock a crashed process left behind',
      ) as Argv<MigrateArgs>,
  handler: async (args) => {
    await withCliToolkit(args, {}, async (toolkit) => {
      const out = (value: unknown, text: () => string) =>
        process.stdout.write(
          args.json ? `${JSON.stringify(value, null, 2)}\n` : args.quiet ? '' : `${text()}\n`,
        )
      if (args.action === 'status') {
        const status = await toolkit.migrate.status()
        out({ migrations: status }, () =>
          renderTable(
            ['migration', 'state', 'batch', 'applied at'],
            status.map((m) => [
              m.name,
              m.applied ? 'applied' : 'pending',
              m.batch === undefined ? '' : String(m.batch),
              m.appliedAt ?? '',
            ]),
          ),
        )
        return
      }
      if (args.action === 'unlock') {
        await toolkit.migrate.unlock()
        out({ unlocked: true }, () => 'Migration lock freed.')
        return
      }
      if (args.action === 'rollback') {
        const { assertDestructiveAllowed } = await import('../../commands/protection.js')
        const db = await toolkit.database()
        const what = args.all ? 'every migration' : 'the last batch of migrations'
        await assertDestructiveAllowed(db, toolkit.settings, `roll back ${what} of`, destructiveOptions(args))
        await confirmOrRefuse(
          `Roll back ${what} in ${db.target.display}, dropping their tables and data?`,
          args,
          'migrate rollback',
        )
      }
      const result =
        args.action === 'latest'
          ? await toolkit.migrate.latest()
          : await toolkit.migrate.rollback({ all: args.all === true, ...destructiveOptions(args) })
      out(result, () =>
        result.migrations.length === 0
          ? args.action === 'latest'
            ? 'Already at the latest migration.'
            : 'Nothing to roll back.'
          : `${args.action === 'latest' ? 'Ran' : 'Rolled back'} ${result.migrations.length} migration(s):\n${result.migrations.map((m) => `  ${m}`).join('\n')}`,
      )
    })
  },
}
