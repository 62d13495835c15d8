import { createInterface } from 'node:readline/promises'
import { RefusedError } from '../errors.js'

/** The flags of every destructive command. */
export interface DestructiveArgs {
  readonly yes?: boolean
  readonly force?: boolean
  readonly confirm?: unknown
}

export const destructiveFlags = {
  yes: { type: 'boolean', describe: 'Do not ask for confirmation (needed without a terminal)' },
  force: { type: 'boolean', describe: 'Allow a protected database (with --confirm <database name>)' },
  confirm: { type: 'string', describe: 'The protected database name, typed back' },
} as const

/**
 * Asks `question` on the terminal unless `--yes` was given. Without a terminal nothing waits for an answer:
 * the command is refused and `--yes` is named.
 */
export async function confirmOrRefuse(
  question: string,
  args: DestructiveArgs,
  action: string,
): Promise<void> {
  if (args.yes) return
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw new RefusedError(`${action} needs confirmation: pass --yes (there is no terminal to ask on)`)
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  try {
    const answer = await rl.question(`${question} [y/N] `)
    if (!/^y(es)?$/i.test(answer.trim())) throw new RefusedError(`${action} cancelled`)
  } finally {
    rl.close()
  }
}

/** `--force` and `--confirm` as the library's destructive options. */
export function destructiveOptions(args: DestructiveArgs): { force?: boolean; confirm?: string } {
  return {
    ...(args.force ? { force: true } : {}),
    ...(typeof args.confirm === 'string' ? { confirm: args.confirm } : {}),
  }
}
