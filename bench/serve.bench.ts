// HTTP load on the API: on each database, a server started in this process (rate limit off) under fixed-
// duration autocannon loads of GET /health, GET /datasets?limit=20 and GET /preview/monitoring (100 and 1000
// records), against a bare Fastify server with one route answering {ok:true}, measured in the same run (at
// its start and again at its end, to show the drift). The load generator runs in a worker thread of this
// process, so that it does not share the server's event loop.
//
//   npm run bench:serve                                   # everything (about 1.5 minutes)
//   BENCH_SECONDS=2 BENCH_CONNECTIONS=20 BENCH_DIALECTS=sqlite npm run bench:serve
//   BENCH_WORKERS=0 npm run bench:serve                   # load generator on the server's own thread
import { availableParallelism, cpus } from 'node:os'
import { writeBenchResults } from './bench-results.js'
// @ts-expect-error -- autocannon ships no type declarations (and @types/autocannon is not installed)
import autocannonUntyped from 'autocannon'
import Fastify from 'fastify'
import { createToolkit, type Toolkit } from '../src/commands/toolkit.js'
import { startServer, type RunningServer } from '../src/server/create-server.js'
import { resolveServeOptions } from '../src/server/server-options.js'
import {
  BENCH_DIALECTS,
  BENCH_SERVERS,
  DIALECT_LABELS,
  freshDatabase,
  type BenchDatabase,
  type BenchDialect,
} from './bench-databases.js'

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5)
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 10)
const WARMUP_SECONDS = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 1)
const WORKERS = Number(process.env['BENCH_WORKERS'] ?? 1)

const KEY = 'bench-key-0123456789abcdef'
const PREFIX = '/api/v1/synthetic-data'
/** Seeding runs of two datasets each: the list then holds ten. */
const SEED_RUNS = 5
const SEED_COUNT = 2000
const ROUTES = [
  { name: 'GET /health', path: '/health' },
  { name: 'GET /datasets?limit=20', path: '/datasets?limit=20' },
  { name: 'GET /preview/monitoring?count=100', path: '/preview/monitoring?count=100' },
  { name: 'GET /preview/monitoring?count=1000', path: '/preview/monitoring?count=1000' },
]

/** The part of autocannon's programmatic API used here (it ships no types). */
interface LoadOptions {
  url: string
  connections: number
  duration: number
  headers?: Record<string, string>
  workers?: number
  warmup?: { connections: number; duration: number }
}
interface LoadResult {
  requests: { average: number; total: number }
  latency: { p50: number; p99: number; average: number }
  errors: number
  timeouts: number
  non2xx: number
  statusCodeStats: Record<string, { count: number }>
}
const autocannon = autocannonUntyped as (options: LoadOptions) => Promise<LoadResult>

interface Measurement {
  database: string
  route: string
  requestsPerSecond: number
  p50: number
  p99: number
  meanLatency: number
  requests: number
  non2xx: number
  errors: number
  statusCodes: Record<string, number>
}

async function load(database: string, route: string, url: string): Promise<Measurement> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { authorization: `Bearer ${KEY}` },
    ...(WORKERS > 0 ? { workers: WORKERS } : {}),
    ...(WARMUP_SECONDS > 0 ? { warmup: { connections: CONNECTIONS, duration: WARMUP_SECONDS } } : {}),
  })
  const measurement: Measurement = {
    database,
    route,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    meanLatency: result.latency.average,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
    ),
  }
  console.error(
    `  ${route}: ${fmt(measurement.requestsPerSecond)} req/s, p50 ${measurement.p50} ms, p99 ${measurement.p99} ms`,
  )
  if (measurement.non2xx > 0 || measurement.errors > 0) {
    console.error(
      `  WARNING: ${route} on ${database}: ${measurement.non2xx} non-2xx answers, ${measurement.errors} errors/timeouts (status codes ${JSON.stringify(measurement.statusCodes)})`,
    )
  }
  return measurement
}

/** The framework's floor: Fastify with one route and nothing else, in this process. */
async function bareFastify(label: string): Promise<Measurement> {
  const app = Fastify({ logger: false })
  app.get('/', () => ({ ok: true }))
  await app.listen({ host: '127.0.0.1', port: 0 })
  try {
    const address = app.server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    return await load('—', label, `http://127.0.0.1:${port}/`)
  } finally {
    await app.close()
  }
}

async function measureDatabase(dialect: BenchDialect, db: BenchDatabase): Promise<Measurement[]> {
  let toolkit: Toolkit | undefined
  let server: RunningServer | undefined
  try {
    toolkit = await createToolkit({ db: db.url, config: {}, useEnvironment: false })
    await toolkit.migrate.latest()
    for (let i = 0; i < SEED_RUNS; i++) {
      const result = await toolkit.run({ types: ['monitoring', 'document'], count: SEED_COUNT })
      const failed = result.datasets.find((d) => d.status !== 'completed')
      if (failed) throw new Error(`seeding failed: ${failed.error}`)
    }
    const resolved = resolveServeOptions(
      toolkit.settings,
      { port: 0, host: '127.0.0.1' },
      { TAILINGSIQ_API_KEYS: `bench:admin:${KEY}` },
    )
    server = await startServer(toolkit, { ...resolved, rateLimit: false }, { logLevel: false })
    const measurements: Measurement[] = []
    for (const route of ROUTES) {
      measurements.push(
        await load(DIALECT_LABELS[dialect], route.name, `${server.url}${PREFIX}${route.path}`),
      )
    }
    return measurements
  } finally {
    await server?.close()
    await toolkit?.close()
    await db.drop()
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
const started = performance.now()

console.error('Bare Fastify:')
const baseline = await bareFastify('bare Fastify, GET / → {ok:true}')
const results: Measurement[] = [baseline]
const skipped: string[] = []
for (const dialect of BENCH_DIALECTS) {
  console.error(`${DIALECT_LABELS[dialect]}:`)
  let db: BenchDatabase
  try {
    db = await freshDatabase(dialect, 'serve')
  } catch (error) {
    // Only an unreachable server is skipped; a failure once the database exists fails the bench.
    if (dialect === 'sqlite') throw error
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    console.error(`  WARNING: skipped, cannot create a database on ${BENCH_SERVERS[dialect]}: ${reason}`)
    skipped.push(`${DIALECT_LABELS[dialect]} (${reason})`)
    continue
  }
  results.push(...(await measureDatabase(dialect, db)))
}
console.error('Bare Fastify again (drift check):')
const again = await bareFastify('bare Fastify again, at the end')
results.push(again)
const seconds = (performance.now() - started) / 1000

/** Two decimals, or two significant digits below 0.1 (0.0042 rather than 0.00). */
const ratio = (a: number, b: number) => (a / b >= 0.1 ? (a / b).toFixed(2) : (a / b).toPrecision(2))
const healthOf = (database: string) =>
  results.find((m) => m.database === database && m.route === ROUTES[0]!.name)
const flagged = results.filter((m) => m.non2xx > 0 || m.errors > 0)
const lines = [
  `HTTP load on the API, each route for ${SECONDS} s (after ${WARMUP_SECONDS} s of warm-up) with ${CONNECTIONS} connections; server and autocannon in one process (${WORKERS > 0 ? `load generator in ${WORKERS} worker thread${WORKERS > 1 ? 's' : ''}` : 'load generator on the server thread'}), rate limit off, ${SEED_RUNS * 2} datasets of ${fmt(SEED_COUNT)} records seeded. Node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), ${new Date().toISOString().slice(0, 10)}.`,
  "Ratios are against the bare Fastify server measured at the start of the same run, and against GET /health on the same database. Latency percentiles are whole milliseconds (autocannon's histogram).",
  '',
  '| database | route | requests/s | latency p50 / p99 (mean) | vs bare Fastify | vs /health | non-2xx |',
  '|---|---|---:|---:|---:|---:|---:|',
  ...results.map((m) => {
    const health = healthOf(m.database)
    return `| ${m.database} | ${m.route} | ${fmt(m.requestsPerSecond)} | ${m.p50} / ${m.p99} ms (${m.meanLatency.toFixed(2)}) | ${ratio(m.requestsPerSecond, baseline.requestsPerSecond)} | ${health ? ratio(m.requestsPerSecond, health.requestsPerSecond) : '—'} | ${m.non2xx}${m.errors > 0 ? ` (+${m.errors} errors)` : ''} |`
  }),
  ...(skipped.length > 0 ? ['', `Skipped (server unreachable): ${skipped.join(', ')}.`] : []),
  ...(flagged.length > 0
    ? [
        '',
        ...flagged.map(
          (m) =>
            `WARNING: ${m.database} ${m.route}: ${m.non2xx} non-2xx answers, ${m.errors} errors/timeouts; status codes ${JSON.stringify(m.statusCodes)}.`,
        ),
      ]
    : []),
  '',
  `Reproduce: \`npm run bench:serve\` (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_WARMUP_SECONDS, BENCH_WORKERS, BENCH_DIALECTS override the defaults); this run took ${Math.round(seconds)} s.`,
]
const table = lines.join('\n')
console.log(table)
writeBenchResults('serve', table)
