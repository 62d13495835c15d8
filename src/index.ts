// Public API of tailingsiq-seed: explicit named re-exports only.

export { defineConfig } from './config/define-config.js'
export type { TailingsiqConfig, PlanEntry, StorageMode } from './config/config-schema.js'
export { loadConfig, CONFIG_SEARCH_PLACES } from './config/load-config.js'
export type { LoadConfigOptions, LoadConfigResult } from './config/load-config.js'
export { resolveSettings, readEnvironment } from './config/settings.js'
export type { Settings, SettingsOverrides } from './config/settings.js'
export { DEFAULTS, ENV } from './config/defaults.js'

export { DATA_TYPES, isDataType } from './generators/generator.js'
export type {
  DataType,
  DataGenerator,
  FacilityContext,
  Partition,
  RecordBase,
  Row,
} from './generators/generator.js'
export { col, RECORD_KEY_COLUMNS } from './generators/columns.js'
export type { Column, ColumnSpec, ColumnType, RowOf } from './generators/columns.js'
export { defineDataType } from './generators/data-type-definition.js'
export type {
  DataTypeDefinition,
  BreakdownQueries,
  NumericSummary,
} from './generators/data-type-definition.js'
export {
  getGenerator,
  columnsOf,
  dataTypeDefinition,
  dataTypeDefinitions,
  dataTypeIds,
  registerDataType,
  unregisterDataType,
} from './generators/registry.js'
export type { DataTypeMigration } from './generators/registry.js'
export {
  generateRecords,
  generateFacilities,
  facilityShare,
  resolveParams,
} from './generators/generate-records.js'
export type { GenerateOptions, FacilityRange } from './generators/generate-records.js'
export { recordLayout, naturalCount } from './generators/record-layout.js'
export type { RecordLayout, LayoutSpec, FacilityShare } from './generators/record-layout.js'
export { resolveDatasetSpec } from './generators/dataset-spec.js'
export type { DatasetSpec, DatasetSpecInput } from './generators/dataset-spec.js'
export { generateFacility, FACILITY_COLUMNS } from './generators/facility/facility-generator.js'
export type { Facility } from './generators/facility/facility-generator.js'
export { SCENARIOS } from './generators/scenario.js'
export type { Scenario } from './generators/scenario.js'
export { deriveSeed, deriveUuid } from './generators/derive-seed.js'
export { Prng } from './generators/prng.js'
export { FAKER_VERSION, createFaker } from './generators/faker.js'

export { generateFiles, previewRecords, outputFileName } from './commands/generate.js'
export type { GenerateFilesOptions, GenerateFilesResult, GeneratedFile } from './commands/generate.js'
export { writeRecords, writeRecordsFile, FILE_FORMATS } from './formats/record-file-writer.js'
export type { FileFormat } from './formats/record-file-writer.js'
export { createRecordSerializer } from './formats/record-serializer.js'
export type { OutputRecord } from './formats/record-serializer.js'

export { createToolkit } from './commands/toolkit.js'
export type { Toolkit, ToolkitOptions, RunOptions } from './commands/toolkit.js'
export { verifyDataset, verifyAll } from './commands/verify.js'
export type {
  DatasetVerification,
  TableVerification,
  TableVerdict,
  VerifyOptions,
  VerifyResult,
} from './commands/verify.js'
export type { ReportOptions, ReportResult } from './commands/report.js'
export type {
  ReportData,
  DatasetReport,
  ReportChart,
  ReportTable,
  ColumnProfile,
  ColumnarData,
  ChartCheck,
} from './report/report-model.js'
export { openDatabase, databaseFromKnex } from './dialects/open-database.js'
export type { Database, OpenDatabaseOptions } from './dialects/open-database.js'
export { parseConnectionUrl, pickConnection, DEFAULT_SQLITE_FILE } from './dialects/connection.js'
export type { ConnectionTarget } from './dialects/connection.js'
export type { DialectName, DialectAdapter, TableRef } from './dialects/dialect.js'
export { migrateLatest, migrateRollback, migrateUnlock, migrationStatus } from './migrate/migrator.js'
export type { MigrateResult, MigrationState } from './migrate/migrator.js'
export {
  ShippedMigrationSource,
  shippedMigrationNames,
  migrationUserParams,
} from './migrate/migration-source.js'
export { migrationsDirectory, seedsDirectory } from './migrate/locations.js'
export { tableNames } from './schema/table-names.js'
export type { SchemaOptions, TableNames } from './schema/table-names.js'
export { createRecordView, dropRecordView } from './schema/record-view.js'
export type { RecordViewOptions } from './schema/record-view.js'
export { DATASET_STATUSES } from './schema/dataset-columns.js'
export type { DatasetStatus } from './schema/dataset-columns.js'
export { resolvePlan } from './seeding/seed-plan.js'
export type { SeedPlan, DatasetPlan, PlanFlags } from './seeding/seed-plan.js'
export { seedPlan } from './seeding/seed-runner.js'
export type { SeedOptions, SeedProgress, SeedResult, DatasetResult } from './seeding/seed-runner.js'
export type { Logger } from './util/logger.js'

export {
  TailingsiqError,
  ConfigError,
  UsageError,
  DatabaseError,
  MigrationError,
  InternalError,
  EXIT_CODES,
} from './errors.js'
export type { ErrorCode, ExitCode } from './errors.js'
