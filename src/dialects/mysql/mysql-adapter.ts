import type { Knex } from 'knex'
import { DialectAdapterBase } from '../dialect-adapter-base.js'
import type { TableRef } from '../dialect.js'

/** MySQL/MariaDB: datetime(3) without a zone (we store UTC), JSON as text on MariaDB, booleans as tinyint. */
export class MysqlAdapter extends DialectAdapterBase {
  readonly dialect = 'mysql' as const
  readonly maxBindParameters = 65_535

  constructor(db: Knex) {
    super(db)
  }

  // MariaDB rejects the `T` and `Z` of ISO-8601 in datetime literals.
  protected override encodeTimestamp(ms: number): string {
    return new Date(ms).toISOString().replace('T', ' ').slice(0, 23)
  }

  protected override parseTimestampText(text: string): number {
    return Date.parse(`${text.replace(' ', 'T')}Z`)
  }

  async columnType(table: TableRef, column: string): Promise<string | undefined> {
    const [rows] = await this.db.raw<[{ type: string }[]]>(
      'select column_type as type from information_schema.columns where table_schema = database() and table_name = ? and column_name = ?',
      [table.name, column],
    )
    return rows?.[0]?.type
  }

  async databaseName(): Promise<string> {
    const [rows] = await this.db.raw<[{ name: string }[]]>('select database() as name')
    return rows?.[0]?.name ?? ''
  }
}
