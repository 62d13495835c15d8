import type { Argv, CommandModule } from 'yargs'
import { UsageError } from '../../errors.js'
import { databaseFlags, openCliToolkit, type DatabaseArgs } from '../cli-toolkit.js'
import { parseStringFlag, parseWholeFlag } from '../parse-flags.js'

interface ServeArgs extends DatabaseArgs {
  readonly host?: unknown
  readonly port?: unknown
  readonly prefix?: unknown
  readonly instance?: unknown
  readonly migrate?: boolean
  readonly 'log-level'?: string
}

/** `serve`: the synthetic-data HTTP API, until SIGINT or SIGTERM. */
export const serveCommand: CommandModule<object, ServeArgs> = {
  command: 'serve',
  describe: 'Serve the synthetic-data HTTP API (API keys from the config or TAILINGSIQ_API_KEYS)',
  builder: (yargs: Argv) =>
    yargs
      .option('host', { type: 'string', describe: 'Address to listen on [default: 127.0.0.1]' })
      .option('port', { type: 'string', describe: 'Port, 0 for any free one [default: 3000]' })
      .option('prefix', { type: 'string', describe: 'Mount point [default: /api/v1/synthetic-data]' })
      .option('instance', {
        type: 'string',
        describe: "This server's name in the jobs table [default: host name and port]",
      })
      .option('migrate', { type: 'boolean', describe: 'Migrate to the latest schema before listening' })
      .option('log-level', {
        choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
        describe: 'Request log level (JSON lines on stdout) [default: info]',
      })
      .options({ db: databaseFlags.db })
      .example('TAILINGSIQ_API_KEYS=ci:admin:$KEY $0 serve --migrate', 'Serve the embedded SQLite database')
      .example(
        '$0 serve --db postgres://postgres@127.0.0.1:5432/dev --host 0.0.0.0 --port 8080',
        'Serve a PostgreSQL database to the network',
      ),
  handler: async (args) => {
    const port = parseWholeFlag('port', args.port, 0, 65_535)
    const host = parseStringFlag('host', args.host)
    const instance = parseStringFlag('instance', args.instance)
    const flags = {
      ...(host !== undefined ? { host } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(args.prefix !== undefined ? { prefix: parsePrefix(args.prefix) } : {}),
      ...(instance !== undefined ? { instance } : {}),
    }
    const { assertHasKeys, resolveServeOptions } = await import('../../server/server-options.js')
    const { startServer } = await import('../../server/create-server.js')
    const toolkit = await openCliToolkit(args)
    try {
      const options = resolveServeOptions(toolkit.settings, flags)
      assertHasKeys(options)
      if (args.migrate) await toolkit.migrate.latest()
      // Listen for the stop signals before the server is announced, so a signal sent as soon as it listens
      // still stops it cleanly.
      const stopped = new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'))
        process.once('SIGTERM', () => resolve('SIGTERM'))
      })
      const server = await startServer(toolkit, options, {
        logLevel: args['log-level'] === 'silent' ? false : (args['log-level'] ?? 'info'),
        migrateHint: 'run with --migrate or `tailingsiq-seed migrate latest`',
      })
      process.stderr.write(
        `tailingsiq-seed: serving ${server.url}${options.prefix} on ${(await toolkit.database()).target.display} (${options.apiKeys.length} API key(s)); Ctrl-C stops\n`,
      )
      const signal = await stopped
      process.stderr.write(`tailingsiq-seed: ${signal}: stopping; running jobs are marked failed\n`)
      await server.close()
    } finally {
      await toolkit.close()
    }
  },
}

function parsePrefix(value: unknown): string {
  const text = value === '' ? '' : (parseStringFlag('prefix', value) as string)
  if (!/^(\/[A-Za-z0-9._~-]+)*$/.test(text))
    throw new UsageError(`--prefix must be a path such as /api/v1/synthetic-data (or ""), got "${text}"`)
  return text
}
