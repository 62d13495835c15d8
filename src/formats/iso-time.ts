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

let parsedDay = ''
let parsedDayMs = Number.NaN

/** The value of digit characters `from`..`to` (exclusive) of `text`, or NaN if one is not a digit. */
function digitsAt(text: string, from: number, to: number): number {
  let value = 0
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48
    if (digit < 0 || digit > 9) return Number.NaN
    value = value * 10 + digit
  }
  return value
}

/**
 * Epoch milliseconds of `YYYY-MM-DDTHH:MM:SS.sssZ`, or with `zoneless` of `YYYY-MM-DD HH:MM:SS.sss` (or with a
 * `T`) read as UTC: what `Date.parse` gives for the text with its `Z`, several times faster on series (the date's
 * value is parsed once per day). NaN for any other text, which the caller then parses in full.
 */
export function parseIsoTimestamp(text: string, zoneless: boolean): number {
  if (zoneless ? text.length !== 23 : text.length !== 24 || text.charCodeAt(23) !== 0x5a) return Number.NaN
  const separator = text.charCodeAt(10)
  if (separator !== 0x54 && !(zoneless && separator === 0x20)) return Number.NaN
  if (text.charCodeAt(13) !== 0x3a || text.charCodeAt(16) !== 0x3a || text.charCodeAt(19) !== 0x2e)
    return Number.NaN
  const hours = digitsAt(text, 11, 13)
  const minutes = digitsAt(text, 14, 16)
  const seconds = digitsAt(text, 17, 19)
  const ms = digitsAt(text, 20, 23)
  if (!(hours < 24 && minutes < 60 && seconds < 60 && ms >= 0)) return Number.NaN
  if (!text.startsWith(parsedDay) || parsedDay === '') {
    const day = text.slice(0, 10)
    // The date as Date.parse reads it (NaN for one it refuses).
    parsedDayMs = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00.000Z`) : Number.NaN
    parsedDay = day
  }
  return parsedDayMs + hours * 3_600_000 + minutes * 60_000 + seconds * 1000 + ms
}
