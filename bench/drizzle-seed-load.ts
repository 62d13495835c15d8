// The peer seeder measured beside the toolkit: drizzle-seed (dev dependency) filling a table of the monitoring
// columns through drizzle-orm's driver for each engine (node-postgres, mysql2, better-sqlite3). The drizzle schema
// is made from the same column definitions as the toolkit's typed table, so both write the same columns; the
// table itself is the bare copy the raw baseline loads into (no key, index or partition). drizzle-seed keeps
// every row it makes in memory and sends multi-row INSERTs sized to the driver's parameter limit as it goes.
import BetterSqlite3 from 'better-sqlite3'
import { drizzle as drizzleMysql } from 'drizzle-orm/mysql2'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3'
import * as mysqlCore from 'drizzle-orm/mysql-core'
import * as pgCore from 'drizzle-orm/pg-core'
import * as sqliteCore from 'drizzle-orm/sqlite-core'
import { seed } from 'drizzle-seed'
import mysql from 'mysql2/promise'
import pg from 'pg'
import type { ColumnSpec } from '../src/generators/columns.js'

type Dialect = 'pg' | 'mysql' | 'sqlite'

/** A drizzle column builder of each dialect for a toolkit column type. */
function columnOf(dialect: Dialect, spec: ColumnSpec): unknown {
  const name = spec.name
  if (dialect === 'pg') {
    switch (spec.type) {
      case 'integer':
        return pgCore.integer(name)
      case 'bigint':
        return pgCore.bigint(name, { mode: 'number' })
      case 'float':
        return pgCore.doublePrecision(name)
      case 'uuid':
        return pgCore.uuid(name)
      case 'timestamp':
        return pgCore.timestamp(name, { precision: 3 })
      case 'date':
        return pgCore.date(name)
      case 'boolean':
        return pgCore.boolean(name)
      default:
        return spec.length === undefined ? pgCore.text(name) : pgCore.varchar(name, { length: spec.length })
    }
  }
  if (dialect === 'mysql') {
    switch (spec.type) {
      case 'integer':
        return mysqlCore.int(name)
      case 'bigint':
        return mysqlCore.bigint(name, { mode: 'number' })
      case 'float':
        return mysqlCore.double(name)
      case 'uuid':
        return mysqlCore.char(name, { length: 36 })
      case 'timestamp':
        return mysqlCore.datetime(name, { fsp: 3 })
      case 'date':
        return mysqlCore.date(name)
      case 'boolean':
        return mysqlCore.boolean(name)
      default:
        return spec.length === undefined
          ? mysqlCore.text(name)
          : mysqlCore.varchar(name, { length: spec.length })
    }
  }
  switch (spec.type) {
    case 'integer':
    case 'bigint':
    case 'boolean':
      return sqliteCore.integer(name)
    case 'float':
      return sqliteCore.real(name)
    default:
      return sqliteCore.text(name)
  }
}

/**
 * Seeds `rows` rows into `table` (which must exist, with `dataset_id` and `columns`) with drizzle-seed; returns
 * the seconds it took. Values: drizzle-seed's generators, refined to the columns' value lists and ranges.
 */
export async function drizzleSeedLoad(
  dialect: Dialect,
  url: string,
  table: string,
  columns: readonly ColumnSpec[],
  datasetId: number,
  rows: number,
): Promise<number> {
  const all = [{ name: 'dataset_id', type: 'integer', description: '' } as ColumnSpec, ...columns]
  const shape = Object.fromEntries(all.map((c) => [c.name, columnOf(dialect, c)]))
  const schema =
    dialect === 'pg'
      ? { monitoring: pgCore.pgTable(table, shape as Record<string, pgCore.PgColumnBuilderBase>) }
      : dialect === 'mysql'
        ? {
            monitoring: mysqlCore.mysqlTable(
              table,
              shape as Record<string, mysqlCore.MySqlColumnBuilderBase>,
            ),
          }
        : {
            monitoring: sqliteCore.sqliteTable(
              table,
              shape as Record<string, sqliteCore.SQLiteColumnBuilderBase>,
            ),
          }
  const refine = (f: Parameters<Parameters<ReturnType<typeof seed>['refine']>[0]>[0]) => {
    const columnRefinements: Record<string, unknown> = {
      dataset_id: f.default({ defaultValue: datasetId }),
      record_index: f.intPrimaryKey(),
    }
    for (const c of columns) {
      if (c.name === 'record_index') continue
      if (c.values !== undefined) columnRefinements[c.name] = f.valuesFromArray({ values: [...c.values] })
      else if (c.type === 'float')
        columnRefinements[c.name] = f.number({ minValue: 0, maxValue: 1000, precision: 1000 })
      else if (c.type === 'integer') columnRefinements[c.name] = f.int({ minValue: 0, maxValue: 3 })
      else if (c.type === 'timestamp') columnRefinements[c.name] = f.timestamp()
      else if (c.type === 'uuid') columnRefinements[c.name] = f.uuid()
      // Optional JSON (clean_values) left null, as the batchInsert case leaves it: random text is not JSON.
      else if (c.type === 'json') columnRefinements[c.name] = f.default({ defaultValue: null })
    }
    return { monitoring: { columns: columnRefinements } } as never
  }

  if (dialect === 'pg') {
    const pool = new pg.Pool({ connectionString: url, max: 1 })
    try {
      const db = drizzlePg(pool)
      const started = performance.now()
      await seed(db, schema, { count: rows, seed: 42 }).refine(refine)
      return (performance.now() - started) / 1000
    } finally {
      await pool.end()
    }
  }
  if (dialect === 'mysql') {
    const connection = await mysql.createConnection({ uri: url, timezone: 'Z' })
    try {
      const db = drizzleMysql(connection)
      const started = performance.now()
      await seed(db, schema, { count: rows, seed: 42 }).refine(refine)
      return (performance.now() - started) / 1000
    } finally {
      await connection.end()
    }
  }
  const file = url.replace(/^sqlite:/, '')
  const connection = new BetterSqlite3(file)
  try {
    connection.pragma('journal_mode = WAL')
    const db = drizzleSqlite(connection)
    const started = performance.now()
    await seed(db, schema, { count: rows, seed: 42 }).refine(refine)
    return (performance.now() - started) / 1000
  } finally {
    connection.close()
  }
}
