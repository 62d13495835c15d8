import { z } from 'zod'

/** Default start of every generated date range. Fixed, so output never depends on the day it is made. */
export const DEFAULT_START = '2024-01-01T00:00:00.000Z'
/** Default end of the date range of the types that spread records over a period. */
export const DEFAULT_END = '2024-12-31T23:59:59.999Z'

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/

/**
 * Parses an ISO-8601 date (`2024-01-01`) or date-time (`2024-01-01T06:00:00Z`; UTC when no offset is
 * given) into epoch milliseconds, or returns `undefined` when it is not one.
 */
export function parseIsoDate(text: string): number | undefined {
  const trimmed = text.trim()
  if (!DATE_ONLY.test(trimmed) && !ISO_DATE_TIME.test(trimmed)) return undefined
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(trimmed)
  const normalised = DATE_ONLY.test(trimmed)
    ? `${trimmed}T00:00:00Z`
    : `${trimmed.replace(' ', 'T')}${hasZone ? '' : 'Z'}`
  const ms = Date.parse(normalised)
  if (!Number.isFinite(ms)) return undefined
  // Date.parse rolls 2024-02-30 over to March; a date that does not exist is an error.
  const [y, m, d] = trimmed.slice(0, 10).split('-').map(Number) as [number, number, number]
  const check = new Date(Date.UTC(y, m - 1, d))
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d)
    return undefined
  return ms
}

/** An ISO-8601 string or a `Date` to an ISO-8601 UTC string; `wholeDay` moves a date-only string to its last ms. */
function isoDateParam(wholeDay: boolean) {
  return z.union([z.string(), z.date()]).transform((value, ctx) => {
    const ms = typeof value === 'string' ? parseIsoDate(value) : value.getTime()
    if (ms === undefined || !Number.isFinite(ms)) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected an ISO-8601 date such as 2024-01-01 or 2024-01-01T06:00:00Z',
        input: value,
      })
      return z.NEVER
    }
    const endOfDay = wholeDay && typeof value === 'string' && DATE_ONLY.test(value.trim())
    return new Date(endOfDay ? ms + 86_400_000 - 1 : ms).toISOString()
  })
}

/** A date parameter: an ISO-8601 string or a `Date`, normalised to an ISO-8601 UTC string. */
export const dateParam = isoDateParam(false)

/**
 * The end of a period, inclusive of its day: a date-only `2024-03-31` means through 23:59:59.999 UTC of that
 * day; a date-time is taken as given. Normalised to an ISO-8601 UTC string.
 */
export const endDateParam = isoDateParam(true)

const INTERVAL = /^(\d+)\s*(m|min|h|d|w)$/
const UNIT_MS: Readonly<Record<string, number>> = {
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
}

/** Parses an interval such as `15m`, `1h`, `6h`, `1d` or `1w` into milliseconds, or `undefined`. */
export function parseInterval(text: string): number | undefined {
  const match = INTERVAL.exec(text.trim())
  if (!match) return undefined
  const ms = Number(match[1]) * (UNIT_MS[match[2] as string] as number)
  return ms >= 60_000 && ms <= 366 * 86_400_000 ? ms : undefined
}

/** An interval parameter (`15m`, `1h`, `1d`, `1w`, between one minute and one year). */
export const intervalParam = z.string().refine((value) => parseInterval(value) !== undefined, {
  message: 'expected an interval such as 15m, 1h, 6h, 1d or 1w (one minute to one year)',
})

/** Start and end of the period that records are spread over; `end` must come after `start`. */
export const dateRangeShape = {
  start: dateParam.default(DEFAULT_START),
  /** Inclusive of its day when date-only (see {@link endDateParam}). */
  end: endDateParam.default(DEFAULT_END),
}

/** Adds the "end after start" rule to a schema with `start` and an optional `end`. */
export function endAfterStart<T extends { start: string; end?: string | undefined }>(value: T): boolean {
  return value.end === undefined || Date.parse(value.end) > Date.parse(value.start)
}

export const END_AFTER_START = { message: 'end must be after start', path: ['end'] }

/**
 * `cadence: 'natural'`: the period decides the count, each facility holding the records of its real calendar
 * (`--count natural`). Absent, a given count is spread evenly over the facilities and each facility's calendar
 * is thinned or stretched to its share.
 */
export const cadenceParam = z.enum(['natural']).optional()

/** Parameters without `cadence`: a given count wins over the natural one. */
export function withoutCadence<T>(params: T): T {
  if (typeof params !== 'object' || params === null || !('cadence' in params)) return params
  const { cadence: _cadence, ...rest } = params as Record<string, unknown>
  return rest as T
}

/** Whether parameters ask for natural cadence. */
export function isNaturalCadence(params: unknown): boolean {
  return (
    typeof params === 'object' && params !== null && (params as { cadence?: unknown }).cadence === 'natural'
  )
}
