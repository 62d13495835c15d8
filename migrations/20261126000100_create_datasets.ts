import type { Knex } from 'knex'
import { Install, type Column } from './lib/frozen-schema.js'

// Datasets, the generic JSON records table, and facilities, written out as released: a later change gets a
// new migration instead of changing this one. Imports nothing but knex and the frozen helper.

const DATA_TYPES_V1 = ['monitoring', 'document', 'compliance', 'geotechnical', 'environmental', 'financial']
const DATASET_STATUSES_V1 = ['pending', 'generating', 'completed', 'failed']

const FACILITY_COLUMNS_V1: readonly Column[] = [
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
  const db = new Install(knex)
  const { prefix, options } = db
  if (db.schema) await knex.raw('create schema if not exists ??', [db.schema])
  await db.clearLeftovers(['facilities', 'data_records', 'data_sets'])
  const ownerType = options.owners
    ? await db.columnType(options.owners.table, options.owners.column)
    : undefined
  if (options.owners && ownerType === undefined) {
    throw new Error(
      `owners: column ${options.owners.table}.${options.owners.column} does not exist; create it first or remove "owners" from the config`,
    )
  }

  await db.ddl.createTable(db.name('data_sets'), (t) => {
    t.increments('id').primary()
    t.string('name', 200).notNullable()
    t.text('description').nullable()
    t.enu('data_type', DATA_TYPES_V1).notNullable()
    t.enu('status', DATASET_STATUSES_V1).notNullable().defaultTo('pending')
    t.bigInteger('record_count').notNullable()
    t.bigInteger('records_written').notNullable().defaultTo(0)
    t.bigInteger('seed').notNullable()
    t.bigInteger('facility_seed').notNullable()
    t.integer('facility_count').notNullable()
    t.enu('storage', ['both', 'generic', 'typed']).notNullable()
    t.integer('generator_version').notNullable()
    db.json(t, 'parameters').notNullable()
    db.json(t, 'manifest').nullable()
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
    db.timestamp(t, 'deleted_at').nullable()
    db.timestamp(t, 'created_at').notNullable().defaultTo(db.now)
    db.timestamp(t, 'updated_at').notNullable().defaultTo(db.now)
    db.timestamp(t, 'completed_at').nullable()
    t.text('error').nullable()
    t.index(['data_type', 'created_at'], `${prefix}ds_type_idx`)
    t.index(['status', 'updated_at'], `${prefix}ds_status_idx`)
    t.index(['is_deleted', 'created_at'], `${prefix}ds_deleted_idx`)
    t.index(['created_by'], `${prefix}ds_owner_idx`)
  })

  await db.ddl.createTable(db.name('data_records'), (t) => {
    t.bigIncrements('id').primary()
    t.integer('dataset_id').unsigned().notNullable()
    t.enu('data_type', DATA_TYPES_V1).notNullable()
    t.bigInteger('record_index').notNullable()
    db.json(t, 'data').notNullable()
    db.timestamp(t, 'created_at').notNullable().defaultTo(db.now)
    t.unique(['dataset_id', 'record_index'], { indexName: `${prefix}rec_ds_idx` })
    t.foreign('dataset_id', `${prefix}rec_ds_fk`)
      .references('id')
      .inTable(db.qualified('data_sets'))
      .onDelete('CASCADE')
  })

  await db.ddl.createTable(db.name('facilities'), (t) => {
    for (const column of FACILITY_COLUMNS_V1) {
      const builder = db.column(t, column)
      if (column[0] === 'id') builder.primary()
    }
    t.bigInteger('seed').notNullable()
    db.timestamp(t, 'created_at').notNullable().defaultTo(db.now)
    t.unique(['seed', 'facility_index'], { indexName: `${prefix}fac_seed_idx` })
  })
}

export async function down(knex: Knex): Promise<void> {
  const db = new Install(knex)
  for (const suffix of ['facilities', 'data_records', 'data_sets'])
    await db.ddl.dropTableIfExists(db.name(suffix))
}
