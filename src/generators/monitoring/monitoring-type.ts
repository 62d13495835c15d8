import { col, RECORD_KEY_COLUMNS } from '../columns.js'
import { defineDataType } from '../data-type-definition.js'
import { MONITORING_EVENTS } from './monitoring-events.js'
import { ANOMALY_KINDS, monitoringGenerator } from './monitoring-generator.js'
import { MONITORING_STATUSES, TRIGGER_PARAMETERS } from './monitoring-thresholds.js'
import { EVENT_ID_COLUMN } from '../events/event-timeline.js'

/** The numeric readings of a monitoring record that stats summarise per facility. */
export const MONITORING_PARAMETERS = [
  'rainfall_mm',
  'pond_level_m',
  'freeboard_m',
  'pore_pressure_kpa',
  'settlement_mm',
  'seepage_l_s',
  'turbidity_ntu',
  'ph',
  'conductivity_us_cm',
  'inclinometer_mm',
] as const

/** The monitoring records' fields, in output order; `MonitoringRow` is derived from them. */
export const MONITORING_COLUMNS = [
  ...RECORD_KEY_COLUMNS,
  col.timestamp('timestamp', 'Time of the reading (UTC)'),
  col.float('rainfall_mm', 'Rainfall during the interval ending at the reading', {
    unit: 'mm',
    nullable: true,
  }),
  col.float('pond_level_m', 'Pond (decant) water level; null without a pond', {
    unit: 'm RL',
    nullable: true,
  }),
  col.float('freeboard_m', 'Total freeboard, crest minus pond level', { unit: 'm', nullable: true }),
  col.float('pore_pressure_kpa', 'Reference vibrating-wire piezometer', { unit: 'kPa', nullable: true }),
  col.float('pore_pressure_expected_kpa', 'Expected (design) pore pressure at the current stage', {
    unit: 'kPa',
  }),
  col.float('settlement_mm', 'Cumulative crest settlement; never decreases', {
    unit: 'mm',
    nullable: true,
  }),
  col.float('seepage_l_s', 'Total seepage flow at the weirs', { unit: 'L/s', nullable: true }),
  col.float('turbidity_ntu', 'Seepage turbidity', { unit: 'NTU', nullable: true }),
  col.float('ph', 'Pond water pH', { nullable: true }),
  col.float('conductivity_us_cm', 'Pond water electrical conductivity', { unit: 'µS/cm', nullable: true }),
  col.float('inclinometer_mm', 'Cumulative inclinometer displacement at the shear zone', {
    unit: 'mm',
    nullable: true,
  }),
  col.enum('status', MONITORING_STATUSES, 'normal (TARP 0), warning (1) or critical (2–3)'),
  col.integer('tarp_level', 'TARP level 0–3 after hysteresis'),
  col.enum('trigger_parameter', TRIGGER_PARAMETERS, 'Field that set the TARP level; null at level 0', {
    nullable: true,
  }),
  col.enum('anomaly', ANOMALY_KINDS, 'Injected data-quality anomaly (sensor fault), if any', {
    nullable: true,
  }),
  col.enum('event', MONITORING_EVENTS, 'Physical event in progress (cause of a deviation), if any', {
    nullable: true,
  }),
  col.float(
    'pore_pressure_clean_kpa',
    'True pore pressure: the reading unless a fault corrupts or hides it',
    {
      unit: 'kPa',
      nullable: true,
    },
  ),
  col.float('seepage_clean_l_s', 'True seepage flow: the reading unless a fault corrupts or hides it', {
    unit: 'L/s',
    nullable: true,
  }),
  col.float('turbidity_clean_ntu', 'True turbidity: the reading unless a fault corrupts or hides it', {
    unit: 'NTU',
    nullable: true,
  }),
  col.json(
    'clean_values',
    'True values a fault hides that have no clean column: under a gap (missing) the other channels, under a duplicate timestamp the true timestamp; null otherwise',
    { nullable: true },
  ),
  EVENT_ID_COLUMN,
] as const

/** The monitoring data type: its table, its columns and its stats breakdown (see `DataTypeDefinition`). */
export default defineDataType({
  id: 'monitoring',
  tableSuffix: 'monitoring_data',
  timeColumn: 'timestamp',
  columns: MONITORING_COLUMNS,
  generator: monitoringGenerator,
  breakdown: async (q) => {
    const perFacility = await q.summarize('facility_id', MONITORING_PARAMETERS)
    const named = await q.facilityNames(perFacility.map((f) => String(f.key)))
    return {
      perFacility: perFacility.map((f) => ({
        facility_id: f.key,
        facility_code: named.get(String(f.key))?.code ?? null,
        facility_name: named.get(String(f.key))?.name ?? null,
        readings: f.rows,
        parameters: f.summaries,
      })),
      status: await q.countBy('status'),
      tarpLevels: await q.countBy('tarp_level'),
      triggers: await q.countBy('trigger_parameter', q.rows().whereNotNull('trigger_parameter')),
      anomalies: await q.countBy('anomaly', q.rows().whereNotNull('anomaly')),
    }
  },
})
