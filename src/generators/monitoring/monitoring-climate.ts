import type { Climate } from '../facility/facility-datasets.js'

/**
 * A site's seasons and rainfall extremes, from its climate and latitude (domain reference §A.2 seasonality,
 * §A.1 rainfall) [E].
 */
export interface SiteClimate {
  /** Wet-season months, 1 = January. */
  readonly wetMonths: readonly number[]
  /** Months whose precipitation falls as snow and stays in the snowpack; empty without snow. */
  readonly snowMonths: readonly number[]
  /** Months the pond is ice-covered (level readings flat); empty without snow. */
  readonly iceMonths: readonly number[]
  /** First month of the snowmelt freshet, or 0 without snow. */
  readonly freshetMonth: number
  /** 1-in-100-year 24-hour rainfall depth, mm: no generated day exceeds it. */
  readonly p24Max: number
  /** 1-in-2-year 24-hour depth, mm: ordinary wet days stay under it, storms exceed it. */
  readonly p24Common: number
  /** Ratio of the 1-hour to the 24-hour depth of the same return period (the IDF shape). */
  readonly hourRatio: number
}

/** Months shifted by half a year, for the southern hemisphere. */
const shift = (months: readonly number[]): number[] => months.map((m) => ((m + 5) % 12) + 1)

/**
 * Wet season by climate in the northern hemisphere [E, domain §A.2]: tropical and monsoon summer rain,
 * Mediterranean and temperate winter rain, boreal summer rain with winter snow. The southern hemisphere
 * has the same seasons six months later (Minas Gerais Oct–Mar, central Chile May–Sep, Altiplano Dec–Mar).
 */
const NORTHERN_WET: Readonly<Record<Climate, readonly number[]>> = {
  tropical: [5, 6, 7, 8, 9, 10],
  arid: [7, 8, 9],
  semi_arid: [6, 7, 8, 9, 10],
  mediterranean: [11, 12, 1, 2, 3],
  temperate: [10, 11, 12, 1, 2, 3],
  boreal: [6, 7, 8, 9],
}

/** 100-year 24-hour depth ≈ factor·√(annual rainfall) [E]: 110 mm at 600 mm/yr semi-arid, 190 mm at 1,500 mm tropical. */
const P24_FACTOR: Readonly<Record<Climate, number>> = {
  tropical: 5,
  arid: 5,
  semi_arid: 4.5,
  mediterranean: 4.5,
  temperate: 3.8,
  boreal: 3.5,
}

/** Share of the 24-hour depth that falls in the wettest hour: convective dry climates burst, frontal ones drizzle [E]. */
const HOUR_RATIO: Readonly<Record<Climate, number>> = {
  tropical: 0.35,
  arid: 0.5,
  semi_arid: 0.45,
  mediterranean: 0.3,
  temperate: 0.25,
  boreal: 0.25,
}

/** Ratio of the 100-year to the 2-year 24-hour depth (Gumbel growth factor 1 + 0.35·ln(T/2)) [E]. */
export const GROWTH_100 = 1 + 0.35 * Math.log(50)

/** The seasons and rainfall extremes of a site. */
export function siteClimate(climate: Climate, latitude: number, annualRainfallMm: number): SiteClimate {
  const south = latitude < 0
  const wet = NORTHERN_WET[climate]
  // Continental sites above 42° (boreal Canada and Scandinavia, Mongolia, Kazakhstan) hold their winter
  // precipitation as snow; maritime Mediterranean winters do not.
  const snowy = climate === 'boreal' || (Math.abs(latitude) >= 42 && climate !== 'mediterranean')
  const snow = snowy ? [11, 12, 1, 2, 3] : []
  const ice = snowy ? [12, 1, 2, 3] : []
  const p24Max = P24_FACTOR[climate] * Math.sqrt(annualRainfallMm)
  return {
    wetMonths: south ? shift(wet) : wet,
    snowMonths: south ? shift(snow) : snow,
    iceMonths: south ? shift(ice) : ice,
    freshetMonth: snowy ? (south ? 10 : 4) : 0,
    p24Max,
    p24Common: p24Max / GROWTH_100,
    hourRatio: HOUR_RATIO[climate],
  }
}

/**
 * The largest depth (mm) a `hours`-long window may hold on a day of `dayDepth` mm, by the IDF shape
 * `D(d) = D24·(d/24)^n` with `n` from the 1-hour ratio, and `D(d) = D1·√d` below an hour [E].
 */
export function idfDepth(site: SiteClimate, dayDepth: number, hours: number): number {
  if (hours >= 24) return dayDepth
  const hourDepth = dayDepth * site.hourRatio
  if (hours < 1) return hourDepth * Math.sqrt(hours)
  const n = Math.log(site.hourRatio) / Math.log(1 / 24)
  return dayDepth * Math.pow(hours / 24, n)
}

/**
 * The share of a design storm's 24-hour depth that falls between `fromHours` and `toHours` of its day: the
 * mass curve of the IDF shape centred on noon (the alternating-block design storm), so the wettest hour
 * holds `hourRatio` of the day and the day holds all of it [E].
 */
export function designStormShare(site: SiteClimate, fromHours: number, toHours: number): number {
  const n = Math.log(site.hourRatio) / Math.log(1 / 24)
  const mass = (hours: number): number => {
    const h = Math.min(24, Math.max(0, hours)) - 12
    return (1 + Math.sign(h) * Math.pow(Math.abs(h) / 12, n)) / 2
  }
  return mass(toHours) - mass(fromHours)
}
