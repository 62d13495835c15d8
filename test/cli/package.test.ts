import { shippedMigrationNames } from '../../src/migrate/migration-source.js'
import Database from 'better-sqlite3'
import { execFile } from 'node:child_process'
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT, tempDir } from '../helpers/cli.js'

const MIGRATION_NAMES = await shippedMigrationNames()

const exec = promisify(execFile)

// The package as a user gets it: packed, installed into an empty project with only its runtime
// dependencies (no TypeScript, no dev tools), and run through its bin.
let project: { path: string; cleanup: () => Promise<void> }
let bin: string
/** What npm printed on stderr while installing the package into the host project. */
let installWarnings: string

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
  // From npm's cache where it can (a fresh machine's `npm ci` caches tarballs but not the registry's package
  // metadata, so `--offline` alone fails there), without install scripts: better-sqlite3's would compile
  // SQLite from source (minutes, as no prebuilt binary can be downloaded here). The same version's binary, built by the repository's
  // own install, goes in its place; any other version is built as the user's install would build it.
  const installed = await exec(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      join(project.path, filename),
    ],
    { cwd: project.path, maxBuffer: 16 * 1024 * 1024 },
  )
  installWarnings = installed.stderr
  const native = 'node_modules/better-sqlite3'
  const version = async (root: string) =>
    (JSON.parse(await readFile(join(root, native, 'package.json'), 'utf8')) as { version: string }).version
  if ((await version(project.path)) === (await version(REPO_ROOT))) {
    await mkdir(join(project.path, native, 'build/Release'), { recursive: true })
    await copyFile(
      join(REPO_ROOT, native, 'build/Release/better_sqlite3.node'),
      join(project.path, native, 'build/Release/better_sqlite3.node'),
    )
  } else {
    await exec('npm', ['rebuild', 'better-sqlite3'], { cwd: project.path, maxBuffer: 16 * 1024 * 1024 })
  }
  bin = join(project.path, 'node_modules/.bin/tailingsiq-seed')
}, 600_000)

afterAll(async () => project.cleanup())

// The files the package wrote, read in process with the repository's better-sqlite3 (the package's own runs use
// the installed copy).
const sqlite = (file: string, sql: string): unknown[] => {
  const db = new Database(file, { fileMustExist: true, readonly: true })
  try {
    return db.prepare(sql).all()
  } finally {
    db.close()
  }
}

describe('the installed package', () => {
  it('ships without dev dependencies such as TypeScript', async () => {
    await expect(readFile(join(project.path, 'node_modules/typescript/package.json'))).rejects.toThrow()
    const pkg = JSON.parse(
      await readFile(join(project.path, 'node_modules/tailingsiq-seed/package.json'), 'utf8'),
    ) as { engines: { node: string } }
    expect(pkg.engines.node).toBe('>=20.19')
  })

  it(`installs into a host project without an engine warning on this Node (${process.version})`, () => {
    // A host resolves the dependencies afresh, without the repository's lock file: fastify's light-my-request
    // 6.8 would bring cookie 2, which asks for Node 22 (the package's own light-my-request ~6.6 is shared instead).
    expect(installWarnings).not.toMatch(/EBADENGINE/)
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

describe('npx tailingsiq-seed run in an empty project', () => {
  it('creates tailingsiq.sqlite with every table filled (through the installed better-sqlite3)', async () => {
    // A folder of its own, outside the test project (whose config the search would find).
    const empty = await tempDir('tailingsiq-empty-')
    const dir = empty.path
    const { stdout } = await exec(bin, ['run', '--json'], { cwd: dir })
    const summary = JSON.parse(stdout) as { datasets: { status: string }[] }
    expect(summary.datasets.map((d) => d.status)).toEqual(Array(6).fill('completed'))
    const counts = sqlite(
      join(dir, 'tailingsiq.sqlite'),
      `select (select count(*) from synthetic_data_sets) as sets, (select count(*) from synthetic_data_records) as records,
              (select count(*) from synthetic_record_view) as view, (select count(*) from synthetic_facilities) as facilities,
              (select count(*) from synthetic_monitoring_data) as monitoring, (select count(*) from synthetic_financial_data) as financial`,
    ) as Record<string, number>[]
    // Each record once, in its typed table (storage typed, the default); the view shows all 6,000 as JSON records.
    expect(counts[0]).toEqual({
      sets: 6,
      records: 0,
      view: 6000,
      facilities: 5,
      monitoring: 1000,
      financial: 1000,
    })
    // The report inlines the chart library from the installed vega and vega-lite packages.
    const report = await exec(bin, ['report', '--all', '--out', 'report.html', '--json'], { cwd: dir })
    expect(JSON.parse(report.stdout)).toMatchObject({ out: 'report.html', datasets: [1, 2, 3, 4, 5, 6] })
    const html = await readFile(join(dir, 'report.html'), 'utf8')
    expect(html).toContain('vegaLite')
    expect(html).toContain('id="chart-1-')
    await empty.cleanup()
  })
})

describe('a host application using its own knexfile and the knex CLI', () => {
  // The knex CLI the host gets with the package (hoisted into the project's node_modules/.bin).
  const knex = async (dir: string, args: string[], env: Record<string, string> = {}) =>
    exec(join(project.path, 'node_modules/.bin/knex'), args, { cwd: dir, env: { ...process.env, ...env } })

  const makeHost = async (name: string, pkg: object, knexfile: { name: string; text: string }) => {
    const dir = join(project.path, name)
    await mkdir(dir)
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name, private: true, ...pkg }))
    await writeFile(join(dir, knexfile.name), knexfile.text)
    // Its own config, so the search stops here rather than at the test project's.
    await writeFile(
      join(dir, 'tailingsiq.config.json'),
      JSON.stringify({ plan: [{ type: 'compliance', count: 40 }] }),
    )
    return dir
  }

  it('CommonJS host (no "type"): knexfile.js require()s the package; created_by is the OS user', async () => {
    const dir = await makeHost(
      'cjs-host',
      {},
      {
        name: 'knexfile.js',
        text: `const { migrationsDirectory, seedsDirectory } = require('tailingsiq-seed')

module.exports = {
  client: 'better-sqlite3',
  connection: { filename: './host.sqlite' },
  useNullAsDefault: true,
  migrations: { directory: migrationsDirectory, tableName: 'tailingsiq_migrations', loadExtensions: ['.js'] },
  seeds: { directory: seedsDirectory, loadExtensions: ['.js'] },
}
`,
      },
    )
    // No --knexfile: knex finds knexfile.js in the working directory, as `npx knex migrate:latest` does.
    const migrate = await knex(dir, ['migrate:latest'])
    expect(migrate.stdout).toMatch(`Batch 1 run: ${MIGRATION_NAMES.length} migrations`)
    expect(migrate.stderr).toBe('')
    const seed = await knex(dir, ['seed:run'])
    expect(seed.stdout).toMatch(/Ran 1 seed files/)
    expect(
      sqlite(join(dir, 'host.sqlite'), `select data_type, status, created_by from synthetic_data_sets`),
    ).toEqual([{ data_type: 'compliance', status: 'completed', created_by: userInfo().username }])
  })

  it('ESM host ("type": "module"): runs the shipped migrations and seeds, recorded under the toolkit\'s names', async () => {
    const dir = await makeHost(
      'esm-host',
      { type: 'module' },
      {
        name: 'knexfile.js',
        text: `import { migrationsDirectory, seedsDirectory } from 'tailingsiq-seed'

export default {
  client: 'better-sqlite3',
  connection: { filename: './host.sqlite' },
  useNullAsDefault: true,
  migrations: { directory: migrationsDirectory, tableName: 'tailingsiq_migrations', loadExtensions: ['.js'] },
  seeds: { directory: seedsDirectory, loadExtensions: ['.js'] },
}
`,
      },
    )
    const migrate = await knex(dir, ['migrate:latest'])
    expect(migrate.stdout).toMatch(`Batch 1 run: ${MIGRATION_NAMES.length} migrations`)
    const seed = await knex(dir, ['seed:run'], { TAILINGSIQ_OWNER: 'ci-pipeline' })
    expect(seed.stdout).toMatch(/Ran 1 seed files/)
    const rows = sqlite(
      join(dir, 'host.sqlite'),
      `select data_type, status, records_written, created_by from synthetic_data_sets`,
    )
    expect(rows).toEqual([
      { data_type: 'compliance', status: 'completed', records_written: 40, created_by: 'ci-pipeline' },
    ])
    // The toolkit sees the host's migrations as its own, and can take them down again.
    const status = await exec(bin, ['migrate', 'status', '--db', 'sqlite:./host.sqlite', '--json'], {
      cwd: dir,
    })
    expect(
      (JSON.parse(status.stdout) as { migrations: { applied: boolean }[] }).migrations.every(
        (m) => m.applied,
      ),
    ).toBe(true)
    await exec(bin, ['migrate', 'rollback', '--all', '--yes', '--db', 'sqlite:./host.sqlite'], { cwd: dir })
    expect(
      sqlite(
        join(dir, 'host.sqlite'),
        `select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`,
      ),
    ).toEqual([])
  })
})

describe('a clone of the repository', () => {
  it(`installs from its lock file without an engine warning on this Node (${process.version})`, async () => {
    // The README promises Node ≥ 20.19: no locked package may ask for more (cookie 2 asked for Node 22).
    const dir = await tempDir('tailingsiq-lock-')
    for (const file of ['package.json', 'package-lock.json'])
      await writeFile(join(dir.path, file), await readFile(join(REPO_ROOT, file)))
    const { stderr } = await exec(
      'npm',
      ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'],
      { cwd: dir.path },
    )
    expect(stderr).not.toMatch(/EBADENGINE/)
    await dir.cleanup()
  })

  it('has `prepare` do nothing once dist/ is built, so `npx tailingsiq-seed` there starts without recompiling', async () => {
    // npm (≥ 7) runs a project's own bin by installing the project into its npx cache, which runs `prepare`.
    const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>
    }
    const project = /^tsc -b (\S+)$/.exec(pkg.scripts['prepare'] ?? '')?.[1]
    expect(project, 'prepare is an incremental `tsc -b <tsconfig>`').toBeDefined()
    const { stdout } = await exec(
      join(REPO_ROOT, 'node_modules/.bin/tsc'),
      ['-b', project ?? '', '--dry', '--verbose'],
      { cwd: REPO_ROOT },
    )
    expect(stdout).toMatch(/is up to date/)
    expect(stdout).not.toMatch(/would build/)
  })
})
