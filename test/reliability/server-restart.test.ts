import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCli } from '../helpers/child-run.js'
import { runCli, tempDir } from '../helpers/cli.js'
import { DIALECTS } from '../helpers/databases.js'
import { afterFirstCommit, digestDataset, expectedDigest } from '../helpers/inspect.js'
import { startPrivateMariadb, startPrivatePostgres, type PrivateServer } from '../helpers/private-servers.js'

// Each engine's server is one of this file's own (see private-servers.ts), so stopping it in the middle of a run
// disturbs no other test file, and this file runs beside the others.
const START = { pg: startPrivatePostgres, mysql: startPrivateMariadb }

// The server stops as soon as the run's first batch is committed (seen by polling the database, not by waiting for
// its progress lines, which come every 2 s at most): 12 batches are a run it cannot finish in the half second a
// stop takes (its first 230,000 rows took 3 s, start-up included, on the two-core CI machine).
const COUNT = 60_000
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
afterAll(async () => work.cleanup())

for (const dialect of DIALECTS.filter((d): d is 'pg' | 'mysql' => d !== 'sqlite')) {
  describe(`${dialect}: the server restarted while a run writes`, () => {
    let server: PrivateServer
    beforeAll(async () => (server = await START[dialect]()))
    afterAll(async () => server?.destroy())

    it('fails the run with a message naming the dataset, and run --resume completes it once the server is back', async () => {
      const run = await afterFirstCommit(server.url, 'monitoring', () =>
        startCli([...RUN, '--db', server.url], { cwd: work.path }),
      )
      await server.stop()
      const restarted = server.start()
      const exit = await run.exited()
      expect(exit.code).not.toBe(0)
      expect(run.stderr()).toMatch(/Dataset 1 \(monitoring\) failed after \d+ records: /)
      await restarted

      const resumed = await runCli([...RUN, '--db', server.url, '--resume'], { cwd: work.path })
      expect(resumed.exitCode, resumed.stderr).toBe(0)
      expect(JSON.parse(resumed.stdout)).toMatchObject({ datasets: [{ id: 1, status: 'completed' }] })

      // Compared as digests streamed from the database, not as 60,000 rows read into memory.
      const final = await digestDataset(server.url, 1)
      expect(final).toMatchObject(expectedDigest({ count: COUNT, facilities: 4 }))
      expect(final.dataset).toMatchObject({ status: 'completed' })
      expect(Number(final.dataset?.['records_written'])).toBe(COUNT)
    })
  })
}
