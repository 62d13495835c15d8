import { basename } from 'node:path'
import type { Knex } from 'knex'
import { DialectAdapterBase } from '../dialect-adapter-base.js'
import type { TableRef } from '../dialect.js'

/**
 * SQLite: timestamps as ISO-8601 UTC text (sortable, and the same text files use), booleans as 0/1.
 * Knex writes multi-row inserts as `UNION ALL` selects, which SQLite caps at 500 terms.
 */
export class SqliteAdapter extends DialectAdapterBase {
  readonly dialect = 'sqlite' as const
  readonly maxBindParameters = 32_766
  override readonly maxRowsPerInsert = 500

  override readonly nowSql = "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"

  override addJsonColumn(table: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder {
    return table.text(name)
  }

  constructor(db: Knex) {
    super(db)
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
