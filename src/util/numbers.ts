const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12]

/**
 * Rounds to `digits` decimal places (0–12). Generated values are rounded to the resolution of the instrument
 * or report they imitate, which also keeps their text form short in files and bulk loads.
 */
export function round(value: number, digits: number): number {
  const p = POWERS_OF_TEN[digits] as number
  // `+ 0` turns -0 into 0: SQLite stores -0 as 0, so a -0 would read back different from what was generated.
  return Math.round(value * p) / p + 0
}

/** `value` limited to [min, max]. */
export function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value
}

/**
 * The month (0 = January) of a day counted from 1970-01-01 (UTC), by integer arithmetic: the civil-from-days
 * algorithm of H. Hinnant. Avoids a `Date` allocation in hot loops.
 */
export function monthOfEpochDay(day: number): number {
  const z = day + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  return mp < 10 ? mp + 2 : mp - 10
}
