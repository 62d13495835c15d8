import type { Knex } from 'knex'
import { Install } from './lib/frozen-schema.js'

// PostgreSQL: each typed table becomes a table partitioned by LIST (dataset_id), one partition per dataset, so
// that removing a dataset is a DETACH + DROP TABLE (milliseconds whatever its size, and the space comes back)
// instead of a DELETE of every row. The parent keeps the table's name, columns, CHECK constraints, primary key
// (dataset_id, record_index), (facility_id, time) index and foreign key to the datasets table, so readers and
// host queries see the same table. Rows already there move into a partition of their dataset each, in record
// order; the partition carries a CHECK (dataset_id = N) so that attaching it skips the validation scan.
// Re-runnable: a table already partitioned is left as it is. MySQL and SQLite are unchanged by this migration.
// Imports nothing but knex and the frozen helper.

/** The six typed tables as released: suffix, short name of their keys, the time column of their index. */
const TYPED_TABLES_V1: readonly { suffix: string; short: string; time: string }[] = [
  { suffix: 'monitoring_data', short: 'mon', time: 'timestamp' },
  { suffix: 'document_data', short: 'doc', time: 'issue_date' },
  { suffix: 'compliance_data', short: 'cmp', time: 'assessment_date' },
  { suffix: 'geotechnical_data', short: 'geo', time: 'test_date' },
  { suffix: 'environmental_data', short: 'env', time: 'sampled_at' },
  { suffix: 'financial_data', short: 'fin', time: 'period_start' },
]

/** PostgreSQL's identifier limit: longer names are cut silently, so partition names are cut here first. */
const MAX_NAME = 63

/** The name of a dataset's partition of a table: the table's name and `_p<id>`, cut to fit. */
function partitionName(table: string, datasetId: number): string {
  const suffix = `_p${datasetId}`
  return `${table.slice(0, MAX_NAME - suffix.length)}${suffix}`
}

async function isPartitioned(knex: Knex, db: Install, table: string): Promise<boolean | undefined> {
  const result = await knex.raw<{ rows: { kind: string }[] }>(
    `select c.relkind as kind from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relname = ? and n.nspname = coalesce(?, current_schema())`,
    [table, db.schema ?? null],
  )
  const kind = result.rows[0]?.kind
  return kind === undefined ? undefined : kind === 'p'
}

type TypedTable = (typeof TYPED_TABLES_V1)[number]

/** What `up` and `down` do alike to one typed table: set it aside, make the new one, key it, drop the old. */
function steps(knex: Knex, db: Install, spec: TypedTable) {
  const ref = (name: string) => (db.schema ? `${db.schema}.${name}` : name)
  const table = db.name(spec.suffix)
  const keys = {
    pk: `${db.prefix}${spec.short}_pk`,
    index: `${db.prefix}${spec.short}_fac_time_idx`,
    fk: `${db.prefix}${spec.short}_ds_fk`,
  }
  const aside = (name: string, tag: string) => `${name.slice(0, MAX_NAME - tag.length)}${tag}`
  return {
    ref,
    table,
    /** Renames the table, its key, index and foreign key with `tag`, freeing their names; returns its new name. */
    setAside: async (tag: string): Promise<string> => {
      const renamed = aside(table, tag)
      await knex.raw('alter table ?? rename to ??', [ref(table), renamed])
      for (const name of [keys.pk, keys.index])
        await knex.raw('alter index ?? rename to ??', [ref(name), aside(name, tag)])
      await knex.raw('alter table ?? rename constraint ?? to ??', [
        ref(renamed),
        keys.fk,
        aside(keys.fk, tag),
      ])
      return renamed
    },
    /** The released primary key, (facility_id, time) index and foreign key, on the table under its own name. */
    addKeys: async (): Promise<void> => {
      await knex.raw('alter table ?? add constraint ?? primary key (dataset_id, record_index)', [
        ref(table),
        keys.pk,
      ])
      await knex.raw('create index ?? on ?? (facility_id, ??)', [keys.index, ref(table), spec.time])
      await knex.raw(
        'alter table ?? add constraint ?? foreign key (dataset_id) references ?? (id) on delete cascade',
        [ref(table), keys.fk, ref(db.name('data_sets'))],
      )
    },
  }
}

export async function up(knex: Knex): Promise<void> {
  const db = new Install(knex)
  if (db.engine !== 'pg') return
  for (const spec of TYPED_TABLES_V1) {
    const { ref, table, setAside, addKeys } = steps(knex, db, spec)
    if ((await isPartitioned(knex, db, table)) !== false) continue
    const old = await setAside('__old')
    await knex.raw(
      'create table ?? (like ?? including defaults including constraints including comments including storage) partition by list (dataset_id)',
      [ref(table), ref(old)],
    )
    await addKeys()
    const ids = (await knex(ref(old)).distinct('dataset_id').orderBy('dataset_id')) as {
      dataset_id: number
    }[]
    for (const { dataset_id: id } of ids) {
      const partition = partitionName(table, Number(id))
      await knex.raw('create table ?? (like ?? including defaults including constraints including storage)', [
        ref(partition),
        ref(table),
      ])
      await knex.raw('insert into ?? select * from ?? where dataset_id = ? order by record_index', [
        ref(partition),
        ref(old),
        Number(id),
      ])
      await knex.raw(`alter table ?? add constraint ?? check (dataset_id = ${Number(id)})`, [
        ref(partition),
        `${partition.slice(0, MAX_NAME - 3)}_ck`,
      ])
      await knex.raw(`alter table ?? attach partition ?? for values in (${Number(id)})`, [
        ref(table),
        ref(partition),
      ])
    }
    await knex.raw('drop table ??', [ref(old)])
  }
}

export async function down(knex: Knex): Promise<void> {
  const db = new Install(knex)
  if (db.engine !== 'pg') return
  for (const spec of TYPED_TABLES_V1) {
    const { ref, table, setAside, addKeys } = steps(knex, db, spec)
    if ((await isPartitioned(knex, db, table)) !== true) continue
    const parted = await setAside('__parted')
    await knex.raw(
      'create table ?? (like ?? including defaults including constraints including comments including storage)',
      [ref(table), ref(parted)],
    )
    await knex.raw('insert into ?? select * from ?? order by dataset_id, record_index', [
      ref(table),
      ref(parted),
    ])
    await addKeys()
    // Dropping the parent drops its partitions.
    await knex.raw('drop table ??', [ref(parted)])
  }
}
