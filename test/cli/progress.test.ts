import { execFileSync, spawn } from 'node:child_process'
import { join } from 'node:path'
import knexFactory from 'knex'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, runCli, tempDir } from '../helpers/cli.js'
import { startCli } from '../helpers/child-run.js'
import { createTestDatabase, DIALECTS } from '../helpers/databases.js'

/** `script` (util-linux) gives the child a real pseudo-terminal. */
const HAS_SCRIPT = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

let work: { path: string; cleanup: () => Promise<void> }
beforeAll(async () => (work = await tempDir()))
afterAll(async () => work.cleanup())

describe('run progress', () => {
  it('prints JSON progress lines on stderr under --json, and the result alone on stdout', async () => {
    const result = await runCli(
      [
        'run',
        '--db',
        'sqlite:./json.sqlite',
        '--types',
        'monitoring',
        '--count',
        '3000',
        '--batch-size',
        '1000',
        '--json',
      ],
      { cwd: work.path },
    )
    expect(result.exitCode).toBe(0)
    const events = result.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; written: number; total: number })
    expect(events.at(-1)).toMatchObject({ event: 'progress', type: 'monitoring', written: 3000, total: 3000 })
    expect((JSON.parse(result.stdout) as { method: string }).method).toBe('prepared statement')
  })

  it('prints readable progress lines without a terminal, and nothing with --quiet', async () => {
    const plain = await runCli(
      [
        'run',
        '--db',
        'sqlite:./plain.sqlite',
        '--types',
        'document',
        '--count',
        '2000',
        '--batch-size',
        '500',
      ],
      { cwd: work.path },
    )
    expect(plain.stderr).toMatch(/dataset 1 \(document\): 2,000\/2,000 rows, [\d,]+ rows\/s\n/)
    const quiet = await runCli(
      ['run', '--db', 'sqlite:./quiet.sqlite', '--types', 'document', '--count', '2000', '--quiet'],
      { cwd: work.path },
    )
    expect(quiet.stderr).toBe('')
    expect(quiet.stdout).toBe('')
  })

  it.skipIf(!HAS_SCRIPT && !process.env['CI'])(
    'on an 80-column terminal, draws bars before the first batch commits, each line fitting with rate and ETA',
    async () => {
      const command = `stty cols 80 rows 24; '${process.execPath}' '${BIN}' run --db sqlite:./tty.sqlite --types monitoring --count 8000 --batch-size 8000`
      const result = await new Promise<string>((resolve, reject) => {
        const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {
          cwd: work.path,
          env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', SHELL: '/bin/sh' },
        })
        let out = ''
        child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
        child.on('error', reject)
        child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${out}`))))
      })
      // What the terminal shows: each redraw starts at the line's beginning, after cursor and erase codes.
      const lines = result
        // eslint-disable-next-line no-control-regex -- terminal escape codes
        .replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '\n')
        .split(/[\r\n]+/)
        .filter((line) => line.trim() !== '')
      const bars = lines.filter((line) => line.startsWith('#1 monitoring ['))
      expect(bars.some((line) => / {1,2}\d{1,2}% /.test(line))).toBe(true)
      expect(bars.at(-1)).toMatch(/100% {2}8,000\/8,000 +[\d,.k]+\/s done/)
      for (const line of bars.filter((l) => !l.includes(' done'))) expect(line).toMatch(/\/s ETA [\d:-]+/)
      // Bars, the summary table and its footer; the opening line names the database path, which may be long.
      for (const line of lines.filter((l) => !l.startsWith('Seeding ')))
        expect(line.length, line).toBeLessThan(80)
    },
  )

  it('stops on SIGINT after the current batch, marks the dataset failed and exits 130', async () => {
    const child = spawn(
      process.execPath,
      [
        BIN,
        'run',
        '--db',
        'sqlite:./cancel.sqlite',
        '--types',
        'monitoring',
        '--count',
        '2000000',
        '--batch-size',
        '20000',
        '--json',
        '--max-records',
        '2000000',
      ],
      {
        cwd: work.path,
        env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp' },
      },
    )
    let stderr = ''
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    await new Promise<void>((resolve) => {
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk
        if (stderr.includes('"event":"progress"')) resolve()
      })
    })
    child.kill('SIGINT')
    expect(await exited).toBe(130)
    expect(stderr).toMatch(
      /SIGINT: stopping after the current batch \(again to stop at once; --resume continues\)/,
    )
    expect(stderr).toMatch(/Interrupted by SIGINT: dataset 1 \(monitoring\) marked failed/)
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: join(work.path, 'cancel.sqlite') },
      useNullAsDefault: true,
    })
    try {
      const row = (await knex.table('synthetic_data_sets').where({ id: 1 }).first()) as {
        status: string
        error: string
        records_written: number
      }
      expect(row).toMatchObject({ status: 'failed', error: 'interrupted (SIGINT)' })
      const [{ n }] = (await knex.table('synthetic_monitoring_data').count({ n: '*' })) as [{ n: number }]
      expect(n).toBe(row.records_written)
      expect(n % 20000).toBe(0)
    } finally {
      await knex.destroy()
    }
  })

  // On PostgreSQL the event loop turns during a batch, so the first SIGINT is taken at once and the batch goes on
  // (SQLite takes it only between batches, when the stop follows within milliseconds): the second lands mid-batch.
  it.runIf(DIALECTS.includes('pg'))(
    'stops at once on a second SIGINT, leaving the committed batches for --resume',
    async () => {
      const test = await createTestDatabase('pg', 'second_sigint')
      try {
        const run = startCli(
          [
            'run',
            '--db',
            test.url,
            '--types',
            'monitoring',
            '--count',
            '2000000',
            '--batch-size',
            '500000',
            '--json',
            '--max-records',
            '2000000',
          ],
          { cwd: work.path },
        )
        const seen = (text: string) =>
          new Promise<void>((resolve) => {
            const check = () => run.stderr().includes(text) && resolve()
            run.child.stderr.on('data', check)
            check()
          })
        await seen('"event":"progress"')
        run.child.kill('SIGINT')
        await seen('stopping after the current batch')
        run.child.kill('SIGINT')
        expect(await run.exited()).toEqual({ code: null, signal: 'SIGINT' })
        expect(run.stderr()).not.toMatch(/Interrupted by SIGINT/)
        const knex = knexFactory({ client: 'pg', connection: test.url })
        try {
          const row = (await knex.table('synthetic_data_sets').where({ id: 1 }).first()) as {
            status: string
            records_written: number
          }
          // Not marked failed: the process ended before it could; resume takes a `generating` dataset over.
          expect(row.status).toBe('generating')
          expect(Number(row.records_written) % 500_000).toBe(0)
        } finally {
          await knex.destroy()
        }
      } finally {
        await test.drop()
      }
    },
  )
})
