import { col, RECORD_KEY_COLUMNS, type Column } from '../columns.js'
import { defineDataType } from '../data-type-definition.js'
import {
  HOLE_LOCATIONS,
  HOLE_TYPES,
  MATERIAL_ZONES,
  SAMPLE_TYPES,
  STANDARDS,
  TEST_TYPES,
  USCS_SYMBOLS,
} from './geotechnical-datasets.js'
import { geotechnicalGenerator } from './geotechnical-generator.js'

const nullableFloat = <const N extends string>(
  name: N,
  description: string,
  unit?: string,
): Column<N, 'float', { nullable: true; unit?: string }> =>
  col.float(name, description, unit === undefined ? { nullable: true } : { nullable: true, unit })

/** The geotechnical records' fields, in output order; `GeotechnicalRow` is derived from them. */
export const GEOTECHNICAL_COLUMNS = [
  ...RECORD_KEY_COLUMNS,
  col.string('borehole_id', 'Investigation hole: BH-nn for a borehole, CPT-nn for a piezocone sounding', {
    length: 12,
  }),
  col.enum('hole_type', HOLE_TYPES, 'Drilled borehole or CPTu sounding'),
  col.enum('location', HOLE_LOCATIONS, 'Where on the facility the hole is'),
  col.string(
    'sample_id',
    'Sample within the hole: S split spoon, U tube, B bulk, C core, V vane, D CPTu interval',
    {
      length: 20,
    },
  ),
  col.enum(
    'sample_type',
    SAMPLE_TYPES,
    'How the sample was taken; in_situ for CPTu intervals and vane tests',
  ),
  col.float('depth_top_m', 'Depth of the top of the sample below the collar', { unit: 'm' }),
  col.float('depth_bottom_m', 'Depth of the bottom of the sample below the collar', { unit: 'm' }),
  col.float('elevation_m', 'Elevation of the top of the sample', { unit: 'm RL' }),
  col.enum('material_zone', MATERIAL_ZONES, 'Material zone the sample comes from (logged or interpreted)'),
  col.enum('uscs_symbol', USCS_SYMBOLS, 'USCS group symbol (ASTM D2487); null where no soil was recovered', {
    nullable: true,
  }),
  col.boolean('below_water_table', 'Whether the sample lies below the phreatic surface'),
  col.date('sampled_date', 'Day the sample was taken or the in-situ test run'),
  col.enum('test_type', TEST_TYPES, 'Kind of test'),
  col.enum('standard', STANDARDS, 'Test standard'),
  col.string('lab', 'Fictitious laboratory, or field contractor for in-situ tests', { length: 80 }),
  col.string('technician', 'Person who ran the test', { length: 80 }),
  col.date('test_date', 'Day the test was completed'),
  nullableFloat('moisture_pct', 'Gravimetric water content (D2216, D7263, D2435)', '%'),
  nullableFloat('liquid_limit_pct', 'Liquid limit; null when non-plastic', '%'),
  nullableFloat('plastic_limit_pct', 'Plastic limit; null when non-plastic', '%'),
  nullableFloat('plasticity_index_pct', 'Plasticity index, LL − PL; null when non-plastic', '%'),
  col.boolean('non_plastic', 'Atterberg result NP (no plastic limit could be determined)', {
    nullable: true,
  }),
  nullableFloat('gravel_pct', 'Gravel, > 4.75 mm', '%'),
  nullableFloat('sand_pct', 'Sand, 0.075–4.75 mm', '%'),
  nullableFloat('fines_pct', 'Fines, < 0.075 mm', '%'),
  nullableFloat('clay_pct', 'Clay-size, < 0.002 mm (hydrometer only)', '%'),
  nullableFloat('d50_mm', 'Median particle size', 'mm'),
  nullableFloat('specific_gravity', 'Specific gravity of solids G_s'),
  nullableFloat('dry_density_t_m3', 'In-situ (specimen) dry density', 't/m³'),
  nullableFloat('void_ratio', 'Void ratio, e = G_s·ρw/ρd − 1'),
  nullableFloat('degree_of_saturation_pct', 'Degree of saturation, S = w·G_s/e', '%'),
  nullableFloat('max_dry_density_t_m3', 'Proctor maximum dry density', 't/m³'),
  nullableFloat('optimum_moisture_pct', 'Proctor optimum water content', '%'),
  nullableFloat('permeability_m_s', 'Hydraulic conductivity k', 'm/s'),
  nullableFloat('compression_index', 'Compression index C_c'),
  nullableFloat('recompression_index', 'Recompression index C_r'),
  nullableFloat('cv_m2_per_yr', 'Coefficient of consolidation c_v', 'm²/yr'),
  nullableFloat(
    'test_stress_kpa',
    'Effective confining (permeability, triaxial), vertical (DSS) or final oedometer stress',
    'kPa',
  ),
  nullableFloat('friction_angle_deg', "Effective friction angle φ'", '°'),
  nullableFloat('cohesion_kpa', "Effective cohesion c'", 'kPa'),
  nullableFloat('su_ratio', "Peak undrained strength ratio s_u/σ'v"),
  nullableFloat('cone_resistance_mpa', 'Corrected cone resistance q_t', 'MPa'),
  nullableFloat('sleeve_friction_kpa', 'Sleeve friction f_s', 'kPa'),
  nullableFloat('pore_pressure_u2_kpa', 'Pore pressure behind the cone u2', 'kPa'),
  nullableFloat('soil_behaviour_type_index', 'Soil behaviour type index I_c (Robertson 2009)'),
  nullableFloat('shear_wave_velocity_m_s', 'Shear-wave velocity V_s (seismic CPTu)', 'm/s'),
  col.integer('spt_n60', 'SPT blow count corrected to 60 % energy', {
    unit: 'blows/300 mm',
    nullable: true,
  }),
  nullableFloat('vane_su_kpa', 'Field vane peak undrained shear strength', 'kPa'),
  nullableFloat('vane_su_remoulded_kpa', 'Field vane remoulded undrained shear strength', 'kPa'),
] as const

/** The geotechnical data type: its table, its columns and its stats breakdown (see `DataTypeDefinition`). */
export default defineDataType({
  id: 'geotechnical',
  tableSuffix: 'geotechnical_data',
  timeColumn: 'test_date',
  columns: GEOTECHNICAL_COLUMNS,
  generator: geotechnicalGenerator,
  breakdown: async (q) => ({
    byTest: await q.countBy('test_type'),
    byMaterialZone: await q.countBy('material_zone'),
  }),
})
