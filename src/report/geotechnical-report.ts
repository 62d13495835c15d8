import { rowsOf } from '../dialects/dialect-adapter-base.js'
import { SPACED_LABEL } from './chart-style.js'
import type { ReportChart } from './report-model.js'
import { byLabel, roundSig, type ReportContext } from './report-sql.js'

/** Point area by tests counted: from one test (never a zero-sized point), whole tests in the legend. */
const TESTS_SIZE = {
  field: 'n',
  type: 'quantitative',
  title: 'Tests',
  scale: { zero: false, range: [16, 260] },
  legend: { tickMinStep: 1, format: 'd' },
}

/** Particle sizes of the PSD curves (mm): the sieve and hydrometer limits the table's fractions stop at. */
const SIEVES = [
  ['clay', 0.002],
  ['fines', 0.075],
  ['gravel', 4.75],
] as const

/**
 * Geotechnical: the Casagrande plasticity chart (LL against PI in 1 % cells, counted by the database, with
 * the A-line and U-line), mean particle-size distribution curves per material zone, and hydraulic
 * conductivity per material zone in half-decade bins.
 */
export async function geotechnicalCharts({ db, rows }: ReportContext): Promise<ReportChart[]> {
  const k = db.knex
  const plasticity = (
    await rowsOf(
      rows()
        .whereNotNull('liquid_limit_pct')
        .whereNotNull('plasticity_index_pct')
        .select({
          zone: 'material_zone',
          ll: k.raw('floor(??)', ['liquid_limit_pct']),
          pi: k.raw('floor(??)', ['plasticity_index_pct']),
          n: k.raw('count(*)'),
        })
        .groupByRaw('1, 2, 3'),
    )
  )
    .map((r) => [String(r['zone']), Number(r['ll']) + 0.5, Number(r['pi']) + 0.5, Number(r['n'])])
    .sort(
      (a, b) =>
        byLabel(a[0] as string, b[0] as string) ||
        (a[1] as number) - (b[1] as number) ||
        (a[2] as number) - (b[2] as number),
    )

  const psd = (
    await rowsOf(
      rows()
        .whereNotNull('fines_pct')
        .select({
          zone: 'material_zone',
          n: k.raw('count(*)'),
          gravel: k.raw('avg(??)', ['gravel_pct']),
          fines: k.raw('avg(??)', ['fines_pct']),
          clay: k.raw('avg(??)', ['clay_pct']),
        })
        .groupBy('material_zone'),
    )
  ).sort((a, b) => byLabel(String(a['zone']), String(b['zone'])))
  const curves: unknown[][] = []
  for (const r of psd) {
    const zone = String(r['zone'])
    const passing: Record<string, unknown> = {
      clay: r['clay'],
      fines: r['fines'],
      gravel: r['gravel'] === null ? null : 100 - Number(r['gravel']),
    }
    for (const [name, size] of SIEVES) {
      const value = roundSig(passing[name])
      if (value !== null) curves.push([zone, size, value, Number(r['n'])])
    }
    curves.push([zone, 75, 100, Number(r['n'])])
  }

  const permeability = (
    await rowsOf(
      rows()
        .whereNotNull('permeability_m_s')
        .where('permeability_m_s', '>', 0)
        .select({
          zone: 'material_zone',
          bin: k.raw('floor(log10(??) * 2)', ['permeability_m_s']),
          n: k.raw('count(*)'),
        })
        .groupByRaw('1, 2'),
    )
  )
    .map((r) => [String(r['zone']), roundSig(10 ** ((Number(r['bin']) + 0.5) / 2)), Number(r['n'])])
    .sort((a, b) => byLabel(a[0] as string, b[0] as string) || (a[1] as number) - (b[1] as number))

  const zones = [...new Set(curves.map((c) => c[0]))]
  return [
    {
      id: 'geotechnical-plasticity',
      title: 'Plasticity chart (Casagrande)',
      description:
        'Atterberg results: liquid limit against plasticity index, counted per 1 % cell and material zone by the database; the A-line (PI = 0.73·(LL − 20)) separates clays above from silts below, the U-line is the upper bound of natural soils, LL = 50 % separates low from high plasticity.',
      data: { plasticity: { columns: ['zone', 'll', 'pi', 'n'], rows: plasticity } },
      checks: [
        { mark: 'samples', count: plasticity.length },
        { mark: 'a_line', count: 1 },
        { mark: 'u_line', count: 1 },
      ],
      spec: {
        width: 620,
        height: 380,
        layer: [
          {
            data: {
              values: [
                { ll: 25.48, pi: 4 },
                { ll: 110, pi: 65.7 },
              ],
            },
            name: 'a_line',
            mark: { type: 'line', color: '#000000' },
            encoding: {
              x: {
                field: 'll',
                type: 'quantitative',
                title: 'Liquid limit LL (%)',
                scale: { domain: [0, 110] },
              },
              y: {
                field: 'pi',
                type: 'quantitative',
                title: 'Plasticity index PI (%)',
                scale: { domain: [0, 70] },
              },
            },
          },
          {
            data: {
              values: [
                { ll: 16, pi: 7.2 },
                { ll: 85.8, pi: 70 },
              ],
            },
            name: 'u_line',
            mark: { type: 'line', color: '#000000', strokeDash: [6, 4] },
            encoding: { x: { field: 'll', type: 'quantitative' }, y: { field: 'pi', type: 'quantitative' } },
          },
          {
            data: { values: [{ ll: 50 }] },
            mark: { type: 'rule', color: '#777', strokeDash: [2, 3] },
            encoding: { x: { field: 'll', type: 'quantitative' } },
          },
          {
            data: {
              values: [
                { ll: 92, pi: 58, text: 'A-line' },
                { ll: 70, pi: 62, text: 'U-line' },
                { ll: 30, pi: 16, text: 'CL' },
                { ll: 75, pi: 45, text: 'CH' },
                { ll: 38, pi: 4, text: 'ML' },
                { ll: 80, pi: 22, text: 'MH' },
              ],
            },
            mark: { type: 'text', color: '#444', fontSize: 11 },
            encoding: {
              x: { field: 'll', type: 'quantitative' },
              y: { field: 'pi', type: 'quantitative' },
              text: { field: 'text' },
            },
          },
          {
            data: { name: 'plasticity' },
            name: 'samples',
            mark: { type: 'circle', opacity: 0.7 },
            encoding: {
              x: { field: 'll', type: 'quantitative' },
              y: { field: 'pi', type: 'quantitative' },
              color: {
                field: 'zone',
                type: 'nominal',
                title: 'Material zone',
                legend: { labelExpr: SPACED_LABEL },
              },
              size: TESTS_SIZE,
              tooltip: [
                { field: 'zone', title: 'material zone' },
                { field: 'll', title: 'LL (%)' },
                { field: 'pi', title: 'PI (%)' },
                { field: 'n', title: 'tests' },
              ],
            },
          },
        ],
      },
    },
    {
      id: 'geotechnical-psd',
      title: 'Particle-size distribution, mean per material zone',
      description:
        'Percent passing at 0.002 mm (clay), 0.075 mm (fines) and 4.75 mm (sand and finer), averaged per material zone by the database over the samples with a grading.',
      data: { psd: { columns: ['zone', 'size', 'passing', 'n'], rows: curves } },
      checks: [{ mark: 'psd_lines', count: zones.length }],
      spec: {
        width: 620,
        height: 320,
        data: { name: 'psd' },
        name: 'psd_lines',
        mark: { type: 'line', point: true },
        encoding: {
          x: {
            field: 'size',
            type: 'quantitative',
            title: 'Particle size (mm)',
            scale: { type: 'log', domain: [0.001, 100] },
          },
          y: {
            field: 'passing',
            type: 'quantitative',
            title: 'Percent passing (%)',
            scale: { domain: [0, 100] },
          },
          color: {
            field: 'zone',
            type: 'nominal',
            title: 'Material zone',
            legend: { labelExpr: SPACED_LABEL },
          },
          tooltip: [
            { field: 'zone', title: 'material zone' },
            { field: 'size', title: 'size (mm)' },
            { field: 'passing', title: 'passing (%)', format: '.1f' },
            { field: 'n', title: 'samples' },
          ],
        },
      },
    },
    {
      id: 'geotechnical-permeability',
      title: 'Hydraulic conductivity by material zone',
      description:
        'Permeability test results per material zone, counted by the database in half-decade bins of k; the circle area is the number of tests.',
      data: { permeability: { columns: ['zone', 'k', 'n'], rows: permeability } },
      checks: [{ mark: 'perm_bins', count: permeability.length }],
      spec: {
        width: 620,
        height: 260,
        data: { name: 'permeability' },
        name: 'perm_bins',
        mark: { type: 'circle', opacity: 0.8, color: '#0072B2' },
        encoding: {
          x: {
            field: 'k',
            type: 'quantitative',
            title: 'Hydraulic conductivity k (m/s)',
            scale: { type: 'log' },
            axis: { format: '.0e' },
          },
          y: { field: 'zone', type: 'nominal', title: 'Material zone', axis: { labelExpr: SPACED_LABEL } },
          size: TESTS_SIZE,
          tooltip: [
            { field: 'zone', title: 'material zone' },
            { field: 'k', title: 'k bin centre (m/s)', format: '.1e' },
            { field: 'n', title: 'tests' },
          ],
        },
      },
    },
  ]
}
