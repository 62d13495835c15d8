import { z } from 'zod'
import { clamp, round } from '../../util/numbers.js'
import { isAcidGenerating } from '../environmental/environmental-datasets.js'
import type { Facility } from '../facility/facility-generator.js'
import type { RowOf } from '../columns.js'
import type { DataGenerator, FacilityContext, Partition } from '../generator.js'
import type { FINANCIAL_COLUMNS } from './financial-type.js'
import { END_AFTER_START, cadenceParam, dateRangeShape, endAfterStart } from '../params.js'
import {
  ASSURANCE_FORMS,
  ASSURANCE_REGIMES,
  CATEGORY_LABELS,
  CLOSURE_CLASS_CLOSED,
  CLOSURE_CLASS_OPERATING,
  COST_ELEMENTS,
  COUNTERPARTY_SUFFIXES,
  DEFAULT_REGIME,
  DSR_INTERVAL_YEARS,
  FEE_BEARING_FORMS,
  FINANCIAL_CATEGORIES,
  FORM_LABELS,
  ILLUSTRATIVE_USD_RATES,
  INSURANCE_LIMIT_USD_M,
  OPEX_PER_TONNE,
  SURVEILLANCE_USD_M,
  type AssuranceForm,
  type Basis,
  type FinancialCategory,
  type LineStatus,
  type PeriodType,
} from './financial-datasets.js'
import { scenarioParam } from '../scenario.js'
import { EVENT_NAMES } from '../events/event-timeline.js'
import { eventsOfPeriod, withLinkedRecords } from '../events/linked-records.js'
import { facilityRaises, raisePlan, type Raise } from '../events/raise-schedule.js'
import { deriveSeed } from '../derive-seed.js'
import { Prng } from '../prng.js'

const isoDate = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10)

/** One financial line item of a facility for one period. Amounts are in the facility's local currency. */
export type FinancialRow = RowOf<typeof FINANCIAL_COLUMNS>

/** Parameters of the financial generator: the date range only; `{}` gives calendar 2024. */
export const financialParamsSchema = z
  .strictObject({ ...dateRangeShape, scenario: scenarioParam, cadence: cadenceParam })
  .refine(endAfterStart, END_AFTER_START)
export type FinancialParams = z.output<typeof financialParamsSchema>

const DAY_MS = 86_400_000
const YEAR_DAYS = 365.25
const M = 1_000_000

/** A planned line; itemised actuals split one line into several records. */
interface Line {
  readonly fiscalYear: number
  readonly periodType: PeriodType
  readonly start: number
  readonly end: number
  readonly category: FinancialCategory
  readonly status: LineStatus
  readonly description: string
  /** Local currency. */
  readonly amount: number
  readonly estimateClass: number | null
  readonly basis: Basis
  readonly unitRate: number | null
  readonly counterparty: string | null
  readonly form: AssuranceForm | null
  readonly coveragePct: number | null
  readonly liability: number | null
  /** Cost elements the line can be itemised into; null when it is always one record. */
  readonly elements: readonly string[] | null
  /** The linked event (a raise, an event's remediation) the line belongs to, or null. */
  readonly eventId: string | null
}

/** A calendar quarter (fiscal quarters start on a calendar quarter here), clipped to the date range. */
interface Quarter {
  readonly fiscalYear: number
  /** 0–3 within the fiscal year. */
  readonly number: number
  readonly start: number
  readonly end: number
  readonly days: number
}

const ITRB_TEXT = 'Independent Tailings Review Board (ITRB) sessions'
const DSR_TEXT = 'Dam safety review (DSR)'
const BUDGET_TEXT = labelMap((label) => `${label}: annual budget`)
const FORECAST_TEXT = labelMap((label) => `${label}: full-year forecast`)
const ASSURANCE_TEXT = formMap((label) => `Financial assurance held: ${label}`)
const FEE_TEXT = formMap((label) => `Carrying cost of the ${label}`)

function labelMap(make: (label: string) => string): Readonly<Record<FinancialCategory, string>> {
  return Object.fromEntries(FINANCIAL_CATEGORIES.map((c) => [c, make(CATEGORY_LABELS[c])])) as Record<
    FinancialCategory,
    string
  >
}

function formMap(make: (label: string) => string): Readonly<Record<AssuranceForm, string>> {
  return Object.fromEntries(ASSURANCE_FORMS.map((form) => [form, make(FORM_LABELS[form])])) as Record<
    AssuranceForm,
    string
  >
}

/** Calendar quarters overlapping [first, last] (UTC midnights), labelled with the fiscal year they fall in. */
function quartersOf(first: number, last: number, fyStartMonth: number): Quarter[] {
  const quarters: Quarter[] = []
  const d = new Date(first)
  let year = d.getUTCFullYear()
  let month = Math.floor(d.getUTCMonth() / 3) * 3
  for (;;) {
    const qs = Date.UTC(year, month, 1)
    if (qs > last) break
    const qe = Date.UTC(year, month + 3, 1) - DAY_MS
    const start = Math.max(qs, first)
    const end = Math.min(qe, last)
    quarters.push({
      // A fiscal year is named after the calendar year it ends in (FY2025 = July 2024 – June 2025 in Australia).
      fiscalYear: fyStartMonth > 0 && month >= fyStartMonth ? year + 1 : year,
      number: ((month - fyStartMonth + 12) % 12) / 3,
      start,
      end,
      days: (end - start) / DAY_MS + 1,
    })
    month += 3
    if (month >= 12) {
      month -= 12
      year++
    }
  }
  return quarters
}

/** Every planned line of one facility over the range, in period order. Small: tens of lines a year. */
function planLines(p: FacilityContext<FinancialParams>, fx: number): Line[] {
  const { rng, faker, facility: f, params } = p
  const t0 = Date.parse(params.start)
  const t1 = Date.parse(params.end)
  // Periods are whole days inside the range; a range inside one day keeps that day.
  let first = Math.ceil(t0 / DAY_MS) * DAY_MS
  let last = Math.floor(t1 / DAY_MS) * DAY_MS
  if (first > last) first = last = Math.floor(t0 / DAY_MS) * DAY_MS

  // Text pools, built once.
  const name = (kind: keyof typeof COUNTERPARTY_SUFFIXES) =>
    `${faker.person.lastName()} ${rng.pick(COUNTERPARTY_SUFFIXES[kind])}`
  const insurer = name('insurer')
  const surety = name('surety')
  const banks = [name('bank'), name('bank')]
  const consultants = [name('consultant'), name('consultant'), name('consultant')]
  const contractor = name('contractor')

  // Amounts: stocks and plans are rounded like estimates, actual flows to the cent.
  const step = fx >= 1000 ? M : 1000
  const local = (usd: number) => round(usd * fx, 2)
  const estimate = (usd: number) => Math.max(step, Math.round((usd * fx) / step) * step)

  const status = f.status
  const active = status === 'active'
  const closed = status === 'closed'
  const acid = isAcidGenerating(f)
  const wa = f.country_code === 'AU' && f.timezone === 'Australia/Perth'
  const fyStartMonth = f.country_code === 'AU' ? 6 : 0 // Australian fiscal years start on 1 July

  // Throughput at a dry density of 1.2–1.6 t/m³ (§F, G.2). Two estimates of the annual volume: the stored
  // volume over the years of operation, and the rate of rise over the pond and beach area (§G.3 rule 5).
  // Their geometric mean keeps raise costs, which follow the footprint, in step with the tonnage [E].
  const density = rng.range(1.2, 1.6)
  const years = clamp(new Date(first).getUTCFullYear() - f.construction_year, 3, 40)
  const byHistory = (f.stored_volume_mm3 * M) / years
  const byRise = f.rate_of_rise_m_per_yr * f.footprint_ha * 10_000 * rng.range(0.6, 0.9)
  const annualVolume = byRise > 0 ? Math.sqrt(byHistory * byRise) : byHistory
  const tonnes = active ? Math.max(50_000, annualVolume * density * rng.range(0.8, 1.2)) : 0
  const [opexLo, opexHi] = OPEX_PER_TONNE[f.deposition_method]
  // Small filter plants cost more per tonne (domain §F: 8–10 US$/t) [E].
  const opexRate =
    rng.logNormalBetween(opexLo, opexHi) * (f.deposition_method === 'filtered' && tonnes < M ? 1.5 : 1)
  const sizeFactor = Math.sqrt(f.footprint_ha / 50)
  const opexUsd = active
    ? tonnes * opexRate
    : status === 'inactive'
      ? rng.range(0.1, 0.8) * M * sizeFactor
      : 0
  const sustainingRate = rng.range(0.1, 0.5)
  const sustainingUsd = active
    ? tonnes * sustainingRate + 0.05 * M
    : closed
      ? rng.range(0.02, 0.1) * M * sizeFactor
      : rng.range(0.05, 0.3) * M * sizeFactor

  // Raises: the facility's raise schedule (events/raise-schedule.ts), lifts of 1–5 m (upstream) or larger
  // downstream stages, one every 1–3 years (§G.2); fill is the crest length times the section added per lift
  // [E]. The raises booked are those whose crest is raised in the range, as the other types record them.
  const method = f.construction_method
  const plan = raisePlan(p.seed, f)
  rng.float() // the lift drawn here before the schedule was shared: drawn still, so the other amounts stay
  const lift = plan?.lift ?? 0
  const raises = facilityRaises(p.seed, f, first / DAY_MS, last / DAY_MS)
  const crestLength = 4 * Math.sqrt(f.footprint_ha * 10_000) * rng.range(0.4, 0.9)
  const slope = rng.range(2, 3.5)
  const height = f.dam_height_m ?? 20
  const section =
    method === 'upstream' ? rng.range(8, 15) : method === 'centreline' ? 0.5 * slope * height : slope * height
  const cycloneSand =
    method === 'downstream' &&
    f.commodity === 'copper' &&
    (f.country_code === 'CL' || f.country_code === 'PE')
  const fillRate = cycloneSand
    ? rng.range(1, 3)
    : method === 'upstream' || method === 'centreline'
      ? rng.logNormalBetween(3, 10)
      : rng.logNormalBetween(5, 20)
  const fillVolume = crestLength * lift * Math.min(section, 300)
  // The fill estimate ranks facilities by raise size; a raise costs US$ 5–60 M (domain §F), so the estimate is
  // squashed smoothly (in log space) into 6–50 M, which leaves room for escalation and quarterly variation.
  const raiseUsd = squashLog(
    fillVolume * fillRate + rng.range(0.2, 1.5) * M,
    RAISE_USD_FLOOR,
    RAISE_USD_CEILING,
  )

  const [survLo, survHi] = SURVEILLANCE_USD_M[f.consequence_class]
  const surveillanceUsd =
    rng.logNormalBetween(survLo, survHi) * M * (closed ? 0.6 : status === 'inactive' ? 0.8 : 1)
  const highClass = f.consequence_class === 'Very High' || f.consequence_class === 'Extreme'
  const itrbUsd =
    highClass || (f.consequence_class === 'High' && rng.chance(0.4))
      ? rng.range(0.15, 0.6) * M * (closed ? 0.7 : 1)
      : 0
  const dsrInterval = DSR_INTERVAL_YEARS[f.consequence_class]
  const dsrPhase = rng.int(0, dsrInterval - 1)
  const dsrUsd = rng.logNormalBetween(0.15, 0.7) * M * (highClass ? 1.3 : 1)

  const [limLo, limHi] = INSURANCE_LIMIT_USD_M[f.consequence_class]
  const limitLocal = estimate(rng.logNormalBetween(limLo, limHi) * M)
  // Premium 0.1–1 % of the limit a year (§F), log-uniform; upstream dams pay more.
  const premiumRate = Math.min(
    0.01,
    Math.exp(rng.range(Math.log(0.001), Math.log(0.01))) * (method === 'upstream' ? 1.3 : 1),
  )

  // Water treatment for AMD and for closed facilities still draining: seepage flow × unit cost + plant O&M.
  const treats = acid || (closed && rng.chance(0.3))
  const treatedM3 = f.baseline_seepage_l_s * 31_557.6 * rng.range(0.8, 1.5)
  const treatRate = rng.range(0.5, 3) * (acid ? 1.5 : 1)
  const treatmentUsd = treats ? treatedM3 * treatRate + rng.range(0.05, 0.3) * M : 0

  // Closure: fixed(1–5 M) + area × U(50k, 250k) × complexity (§F): 1 benign, 1.5 PAG cover, 2–5 with
  // long-term water treatment.
  const complexity =
    treats && acid ? rng.range(2, 5) : acid || f.commodity === 'uranium' ? 1.5 : treats ? 1.2 : 1
  const areaRate = rng.range(50_000, 250_000) * complexity
  const closureUsd0 = rng.range(1, 5) * M + f.footprint_ha * areaRate
  const escalation = rng.range(0.02, 0.06)
  let closureClass = Number(rng.weighted(closed ? CLOSURE_CLASS_CLOSED : CLOSURE_CLASS_OPERATING))

  const regime = wa
    ? ASSURANCE_REGIMES['AU-WA']
    : f.country_code === 'AU'
      ? ASSURANCE_REGIMES['AU-QLD']
      : undefined
  const { coverage, forms } = regime ?? ASSURANCE_REGIMES[f.country_code] ?? DEFAULT_REGIME
  const totalCoverage = rng.range(coverage[0], coverage[1])
  const firstForm = rng.weighted(forms)
  let secondForm = rng.chance(0.3) ? rng.weighted(forms) : null
  if (secondForm === firstForm) secondForm = null
  const firstShare = secondForm === null ? 1 : rng.range(0.4, 0.8)
  const counterpartyOf = (form: AssuranceForm): string | null =>
    form === 'surety_bond'
      ? surety
      : form === 'letter_of_credit' || form === 'bank_guarantee'
        ? (banks[0] as string)
        : form === 'trust_fund'
          ? `${banks[1] as string} (trustee)`
          : form === 'insurance_backed_bond'
            ? insurer
            : form === 'corporate_guarantee'
              ? f.operator
              : null
  const tranches = [
    { form: firstForm, pct: round(totalCoverage * firstShare, 1) },
    ...(secondForm === null ? [] : [{ form: secondForm, pct: round(totalCoverage * (1 - firstShare), 1) }]),
  ].map((t) => ({ ...t, counterparty: counterpartyOf(t.form), feeRate: rng.range(0.015, 0.03) }))

  // Each raise's capital cost in nominal dollars, spread evenly over its construction days in the range: inside
  // the domain band of US$ 5–60 M per raise (escalation does not push it out), with its own variation.
  const fiscalYearOf = (ms: number): number => {
    const d = new Date(ms)
    return fyStartMonth > 0 && d.getUTCMonth() >= fyStartMonth ? d.getUTCFullYear() + 1 : d.getUTCFullYear()
  }
  const raiseCosts = raises.map((r) => {
    const years = Math.max(0, fiscalYearOf(r.day * DAY_MS) - fiscalYearOf(first))
    const variation = new Prng(deriveSeed(p.seed, 'financial', f.facility_index, r.id)).range(0.85, 1.2)
    const usd = Math.min(raiseUsd, RAISE_USD_CEILING / (1 + escalation) ** years)
    return { raise: r, usd: usd * (1 + escalation) ** years * variation, days: r.day - r.constructionStart }
  })
  /** Construction days of a raise inside [startMs, endMs] (UTC midnights, inclusive). */
  const buildDays = (r: Raise, startMs: number, endMs: number): number =>
    Math.max(0, Math.min(endMs / DAY_MS + 1, r.day) - Math.max(startMs / DAY_MS, r.constructionStart))

  const lines: Line[] = []
  const quarters = quartersOf(first, last, fyStartMonth)
  let closureUsd = closureUsd0
  let yearIndex = 0
  for (let q = 0; q < quarters.length; yearIndex++) {
    const fy = (quarters[q] as Quarter).fiscalYear
    const fyQuarters: Quarter[] = []
    while (q < quarters.length && (quarters[q] as Quarter).fiscalYear === fy)
      fyQuarters.push(quarters[q++] as Quarter)
    const fyStart = Date.UTC(fyStartMonth > 0 ? fy - 1 : fy, fyStartMonth, 1)
    const fyDays = (Date.UTC(fyStartMonth > 0 ? fy : fy + 1, fyStartMonth, 1) - fyStart) / DAY_MS
    const start = (fyQuarters[0] as Quarter).start
    const end = (fyQuarters[fyQuarters.length - 1] as Quarter).end
    const days = (end - start) / DAY_MS + 1
    const share = days / fyDays
    const annual = (
      category: FinancialCategory,
      lineStatus: LineStatus,
      description: string,
      amount: number,
      basis: Basis,
      extra: Partial<Line> = {},
    ) =>
      lines.push({
        fiscalYear: fy,
        periodType: 'annual',
        start,
        end,
        category,
        status: lineStatus,
        description,
        amount,
        estimateClass: null,
        basis,
        unitRate: null,
        counterparty: null,
        form: null,
        coveragePct: null,
        liability: null,
        elements: null,
        eventId: null,
        ...extra,
      })

    // Stocks: the year's approved closure estimate and the assurance lodged against it.
    if (yearIndex > 0) {
      closureUsd *= (1 + escalation) * (rng.chance(0.2) ? rng.range(0.95, 1.25) : 1)
      if (rng.chance(0.15)) closureClass = Math.max(1, closureClass - 1)
    }
    const liability = estimate(closureUsd)
    annual('closure_cost_estimate', 'approved', CATEGORY_LABELS.closure_cost_estimate, liability, 'US$/ha', {
      estimateClass: closureClass,
      unitRate: Math.round(areaRate),
      counterparty: consultants[0] as string,
      liability,
    })
    const held = tranches.map((t) => Math.round((liability * t.pct) / 100 / step) * step)
    tranches.forEach((t, i) =>
      annual('financial_assurance', 'actual', ASSURANCE_TEXT[t.form], held[i] as number, '% of liability', {
        unitRate: t.pct,
        counterparty: t.counterparty,
        form: t.form,
        coveragePct: t.pct,
        liability,
      }),
    )
    // WA levy: 1 % of the rehabilitation liability estimate a year; nil up to AUD 50,000 (§F) [S]. WA
    // facilities report in AUD.
    if (wa && liability > 50_000) {
      annual(
        'mrf_levy',
        'actual',
        CATEGORY_LABELS.mrf_levy,
        round(0.01 * liability * share, 2),
        '% of liability p.a.',
        {
          unitRate: 1,
          liability,
        },
      )
    }
    annual(
      'insurance_premium',
      'actual',
      CATEGORY_LABELS.insurance_premium,
      round((premiumRate * limitLocal * days) / YEAR_DAYS, 2),
      '% of limit p.a.',
      { unitRate: round(premiumRate * 100, 3), counterparty: insurer, liability: limitLocal },
    )
    if (itrbUsd > 0) {
      annual(
        'independent_review',
        'actual',
        ITRB_TEXT,
        local(itrbUsd * share * rng.range(0.85, 1.15)),
        'lump sum',
        {
          counterparty: consultants[1] as string,
        },
      )
    }
    if ((yearIndex + dsrPhase) % dsrInterval === 0) {
      annual(
        'independent_review',
        'actual',
        DSR_TEXT,
        local(dsrUsd * (1 + escalation) ** yearIndex),
        'lump sum',
        {
          counterparty: consultants[2] as string,
        },
      )
    }

    // Flows: a budget per category, quarterly actuals around it, and a full-year forecast.
    // The year's raise draws before the schedule was shared: drawn still, so the other lines keep their values.
    rng.float()
    rng.int(0, 2)
    rng.int(2, 3)
    // The raises built in this fiscal year, and the share of the year's raise capital in real dollars.
    const yearRaises = raiseCosts.filter((c) => buildDays(c.raise, start, end) > 0)
    const raiseYearUsd = yearRaises.reduce(
      (sum, c) => sum + (c.usd * buildDays(c.raise, start, end)) / c.days / (1 + escalation) ** yearIndex,
      0,
    )
    const instrumentCount = rng.int(2, 15)
    const instrumentUnit = rng.range(5_000, 20_000)
    const instrumentsUsd = rng.chance(highClass ? 0.65 : 0.5)
      ? instrumentCount * instrumentUnit + (rng.chance(0.4) ? rng.range(20_000, 100_000) * rng.int(1, 3) : 0)
      : 0
    const instrumentQuarter = rng.int(0, 3)
    const flows: { category: FinancialCategory; usd: number; basis: Basis; unitRate: number | null }[] = []
    if (opexUsd > 0)
      flows.push({
        category: 'opex_operations',
        usd: opexUsd,
        basis: active ? 'US$/t dry' : 'lump sum',
        unitRate: active ? round(opexRate, 2) : null,
      })
    flows.push({
      category: 'sustaining_capex',
      usd: sustainingUsd,
      basis: active ? 'US$/t dry' : 'lump sum',
      unitRate: active ? round(sustainingRate, 2) : null,
    })
    flows.push({
      category: 'surveillance_monitoring',
      usd: surveillanceUsd,
      basis: 'lump sum',
      unitRate: null,
    })
    if (treatmentUsd > 0)
      flows.push({
        category: 'water_treatment',
        usd: treatmentUsd,
        basis: 'US$/m³ treated',
        unitRate: round(treatRate, 2),
      })
    if (raiseYearUsd > 0)
      flows.push({
        category: 'capex_raise',
        usd: raiseYearUsd,
        basis: 'US$/m³ fill',
        unitRate: round(fillRate, 2),
      })
    if (instrumentsUsd > 0)
      flows.push({
        category: 'instrumentation_capex',
        usd: instrumentsUsd,
        basis: 'US$/instrument',
        unitRate: Math.round(instrumentUnit),
      })
    const inflation = (1 + escalation) ** yearIndex
    const budgets = flows.map((flow) => {
      const usd = flow.usd * inflation * share * rng.range(0.95, 1.05)
      annual(flow.category, 'budget', BUDGET_TEXT[flow.category], estimate(usd), flow.basis, {
        estimateClass: 3,
        unitRate: flow.unitRate,
      })
      return usd
    })

    for (const quarter of fyQuarters) {
      const quarterly = (
        category: FinancialCategory,
        amount: number,
        basis: Basis,
        extra: Partial<Line> = {},
      ) =>
        lines.push({
          fiscalYear: fy,
          periodType: 'quarterly',
          start: quarter.start,
          end: quarter.end,
          category,
          status: 'actual',
          description: CATEGORY_LABELS[category],
          amount,
          estimateClass: null,
          basis,
          unitRate: null,
          counterparty: null,
          form: null,
          coveragePct: null,
          liability: null,
          elements:
            (closed && category === 'sustaining_capex' ? CLOSED_SUSTAINING : COST_ELEMENTS[category]) ?? null,
          eventId: null,
          ...extra,
        })
      const quarterShare = (quarter.days / fyDays) * inflation
      for (const flow of flows) {
        let usd: number
        let counterparty: string | null = null
        if (flow.category === 'capex_raise') {
          // One line per raise built in the quarter, with the raise's event id.
          for (const c of yearRaises) {
            const days = buildDays(c.raise, quarter.start, quarter.end)
            if (days === 0) continue
            quarterly(flow.category, local((c.usd * days) / c.days), flow.basis, {
              description: `${CATEGORY_LABELS.capex_raise} of ${isoDate(c.raise.day)}`,
              unitRate: flow.unitRate,
              counterparty: contractor,
              eventId: c.raise.id,
            })
          }
          continue
        } else if (flow.category === 'instrumentation_capex') {
          if (quarter.number !== instrumentQuarter) continue
          usd = flow.usd * inflation
          counterparty = consultants[1] as string
        } else if (flow.category === 'sustaining_capex') {
          usd = flow.usd * quarterShare * Math.exp(0.35 * rng.normal() - 0.06)
          counterparty = contractor
        } else {
          usd = flow.usd * quarterShare * rng.range(0.85, 1.15)
          if (flow.category === 'surveillance_monitoring') counterparty = consultants[1] as string
        }
        quarterly(flow.category, local(usd), flow.basis, { unitRate: flow.unitRate, counterparty })
      }
      tranches.forEach((t, i) => {
        if (!FEE_BEARING_FORMS.has(t.form)) return
        const guaranteed = held[i] as number
        quarterly(
          'assurance_carrying_cost',
          round((t.feeRate * guaranteed * quarter.days) / YEAR_DAYS, 2),
          '% of guaranteed amount p.a.',
          {
            description: FEE_TEXT[t.form],
            unitRate: round(t.feeRate * 100, 2),
            counterparty: t.counterparty,
            form: t.form,
            liability: guaranteed,
            elements: null,
          },
        )
      })
    }

    flows.forEach((flow, i) =>
      annual(
        flow.category,
        'forecast',
        FORECAST_TEXT[flow.category],
        estimate((budgets[i] as number) * rng.range(0.9, 1.15)),
        flow.basis,
        { estimateClass: 2, unitRate: flow.unitRate },
      ),
    )
  }
  return lines
}

/** A closed facility deposits nothing: its sustaining capital has no slurry pipeline or spigot work. */
const CLOSED_SUSTAINING = (COST_ELEMENTS.sustaining_capex ?? []).filter(
  (e) => !e.includes('pipeline') && !e.includes('spigot'),
)

/** Band of one raise-year's capex in US$ (domain §F: 5–60 M per raise), inside which it is squashed [E]. */
const RAISE_USD_FLOOR = 6 * M
const RAISE_USD_CEILING = 50 * M

/** `value` mapped smoothly and monotonically into (low, high) through a logistic curve in log space. */
function squashLog(value: number, low: number, high: number): number {
  const a = Math.log(low)
  const b = Math.log(high)
  const z = (Math.log(value) - (a + b) / 2) / ((b - a) / 4)
  return Math.exp(a + (b - a) / (1 + Math.exp(-z)))
}

/** The dollar rate a facility's records are converted with, and the currency they are booked in. */
function currencyOf(f: Facility): { currency: string; fx: number } {
  const rate = ILLUSTRATIVE_USD_RATES[f.currency]
  return { currency: rate === undefined ? 'USD' : f.currency, fx: rate ?? 1 }
}

function* generateFinancial(p: Partition<FinancialParams>): Generator<FinancialRow> {
  if (p.count === 0) return
  const f = p.facility
  const { currency, fx } = currencyOf(f)
  const lines = planLines(p, fx)
  const rng = p.rng

  // The plan holds one record per line. A larger count itemises the quarterly actuals into cost-element
  // postings, spread over the lines by the square root of their amounts; a smaller one stops part-way
  // through the range, like a ledger read from its start.
  let weightTotal = 0
  for (const line of lines) if (line.elements !== null) weightTotal += Math.sqrt(line.amount)
  const extra = Math.max(0, p.count - lines.length)
  let weightSoFar = 0
  let assigned = 0
  let index = p.firstRecordIndex
  const last = index + p.count

  for (const line of lines) {
    let n = 1
    if (line.elements !== null && extra > 0) {
      weightSoFar += Math.sqrt(line.amount)
      const upTo = weightSoFar >= weightTotal ? extra : Math.floor((extra * weightSoFar) / weightTotal)
      n += upTo - assigned
      assigned = upTo
    }
    if (n === 1) {
      if (index === last) return
      yield record(f, index++, line, line.description, line.amount, currency, fx)
      continue
    }
    // Postings: pairs that balance (a·(1+u), a·(1−u)) so the line total holds; the last takes the rounding.
    const elements = line.elements as readonly string[]
    const mean = line.amount / n
    let booked = 0
    let u = 0
    for (let k = 0; k < n; k++) {
      if (index === last) return
      let amount: number
      if (k === n - 1) amount = round(line.amount - booked, 2)
      else if (k % 2 === 0) {
        u = rng.range(-0.6, 0.6)
        amount = round(mean * (1 + u), 2)
      } else amount = round(mean * (1 - u), 2)
      booked += amount
      yield record(f, index++, line, elements[k % elements.length] as string, amount, currency, fx)
    }
  }
}

/**
 * The remediation cost of each linked event booked in the range: one actual line of sustaining capital in the
 * quarter it is booked (a few weeks after the compliance finding), as a lump sum in local currency.
 */
function linkedFinancial(p: FacilityContext<FinancialParams>): FinancialRow[] {
  const f = p.facility
  const { events } = eventsOfPeriod(p)
  if (events.length === 0) return []
  const rate = ILLUSTRATIVE_USD_RATES[f.currency]
  const currency = rate === undefined ? 'USD' : f.currency
  const fx = rate ?? 1
  const t0 = Date.parse(p.params.start)
  const t1 = Date.parse(p.params.end)
  let first = Math.ceil(t0 / DAY_MS) * DAY_MS
  let last = Math.floor(t1 / DAY_MS) * DAY_MS
  if (first > last) first = last = Math.floor(t0 / DAY_MS) * DAY_MS
  const fyStartMonth = f.country_code === 'AU' ? 6 : 0
  const out: FinancialRow[] = []
  for (const e of events) {
    const booked = e.costDay * DAY_MS
    if (booked < first || booked > last) continue
    // The quarter of the booking, clipped to the range.
    const quarter = quartersOf(first, last, fyStartMonth).find((q) => q.start <= booked && booked <= q.end)
    if (quarter === undefined) continue
    const line: Line = {
      fiscalYear: quarter.fiscalYear,
      periodType: 'quarterly',
      start: quarter.start,
      end: quarter.end,
      category: 'sustaining_capex',
      status: 'actual',
      description: `Remediation after the ${EVENT_NAMES[e.kind]} of ${new Date(Math.floor(e.kind === 'storm' ? e.rainDay : e.start) * DAY_MS).toISOString().slice(0, 10)} (TARP level ${e.level})`,
      amount: round(e.costUsd * fx, 2),
      estimateClass: null,
      basis: 'lump sum',
      unitRate: null,
      counterparty: null,
      form: null,
      coveragePct: null,
      liability: null,
      elements: null,
      eventId: e.id,
    }
    out.push(record(f, 0, line, line.description, line.amount, currency, fx))
  }
  return out
}

function record(
  f: Facility,
  index: number,
  line: Line,
  description: string,
  amount: number,
  currency: string,
  fx: number,
): FinancialRow {
  return {
    record_index: index,
    facility_id: f.id,
    fiscal_year: line.fiscalYear,
    period_type: line.periodType,
    period_start: line.start,
    period_end: line.end,
    category: line.category,
    status: line.status,
    description,
    amount,
    currency,
    fx_rate: fx,
    amount_usd: round(amount / fx, 2),
    estimate_class: line.estimateClass,
    basis: line.basis,
    unit_rate: line.unitRate,
    counterparty: line.counterparty,
    assurance_form: line.form,
    coverage_pct: line.coveragePct,
    liability_amount: line.liability,
    event_id: line.eventId,
  }
}

/**
 * Costs, liabilities and financial assurance per facility: annual closure estimates with the assurance held
 * against them, budgets and forecasts, and quarterly actuals (operations, raises, surveillance, water
 * treatment, fees), in local currency and US dollars.
 *
 * ### Examples
 * ```ts
 * const params = financialGenerator.paramsSchema.parse({ start: '2022-07-01', end: '2025-06-30' })
 * ```
 */
export const financialGenerator: DataGenerator<FinancialRow, FinancialParams> = {
  // 3: raise capex kept in the domain band of US$ 5–60 M per raise and built within its fiscal year; closed
  // facilities book no pipeline or spigot work.
  // 4: the remediation cost of each linked event (event_id), within the count.
  // 5: raise capex from the shared raise schedule, one quarterly line per raise and quarter of its construction,
  // with the raise's event_id.
  version: 5,
  description: 'Closure liabilities, financial assurance, budgets and quarterly actual costs per facility',
  paramsSchema: financialParamsSchema,
  // The plan's lines, one record each: annual closure estimates and assurance, budgets, quarterly actuals; and
  // the linked events' remediation costs.
  naturalCount: (context) =>
    planLines(context, currencyOf(context.facility).fx).length + linkedFinancial(context).length,
  generate: withLinkedRecords(generateFinancial, linkedFinancial, (row) => row.period_start),
}
