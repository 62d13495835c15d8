import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { defaultMigrationsTable } from '../../../src/config/defaults.js'
import { resolveSettings } from '../../../src/config/settings.js'
import { reasonOf } from '../../../src/dialects/open-database.js'
import {
  listMigrationFiles,
  ShippedMigrationSource,
  shippedMigrationNames,
} from '../../../src/migrate/migration-source.js'

const dir = fileURLToPath(new URL('../../../migrations/', import.meta.url))
const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map(
    (m) => m[1],
  )

describe('released migrations', () => {
  it('import only knex and the frozen helpers beside them, never the toolkit', () => {
    const migrations = readdirSync(dir).filter((f) => f.endsWith('.ts'))
    expect(migrations.length).toBeGreaterThanOrEqual(5)
    const helpers = readdirSync(dir + 'lib').map((f) => `./lib/${f.replace(/\.ts$/, '.js')}`)
    expect(helpers).toContain('./lib/frozen-schema.js')
    for (const file of migrations) {
      for (const source of importsOf(dir + file)) expect(['knex', ...helpers], file).toContain(source)
    }
    // A helper may build on another helper beside it, and on nothing else.
    const beside = helpers.map((h) => h.replace('./lib/', './'))
    for (const file of readdirSync(dir + 'lib')) {
      for (const source of importsOf(`${dir}lib/${file}`)) expect(['knex', ...beside], file).toContain(source)
    }
  })

  it("run inside Knex's transaction: none opts out with `config.transaction`", async () => {
    // Without the batch transaction Knex does not re-read what another process migrated while this one
    // waited for the lock, and runs those migrations a second time (two `run`s on a fresh SQLite file did).
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const module = (await import(dir + file)) as { config?: unknown }
      expect(module.config, file).toBeUndefined()
    }
  })

  it('are what Knex finds in the folder (the helper in lib/ is not taken for one)', async () => {
    // The knexfile path of host applications: Knex lists the files directly in `directory`.
    const require = createRequire(import.meta.url)
    const { FsMigrations } = require('knex/lib/migrations/migrate/sources/fs-migrations.js') as {
      FsMigrations: new (
        dirs: string[],
        sortDirs: boolean,
        extensions: string[],
      ) => {
        getMigrations(extensions: string[]): Promise<{ file: string }[]>
      }
    }
    const found = await new FsMigrations([dir], false, ['.ts']).getMigrations(['.ts'])
    expect(found.map((m) => m.file.replace(/\.ts$/, '.js'))).toEqual(await shippedMigrationNames())
  })
})

describe('the shipped migration source', () => {
  it('runs every migration file in migrations/, named .js, oldest first, with nothing to list by hand', async () => {
    const files = readdirSync(dir).filter((f) => /^\d{14}_\w+\.ts$/.test(f))
    const source = new ShippedMigrationSource()
    const migrations = await source.getMigrations()
    expect(migrations.map((m) => source.getMigrationName(m))).toEqual(
      files.sort().map((f) => f.replace(/\.ts$/, '.js')),
    )
    for (const migration of migrations) {
      const loaded = await source.getMigration(migration)
      expect(typeof loaded.up, migration.name).toBe('function')
      expect(typeof loaded.down, migration.name).toBe('function')
    }
  })

  it('takes <14 digits>_<name>.js or .ts files only, once each, sorted (no declarations, maps or lib/)', async () => {
    // What a built folder (dist/migrations) holds beside its migrations.
    const folder = mkdtempSync(join(tmpdir(), 'i12-migrations-'))
    try {
      mkdirSync(join(folder, 'lib'))
      for (const file of [
        '20270101000200_second.js',
        '20270101000200_second.js.map',
        '20270101000200_second.d.ts',
        '20270101000200_second.d.ts.map',
        '20270101000100_first.ts',
        '20270101000100_first.js',
        '2027_short.js',
        'README.md',
        'lib/frozen-schema.js',
      ])
        writeFileSync(join(folder, file), '')
      const found = await listMigrationFiles(folder)
      expect(found.map((m) => m.name)).toEqual(['20270101000100_first.js', '20270101000200_second.js'])
      // Under Vitest this module runs as TypeScript, so the .ts of a migration in both forms is taken.
      expect(found.map((m) => m.file)).toEqual([
        join(folder, '20270101000100_first.ts'),
        join(folder, '20270101000200_second.js'),
      ])
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  })
})

describe('defaultMigrationsTable', () => {
  it('keeps tailingsiq_migrations for the default prefix and gives every other prefix its own', () => {
    expect(defaultMigrationsTable('synthetic_')).toBe('tailingsiq_migrations')
    expect(defaultMigrationsTable('other_')).toBe('other_migrations')
    expect(defaultMigrationsTable('')).toBe('tailingsiq_unprefixed_migrations')
  })

  it('is the migrations table of settings that name none', () => {
    expect(resolveSettings({ config: { tablePrefix: 'other_' } }).migrationsTable).toBe('other_migrations')
    expect(resolveSettings({ config: {} }).migrationsTable).toBe('tailingsiq_migrations')
    expect(
      resolveSettings({ config: { tablePrefix: 'other_', migrationsTable: 'shared' } }).migrationsTable,
    ).toBe('shared')
  })
})

describe('reasonOf', () => {
  it("keeps the engine's message of a failed statement, never the statement", () => {
    const knexError = (message: string, extra: object = {}) =>
      Object.assign(
        new Error(`create table \`synthetic_data_sets\` (\`id\` int unsigned not null) - ${message}`),
        extra,
      )
    expect(reasonOf(knexError("Table 'synthetic_data_sets' already exists"))).toBe(
      "Table 'synthetic_data_sets' already exists",
    )
    expect(reasonOf(knexError('x', { sqlMessage: "Table 'synthetic_data_sets' already exists" }))).toBe(
      "Table 'synthetic_data_sets' already exists",
    )
    expect(reasonOf(new Error('connect ECONNREFUSED 127.0.0.1:5432'))).toBe(
      'connect ECONNREFUSED 127.0.0.1:5432',
    )
  })
})
