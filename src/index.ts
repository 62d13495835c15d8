// Public API of tailingsiq-seed: explicit named re-exports only.

export { defineConfig } from './config/define-config.js'
export type { TailingsiqConfig, PlanEntry, StorageMode } from './config/config-schema.js'
export { loadConfig, CONFIG_SEARCH_PLACES } from './config/load-config.js'
export type { LoadConfigOptions, LoadConfigResult } from './config/load-config.js'
export { resolveSettings, readEnvironment } from './config/settings.js'
export type { Settings, SettingsOverrides } from './config/settings.js'
export { DEFAULTS, ENV } from './config/defaults.js'

export { DATA_TYPES, isDataType } from './generators/generator.js'
export type { DataType, DataGenerator, Partition, RecordBase, Row } from './generators/generator.js'
export type { ColumnSpec, ColumnType } from './generators/columns.js'
export { getGenerator } from './generators/registry.js'
export {
  generateRecords,
  generateFacilities,
  facilityShare,
  resolveParams,
} from './generators/generate-records.js'
export type { GenerateOptions, FacilityRange } from './generators/generate-records.js'
export { resolveDatasetSpec } from './generators/dataset-spec.js'
export type { DatasetSpec, DatasetSpecInput } from './generators/dataset-spec.js'
export { generateFacility, FACILITY_COLUMNS } from './generators/facility/facility-generator.js'
export type { Facility } from './generators/facility/facility-generator.js'
export { deriveSeed, deriveUuid } from './generators/derive-seed.js'
export { Prng } from './generators/prng.js'
export { FAKER_VERSION, createFaker } from './generators/faker.js'

export { generateFiles, previewRecords, outputFileName } from './commands/generate.js'
export type { GenerateFilesOptions, GenerateFilesResult, GeneratedFile } from './commands/generate.js'
export { writeRecords, writeRecordsFile, FILE_FORMATS } from './formats/record-file-writer.js'
export type { FileFormat } from './formats/record-file-writer.js'
export { createRecordSerializer } from './formats/record-serializer.js'
export type { OutputRecord } from './formats/record-serializer.js'

export { TailingsiqError, ConfigError, UsageError, InternalError, EXIT_CODES } from './errors.js'
export type { ErrorCode, ExitCode } from './errors.js'
