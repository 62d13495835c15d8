import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToolkit, type Toolkit } from '../../../src/commands/toolkit.js'
import { tableOf } from '../../../src/dialects/dialect-adapter-base.js'
import { reasonOf } from '../../../src/dialects/open-database.js'
import { UsageError } from '../../../src/errors.js'
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../helpers/databases.js'

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a failure')
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: what a failing statement tells`, () => {
    let test: TestDatabase
    let toolkit: Toolkit
    beforeAll(async () => {
      test = await createTestDatabase(dialect, 'driver_messages')
      toolkit = await createToolkit({ db: test.url, config: {}, useEnvironment: false })
      await toolkit.migrate.latest()
    })
    afterAll(async () => {
      await toolkit?.close()
      await test?.drop()
    })

    it('a control character in a dataset name is refused before the database, naming the field', async () => {
      for (const [field, value] of [
        ['name', 'a\u0000b'],
        ['description', 'x\u001b[2J'],
      ] as const) {
        const error = await failure(
          toolkit.datasets.create({ name: 'ok', type: 'document', count: 3, [field]: value }),
        )
        expect(error).toBeInstanceOf(UsageError)
        expect(error.message).toMatch(
          new RegExp(`^The dataset ${field} contains the control character U\\+00`),
        )
      }
      expect((await toolkit.datasets.list()).total).toBe(0)
    })

    it('a driver error carries neither the statement nor the values bound to it', async () => {
      const db = await toolkit.database()
      const error = await failure(
        tableOf(db.knex, db.tables.dataSets).insert({ no_such_column: 'secret-value', name: 'x' }),
      )
      // The driver's own words, exactly, without Knex's `insert into … values (…) - ` in front.
      const expected = {
        sqlite: /^table synthetic_data_sets has no column named no_such_column$/,
        pg: /^column "no_such_column" of relation "synthetic_data_sets" does not exist$/,
        mysql: /^Unknown column 'no_such_column' in '[^']+'$/,
      }[dialect]
      expect(error.message).toMatch(expected)
      expect(reasonOf(error)).toMatch(expected)
      if (dialect === 'pg') {
        const nul = await failure(db.knex.raw('select ?::text as t', ['a\u0000b']))
        expect(nul.message).toBe('invalid byte sequence for encoding "UTF8": 0x00')
      }
    })
  })
}
