import { access, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Argv, CommandModule } from 'yargs'
import { TailingsiqError } from '../../errors.js'
import { packageRoot } from '../../util/package-info.js'

interface InitArgs {
  readonly force?: boolean
  readonly json?: boolean
}

/** `init`: write a commented tailingsiq.config.ts. */
export const initCommand: CommandModule<object, InitArgs> = {
  command: 'init',
  describe: 'Write a commented tailingsiq.config.ts in the working directory',
  builder: (yargs: Argv) =>
    yargs.option('force', {
      type: 'boolean',
      describe: 'Overwrite an existing tailingsiq.config.ts',
    }),
  handler: async (args) => {
    const target = resolve('tailingsiq.config.ts')
    const exists = await access(target).then(
      () => true,
      () => false,
    )
    if (exists && !args.force) {
      throw new TailingsiqError('OUTPUT_EXISTS', `${target} already exists; pass --force to overwrite it`)
    }
    const template = await readFile(join(packageRoot(), 'templates', 'tailingsiq.config.ts.tpl'), 'utf8')
    await writeFile(target, template)
    process.stdout.write(`Wrote ${target}\n`)
  },
}
