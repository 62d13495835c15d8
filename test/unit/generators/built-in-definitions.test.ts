import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DATA_TYPES } from '../../../src/generators/data-types.js'
import { dataTypeDefinitions } from '../../../src/generators/registry.js'
import {
  BUILT_IN_DEFINITIONS_FILE,
  GENERATE_COMMAND,
  renderBuiltInDefinitions,
  typeFolderProblems,
} from '../../../scripts/generate-built-in-types.js'

// DATA_TYPES is the one list of built-in types; the registry's imports of their definitions are generated.

describe('the built-in data types', () => {
  it('have one folder each, and every folder holding a <name>-type.ts is listed in DATA_TYPES', () => {
    expect(typeFolderProblems(DATA_TYPES)).toEqual([])
  })

  it(`are what built-in-definitions.ts imports (out of date: run \`${GENERATE_COMMAND}\`)`, () => {
    expect(
      readFileSync(BUILT_IN_DEFINITIONS_FILE, 'utf8'),
      `src/generators/built-in-definitions.ts is out of date: run \`${GENERATE_COMMAND}\``,
    ).toBe(renderBuiltInDefinitions(DATA_TYPES))
    expect(dataTypeDefinitions().map((d) => d.id)).toEqual([...DATA_TYPES])
  })

  it('import a type under a variable of its own, whatever its id', () => {
    const text = renderBuiltInDefinitions(['sensor_data'])
    expect(text).toContain("import sensorDataType from './sensor_data/sensor_data-type.js'")
    expect(text).toContain('  sensor_data: sensorDataType,')
  })

  it('name an id without a folder and a folder without an id', () => {
    expect(typeFolderProblems([...DATA_TYPES.filter((id) => id !== 'document'), 'sensor'])).toEqual([
      '"sensor" is in DATA_TYPES but src/generators/sensor/sensor-type.ts does not exist',
      "src/generators/document/ defines a data type: add 'document' to DATA_TYPES",
    ])
  })
})
