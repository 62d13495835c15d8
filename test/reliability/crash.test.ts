import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCli } from '../helpers/child-run.js'
import { runCliInProcess, tempDir } from '../helpers/cli.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.js'
import { afterFirstCommit, digestDataset, expectedDigest } from '../helpers/inspect.js'

// A kill lands right after the first committed batch (seen in the database), so 30 batches are enough
// for it to land mid-way on every engine; rows are compared as digests of the records `export` reads.
const COUNT = 30_000
const BATCH = 1_000
const RUN = [
  'run',
  '--types',
  'monitoring',
  '--count',
  String(COUNT),
  '--batch-size',
  String(BATCH),
  '--facilities',
  '4',
  '--json',
]

let work: { path: string; cleanup: () => Promise<void> }
beforeAll(async () => (work = await tempDir()))
afterAll(async () => work.cleanup())

const inspect = (test: TestDatabase, id: number) => digestDataset(test.url, id)
/** The digest of the first `rows` records of an uninterrupted run. */
const expected = (rows = COUNT) => expectedDigest({ count: COUNT, facilities: 4 }, rows)
const startAndCommit = (test: TestDatabase, args: readonly string[]) =>
  afterFirstCommit(test.url, 'monitoring', () => startCli([...args, '--db', test.url], { cwd: work.path }))

for (const dialect of DIALECTS) {
  describe(`${dialect}: a run killed half way`, () => {
    let test: TestDatabase
    beforeAll(async () => (test = await createTestDatabase(dialect, 'crash')))
    afterAll(async () => test.drop())

    it('leaves no completed dataset with missing rows, and run --resume finishes it equal to an uninterrupted run', async () => {
      const run = await startAndCommit(test, RUN)
      run.child.kill('SIGKILL')
      expect((await run.exited()).signal).toBe('SIGKILL')

      const after = await inspect(test, 1)
      expect(after.dataset).toMatchObject({ status: 'generating' })
      // Only whole batches were committed, in record order; the stored count is at most one batch behind.
      expect(after.rows % BATCH).toBe(0)
      expect(after.rows).toBeGreaterThanOrEqual(BATCH)
      expect(after.rows).toBeLessThan(COUNT)
      expect(after).toMatchObject(expected(after.rows))
      expect(after.rows - Number(after.dataset?.['records_written'])).toBeLessThanOrEqual(BATCH)

      const resumed = await runCliInProcess([...RUN, '--db', test.url, '--resume'], { cwd: work.path })
      expect(resumed.exitCode).toBe(0)
      expect(JSON.parse(resumed.stdout)).toMatchObject({ datasets: [{ id: 1, status: 'completed' }] })
      const final = await inspect(test, 1)
      expect(final.dataset).toMatchObject({ status: 'completed' })
      expect(Number(final.dataset?.['records_written'])).toBe(COUNT)
      expect(final).toMatchObject(expected())
    })

    it('or lets cleanup --stale remove the unfinished dataset completely', async () => {
      const run = await startAndCommit(test, [...RUN, '--name', 'doomed'])
      run.child.kill('SIGKILL')
      await run.exited()
      const listed = JSON.parse(
        (
          await runCliInProcess(['datasets', 'list', '--status', 'generating', '--json', '--db', test.url], {
            cwd: work.path,
          })
        ).stdout,
      ) as { datasets: { id: number; name: string }[] }
      const doomed = listed.datasets.find((d) => d.name === 'doomed · monitoring' || d.name === 'doomed')!
      const cleaned = await runCliInProcess(
        ['cleanup', '--stale', '--stale-after', '0m', '--yes', '--json', '--db', test.url],
        { cwd: work.path },
      )
      expect(cleaned.exitCode).toBe(0)
      expect(
        (JSON.parse(cleaned.stdout) as { datasets: { id: number; reasons: string[] }[] }).datasets,
      ).toEqual([expect.objectContaining({ id: doomed.id, reasons: ['stale'] })])
      const gone = await inspect(test, doomed.id)
      expect(gone.dataset).toBeUndefined()
      expect(gone.rows).toBe(0)
    })

    it('stops cleanly on SIGTERM: the dataset is failed with the reason and the exit code is 130', async () => {
      const run = await startAndCommit(test, [...RUN, '--name', 'terminated'])
      run.child.kill('SIGTERM')
      expect((await run.exited()).code).toBe(130)
      expect(run.stderr()).toMatch(/Interrupted by SIGTERM: dataset (\d+) \(monitoring\) marked failed/)
      const id = Number(/dataset (\d+) \(monitoring\) marked failed/.exec(run.stderr())![1])
      const state = await inspect(test, id)
      expect(state.dataset).toMatchObject({ status: 'failed', error: 'interrupted (SIGTERM)' })
      expect(state.rows % BATCH).toBe(0)
      expect(state.rows).toBeLessThan(COUNT)
      expect(Number(state.dataset?.['records_written'])).toBe(state.rows)
    })
  })
}
