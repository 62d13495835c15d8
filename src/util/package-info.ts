import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const PACKAGE_NAME = 'tailingsiq-seed'

let cachedRoot: string | undefined

/**
 * The folder of this package's package.json, found by walking up from this module, so the same code works
 * from `src/` (tests), `dist/src/` (built) and an installed copy in `node_modules`.
 */
export function packageRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }
      if (pkg.name === PACKAGE_NAME) return (cachedRoot = dir)
    } catch {
      // no package.json at this level: keep walking up
    }
    const parent = dirname(dir)
    if (parent === dir)
      throw new Error(`Cannot find the ${PACKAGE_NAME} package.json above ${import.meta.url}`)
    dir = parent
  }
}

/** The version of this package, from its package.json. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }
  return pkg.version
}
