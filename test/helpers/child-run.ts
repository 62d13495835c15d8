import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { BIN } from './cli.js'

/** A CLI child process whose stderr and exit can be awaited while it runs. */
export interface RunningCli {
  readonly child: ChildProcessWithoutNullStreams
  stderr(): string
  stdout(): string
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
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  )
  return {
    child,
    stderr: () => stderr,
    stdout: () => stdout,
    exited: () => exit,
  }
}
