// Writes src/generators/built-in-definitions.ts, the registry's imports of the built-in data types, from the one
// hand-edited list of them: DATA_TYPES in src/generators/data-types.ts. Each id names its folder by convention
// (src/generators/<id>/<id>-type.ts, default-exporting the definition). `npm run build` and `npm test` run it
// first (`npm run generate` alone); test/unit/generators/built-in-definitions.test.ts fails while the file is
// out of date, and the compiler refuses an id without a definition there.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { DATA_TYPES } from '../src/generators/data-types.js'

/** The folder of the built-in data types. */
export const GENERATORS_DIRECTORY = fileURLToPath(new URL('../src/generators/', import.meta.url))

/** The generated module. */
export const BUILT_IN_DEFINITIONS_FILE = join(GENERATORS_DIRECTORY, 'built-in-definitions.ts')

/** What a contributor runs to bring the generated module up to date. */
export const GENERATE_COMMAND = 'npm run generate'

/** The variable a type's definition is imported as: `sensor_data` gives `sensorDataType`. */
const variableOf = (id: string) => `${id.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())}Type`

/** The text of `built-in-definitions.ts` for these ids, in their order (already as Prettier formats it). */
export function renderBuiltInDefinitions(ids: readonly string[]): string {
  return [
    `// Generated from DATA_TYPES (data-types.ts) by \`${GENERATE_COMMAND}\`: do not edit.`,
    `import type { DataType } from './data-types.js'`,
    ...ids.map((id) => `import ${variableOf(id)} from './${id}/${id}-type.js'`),
    '',
    "/** Every built-in data type's definition, by its id in `DATA_TYPES`, in that order. */",
    'export const BUILT_IN_DEFINITIONS = {',
    ...ids.map((id) => `  ${id}: ${variableOf(id)},`),
    '} satisfies Readonly<Record<DataType, { readonly id: string }>>',
    '',
  ].join('\n')
}

/**
 * What keeps the ids and the folders from matching, one line each: a listed id without its definition file,
 * or a folder holding a `<name>-type.ts` that `DATA_TYPES` does not list.
 */
export function typeFolderProblems(ids: readonly string[], directory = GENERATORS_DIRECTORY): string[] {
  const missing = ids
    .filter((id) => !existsSync(join(directory, id, `${id}-type.ts`)))
    .map((id) => `"${id}" is in DATA_TYPES but src/generators/${id}/${id}-type.ts does not exist`)
  const unlisted = readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !ids.includes(entry.name))
    .filter((entry) => existsSync(join(directory, entry.name, `${entry.name}-type.ts`)))
    .map((entry) => `src/generators/${entry.name}/ defines a data type: add '${entry.name}' to DATA_TYPES`)
  return [...missing, ...unlisted]
}

function main(): void {
  const problems = typeFolderProblems(DATA_TYPES)
  if (problems.length > 0) {
    for (const problem of problems) console.error(`generate: ${problem}`)
    process.exitCode = 1
    return
  }
  const text = renderBuiltInDefinitions(DATA_TYPES)
  const current = existsSync(BUILT_IN_DEFINITIONS_FILE) ? readFileSync(BUILT_IN_DEFINITIONS_FILE, 'utf8') : ''
  if (current !== text) {
    writeFileSync(BUILT_IN_DEFINITIONS_FILE, text)
    console.log(`generate: wrote src/generators/built-in-definitions.ts (${DATA_TYPES.join(', ')})`)
  }
}

const script = process.argv[1]
if (script !== undefined && import.meta.url === pathToFileURL(script).href) main()
