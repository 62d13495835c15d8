// What the schema costs a bulk load, on the servers: the same 1,000,000 monitoring rows, encoded beforehand,
// loaded by the engine's own bulk path (psql \copy binary, LOAD DATA LOCAL INFILE) into the typed table as the
// migrations make it, then with parts of it taken away: the foreign key to the dataset, then also the
// (facility_id, timestamp) index, then a bare table of the same columns with no key at all. Each load goes into
// a fresh database; the sequence runs twice and the table shows the mean, with ratios against the migrated
// table in the same run. It explains where `npm run bench` lands against the engines' best figures.
//
//   npm run bench:schema                      # PostgreSQL and MariaDB (a few minutes)
//   BENCH_ROWS=200000 BENCH_DIALECTS=pg npm run bench:schema
import { createToolkit } from '../src/commands/toolkit.js'
import type { BulkTarget } from '../src/dialects/dialect.js'
import { generateRecords } from '../src/generators/generate-records.js'
import { columnsOf } from '../src/generators/registry.js'
import { createDataset } from '../src/seeding/seed-runner.js'
import { BENCH_DIALECTS, DIALECT_LABELS, freshDatabase } from './bench-databases.js'
import { writeBenchResults } from './bench-results.js'
import { encodeRowsToFile, rawLoad, type ServerDialect } from './raw-load.js'
import { monitoringSpec } from './monitoring-bench.js'

const ROWS = Number(process.env['BENCH_ROWS'] ?? 1_000_000)
const ROUNDS = 2
const columns = columnsOf('monitoring')
const names = ['dataset_id', ...columns.map((c) => c.name)]
const spec = monitoringSpec(ROWS)

type Variant = 'migrated' | 'no foreign key' | 'no foreign key, no secondary index' | 'bare table, no keys'
const VARIANTS: readonly Variant[] = [
  'migrated',
  'no foreign key',
  'no foreign key, no secondary index',
  'bare table, no keys',
]

/** A fresh database at the latest schema with one empty dataset (id 1), changed as the variant says. */
async function prepare(
  dialect: ServerDialect,
  url: string,
  variant: Variant,
): Promise<{ table: string; datasetId: number }> {
  const toolkit = await createToolkit({ db: url, config: {}, useEnvironment: false })
  try {
    await toolkit.migrate.latest()
    const db = await toolkit.database()
    const plan = toolkit.plan({ types: ['monitoring'], count: ROWS })
    const datasetId = await createDataset(db, plan.datasets[0]!, 'typed')
    const table = db.tables.typed.monitoring.name
    const prefix = db.schema.tablePrefix
    const foreignKey = `${prefix}mon_ds_fk`
    const index = `${prefix}mon_fac_time_idx`
    if (variant === 'bare table, no keys') {
      await db.knex.raw('create table ?? as select * from ?? where 1 = 0', [`${table}_bare`, table])
      return { table: `${table}_bare`, datasetId }
    }
    if (variant !== 'migrated') {
      await db.knex.raw(
        dialect === 'pg' ? 'alter table ?? drop constraint ??' : 'alter table ?? drop foreign key ??',
        [table, foreignKey],
      )
    }
    if (variant === 'no foreign key, no secondary index') {
      if (dialect === 'pg') await db.knex.raw('drop index ??', [index])
      else await db.knex.raw('drop index ?? on ??', [index, table])
    }
    return { table, datasetId }
  } finally {
    await toolkit.close()
  }
}

const results: Record<string, Record<Variant, number[]>> = {}
for (const dialect of BENCH_DIALECTS) {
  if (dialect === 'sqlite') continue // its bulk path runs in-process: nothing to load from a file
  console.error(`${DIALECT_LABELS[dialect]}:`)
  const perVariant = Object.fromEntries(VARIANTS.map((v) => [v, [] as number[]])) as Record<Variant, number[]>
  results[dialect] = perVariant
  let file: string | undefined
  const encoded = await freshDatabase(dialect, 'schema_cost')
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of VARIANTS) {
        const db = await freshDatabase(dialect, 'schema_cost')
        try {
          const { table, datasetId } = await prepare(dialect, db.url, variant)
          if (!file) {
            const target: BulkTarget = {
              table: { name: table },
              fixed: [{ column: { name: 'dataset_id', type: 'integer' }, value: datasetId }],
              columns,
            }
            file = await encodeRowsToFile(dialect, target, generateRecords(spec), encoded.dir)
          }
          const rowsPerSecond = Math.round(ROWS / rawLoad(dialect, db.url, table, names, file))
          perVariant[variant].push(rowsPerSecond)
          console.error(`  ${variant}: ${rowsPerSecond.toLocaleString('en-US')} rows/s`)
        } finally {
          await db.drop()
        }
      }
    }
  } finally {
    await encoded.drop()
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
const lines = [
  `Raw bulk load of ${fmt(ROWS)} pre-encoded monitoring rows into the typed table, parts of the schema taken away; mean of ${ROUNDS} rounds, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
  'Ratios are against the table as migrated (primary key, foreign key to the dataset, (facility_id, timestamp) index), in the same run.',
  '',
  '| database | loader | ' + VARIANTS.join(' | ') + ' |',
  '|---|---|' + VARIANTS.map(() => '---:').join('|') + '|',
  ...Object.entries(results).map(([dialect, perVariant]) => {
    const base = mean(perVariant.migrated)
    const cells = VARIANTS.map((v) => {
      const rate = mean(perVariant[v])
      return v === 'migrated' ? `${fmt(rate)} rows/s` : `${fmt(rate)} rows/s (${(rate / base).toFixed(2)}×)`
    })
    const loader = dialect === 'pg' ? 'psql \\copy (binary)' : 'LOAD DATA LOCAL INFILE'
    return `| ${DIALECT_LABELS[dialect as ServerDialect]} | ${loader} | ${cells.join(' | ')} |`
  }),
]
const table = lines.join('\n')
console.log(table)
writeBenchResults('schema-cost', table, { node: process.version, rows: ROWS, rounds: ROUNDS, results })
