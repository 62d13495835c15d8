import type { Faker } from '@faker-js/faker'
// English alone: faker's main entry loads all of its 70-odd locales (0.44 s per process measured, against 0.08 s
// for this one), which every CLI command that generates and every generation worker would pay for.
import { faker as english } from '@faker-js/faker/locale/en'
import fakerPackage from '@faker-js/faker/package.json' with { type: 'json' }

/** The exact faker version in use; recorded in dataset manifests, since its data shapes the output. */
export const FAKER_VERSION: string = fakerPackage.version

/** First and last names of faker's locale, as plain lists to pick from with a seeded `Prng`. */
export interface NamePools {
  readonly first: readonly string[]
  readonly last: readonly string[]
}

let namePools: NamePools | undefined

/**
 * faker's first names (female, male and generic) and last names, read once: picking from them with a `Prng` costs
 * no faker reseed (a Mersenne Twister initialisation) per facility, which dominated a facility's set-up.
 */
export function fakerNamePools(): NamePools {
  if (namePools === undefined) {
    const person = createFaker().definitions.person
    const lists = (value: unknown): string[] =>
      Array.isArray(value)
        ? (value as string[])
        : Object.values(value as Record<string, string[] | undefined>).flatMap((v) => v ?? [])
    namePools = { first: [...new Set(lists(person.first_name))], last: [...new Set(lists(person.last_name))] }
  }
  return namePools
}

/**
 * A private faker instance (never the global one), to be seeded per partition with `faker.seed()`.
 *
 * ### Examples
 * ```ts
 * const faker = createFaker()
 * faker.seed(deriveSeed(42, 'document', 0, 'faker'))
 * ```
 */
export function createFaker(): Faker {
  // The English instance's class and its definitions (English over faker's base locale, merged once).
  const FakerClass = english.constructor as typeof Faker
  return new FakerClass({ locale: english.rawDefinitions })
}
