import { describe, expect, it } from 'vitest'
import { createFaker } from '../../../src/generators/faker.js'
import { generateFacility, type Facility } from '../../../src/generators/facility/facility-generator.js'

// Jurisdiction and era rules of the domain reference (/work/shared/domain.md §C.3), over thousands of facilities.

const faker = createFaker()
const facilities: Facility[] = []
for (const seed of [42, 7]) for (let i = 0; i < 3000; i++) facilities.push(generateFacility(seed, i, faker))

describe('facility generator', () => {
  it('builds no upstream facility in Chile since upstream raising was prohibited there (domain §C.3 DS 248: upstream prohibited post-1965)', () => {
    const chile = facilities.filter((f) => f.country_code === 'CL')
    expect(chile.length).toBeGreaterThan(100)
    expect(chile.filter((f) => f.construction_method === 'upstream' && f.construction_year >= 1970)).toEqual(
      [],
    )
  })

  it('operates no upstream facility in Brazil after the 2020 ban (domain §C.3 Law 14,066/2020)', () => {
    const brazilUpstream = facilities.filter(
      (f) => f.country_code === 'BR' && f.construction_method === 'upstream',
    )
    expect(brazilUpstream.length).toBeGreaterThan(20)
    expect(brazilUpstream.filter((f) => f.status === 'active')).toEqual([])
  })

  it('uses thickened or paste deposition only from the 1970s, and keeps no facility from before 1930 active', () => {
    expect(
      facilities.filter(
        (f) => f.construction_year < 1975 && ['thickened', 'paste'].includes(f.deposition_method),
      ),
    ).toEqual([])
    expect(facilities.filter((f) => f.construction_year < 1930 && f.status === 'active')).toEqual([])
    // The rules thin the old facilities, they do not remove them.
    expect(facilities.filter((f) => f.construction_year < 1930).length).toBeGreaterThan(50)
  })

  it('names Spanish and Portuguese places with adjectives in the gender of their noun', () => {
    const feminine =
      /^(Quebrada|Loma|Pampa|Mina|Laguna|Sierra|Cañada|Cuesta|Vega|Meseta|Peña|Serra|Lagoa) (Blanco|Colorado|Negro|Alto|Seco|Hondo|Rojo|Bravo|Escondido|Largo|Vermelho)\b/
    const masculine =
      /^(Cerro|Llano|Valle|Portezuelo|Cañón|Córrego|Morro|Vale|Ribeirão|Pico) (Blanca|Colorada|Negra|Alta|Seca|Honda|Roja|Brava|Escondida|Larga|Vermelha)\b/
    const names = facilities.filter((f) => ['es', 'pt-BR'].includes(f.language)).map((f) => f.name)
    expect(names.length).toBeGreaterThan(500)
    expect(names.filter((n) => feminine.test(n) || masculine.test(n))).toEqual([])
    expect(names.some((n) => /^Laguna Negra\b/.test(n) || /^Cerro Blanco\b/.test(n))).toBe(true)
  })
  it('gives a mine name to one country only, and every facility of a mine the same operator (issue 14 item 11)', () => {
    const countries = new Map<string, Set<string>>()
    const operators = new Map<string, Set<string>>()
    for (const [k, f] of facilities.entries()) {
      countries.set(f.mine_name, (countries.get(f.mine_name) ?? new Set()).add(f.country_code))
      const mine = `${k < 3000 ? 42 : 7}|${f.country_code}|${f.mine_name}`
      operators.set(mine, (operators.get(mine) ?? new Set()).add(f.operator))
    }
    expect([...countries].filter(([, c]) => c.size > 1)).toEqual([])
    expect([...operators].filter(([, o]) => o.size > 1)).toEqual([])
    // Mines with several facilities exist: the property is not met by every mine having one.
    expect(operators.size).toBeLessThan(facilities.length / 2)
    expect(countries.size).toBeGreaterThan(500)
  })

  it('names every facility of a seed uniquely, within a country and overall, up to the largest run (issue 14 item 11)', () => {
    const largest = Array.from({ length: 10_000 }, (_, i) => generateFacility(3, i, faker))
    for (const run of [facilities.slice(0, 3000), facilities.slice(3000), largest]) {
      const byCountry = new Map<string, string[]>()
      for (const f of run) byCountry.set(f.country_code, [...(byCountry.get(f.country_code) ?? []), f.name])
      for (const [country, names] of byCountry) expect(new Set(names).size, country).toBe(names.length)
      expect(new Set(run.map((f) => f.name)).size).toBe(run.length)
      // The code carries the name's number; a renamed facility keeps its mine, so mines still hold several.
      for (const f of run) {
        expect(f.code.endsWith(`-TSF${/ No\. (\d+)$/.exec(f.name)?.[1] ?? '1'}`), f.name).toBe(true)
        expect(f.name.startsWith(f.mine_name.replace(/ Mine$/, ' ')), f.name).toBe(true)
      }
    }
    // Numbers beyond the drawn 1-4 are what made the names unique: rare at 3,000 facilities, more at 10,000.
    const beyond = (run: readonly Facility[]) => run.filter((f) => /No\. ([5-9]|\d\d)$/.test(f.name)).length
    expect(beyond(facilities.slice(0, 3000))).toBeGreaterThan(0)
    expect(beyond(facilities.slice(0, 3000))).toBeLessThan(0.05 * 3000)
    expect(beyond(largest)).toBeLessThan(0.15 * largest.length)
  })

  it('gives arid sites the rainfall of their region: Western Australia 180-350 mm, the US south-west 150-400 mm, northern Chile little (issue 14 item 10)', () => {
    const median = (xs: readonly number[]) =>
      [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
    const rainfall = (country: string) =>
      facilities
        .filter((f) => f.country_code === country && f.climate === 'arid')
        .map((f) => f.annual_rainfall_mm)
    for (const [country, [low, high]] of [
      ['AU', [180, 350]],
      ['US', [150, 400]],
      ['CL', [30, 250]],
    ] as const) {
      const rain = rainfall(country)
      expect(rain.length, country).toBeGreaterThan(300)
      expect(Math.min(...rain), country).toBeGreaterThanOrEqual(low)
      expect(Math.max(...rain), country).toBeLessThanOrEqual(high)
    }
    // Kalgoorlie ~260 mm, Newman ~310: not the ~90 mm the Atacama's band gave; the Atacama stays below 100.
    expect(median(rainfall('AU'))).toBeGreaterThan(225)
    expect(median(rainfall('AU'))).toBeLessThan(285)
    expect(median(rainfall('US'))).toBeGreaterThan(200)
    expect(median(rainfall('CL'))).toBeLessThan(100)
  })

  it('gives a facility the same name whichever facilities are generated, and in whichever order', () => {
    const sequential = Array.from({ length: 2000 }, (_, i) => generateFacility(11, i))
    // A fresh seed asked for its last facility first, and facilities asked for again after other seeds.
    expect(generateFacility(12, 1999)).toEqual(
      Array.from({ length: 2000 }, (_, i) => generateFacility(12, i))[1999],
    )
    for (let seed = 100; seed < 120; seed++) generateFacility(seed, 50)
    expect([1999, 0, 1000].map((i) => generateFacility(11, i))).toEqual(
      [1999, 0, 1000].map((i) => sequential[i]),
    )
    expect(sequential.some((f) => / No\. ([5-9]|\d\d)$/.test(f.name))).toBe(true)
  })
})
