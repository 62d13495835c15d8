import { join } from 'node:path'
import knexFactory from 'knex'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildCli } from '../../src/cli/build-cli.js'
import { createToolkit } from '../../src/commands/toolkit.js'
import { tempDir } from '../helpers/cli.js'

// A name any writer could store (the API lets an admin set one): cursor and screen control, a window title
// via OSC ended by BEL, a C1 CSI, and a right-to-left override that would show "txt.exe" as "exe.txt".
const HOSTILE = 'pond\x1b[2J\x1b]0;owned\x07 \u009b31m report\u202etxt.exe\u2066'
// eslint-disable-next-line no-control-regex
const RAW = /[\x1b\x07\u009b\u202e\u2066]/

let work: { path: string; cleanup: () => Promise<void> }
let url: string
beforeAll(async () => {
  work = await tempDir()
  url = `sqlite:${join(work.path, 'escape.sqlite')}`
  const toolkit = await createToolkit({ db: url, config: { facilities: 2 }, useEnvironment: false })
  await toolkit.run({ types: ['monitoring'], count: 40 })
  await toolkit.close()
  // Stored behind the toolkit's back, so the test holds whatever names the toolkit itself accepts.
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: join(work.path, 'escape.sqlite') },
    useNullAsDefault: true,
  })
  await knex.table('synthetic_data_sets').where({ id: 1 }).update({ name: HOSTILE, description: HOSTILE })
  await knex.destroy()
})
afterAll(async () => work.cleanup())

/** Runs the CLI in this process and returns what it wrote to stdout. */
async function cli(args: readonly string[]): Promise<string> {
  let out = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk)
    return true
  })
  try {
    await buildCli([...args, '--db', url]).parseAsync()
  } finally {
    vi.restoreAllMocks()
  }
  return out
}

describe('user-supplied text on a terminal', () => {
  it.each([
    ['datasets list', ['datasets', 'list']],
    ['datasets show', ['datasets', 'show', '1', '--sample', '1']],
    ['stats', ['stats', '1']],
  ])('%s shows control and bidi characters as escapes', async (_, args) => {
    const out = await cli(args)
    expect(out).not.toMatch(RAW)
    expect(out).toContain('pond\\u001b[2J\\u001b]0;owned\\u0007 \\u009b31m report\\u202etxt.exe\\u2066')
  })

  it('keeps the exact name under --json', async () => {
    const page = JSON.parse(await cli(['datasets', 'list', '--json'])) as { datasets: { name: string }[] }
    expect(page.datasets[0]!.name).toBe(HOSTILE)
    const shown = JSON.parse(await cli(['datasets', 'show', '1', '--json'])) as { description: string }
    expect(shown.description).toBe(HOSTILE)
  })
})
