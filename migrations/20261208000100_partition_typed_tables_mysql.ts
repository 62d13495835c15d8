import type { Knex } from 'knex'
import { Install } from './lib/frozen-schema.js'

// MySQL/MariaDB: each typed table becomes `PARTITION BY LIST (dataset_id)`, one partition `p<id>` per dataset
// and a DEFAULT partition `pdefault`, so that removing a dataset is a DROP PARTITION (its file goes, whatever
// its size, and the space comes back) instead of a DELETE of every row. Rows already there move into their
// dataset's partition (one ALTER TABLE copies the table). InnoDB partitioned tables allow no foreign keys: the
// typed tables' foreign key to the datasets table is dropped first (the toolkit's writers check the dataset row
// under a shared lock in every batch instead, and removing a dataset drops its partition). The primary key
// (dataset_id, record_index) and the (facility_id, time) index stay. Re-runnable: MySQL commits each ALTER at
// once, so each step is skipped when already done. `down` puts back the plain tables and the foreign keys,
// moving the rows of loads never published into the tables first and deleting rows of datasets that no
// longer exist (the foreign key's cascade would have). PostgreSQL and SQLite are unchanged by this migration.
// Imports nothing but knex and the frozen helper.

/** The six typed tables as released: suffix and short name of their keys. */
const TYPED_TABLES_V1: readonly { suffix: string; short: string }[] = [
  { suffix: 'monitoring_data', short: 'mon' },
  { suffix: 'document_data', short: 'doc' },
  { suffix: 'compliance_data', short: 'cmp' },
  { suffix: 'geotechnical_data', short: 'geo' },
  { suffix: 'environmental_data', short: 'env' },
  { suffix: 'financial_data', short: 'fin' },
]

async function isPartitioned(knex: Knex, table: string): Promise<boolean> {
  const [rows] = await knex.raw<[unknown[]]>(
    `select 1 from information_schema.partitions
      where table_schema = database() and table_name = ? and partition_name is not null limit 1`,
    [table],
  )
  return (rows ?? []).length > 0
}

async function hasForeignKey(knex: Knex, table: string, name: string): Promise<boolean> {
  const [rows] = await knex.raw<[unknown[]]>(
    `select 1 from information_schema.table_constraints
      where table_schema = database() and table_name = ? and constraint_name = ? and constraint_type = 'FOREIGN KEY'`,
    [table, name],
  )
  return (rows ?? []).length > 0
}

export async function up(knex: Knex): Promise<void> {
  const db = new Install(knex)
  if (db.engine !== 'mysql') return
  for (const spec of TYPED_TABLES_V1) {
    const table = db.name(spec.suffix)
    const fk = `${db.prefix}${spec.short}_ds_fk`
    if (await hasForeignKey(knex, table, fk))
      await knex.raw('alter table ?? drop foreign key ??', [table, fk])
    if (await isPartitioned(knex, table)) continue
    const ids = (await knex(table).distinct('dataset_id').orderBy('dataset_id')) as { dataset_id: number }[]
    // Integer ids read from the table, not input text: DDL takes no bound parameters.
    const partitions = ids.map(({ dataset_id: id }) => `partition p${Number(id)} values in (${Number(id)})`)
    await knex.raw(
      `alter table ?? partition by list (dataset_id) (${[...partitions, 'partition pdefault default'].join(', ')})`,
      [table],
    )
  }
}

export async function down(knex: Knex): Promise<void> {
  const db = new Install(knex)
  if (db.engine !== 'mysql') return
  const datasets = db.name('data_sets')
  for (const spec of TYPED_TABLES_V1) {
    const table = db.name(spec.suffix)
    const fk = `${db.prefix}${spec.short}_ds_fk`
    if (await isPartitioned(knex, table)) {
      // Tables a load left unpublished (`<table>_p<id>`, made LIKE the table): their rows join the table.
      const [loads] = await knex.raw<[{ name: string }[]]>(
        `select table_name as name from information_schema.tables
          where table_schema = database() and table_name like ? and table_type = 'BASE TABLE'`,
        [`${table.replace(/[\\%_]/g, (c) => `\\${c}`)}\\_p%`],
      )
      for (const { name } of loads ?? []) {
        if (!/^\d+$/.test(name.slice(table.length + 2))) continue
        await knex.raw('insert into ?? select * from ??', [table, name])
        await knex.raw('drop table ??', [name])
      }
      await knex.raw('alter table ?? remove partitioning', [table])
    }
    if (await hasForeignKey(knex, table, fk)) continue
    await knex.raw('delete t from ?? t left join ?? d on d.id = t.dataset_id where d.id is null', [
      table,
      datasets,
    ])
    await knex.raw(
      'alter table ?? add constraint ?? foreign key (dataset_id) references ?? (id) on delete cascade',
      [table, fk, datasets],
    )
  }
}
