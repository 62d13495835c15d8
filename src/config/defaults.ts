/** Defaults of every setting, used when neither flags, environment nor the config file give one. */
export const DEFAULTS = {
  /** Fixed, so that a run with no seed is still reproducible. */
  seed: 42,
  facilities: 5,
  /** Guard of the CLI's bulk commands (`generate`, `run`): a count above it needs `--max-records`. */
  maxRecords: 10_000_000,
  /** Cap of one API or preview request (`SYNTHETIC_DATA_MAX_RECORDS_PER_REQUEST`). */
  maxRecordsPerRequest: 10_000,
  /** Retention of `cleanup` in days (`SYNTHETIC_DATA_CLEANUP_DAYS`). */
  cleanupDays: 30,
  outputDir: './synthetic-data',
  /** Records of each type when neither a plan nor `--count` says. */
  count: 1000,
  tablePrefix: 'synthetic_',
  /** Knex's bookkeeping table of the default prefix; other prefixes get their own, see {@link defaultMigrationsTable}. */
  migrationsTable: 'tailingsiq_migrations',
  /** Each record once, in its type's table; the view `<prefix>record_view` shows it as a JSON record. */
  storage: 'typed',
  // No `batchSize`: rows per transaction default to the engine's, from BATCH_SIZE (`DialectAdapter.defaultBatchSize`).
} as const

/**
 * Rows per transaction of a seed run when neither the caller nor the config says, by engine
 * (`DialectAdapter.defaultBatchSize`). Large, because bulk paths stream and each commit waits for the engine to
 * finish the batch (1,000,000 monitoring rows, quiet machine: 250,000 against 50,000 is 8-14 % faster on every
 * engine); memory stays bounded (rows stream; `storage: both` holds at most HELD_BATCH_ROWS of them). A million on
 * MySQL/MariaDB, so that a dataset's first million rows go into its empty load table in one transaction, which
 * MariaDB takes on InnoDB's bulk-insert path (`MysqlAdapter.bulkWrite`); the cost is a longer wait, about 10 s here,
 * for a Ctrl-C or a `cleanup` of the dataset while a batch finishes.
 */
export const BATCH_SIZE = { default: 250_000, mysql: 1_000_000 } as const

/** Environment variables read by the toolkit, by the setting they feed. */
export const ENV = {
  facilities: 'SYNTHETIC_DATA_DEFAULT_FACILITY_COUNT',
  maxRecordsPerRequest: 'SYNTHETIC_DATA_MAX_RECORDS_PER_REQUEST',
  cleanupDays: 'SYNTHETIC_DATA_CLEANUP_DAYS',
} as const

/**
 * The migrations table of an install when the config names none: `tailingsiq_migrations` for the default prefix
 * (as databases migrated before prefixes had tables of their own expect), `<prefix>migrations` for any other,
 * so that installs with different prefixes in one database keep separate records. An empty prefix gets
 * `tailingsiq_unprefixed_migrations`.
 *
 * ### Examples
 * ```ts
 * defaultMigrationsTable('other_') // 'other_migrations'
 * ```
 */
export function defaultMigrationsTable(tablePrefix: string): string {
  if (tablePrefix === DEFAULTS.tablePrefix) return DEFAULTS.migrationsTable
  return tablePrefix === '' ? 'tailingsiq_unprefixed_migrations' : `${tablePrefix}migrations`
}
