import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src/config/load-config.js'
import { ConfigError, TailingsiqError } from '../../../src/errors.js'
import { tempDir } from '../../helpers/cli.js'

let dir: { path: string; cleanup: () => Promise<void> }
beforeEach(async () => (dir = await tempDir()))
afterEach(async () => dir.cleanup())

const write = (name: string, text: string) => writeFile(join(dir.path, name), text)

async function loadError(options: { cwd: string; configPath?: string }): Promise<TailingsiqError> {
  try {
    await loadConfig(options)
  } catch (error) {
    if (error instanceof TailingsiqError) return error
    throw error
  }
  throw new Error('expected loadConfig to fail')
}

describe('loadConfig', () => {
  it('returns an empty config when there is no file', async () => {
    expect(await loadConfig({ cwd: dir.path })).toEqual({ config: {} })
  })

  it('loads a TypeScript config with types, transpiled at run time', async () => {
    await write(
      'tailingsiq.config.ts',
      `type Plan = { type: 'monitoring'; count: number }[]
const plan: Plan = [{ type: 'monitoring', count: 10 }]
export default { seed: 7, facilities: 3 as number, plan, parameters: { monitoring: { interval: '1d', start: '2023-01-01' } } }
`,
    )
    const { config, filepath } = await loadConfig({ cwd: dir.path })
    expect(filepath).toBe(join(dir.path, 'tailingsiq.config.ts'))
    expect(config.seed).toBe(7)
    expect(config.plan).toEqual([{ type: 'monitoring', count: 10 }])
    expect(config.parameters?.monitoring).toMatchObject({ interval: '1d', start: '2023-01-01T00:00:00.000Z' })
  })

  it.each([
    ['tailingsiq.config.mjs', 'export default { seed: 11 }'],
    ['tailingsiq.config.js', 'export default { seed: 11 }'],
    ['tailingsiq.config.cjs', 'module.exports = { seed: 11 }'],
    ['tailingsiq.config.json', '{ "seed": 11 }'],
    ['package.json', '{ "name": "host", "type": "module", "tailingsiq": { "seed": 11 } }'],
  ])('finds %s', async (name, text) => {
    if (name !== 'package.json') await write('package.json', '{ "name": "host", "type": "module" }')
    await write(name, text)
    expect((await loadConfig({ cwd: dir.path })).config.seed).toBe(11)
  })

  it('searches up from a sub-folder to the project root', async () => {
    await write('package.json', '{ "name": "host" }')
    await write('tailingsiq.config.json', '{ "facilities": 9 }')
    await mkdir(join(dir.path, 'a/b'), { recursive: true })
    expect((await loadConfig({ cwd: join(dir.path, 'a/b') })).config.facilities).toBe(9)
  })

  it('loads the file named by configPath, and fails clearly when it does not exist', async () => {
    await write('other.json', '{ "seed": 5 }')
    expect((await loadConfig({ cwd: dir.path, configPath: 'other.json' })).config.seed).toBe(5)
    const error = await loadError({ cwd: dir.path, configPath: 'missing.ts' })
    expect(error.code).toBe('CONFIG_NOT_FOUND')
    expect(error.message).toBe('Config file missing.ts does not exist (from --config)')
  })

  it('names the key path, the expectation and the value of an invalid setting', async () => {
    await write('tailingsiq.config.json', '{ "plan": [{ "type": "monitoring", "count": -5 }] }')
    const error = await loadError({ cwd: dir.path })
    expect(error).toBeInstanceOf(ConfigError)
    expect(error.message).toContain('tailingsiq.config.json')
    expect(error.message).toContain('plan[0].count: expected a whole number ≥ 1, got -5')
  })

  it.each([
    ['{ "seed": "abc" }', 'seed: expected a number, got "abc"'],
    ['{ "seed": 1.5 }', 'seed: expected a whole number, got 1.5'],
    ['{ "sead": 1 }', 'unknown key "sead"'],
    [
      '{ "plan": [{ "type": "tailings", "count": 1 }] }',
      'plan[0].type: expected one of monitoring, document',
    ],
    ['{ "tablePrefix": "x; drop table y" }', 'tablePrefix: expected letters, digits and _'],
    [
      '{ "owners": { "table": "users", "column": "id--" } }',
      'owners.column: expected a plain SQL identifier',
    ],
    [
      '{ "parameters": { "monitoring": { "interval": "fortnightly" } } }',
      'parameters.monitoring.interval: expected an interval',
    ],
    [
      '{ "parameters": { "document": { "start": "2024-05-01", "end": "2024-01-01" } } }',
      'parameters.document.end: end must be after start',
    ],
  ])('rejects %s', async (json, expected) => {
    await write('tailingsiq.config.json', json)
    expect((await loadError({ cwd: dir.path })).message).toContain(expected)
  })

  it('reports a config file that throws or does not parse as the user code at fault', async () => {
    await write('tailingsiq.config.mjs', 'throw new Error("boom")')
    const thrown = await loadError({ cwd: dir.path })
    expect(thrown.code).toBe('USER_CODE_THREW')
    expect(thrown.message).toContain('boom')

    await write('broken.json', '{ "seed": 1,, }')
    const malformed = await loadError({ cwd: dir.path, configPath: 'broken.json' })
    expect(malformed.code).toBe('USER_CODE_THREW')
    expect(malformed.message).toContain('broken.json')
  })

  it.each([
    ['broken.json', '{\n  "seed": 1,,\n}\n', ':2:13: invalid JSON: Expected double-quoted property name'],
    ['cut.json', '{\n  "seed": 1', ':2:12: invalid JSON: '],
    ['broken.ts', 'const a: number = 1\nexport default { seed: a,\n', ':3:1: syntax error: Unexpected token'],
    ['broken.mjs', 'const a = 1\n\nexport default { seed: = }\n', ':3:24: syntax error: '],
    ['throws.cjs', 'const a = 1\nmodule.exports = { seed: nothing }\n', ':2:26: nothing is not defined'],
  ])('names file:line:column of a config that does not load: %s', async (name, text, where) => {
    await write(name, text)
    const error = await loadError({ cwd: dir.path, configPath: name })
    expect(error.code).toBe('USER_CODE_THREW')
    expect(error.message).toContain(`Could not load the config file ${join(dir.path, name)}${where}`)
    expect(error.message).not.toContain('\n')
  })
})
