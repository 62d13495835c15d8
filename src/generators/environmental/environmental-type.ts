import { col, RECORD_KEY_COLUMNS } from '../columns.js'
import { defineDataType } from '../data-type-definition.js'
import {
  ENV_PARAMETERS,
  ENV_UNITS,
  GUIDELINE_SOURCES,
  MEDIA,
  QA_FLAGS,
  STATION_TYPES,
} from './environmental-datasets.js'
import { environmentalGenerator } from './environmental-generator.js'
import { EVENT_ID_COLUMN } from '../events/event-timeline.js'

/** The environmental records' fields, in output order; `EnvironmentalRow` is derived from them. */
export const ENVIRONMENTAL_COLUMNS = [
  ...RECORD_KEY_COLUMNS,
  col.string('station_id', 'Sampling station, e.g. RCK-TSF2-MBD-03 (down-gradient bore 3)', { length: 32 }),
  col.enum('station_type', STATION_TYPES, 'Kind of sampling station'),
  col.enum('medium', MEDIA, 'What was sampled'),
  col.string('sample_id', 'Laboratory sample id, shared by the parameters of one sample', { length: 32 }),
  col.timestamp('sampled_at', 'Time the sample was taken (UTC); for 24-h air samples the start of the run'),
  col.enum('parameter', ENV_PARAMETERS, 'Analyte or metric'),
  col.float('value', 'Reported result in `unit`; for a non-detect, the detection limit'),
  col.enum('unit', ENV_UNITS, 'Unit of value, detection limit and guideline'),
  col.float('detection_limit', 'Limit of reporting (LOR); raised for diluted saline samples; null for pH', {
    nullable: true,
  }),
  col.boolean('below_detection', 'Non-detect, reported as < LOR; value then equals the detection limit'),
  col.float('guideline_value', 'Applicable guideline value (upper limit of a band); null when none applies', {
    nullable: true,
  }),
  col.float('guideline_min', 'Lower limit of a guideline band (pH); null otherwise', { nullable: true }),
  col.enum('guideline_source', GUIDELINE_SOURCES, 'Guideline the value is compared with', {
    nullable: true,
  }),
  col.boolean('exceedance', 'Detected value above the guideline, or outside the band for pH'),
  col.string('lab', 'Fictitious analysing laboratory'),
  col.string('sampler', 'Person who took the sample'),
  col.enum('qa_flag', QA_FLAGS, 'QA sample type or lab flag; null for a routine result', {
    nullable: true,
  }),
  EVENT_ID_COLUMN,
] as const

/** The environmental data type: its table, its columns and its stats breakdown (see `DataTypeDefinition`). */
export default defineDataType({
  id: 'environmental',
  tableSuffix: 'environmental_data',
  timeColumn: 'sampled_at',
  columns: ENVIRONMENTAL_COLUMNS,
  generator: environmentalGenerator,
  breakdown: async (q) => {
    const params = await q.all(
      q
        .rows()
        .select('parameter', 'unit')
        .count({ samples: '*' })
        .select({
          exceedances: q.knex.raw('sum(case when ?? then 1 else 0 end)', ['exceedance']),
          below_detection: q.knex.raw('sum(case when ?? then 1 else 0 end)', ['below_detection']),
        })
        .groupBy('parameter', 'unit')
        .orderBy('parameter'),
    )
    return {
      byParameter: params.map((p) => ({
        parameter: p['parameter'],
        unit: p['unit'],
        samples: Number(p['samples']),
        exceedances: Number(p['exceedances']),
        belowDetection: Number(p['below_detection']),
      })),
      byStation: await q.countBy('station_type'),
    }
  },
})
