import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToolkit } from '../../src/commands/toolkit.js'
import { tableOf } from '../../src/dialects/dialect-adapter-base.js'
import { runCli, tempDir } from '../helpers/cli.js'
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js'

// `verify` as a CI job runs it: the built bin as a child process, its exit code and its JSON. The comparison
// itself is covered on every engine by test/integration/db/verify.test.ts; one engine suffices here.

describe('verify from the CLI', () => {
  let work: { path: string; cleanup: () => Promise<void> }
  let test: TestDatabase
  const cli = (args: string[]) => runCli([...args, '--db', test.url], { cwd: work.path })
  beforeAll(async () => {
    work = await tempDir()
    test = await createTestDatabase('sqlite', 'cli_verify')
    const seeded = await cli([
      'run',
      '--types',
      'monitoring',
      '--count',
      '200',
      '--facilities',
      '2',
      '--quiet',
    ])
    expect(seeded.exitCode, seeded.stderr).toBe(0)
  })
  afterAll(async () => {
    await test?.drop()
    await work?.cleanup()
  })

  it('exits 0 when the database holds exactly the seeded rows, 5 with a one-line reason when not, 2 for a bad call', async () => {
    const ok = await cli(['verify', '--all', '--json'])
    expect(ok.exitCode, ok.stderr).toBe(0)
    const report = JSON.parse(ok.stdout) as { ok: boolean; datasets: { id: number; result: string }[] }
    expect(report.ok).toBe(true)
    expect(report.datasets.map((d) => d.result)).toEqual(['ok'])

    const toolkit = await createToolkit({ db: test.url, config: {}, useEnvironment: false })
    try {
      const db = await toolkit.database()
      await tableOf(db.knex, db.tables.typed.monitoring)
        .where({ record_index: 150 })
        .update({ rainfall_mm: 123.5 })
    } finally {
      await toolkit.close()
    }
    const differs = await cli(['verify', '1'])
    expect(differs.exitCode).toBe(5)
    expect(differs.stdout).toMatch(/synthetic_monitoring_data +changed rows .* 150/)
    expect(differs.stderr.trim()).toBe(
      'tailingsiq-seed: 1 of 1 datasets do not match their manifest: 1 differs (synthetic_monitoring_data changed rows from record 150)',
    )

    expect((await cli(['verify'])).exitCode).toBe(2)
    expect((await cli(['verify', '7'])).exitCode).toBe(2)
  })
})
