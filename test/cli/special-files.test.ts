import { spawn, spawnSync } from 'node:child_process'
import { existsSync, lstatSync } from 'node:fs'
import { mkdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, runCliInProcess, tempDir } from '../helpers/cli.js'

// `export --force` and `generate --force` wrote a temporary file and renamed it over the target, which
// turned `/dev/full` into a regular file (exit 0) and replaced symbolic links and FIFOs. The two
// reproductions run as real processes (their exit codes are the point); the other cases run in process.
let work: { path: string; cleanup: () => Promise<void> }
const at = (name: string) => join(work.path, name)
const db = () => ['--db', `sqlite:${at('seeded.sqlite')}`]
const exportArgs = (out: string, ...more: string[]) => [
  'export',
  '1',
  '--format',
  'csv',
  '--out',
  out,
  ...more,
  ...db(),
]
const exportCsv = (out: string, ...more: string[]) =>
  runCliInProcess(exportArgs(out, ...more), { cwd: work.path })
const exportCsvProcess = (out: string, ...more: string[]) =>
  runCli(exportArgs(out, ...more), { cwd: work.path })
const HAS_DEV_FULL = existsSync('/dev/full')
const HAS_MKFIFO = process.platform !== 'win32' && spawnSync('mkfifo', ['--version']).status === 0

beforeAll(async () => {
  work = await tempDir()
  const seeded = await runCliInProcess(['run', '--types', 'document', '--count', '20', '--quiet', ...db()], {
    cwd: work.path,
  })
  expect(seeded.exitCode, seeded.stderr).toBe(0)
})
afterAll(async () => work.cleanup())

describe('export to special files', () => {
  it('writes through a symbolic link to its target and keeps the link', async () => {
    await writeFile(at('target.csv'), 'old')
    await symlink('target.csv', at('link.csv'))
    const result = await exportCsvProcess('link.csv', '--force')
    expect(result.exitCode, result.stderr).toBe(0)
    expect(lstatSync(at('link.csv')).isSymbolicLink()).toBe(true)
    expect(await readlink(at('link.csv'))).toBe('target.csv')
    expect((await readFile(at('target.csv'), 'utf8')).split('\r\n')).toHaveLength(22)
  })

  it('creates the file a dangling link names, and refuses one into a missing folder', async () => {
    await symlink('new.csv', at('dangling.csv'))
    expect((await exportCsv('dangling.csv')).exitCode).toBe(0)
    expect(lstatSync(at('dangling.csv')).isSymbolicLink()).toBe(true)
    expect(lstatSync(at('new.csv')).isFile()).toBe(true)
    await symlink('nowhere/x.csv', at('lost.csv'))
    const lost = await exportCsv('lost.csv', '--force')
    expect(lost.exitCode).toBe(2)
    expect(lost.stderr).toMatch(/Cannot write .*lost\.csv: folder .*nowhere does not exist\n$/)
  })

  it.skipIf(!HAS_DEV_FULL)('fails on /dev/full with ENOSPC and leaves the device alone', async () => {
    const result = await exportCsvProcess('/dev/full', '--force')
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toBe('tailingsiq-seed: Cannot write /dev/full: no space left on device (ENOSPC)\n')
    expect(lstatSync('/dev/full').isCharacterDevice()).toBe(true)
  })

  it('streams to /dev/null and leaves it a device', async () => {
    const result = await exportCsv('/dev/null', '--force')
    expect(result.exitCode, result.stderr).toBe(0)
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true)
  })

  it.skipIf(!HAS_MKFIFO)('streams into a FIFO and leaves it a FIFO', async () => {
    const fifo = at('pipe.csv')
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0)
    const reader = spawn('cat', [fifo])
    let read = ''
    reader.stdout.setEncoding('utf8').on('data', (d: string) => (read += d))
    const closed = new Promise((resolve) => reader.on('close', resolve))
    const result = await exportCsv('pipe.csv', '--force')
    await closed
    expect(result.exitCode, result.stderr).toBe(0)
    expect(read.split('\r\n')).toHaveLength(22)
    expect(lstatSync(fifo).isFIFO()).toBe(true)
  })

  it('refuses a folder', async () => {
    await mkdir(at('folder'))
    const result = await exportCsv('folder', '--force')
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(/Cannot write .*folder: it is a folder; name a file\n$/)
  })

  it('writes to stdout with `--out -` as with `--out=-`', async () => {
    const spaced = await exportCsv('-')
    expect(spaced.exitCode, spaced.stderr).toBe(0)
    expect(spaced.stdout.split('\r\n')).toHaveLength(22)
    const joined = await runCliInProcess(['export', '1', '--format', 'csv', '--out=-', ...db()], {
      cwd: work.path,
    })
    expect(joined.stdout).toBe(spaced.stdout)
  })
})

describe('generate into special files', () => {
  it.skipIf(!HAS_DEV_FULL)('keeps a link in the output folder and fails on /dev/full behind it', async () => {
    const out = at('generated')
    await mkdir(out)
    await writeFile(at('real.json'), 'old')
    await symlink('../real.json', join(out, 'document.json'))
    const args = ['generate', '--type', 'document', '--count', '3', '--output-dir', out, '--force']
    const written = await runCliInProcess(args, { cwd: work.path })
    expect(written.exitCode, written.stderr).toBe(0)
    expect(lstatSync(join(out, 'document.json')).isSymbolicLink()).toBe(true)
    expect(JSON.parse(await readFile(at('real.json'), 'utf8'))).toHaveLength(3)

    await symlink('/dev/full', join(out, 'financial.json'))
    const full = await runCliInProcess([...args.slice(0, 2), 'financial', ...args.slice(3)], {
      cwd: work.path,
    })
    expect(full.exitCode).toBe(2)
    expect(full.stderr).toMatch(/Cannot write .*financial\.json: no space left on device \(ENOSPC\)\n$/)
    expect(lstatSync(join(out, 'financial.json')).isSymbolicLink()).toBe(true)
    expect(lstatSync('/dev/full').isCharacterDevice()).toBe(true)
  })
})
