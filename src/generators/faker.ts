import { Faker, base, en } from '@faker-js/faker'
import fakerPackage from '@faker-js/faker/package.json' with { type: 'json' }

/** The exact faker version in use; recorded in dataset manifests, since its data shapes the output. */
export const FAKER_VERSION: string = fakerPackage.version

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
  return new Faker({ locale: [en, base] })
}
