import type { Knex } from 'knex'
import { Install } from './lib/frozen-schema.js'

// Key/value facts about the database itself, as Rails keeps in ar_internal_metadata: above all the
// environment it was seeded under, so destructive commands can refuse a database seeded as production.
// Imports nothing but knex and the frozen helper.
export async function up(knex: Knex): Promise<void> {
  const db = new Install(knex)
  await db.clearLeftovers(['internal_metadata'])
  await db.ddl.createTable(db.name('internal_metadata'), (t) => {
    t.string('key', 64).primary()
    t.string('value', 255).notNullable()
    db.timestamp(t, 'updated_at').notNullable().defaultTo(db.now)
  })
}

export async function down(knex: Knex): Promise<void> {
  const db = new Install(knex)
  await db.ddl.dropTableIfExists(db.name('internal_metadata'))
}
