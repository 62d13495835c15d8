import type { Knex } from 'knex'
import { Install } from './lib/frozen-schema.js'
import { setEnumValues } from './lib/enum-values.js'

// The inclinometer joins the TARP and the physical-event labels of the monitoring table: `trigger_parameter`
// allows 'inclinometer_mm' (the shear-zone rate set the level) and `event` allows 'creep' (accelerated creep with
// no other event in progress). Imports nothing but knex and the frozen helpers.
//
// PostgreSQL: each column's CHECK is replaced on the table, which on a table partitioned by dataset replaces it
// on every partition (they inherit it). MySQL/MariaDB: the ENUMs get the new value. SQLite keeps the CHECK in the
// column's definition: the column is swapped inside the migration's transaction (see the helper). Both columns
// stay nullable. `down` refuses while rows use the new values.

const TRIGGERS_V1 = ['freeboard_m', 'pore_pressure_kpa', 'seepage_l_s', 'turbidity_ntu']
const TRIGGERS_V2 = [...TRIGGERS_V1, 'inclinometer_mm']
const EVENTS_V1 = ['storm', 'raise', 'drain_blockage', 'phreatic_rise', 'freshet']
const EVENTS_V2 = [...EVENTS_V1, 'creep']

export async function up(knex: Knex): Promise<void> {
  const db = new Install(knex)
  await setValues(knex, db, 'trigger_parameter', TRIGGERS_V2)
  await setValues(knex, db, 'event', EVENTS_V2)
}

export async function down(knex: Knex): Promise<void> {
  const db = new Install(knex)
  const table = db.name('monitoring_data')
  // The earlier lists cannot hold the new values: refuse, and say how to remove them, rather than lose them.
  const rows = (await (db.schema ? knex.withSchema(db.schema) : knex)
    .table(table)
    .distinct('dataset_id')
    .where((q) => void q.whereNotIn('trigger_parameter', TRIGGERS_V1).orWhereNotIn('event', EVENTS_V1))
    .orderBy('dataset_id')) as { dataset_id: number }[]
  if (rows.length > 0)
    throw new Error(
      `${table} holds readings triggered by inclinometer_mm or labelled creep in datasets ${rows.map((r) => r.dataset_id).join(', ')}, which the earlier schema lacks; remove those datasets first (tailingsiq-seed cleanup --dataset <id> --yes)`,
    )
  await setValues(knex, db, 'event', EVENTS_V1)
  await setValues(knex, db, 'trigger_parameter', TRIGGERS_V1)
}

/** Makes `values` the values `column` of the monitoring table allows. */
async function setValues(knex: Knex, db: Install, column: string, values: readonly string[]): Promise<void> {
  await setEnumValues(knex, db, db.name('monitoring_data'), column, values, true)
}
