import type { Knex } from 'knex'
import { Install } from './lib/frozen-schema.js'

// Who is writing each dataset (or each shard of one) right now: one row per (dataset, part) while a process
// writes it, with its host, pid and a heartbeat, so a second writer is refused before it writes and a dead
// writer's part can be taken over at once. Imports nothing but knex and the frozen helper.

export async function up(knex: Knex): Promise<void> {
  const db = new Install(knex)
  const prefix = db.prefix
  await db.clearLeftovers(['dataset_writers'])
  await db.ddl.createTable(db.name('dataset_writers'), (t) => {
    t.integer('dataset_id').unsigned().notNullable()
    t.string('part', 32).notNullable()
    t.string('holder', 36).notNullable()
    t.string('host', 255).notNullable()
    t.integer('pid').notNullable()
    t.string('process_start', 32).nullable()
    db.timestamp(t, 'claimed_at').notNullable()
    db.timestamp(t, 'heartbeat_at').notNullable()
    t.primary(['dataset_id', 'part'], `${prefix}dsw_pk`)
    t.foreign('dataset_id', `${prefix}dsw_ds_fk`)
      .references('id')
      .inTable(db.qualified('data_sets'))
      .onDelete('CASCADE')
  })
}

export async function down(knex: Knex): Promise<void> {
  const db = new Install(knex)
  await db.ddl.dropTableIfExists(db.name('dataset_writers'))
}
