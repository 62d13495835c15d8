import type { Knex } from 'knex'
import { Install } from './lib/frozen-schema.js'

// Background generation jobs of `serve`: which server instance runs each and when it last said so, so a
// restarted server (or any live one, once the heartbeat is stale) can mark the jobs of a dead one failed.
// Imports nothing but knex and the frozen helper.
const JOB_STATUSES_V1 = ['queued', 'running', 'completed', 'failed']

export async function up(knex: Knex): Promise<void> {
  const db = new Install(knex)
  const prefix = db.prefix
  await db.clearLeftovers(['jobs'])
  await db.ddl.createTable(db.name('jobs'), (t) => {
    t.string('id', 36).primary()
    t.integer('dataset_id').unsigned().notNullable()
    t.enu('status', JOB_STATUSES_V1).notNullable().defaultTo('queued')
    t.string('created_by', 255).nullable()
    t.string('instance', 255).notNullable()
    t.text('error').nullable()
    db.timestamp(t, 'created_at').notNullable().defaultTo(db.now)
    db.timestamp(t, 'started_at').nullable()
    db.timestamp(t, 'finished_at').nullable()
    db.timestamp(t, 'heartbeat_at').notNullable().defaultTo(db.now)
    t.index(['status', 'heartbeat_at'], `${prefix}job_status_idx`)
    t.index(['dataset_id'], `${prefix}job_ds_idx`)
    t.foreign('dataset_id', `${prefix}job_ds_fk`)
      .references('id')
      .inTable(db.qualified('data_sets'))
      .onDelete('CASCADE')
  })
}

export async function down(knex: Knex): Promise<void> {
  const db = new Install(knex)
  await db.ddl.dropTableIfExists(db.name('jobs'))
}
