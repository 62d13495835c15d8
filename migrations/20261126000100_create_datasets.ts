import type { Knex } from 'knex'
import { adapterFor } from '../src/dialects/dialect-registry.js'
import { DATA_TYPES } from '../src/generators/generator.js'
import { addColumn, schemaOf, timestampColumn, type FrozenColumn } from '../src/migrate/schema-builder.js'
import { currentSchemaOptions } from '../src/migrate/schema-context.js'
import { DATASET_STATUSES } from '../src/schema/dataset-columns.js'
import { qualifiedName, tableNames } from '../src/schema/table-names.js'

// Datasets, the generic JSON records table, and facilities. Column lists are frozen here on purpose: a
// later generator change gets a new migration instead of silently changing this one.

const FACILITY_COLUMNS_V1: readonly FrozenColumn[] = [
  ['id', 'uuid'],
  ['facility_index', 'integer'],
  ['code', 'string', { length: 16 }],
  ['name', 'string'],
  ['mine_name', 'string'],
  ['operator', 'string'],
  [
    'commodity',
    'string',
    {
      values: [
        'gold',
        'copper',
        'coal',
        'iron_ore',
        'pgm',
        'zinc_lead',
        'nickel',
        'diamonds',
        'uranium',
        'bauxite',
        'phosphate',
        'oil_sands',
        'lithium',
      ],
    },
  ],
  [
    'construction_method',
    'string',
    { values: ['upstream', 'downstream', 'centreline', 'water_retention', 'hybrid', 'in_pit', 'dry_stack'] },
  ],
  [
    'deposition_method',
    'string',
    { values: ['conventional_slurry', 'thickened', 'paste', 'filtered', 'co_disposal'] },
  ],
  ['status', 'string', { values: ['active', 'inactive', 'closed'] }],
  ['consequence_class', 'string', { values: ['Low', 'Significant', 'High', 'Very High', 'Extreme'] }],
  ['population_at_risk', 'integer'],
  ['country', 'string'],
  ['country_code', 'string', { length: 2 }],
  ['region', 'string', { length: 2 }],
  ['currency', 'string', { length: 3 }],
  ['language', 'string', { length: 8 }],
  ['timezone', 'string', { length: 40 }],
  [
    'climate',
    'string',
    { values: ['tropical', 'arid', 'semi_arid', 'mediterranean', 'temperate', 'boreal'] },
  ],
  ['latitude', 'float'],
  ['longitude', 'float'],
  ['ground_elevation_m', 'float'],
  ['dam_height_m', 'float', { nullable: true }],
  ['crest_elevation_m', 'float'],
  ['footprint_ha', 'float'],
  ['capacity_mm3', 'float'],
  ['stored_volume_mm3', 'float'],
  ['construction_year', 'integer'],
  ['rate_of_rise_m_per_yr', 'float'],
  ['annual_rainfall_mm', 'float'],
  ['seismic_pga_g', 'float'],
  ['has_pond', 'boolean'],
  ['operating_freeboard_m', 'float', { nullable: true }],
  ['design_pore_pressure_kpa', 'float'],
  ['baseline_seepage_l_s', 'float'],
]

export async function up(knex: Knex): Promise<void> {
  const options = await currentSchemaOptions()
  const tables = tableNames(options)
  const adapter = await adapterFor(knex)
  const prefix = options.tablePrefix
  if (options.schema && adapter.dialect === 'pg')
    await knex.raw('create schema if not exists ??', [options.schema])
  const ownerType = options.owners
    ? await adapter.columnType(
        { name: options.owners.table, ...(options.schema ? { schema: options.schema } : {}) },
        options.owners.column,
      )
    : undefined
  if (options.owners && ownerType === undefined) {
    throw new Error(
      `owners: column ${options.owners.table}.${options.owners.column} does not exist; create it first or remove "owners" from the config`,
    )
  }

  await schemaOf(knex, tables.dataSets).createTable(tables.dataSets.name, (t) => {
    t.increments('id').primary()
    t.string('name', 200).notNullable()
    t.text('description').nullable()
    t.enu('data_type', [...DATA_TYPES]).notNullable()
    t.enu('status', [...DATASET_STATUSES])
      .notNullable()
      .defaultTo('pending')
    t.bigInteger('record_count').notNullable()
    t.bigInteger('records_written').notNullable().defaultTo(0)
    t.bigInteger('seed').notNullable()
    t.bigInteger('facility_seed').notNullable()
    t.integer('facility_count').notNullable()
    t.enu('storage', ['both', 'generic', 'typed']).notNullable()
    t.integer('generator_version').notNullable()
    adapter.addJsonColumn(t, 'parameters').notNullable()
    adapter.addJsonColumn(t, 'manifest').nullable()
    if (options.owners && ownerType) {
      t.specificType('created_by', ownerType.replace(/\bauto_increment\b/i, '')).nullable()
      t.foreign('created_by', `${prefix}ds_owner_fk`)
        .references(options.owners.column)
        .inTable(options.owners.table)
        .onDelete('SET NULL')
    } else {
      t.string('created_by', 255).nullable()
    }
    t.boolean('is_deleted').notNullable().defaultTo(false)
    timestampColumn(t, 'deleted_at').nullable()
    timestampColumn(t, 'created_at').notNullable().defaultTo(knex.raw(adapter.nowSql))
    timestampColumn(t, 'updated_at').notNullable().defaultTo(knex.raw(adapter.nowSql))
    timestampColumn(t, 'completed_at').nullable()
    t.text('error').nullable()
    t.index(['data_type', 'created_at'], `${prefix}ds_type_idx`)
    t.index(['status', 'updated_at'], `${prefix}ds_status_idx`)
    t.index(['is_deleted', 'created_at'], `${prefix}ds_deleted_idx`)
    t.index(['created_by'], `${prefix}ds_owner_idx`)
  })

  await schemaOf(knex, tables.records).createTable(tables.records.name, (t) => {
    t.bigIncrements('id').primary()
    t.integer('dataset_id').unsigned().notNullable()
    t.enu('data_type', [...DATA_TYPES]).notNullable()
    t.bigInteger('record_index').notNullable()
    adapter.addJsonColumn(t, 'data').notNullable()
    timestampColumn(t, 'created_at').notNullable().defaultTo(knex.raw(adapter.nowSql))
    t.unique(['dataset_id', 'record_index'], { indexName: `${prefix}rec_ds_idx` })
    t.foreign('dataset_id', `${prefix}rec_ds_fk`)
      .references('id')
      .inTable(qualifiedName(tables.dataSets))
      .onDelete('CASCADE')
  })

  await schemaOf(knex, tables.facilities).createTable(tables.facilities.name, (t) => {
    for (const column of FACILITY_COLUMNS_V1) {
      const builder = addColumn(t, column, adapter)
      if (column[0] === 'id') builder.primary()
    }
    t.bigInteger('seed').notNullable()
    timestampColumn(t, 'created_at').notNullable().defaultTo(knex.raw(adapter.nowSql))
    t.unique(['seed', 'facility_index'], { indexName: `${prefix}fac_seed_idx` })
  })
}

export async function down(knex: Knex): Promise<void> {
  const tables = tableNames(await currentSchemaOptions())
  for (const table of [tables.facilities, tables.records, tables.dataSets]) {
    await schemaOf(knex, table).dropTableIfExists(table.name)
  }
}
