import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCli } from '../helpers/child-run.js'
import { runCli, tempDir } from '../helpers/cli.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.js'
import { expectedMonitoringRecords, readMonitoringDataset } from '../helpers/inspect.js'

const COUNT = 300_000
const BATCH = 5_000
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

const inspect = (test: TestDatabase, id: number) => readMonitoringDataset(test.url, id)
const expected = () => expectedMonitoringRecords(COUNT, 4)

for (const dialect of DIALECTS) {
  describe(`${dialect}: a run killed half way`, () => {
    let test: TestDatabase
    beforeAll(async () => (test = await createTestDatabase(dialect, 'crash')))
    afterAll(async () => test.drop())

    it('leaves no completed dataset with missing rows, and run --resume finishes it equal to an uninterrupted run', async () => {
      const run = startCli([...RUN, '--db', test.url], { cwd: work.path })
      await run.progressed(1)
      run.child.kill('SIGKILL')
      expect((await run.exited()).signal).toBe('SIGKILL')

      const after = await inspect(test, 1)
      expect(after.dataset).toMatchObject({ status: 'generating' })
      // Only whole batches were committed, in record order; the stored count is at most one batch behind.
      expect(after.rows.length % BATCH).toBe(0)
      expect(after.rows.length).toBeGreaterThanOrEqual(BATCH)
      expect(after.rows.length).toBeLessThan(COUNT)
      expect(after.rows).toEqual(expected().slice(0, after.rows.length))
      expect(after.rows.length - Number(after.dataset?.['records_written'])).toBeLessThanOrEqual(BATCH)

      const resumed = await runCli([...RUN, '--db', test.url, '--resume'], { cwd: work.path })
      expect(resumed.exitCode).toBe(0)
      expect(JSON.parse(resumed.stdout)).toMatchObject({ datasets: [{ id: 1, status: 'completed' }] })
      const final = await inspect(test, 1)
      expect(final.dataset).toMatchObject({ status: 'completed' })
      expect(Number(final.dataset?.['records_written'])).toBe(COUNT)
      expect(final.rows).toEqual(expected())
    })

    it('or lets cleanup --stale remove the unfinished dataset completely', async () => {
      const run = startCli([...RUN, '--db', test.url, '--name', 'doomed'], { cwd: work.path })
      await run.progressed(1)
      run.child.kill('SIGKILL')
      await run.exited()
      const listed = JSON.parse(
        (
          await runCli(['datasets', 'list', '--status', 'generating', '--json', '--db', test.url], {
            cwd: work.path,
          })
        ).stdout,
      ) as { datasets: { id: number; name: string }[] }
      const doomed = listed.datasets.find((d) => d.name === 'doomed · monitoring' || d.name === 'doomed')!
      const cleaned = await runCli(
        ['cleanup', '--stale', '--stale-after', '0m', '--yes', '--json', '--db', test.url],
        { cwd: work.path },
      )
      expect(cleaned.exitCode).toBe(0)
      expect(
        (JSON.parse(cleaned.stdout) as { datasets: { id: number; reasons: string[] }[] }).datasets,
      ).toEqual([expect.objectContaining({ id: doomed.id, reasons: ['stale'] })])
      const gone = await inspect(test, doomed.id)
      expect(gone.dataset).toBeUndefined()
      expect(gone.rows).toEqual([])
    })

    it('stops cleanly on SIGTERM: the dataset is failed with the reason and the exit code is 130', async () => {
      const run = startCli([...RUN, '--db', test.url, '--name', 'terminated'], { cwd: work.path })
      await run.progressed(1)
      run.child.kill('SIGTERM')
      expect((await run.exited()).code).toBe(130)
      expect(run.stderr()).toMatch(/Interrupted by SIGTERM: dataset (\d+) \(monitoring\) marked failed/)
      const id = Number(/dataset (\d+) \(monitoring\) marked failed/.exec(run.stderr())![1])
      const state = await inspect(test, id)
      expect(state.dataset).toMatchObject({ status: 'failed', error: 'interrupted (SIGTERM)' })
      expect(state.rows.length % BATCH).toBe(0)
      expect(Number(state.dataset?.['records_written'])).toBe(state.rows.length)
    })
  })
}
