import Fastify, { type FastifyInstance } from 'fastify'
import type { Toolkit } from '../commands/toolkit.js'
import { UsageError } from '../errors.js'
import { assertMigrated } from '../migrate/migrator.js'
import { JobRunner } from './job-runner.js'
import { assertHasKeys, type ServeOptions } from './server-options.js'
import { syntheticDataApi } from './synthetic-data-api.js'

/** A running API server. */
export interface RunningServer {
  readonly app: FastifyInstance
  readonly jobs: JobRunner
  /** Where it listens, e.g. `http://127.0.0.1:3000`. */
  readonly url: string
  /** Stops accepting requests, interrupts running jobs (marked failed) and closes the app. */
  close(): Promise<void>
}

/** Options of {@link startServer} beyond the resolved {@link ServeOptions}. */
export interface StartServerOptions {
  /** Fastify's logger: `false` for none, or a pino level. Default: `info`. */
  readonly logLevel?: string | false
  /** How to migrate, in the error for a schema that is missing or behind. Default: `migrate latest`. */
  readonly migrateHint?: string
}

/**
 * Starts the HTTP API on `toolkit`'s database: marks jobs of a previous run of this instance failed, then
 * listens. The `Authorization` header is redacted from every log line; keys are never logged.
 *
 * ### Examples
 * ```ts
 * const toolkit = await createToolkit({ db: 'postgres://postgres@127.0.0.1:5432/dev' })
 * const server = await startServer(toolkit, resolveServeOptions(toolkit.settings, { port: 3000 }))
 * ```
 */
export async function startServer(
  toolkit: Toolkit,
  options: ServeOptions,
  extra: StartServerOptions = {},
): Promise<RunningServer> {
  assertHasKeys(options)
  const db = await toolkit.database({
    mustExist: 'run with --migrate or `tailingsiq-seed migrate latest` to create it',
  })
  // Refuse to start on a schema that is missing or behind: every route would fail, and so would the jobs.
  await assertMigrated(db, extra.migrateHint)
  // SQLite writes synchronously: a batch holds the event loop, so jobs there write smaller batches to keep the API
  // answering while they run. Elsewhere the config's, or the engine's default.
  const jobBatchSize = db.adapter.blocksEventLoop
    ? Math.min(toolkit.settings.batchSize ?? db.adapter.defaultBatchSize, 5_000)
    : toolkit.settings.batchSize
  const jobs = new JobRunner(db, {
    concurrency: options.concurrency,
    queueSize: options.queueSize,
    staleAfterMs: options.jobStaleAfterMs,
    instance: options.instance,
    ...(jobBatchSize !== undefined ? { batchSize: jobBatchSize } : {}),
  })
  const app = Fastify({
    logger:
      extra.logLevel === false
        ? false
        : { level: extra.logLevel ?? 'info', redact: ['req.headers.authorization'] },
    bodyLimit: options.bodyLimit,
    // Behind a proxy the client address comes from X-Forwarded-For; set trustProxy in a host server instead.
    trustProxy: false,
  })
  await app.register(syntheticDataApi, {
    prefix: options.prefix,
    toolkit,
    jobs,
    apiKeys: options.apiKeys,
    maxRecordsPerRequest: options.maxRecordsPerRequest,
    bodyLimit: options.bodyLimit,
    rateLimit: options.rateLimit,
    authFailureLimit: options.authFailureLimit,
    heavyRequests: options.heavyRequests,
  })
  await jobs.start()
  try {
    await app.listen({ host: options.host, port: options.port })
  } catch (error) {
    await jobs.close()
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new UsageError(`Cannot listen on ${options.host}:${options.port}: ${reason}`, { cause: error })
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    app,
    jobs,
    url: `http://${host}:${port}`,
    async close() {
      await app.close()
      await jobs.close()
    },
  }
}
