const DAY_MS = 86_400_000
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'))
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'))

let cachedDay = Number.NaN
let cachedPrefix = ''

function dayPrefix(day: number): string {
  if (day !== cachedDay) {
    const iso = new Date(day * DAY_MS).toISOString()
    cachedPrefix = iso.slice(0, iso.indexOf('T') + 1)
    cachedDay = day
  }
  return cachedPrefix
}

/**
 * ISO-8601 UTC text of an epoch-millisecond timestamp, identical to `new Date(ms).toISOString()` but several
 * times faster on series: the date part is cached per day and the time is built from lookup tables.
 */
export function formatIsoTimestamp(ms: number): string {
  const whole = Math.floor(ms)
  const day = Math.floor(whole / DAY_MS)
  let rest = whole - day * DAY_MS
  const hours = Math.floor(rest / 3_600_000)
  rest -= hours * 3_600_000
  const minutes = Math.floor(rest / 60_000)
  rest -= minutes * 60_000
  const seconds = Math.floor(rest / 1000)
  return `${dayPrefix(day)}${TWO[hours] as string}:${TWO[minutes] as string}:${TWO[seconds] as string}.${THREE[rest - seconds * 1000] as string}Z`
}

/** `YYYY-MM-DD` of an epoch-millisecond date (UTC). */
export function formatIsoDate(ms: number): string {
  const prefix = dayPrefix(Math.floor(ms / DAY_MS))
  return prefix.slice(0, -1)
}
