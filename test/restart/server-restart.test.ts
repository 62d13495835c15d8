import { execFileSync, execSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCli } from '../helpers/child-run.js'
import { runCli, tempDir } from '../helpers/cli.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.js'
import { digestDataset, expectedDigest } from '../helpers/inspect.js'

// The commands of DEVELOPERS.md. The servers must be running when this file ends, whatever happens.
const PG_CLUSTER = () => execSync('ls /etc/postgresql', { encoding: 'utf8' }).trim().split('\n')[0] as string
const SERVERS = {
  pg: {
    up: () => execOk('pg_isready', ['-h', '127.0.0.1', '-p', '5432']),
    restart: () =>
      execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', PG_CLUSTER(), 'main', 'restart'], {
        stdio: 'ignore',
      }),
    start: () =>
      execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', PG_CLUSTER(), 'main', 'start'], {
        stdio: 'ignore',
      }),
  },
  mysql: {
    up: () => execOk('mysqladmin', ['-h', '127.0.0.1', '-u', 'root', 'ping']),
    restart: () => {
      // --retry waits until the server has really exited; starting earlier would find it "already running".
      execFileSync(
        'start-stop-daemon',
        ['--stop', '--oknodo', '--exec', '/usr/sbin/mariadbd', '--retry', 'TERM/60/KILL/5'],
        { stdio: 'ignore' },
      )
      SERVERS.mysql.start()
    },
    start: () =>
      execFileSync(
        'start-stop-daemon',
        ['--start', '--oknodo', '--background', '--exec', '/usr/sbin/mariadbd', '--', '--user=mysql'],
        { stdio: 'ignore' },
      ),
  },
}

function execOk(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

async function waitUntilUp(dialect: 'pg' | 'mysql'): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (SERVERS[dialect].up()) return
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`${dialect} did not come back`)
}

const COUNT = 300_000
const RUN = [
  'run',
  '--types',
  'monitoring',
  '--count',
  String(COUNT),
  '--batch-size',
  '5000',
  '--facilities',
  '4',
  '--json',
  '--storage',
  'typed',
]

let work: { path: string; cleanup: () => Promise<void> }
beforeAll(async () => (work = await tempDir()))
afterAll(async () => {
  await work.cleanup()
  for (const dialect of ['pg', 'mysql'] as const) {
    if (!SERVERS[dialect].up()) SERVERS[dialect].start()
    await waitUntilUp(dialect)
  }
})

for (const dialect of DIALECTS.filter((d): d is 'pg' | 'mysql' => d !== 'sqlite')) {
  describe(`${dialect}: the server restarted while a run writes`, () => {
    let test: TestDatabase
    beforeAll(async () => (test = await createTestDatabase(dialect, 'restart')))
    afterAll(async () => {
      await waitUntilUp(dialect)
      await test.drop()
    })

    it('fails the run with a message naming the dataset, and run --resume completes it once the server is back', async () => {
      const run = startCli([...RUN, '--db', test.url], { cwd: work.path })
      await run.progressed(1)
      SERVERS[dialect].restart()
      const exit = await run.exited()
      expect(exit.code).not.toBe(0)
      expect(run.stderr()).toMatch(/Dataset 1 \(monitoring\) failed after \d+ records: /)
      await waitUntilUp(dialect)

      const resumed = await runCli([...RUN, '--db', test.url, '--resume'], { cwd: work.path })
      expect(resumed.exitCode, resumed.stderr).toBe(0)
      expect(JSON.parse(resumed.stdout)).toMatchObject({ datasets: [{ id: 1, status: 'completed' }] })

      // Compared as digests streamed from the database, not as 300,000 rows read into memory.
      const final = await digestDataset(test.url, 1)
      expect(final).toMatchObject(expectedDigest({ count: COUNT, facilities: 4 }))
      expect(final.dataset).toMatchObject({ status: 'completed' })
      expect(Number(final.dataset?.['records_written'])).toBe(COUNT)
    })
  })
}
