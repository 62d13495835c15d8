import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToolkit } from '../../src/commands/toolkit.js'
import { startServer } from '../../src/server/create-server.js'
import { resolveServeOptions } from '../../src/server/server-options.js'
import { BIN, runCliInProcess, tempDir } from '../helpers/cli.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.js'
import { afterFirstCommit } from '../helpers/inspect.js'

// `tailingsiq-seed serve` as a child process: killed and restarted while a job runs, stopped with SIGTERM,
// migrating with --migrate, and never writing a key to its log. Refusals that come before the server listens
// (no schema, keys, prefix) run in process.

const ADMIN_KEY = 'admin-key-0123456789abcdef'
const PREFIX = '/api/v1/synthetic-data'
// A job of 30 batches (the servers read `batchSize` from the config file written below): a kill lands right
// after its first batch is in the database, so it lands mid-way on every engine, as in the crash tests.
const BATCH = 500
const COUNT = 15_000

interface Served {
  readonly child: ChildProcessWithoutNullStreams
  readonly base: string
  stdout(): string
  stderr(): string
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

async function serve(
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    cwd,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '/tmp',
      TZ: 'UTC',
      TAILINGSIQ_API_KEYS: `admin1:admin:${ADMIN_KEY}`,
      SYNTHETIC_DATA_MAX_RECORDS_PER_REQUEST: '1000000',
      ...env,
    },
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  )
  const base = await new Promise<string>((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d
      const match = /serving (http:\/\/\S+?)\/api/.exec(stderr)
      if (match) resolve(`${match[1]}${PREFIX}`)
    })
    void exit.then(() => reject(new Error(`serve exited before listening:\n${stderr}`)))
  })
  return { child, base, stdout: () => stdout, stderr: () => stderr, exited: () => exit }
}

async function call(base: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return (await response.json()) as Record<string, unknown>
}

async function until<T>(fn: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 60_000
  for (;;) {
    const value = await fn()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Starts a {@link COUNT}-record job and resolves with its id once its first batch is in the database. */
async function startJob(url: string, base: string, name: string): Promise<string> {
  const accepted = await afterFirstCommit(url, 'monitoring', () =>
    call(base, '/generate', { name, data_type: 'monitoring', record_count: COUNT }),
  )
  const jobId = accepted['job_id'] as string
  expect(jobId).toMatch(/^[0-9a-f-]{36}$/)
  return jobId
}

let work: { path: string; cleanup: () => Promise<void> }
beforeAll(async () => {
  work = await tempDir()
  await writeFile(join(work.path, 'tailingsiq.config.json'), JSON.stringify({ batchSize: BATCH }))
})
afterAll(async () => work.cleanup())

for (const dialect of DIALECTS) {
  describe(`${dialect}: tailingsiq-seed serve`, () => {
    let test: TestDatabase
    beforeAll(async () => (test = await createTestDatabase(dialect, 'serve-cli')))
    afterAll(async () => test.drop())

    it('refuses to start on a database without the schema, and --migrate creates it', async () => {
      const refused = await runCliInProcess(['serve', '--port', '0', '--db', test.url], {
        cwd: work.path,
        env: { TAILINGSIQ_API_KEYS: `admin1:admin:${ADMIN_KEY}` },
      })
      expect(refused.exitCode).toBe(4)
      // A SQLite file that does not exist yet is not created by serve without --migrate.
      expect(refused.stderr).toMatch(
        dialect === 'sqlite'
          ? /No such database file .*; run with --migrate or `tailingsiq-seed migrate latest`/
          : /has no synthetic-data schema yet; run with --migrate or `tailingsiq-seed migrate latest`/,
      )
      const server = await serve(['--db', test.url, '--migrate', '--instance', 'migrating'], work.path)
      server.child.kill('SIGTERM')
      expect((await server.exited()).code).toBe(0)
    })

    it('marks the job of a killed server failed when it restarts, and logs no key', async () => {
      const first = await serve(['--db', test.url, '--instance', 'api-1'], work.path)
      const jobId = await startJob(test.url, first.base, 'killed-mid-job')
      first.child.kill('SIGKILL')
      await first.exited()

      const second = await serve(['--db', test.url, '--instance', 'api-1'], work.path)
      try {
        const job = await call(second.base, `/jobs/${jobId}`)
        expect(job).toMatchObject({
          status: 'failed',
          dataset_status: 'failed',
          error:
            'the server running this job stopped before it finished; resume it with POST /generate and "resume": true',
        })
        expect(Number(job['records_written'])).toBeLessThan(COUNT)
        expect(first.stdout()).toMatch(/"url":"\/api\/v1\/synthetic-data\/generate"/)
        expect(first.stdout() + first.stderr()).not.toContain(ADMIN_KEY)

        // The failed dataset is resumed from its last committed row, not started again.
        const datasetId = job['dataset_id'] as number
        expect(await call(second.base, '/generate', { dataset_id: datasetId })).toMatchObject({
          statusCode: 409,
          message: `Dataset ${datasetId} is failed; send "resume": true to continue it from its last committed row`,
        })
        const resumed = await call(second.base, '/generate', { dataset_id: datasetId, resume: true })
        const done = await until(async () => {
          const state = await call(second.base, `/jobs/${resumed['job_id'] as string}`)
          return state['status'] === 'running' || state['status'] === 'queued' ? undefined : state
        }, 'the resumed job')
        expect(done).toMatchObject({ status: 'completed', dataset_status: 'completed', error: null })
        expect(Number(done['records_written'])).toBe(COUNT)
        const stats = await call(second.base, `/datasets/${datasetId}/stats`)
        expect(stats['rows']).toMatchObject({ counted: COUNT, matchesRecordsWritten: true })
      } finally {
        second.child.kill('SIGTERM')
        await second.exited()
      }
    })

    it('stops on SIGTERM: the running job and its dataset are marked failed, exit code 0', async () => {
      const server = await serve(['--db', test.url, '--instance', 'api-2'], work.path)
      const jobId = await startJob(test.url, server.base, 'stopped-mid-job')
      server.child.kill('SIGTERM')
      expect((await server.exited()).code).toBe(0)
      expect(server.stderr()).toMatch(/SIGTERM: stopping; running jobs are marked failed/)

      // What the stopped server left in the database, read through the API of another instance, in process.
      const toolkit = await createToolkit({ db: test.url, config: {}, useEnvironment: false })
      const again = await startServer(
        toolkit,
        resolveServeOptions(
          toolkit.settings,
          { port: 0, instance: 'api-3' },
          { TAILINGSIQ_API_KEYS: `admin1:admin:${ADMIN_KEY}` },
        ),
        { logLevel: false },
      )
      try {
        const job = await call(`${again.url}${PREFIX}`, `/jobs/${jobId}`)
        expect(job).toMatchObject({ status: 'failed', dataset_status: 'failed' })
        expect(job['error']).toMatch(/interrupted \(server stopped\)/)
      } finally {
        await again.close()
        await toolkit.close()
      }
    })
  })
}

describe('tailingsiq-seed serve: bad setup', () => {
  it.each([
    [{}, /serve needs at least one API key: set serve.apiKeys in the config or TAILINGSIQ_API_KEYS/],
    [
      { TAILINGSIQ_API_KEYS: 'alice:owner:0123456789abcdef0' },
      /TAILINGSIQ_API_KEYS entry 1 must be id:role:key/,
    ],
    [{ TAILINGSIQ_API_KEYS: 'alice:admin:short' }, /TAILINGSIQ_API_KEYS entry 1 must be id:role:key/],
  ])('%o: one line, exit 2, the key never printed', async (env, message) => {
    const result = await runCliInProcess(
      ['serve', '--port', '0', '--db', 'sqlite:keys.sqlite', '--migrate'],
      {
        cwd: work.path,
        env: env,
      },
    )
    expect(result.exitCode).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(message)
    expect(result.stderr).not.toContain('0123456789abcdef0')
  })

  it('refuses a prefix that is not a path', async () => {
    const result = await runCliInProcess(['serve', '--prefix', 'api v1'], { cwd: work.path })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(/--prefix must be a path such as \/api\/v1\/synthetic-data/)
  })
})
