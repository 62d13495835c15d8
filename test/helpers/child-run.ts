import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { BIN } from './cli.js'

/** A CLI child process whose stderr and exit can be awaited while it runs. */
export interface RunningCli {
  readonly child: ChildProcessWithoutNullStreams
  stderr(): string
  stdout(): string
  /** Resolves when stderr has produced `count` progress events reporting committed rows (`written` > 0). */
  progressed(count?: number): Promise<void>
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Starts the built CLI in the background (with `--json`, so progress arrives as JSON lines on stderr). */
export function startCli(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', TZ: 'UTC', ...options.env },
  })
  let stderr = ''
  let stdout = ''
  const waiters: { count: number; resolve: () => void }[] = []
  // Events from inside the first batch report rows streamed but none committed yet: those do not count.
  const progressEvents = () => (stderr.match(/"event":"progress",[^\n]*"written":[1-9]/g) ?? []).length
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d
    for (const waiter of [...waiters]) {
      if (progressEvents() >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve()
      }
    }
  })
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  )
  return {
    child,
    stderr: () => stderr,
    stdout: () => stdout,
    progressed: (count = 1) =>
      new Promise<void>((resolve, reject) => {
        if (progressEvents() >= count) return resolve()
        waiters.push({ count, resolve })
        void exit.then(() => reject(new Error(`the CLI exited before ${count} progress events:\n${stderr}`)))
      }),
    exited: () => exit,
  }
}
