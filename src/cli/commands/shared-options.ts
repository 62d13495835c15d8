import type { Options } from 'yargs'
import { SCENARIOS, type Scenario } from '../../choices.js'
import { UsageError } from '../../errors.js'
import type { DataType } from '../../generators/data-types.js'
import { parseStringFlag } from '../parse-flags.js'

/** The date flags of the original generator script. */
export interface DateArgs {
  readonly start?: unknown
  readonly end?: unknown
  readonly interval?: unknown
}

export const dateFlags: Record<keyof DateArgs, Options> = {
  start: {
    type: 'string',
    describe: 'Start of the period, ISO-8601 (2024-01-01 or 2024-01-01T06:00:00Z) [default: 2024-01-01]',
  },
  end: {
    type: 'string',
    describe:
      'End of the period, ISO-8601; a date alone includes its whole day. Monitoring with --count spreads the readings over it [default: 2024-12-31; monitoring: open-ended]',
  },
  interval: { type: 'string', describe: 'Monitoring reading interval: 15m, 1h, 6h, 1d, 1w [default: 1h]' },
}

/**
 * The period flags of `run`: every dataset of the plan (`--interval`: every monitoring one), plan entries with
 * their own period included.
 */
export const runPeriodFlags: Record<keyof DateArgs, Options> = {
  start: {
    type: 'string',
    describe:
      "Start of every dataset's period, over the config's parameters and plan entries; ISO-8601 (2024-01-01 or 2024-01-01T06:00:00Z) [default: the parameters' start, else 2024-01-01]",
  },
  end: {
    type: 'string',
    describe:
      "End of every dataset's period, as --start; a date alone includes its whole day [default: the parameters' end, else 2024-12-31; monitoring: open-ended]",
  },
  interval: {
    type: 'string',
    describe:
      "Reading interval of every monitoring dataset, over the config's parameters and plan entries: 15m, 1h, 6h, 1d, 1w [default: the parameters' interval, else 1h]",
  },
}

/** The date flags as a parameter layer for one data type (`--interval` applies to monitoring only). */
export function dateParameters(type: DataType, args: DateArgs): Record<string, string> {
  const out: Record<string, string> = {}
  const start = parseStringFlag('start', args.start)
  const end = parseStringFlag('end', args.end)
  const interval = parseStringFlag('interval', args.interval)
  if (start !== undefined) out['start'] = start
  if (end !== undefined) out['end'] = end
  if (interval !== undefined && type === 'monitoring') out['interval'] = interval
  return out
}

/** What `--count natural` does, and what a number does to the calendar, for the `--count` help. */
export const COUNT_NATURAL_HELP =
  'natural: the period (--start/--end, or the start/end parameters of the type) decides the count, each facility on its real calendar: documents (DSRs 5- or 10-yearly by class, annual inspections, quarterly reports), compliance re-assessments at their own cycle, environmental sampling at its nominal cadence (pond monthly, bores quarterly), financial plan lines; monitoring every --interval to --end. A number wins: it is spread evenly over the facilities and each calendar is thinned (or topped up with event-driven records) to fit'

/** The `--scenario` flag of the commands that generate records. */
export interface ScenarioArgs {
  readonly scenario?: unknown
}

export const scenarioFlag: Record<keyof ScenarioArgs, Options> = {
  scenario: {
    type: 'string',
    describe: `Scenario preset for every type: ${SCENARIOS.join(' | ')} [default: baseline]`,
  },
}

/** `--scenario`: one of {@link SCENARIOS}, or `undefined` when not given. */
export function parseScenarioFlag(value: unknown): Scenario | undefined {
  const text = parseStringFlag('scenario', value)
  if (text === undefined) return undefined
  if ((SCENARIOS as readonly string[]).includes(text)) return text as Scenario
  throw new UsageError(`--scenario must be one of ${SCENARIOS.join(', ')}, got "${text}"`)
}

/** The `--scenario` flag as a parameter layer (it applies to every data type). */
export function scenarioParameters(args: ScenarioArgs): { scenario?: Scenario } {
  const scenario = parseScenarioFlag(args.scenario)
  return scenario === undefined ? {} : { scenario }
}
