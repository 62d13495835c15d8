import type { Knex } from 'knex'
import type { Logger } from '../../util/logger.js'
import type { Row } from '../../generators/generator.js'
import { DialectAdapterBase, countOf, shouldCountExactly, tableOf } from '../dialect-adapter-base.js'
import type { BulkTarget, ColumnInfo, TableRef, TableStats } from '../dialect.js'
import { copyRows } from './pg-copy-writer.js'
import { copyCanonicalRows, copyRowBatches } from './pg-copy-reader.js'
import type { CanonicalRowBatch } from '../../formats/canonical-row.js'
import type { ColumnSpec } from '../../generators/columns.js'
import QueryStream from 'pg-query-stream'
import type pg from 'pg'
import { PG_TYPES } from './pg-dialect.js'
import { PgDatasetPartitions } from './pg-dataset-partitions.js'

/** PostgreSQL: native booleans, jsonb, timestamptz; bind parameters are a 16-bit count. */
export class PgAdapter extends DialectAdapterBase {
  readonly dialect = 'pg' as const
  // The Bind message counts parameters in 16 bits: more than 65,535 wraps and fails obscurely.
  readonly maxBindParameters = 65_535
  override readonly supportsSchemas = true
  override readonly supportsTransactionalDdl = true
  override readonly supportsReturning = true
  override readonly supportsListPartitions = true
  override readonly datasetPartitions: PgDatasetPartitions

  constructor(db: Knex, logger?: Logger) {
    super(db, logger)
    this.datasetPartitions = new PgDatasetPartitions(db)
  }

  override readonly nowSql = 'CURRENT_TIMESTAMP'
  // date_part is double precision, cheaper per row than extract's numeric; whole seconds are exact in it.
  override readonly epochSecondsSql = "floor(date_part('epoch', ??))"
  // FOR KEY SHARE: writers' own count updates (no-key updates) do not conflict with it, a cleanup's FOR UPDATE does.
  protected override sharedLock(query: Knex.QueryBuilder): Knex.QueryBuilder {
    return query.forKeyShare()
  }

  override get bulkMethod(): string {
    return 'COPY BINARY'
  }

  override bulkWrite(trx: Knex.Transaction, target: BulkTarget, rows: Iterable<Row>): Promise<number> {
    return copyRows(trx, target, rows)
  }

  protected override readonly jsonValueSql = {
    timestamp: `to_char(?? at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    date: "to_char(??, 'YYYY-MM-DD')",
  }

  // A function takes at most 100 arguments (50 pairs); jsonb objects of up to 50 pairs are joined with ||.
  protected override jsonObjectSql(pairs: readonly { sql: string; bindings: string[] }[]): {
    sql: string
    bindings: string[]
  } {
    const chunks: string[] = []
    for (let i = 0; i < pairs.length; i += 50)
      chunks.push(
        `jsonb_build_object(${pairs
          .slice(i, i + 50)
          .map((p) => p.sql)
          .join(', ')})`,
      )
    return { sql: chunks.join(' || '), bindings: pairs.flatMap((p) => p.bindings) }
  }

  override addJsonColumn(table: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder {
    return table.jsonb(name)
  }

  protected override encodeBoolean(value: boolean): unknown {
    return value
  }

  async *streamRows(query: Knex.QueryBuilder): AsyncIterable<Record<string, unknown>> {
    const { sql, bindings } = query.toSQL().toNative()
    const pool = this.db.client as {
      acquireConnection(): Promise<pg.PoolClient>
      releaseConnection(c: unknown): Promise<void>
    }
    const connection = await pool.acquireConnection()
    const stream = connection.query(
      new QueryStream(sql, bindings as unknown[], { batchSize: 2000, types: PG_TYPES }),
    )
    try {
      for await (const row of stream) yield row as Record<string, unknown>
    } finally {
      stream.destroy()
      await pool.releaseConnection(connection)
    }
  }

  /** COPY BINARY decoded straight into rows (see pg-copy-reader.ts): no cursor, no text parsing. */
  override streamRowBatches(query: Knex.QueryBuilder, columns: readonly ColumnSpec[]): AsyncIterable<Row[]> {
    return copyRowBatches(this.db, query, columns)
  }

  /** COPY BINARY: rows arrive in the canonical form, with no decoding (see pg-copy-reader.ts). */
  override streamCanonicalRows(
    query: Knex.QueryBuilder,
    columns: readonly ColumnSpec[],
  ): AsyncIterable<CanonicalRowBatch> {
    return copyCanonicalRows(this.db, query, columns)
  }

  /**
   * `reltuples` is -1 until a table is first analysed (autovacuum may not have run yet after a seed), so
   * small or unanalysed tables are counted; a large unanalysed one gets the planner's estimate from its size.
   * A partitioned table's rows and bytes are those of its partitions.
   */
  async tableStats(tables: readonly TableRef[]): Promise<TableStats[]> {
    const stats: TableStats[] = []
    for (const table of tables) {
      const result = await this.db.raw<{
        rows: { rows: string | null; heap: string | null; bytes: string | null }[]
      }>(
        // Over the table's partitions too (a typed table holds one per dataset): the parent itself is empty.
        `select case when bool_or(c.relkind <> 'p' and c.reltuples < 0) then null
                     else sum(case when c.relkind = 'p' then 0 else c.reltuples end)::bigint end as rows,
                sum(pg_relation_size(c.oid)) as heap, sum(pg_total_relation_size(c.oid)) as bytes
           from pg_class p
           join pg_namespace n on n.oid = p.relnamespace
           cross join lateral pg_partition_tree(p.oid) t
           join pg_class c on c.oid = t.relid
          where p.relname = ? and n.nspname = coalesce(?, current_schema())
          group by p.oid`,
        [table.name, table.schema ?? null],
      )
      const row = result.rows[0]
      const bytes = row?.bytes === undefined || row.bytes === null ? null : Number(row.bytes)
      if (row === undefined) {
        stats.push({ table: table.name, rows: null, bytes, estimated: true })
        continue
      }
      const estimate = row.rows === null ? null : Number(row.rows)
      if (shouldCountExactly(estimate, row.heap === null ? null : Number(row.heap))) {
        stats.push({
          table: table.name,
          rows: await countOf(tableOf(this.db, table)),
          bytes,
          estimated: false,
        })
      } else {
        stats.push({
          table: table.name,
          rows: estimate ?? (await this.#plannedRows(table)),
          bytes,
          estimated: true,
        })
      }
    }
    return stats
  }

  async #plannedRows(table: TableRef): Promise<number | null> {
    const explained = await this.db.raw<{ rows: { 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }[] }>(
      'explain (format json) select 1 from ??',
      [table.schema ? `${table.schema}.${table.name}` : table.name],
    )
    return explained.rows[0]?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? null
  }

  async columnType(table: TableRef, column: string): Promise<string | undefined> {
    const result = await this.db.raw<{ rows: { type: string }[] }>(
      `select format_type(a.atttypid, a.atttypmod) as type
         from pg_attribute a
         join pg_class c on c.oid = a.attrelid
         join pg_namespace n on n.oid = c.relnamespace
        where c.relname = ? and a.attname = ? and not a.attisdropped and a.attnum > 0
          and n.nspname = coalesce(?, current_schema())`,
      [table.name, column, table.schema ?? null],
    )
    return result.rows[0]?.type
  }

  async listTables(schema?: string): Promise<string[]> {
    const result = await this.db.raw<{ rows: { name: string }[] }>(
      `select table_name as name from information_schema.tables
        where table_schema = coalesce(?, current_schema()) and table_type = 'BASE TABLE' `,
      [schema ?? null],
    )
    return result.rows.map((r) => r.name).sort()
  }

  async listColumns(table: TableRef): Promise<ColumnInfo[]> {
    const result = await this.db.raw<{ rows: { name: string; type: string; nullable: boolean }[] }>(
      `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, not a.attnotnull as nullable
         from pg_attribute a
         join pg_class c on c.oid = a.attrelid
         join pg_namespace n on n.oid = c.relnamespace
        where c.relname = ? and not a.attisdropped and a.attnum > 0
          and n.nspname = coalesce(?, current_schema())
        order by a.attnum`,
      [table.name, table.schema ?? null],
    )
    return result.rows.map((r) => ({ name: r.name, type: r.type.toLowerCase(), nullable: r.nullable }))
  }

  async databaseName(): Promise<string> {
    const result = await this.db.raw<{ rows: { name: string }[] }>('select current_database() as name')
    return result.rows[0]?.name ?? ''
  }
}
