import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT, tempDir } from '../helpers/cli.js'

const exec = promisify(execFile)

// The package as a user gets it: packed, installed into an empty project with only its runtime
// dependencies (no TypeScript, no dev tools), and run through its bin.
let project: { path: string; cleanup: () => Promise<void> }
let bin: string

beforeAll(async () => {
  project = await tempDir('tailingsiq-pack-')
  // --ignore-scripts: `prepare` would rebuild dist/ under the feet of the tests running beside this one.
  const { stdout } = await exec(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', project.path],
    { cwd: REPO_ROOT },
  )
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }]
  await writeFile(
    join(project.path, 'package.json'),
    JSON.stringify({ name: 'host-app', private: true, type: 'module' }),
  )
  await exec(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', join(project.path, filename)],
    {
      cwd: project.path,
      maxBuffer: 16 * 1024 * 1024,
    },
  )
  bin = join(project.path, 'node_modules/.bin/tailingsiq-seed')
}, 600_000)

afterAll(async () => project.cleanup())

describe('the installed package', () => {
  it('ships without dev dependencies such as TypeScript', async () => {
    await expect(readFile(join(project.path, 'node_modules/typescript/package.json'))).rejects.toThrow()
    const pkg = JSON.parse(
      await readFile(join(project.path, 'node_modules/tailingsiq-seed/package.json'), 'utf8'),
    ) as { engines: { node: string } }
    expect(pkg.engines.node).toBe('>=20.19')
  })

  it('loads a tailingsiq.config.ts that imports defineConfig from the package', async () => {
    await writeFile(
      join(project.path, 'tailingsiq.config.ts'),
      `import { defineConfig } from 'tailingsiq-seed'

export default defineConfig({
  seed: 77,
  facilities: 2,
  parameters: { monitoring: { interval: '1d', start: '2022-06-01' } },
})
`,
    )
    const { stdout } = await exec(bin, ['preview', 'monitoring', '--count', '4', '--json'], {
      cwd: project.path,
    })
    const records = JSON.parse(stdout) as { timestamp: string; facility_id: string }[]
    expect(records.map((r) => r.timestamp)).toEqual([
      '2022-06-01T00:00:00.000Z',
      '2022-06-02T00:00:00.000Z',
      '2022-06-01T00:00:00.000Z',
      '2022-06-02T00:00:00.000Z',
    ])
    expect(new Set(records.map((r) => r.facility_id)).size).toBe(2)
  })

  it('exposes the typed programmatic API', async () => {
    await writeFile(
      join(project.path, 'use-api.mjs'),
      `import { generateRecords, resolveDatasetSpec } from 'tailingsiq-seed'
const spec = resolveDatasetSpec({ type: 'geotechnical', count: 3, defaultCount: 1, facilities: 1, seed: 1 })
console.log(JSON.stringify([...generateRecords(spec)].map((r) => r.record_index)))
`,
    )
    const { stdout } = await exec(process.execPath, ['use-api.mjs'], { cwd: project.path })
    expect(stdout.trim()).toBe('[0,1,2]')
  })
})
