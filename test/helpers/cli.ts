import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const REPO_ROOT = resolve(import.meta.dirname, '../..')
export const BIN = join(REPO_ROOT, 'bin/tailingsiq-seed.js')

export interface CliResult {
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs the built CLI as a child process, with a clean environment apart from `env`. */
export async function runCli(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; input?: string; timeoutMs?: number },
): Promise<CliResult> {
  if (!existsSync(join(REPO_ROOT, 'dist/src/cli/main.js'))) {
    throw new Error('The CLI is not built: run `npm run build` (npm test does it for you)')
  }
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '/tmp',
    TZ: process.env['TZ'] ?? 'UTC',
    ...options.env,
  }
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolvePromise({ exitCode: code ?? (signal ? 128 : 1), stdout, stderr })
    })
    child.stdin.end(options.input ?? '')
  })
}

/** A fresh temporary folder, removed by the returned cleanup function. */
export async function tempDir(
  prefix = 'tailingsiq-test-',
): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix))
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) }
}

/** Variables of the test runner's environment that the CLI reads; {@link runCli}'s child never sees them. */
const CLI_ENVIRONMENT = /^(NODE_ENV|DATABASE_URL|TAILINGSIQ_.*|SYNTHETIC_DATA_.*)$/

/**
 * Runs the CLI in this process from its sources, the way `main.ts` does: the same yargs program, the same
 * one-line error report and exit code, with stdout and stderr captured, and (like {@link runCli}'s child)
 * none of the runner's variables that the CLI reads apart from `env`. For messages and parsing; what
 * needs a real exit code, signals or streams of a process runs through {@link runCli}.
 */
export function runCliInProcess(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  const run = inProcessQueue.then(() => runInProcess(args, options))
  inProcessQueue = run.catch(() => undefined)
  return run
}

/**
 * One in-process run at a time: each swaps the process's working directory, variables and output streams, and
 * two at once would restore each other's (a working directory left in a removed folder, output captured by the
 * wrong run), which the next file in the same worker would inherit.
 */
let inProcessQueue: Promise<unknown> = Promise.resolve()

async function runInProcess(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> },
): Promise<CliResult> {
  const [{ buildCli }, { formatError }, { exitCodeOf }] = await Promise.all([
    import('../../src/cli/build-cli.js'),
    import('../../src/cli/report-error.js'),
    import('../../src/errors.js'),
  ])
  let stdout = ''
  let stderr = ''
  const saved = {
    out: process.stdout.write.bind(process.stdout),
    err: process.stderr.write.bind(process.stderr),
    log: console.log,
    error: console.error,
    cwd: process.cwd(),
    env: Object.fromEntries(Object.entries(process.env).filter(([name]) => CLI_ENVIRONMENT.test(name))),
  }
  // Buffers (records streamed to stdout) and strings alike; a write callback, when given, is called.
  const capture =
    (append: (text: string) => void) =>
    (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
      const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined
      if (callback) queueMicrotask(callback)
      return true
    }
  process.stdout.write = capture((text) => (stdout += text))
  process.stderr.write = capture((text) => (stderr += text))
  console.log = (...parts: unknown[]) => (stdout += `${parts.join(' ')}\n`)
  console.error = (...parts: unknown[]) => (stderr += `${parts.join(' ')}\n`)
  for (const name of Object.keys(saved.env)) delete process.env[name]
  Object.assign(process.env, options.env)
  try {
    if (options.cwd) process.chdir(options.cwd)
    await buildCli(args, { exitProcess: false }).parseAsync()
    return { exitCode: 0, stdout, stderr }
  } catch (error) {
    stderr += formatError(error, false)
    return { exitCode: exitCodeOf(error), stdout, stderr }
  } finally {
    process.chdir(saved.cwd)
    for (const name of Object.keys(options.env ?? {})) delete process.env[name]
    Object.assign(process.env, saved.env)
    process.stdout.write = saved.out
    process.stderr.write = saved.err
    console.log = saved.log
    console.error = saved.error
  }
}
