import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { firstOf, rowsOf, tableOf } from '../dialects/dialect-adapter-base.js'
import type { Database } from '../dialects/open-database.js'
import { TailingsiqError } from '../errors.js'
import type { Shard } from '../seeding/seed-plan.js'
import type { Logger } from '../util/logger.js'

/** How often a writer says it is alive. */
export const HEARTBEAT_MS = 10_000
/** A writer on another host that has not said so for this long is taken for dead. */
export const STALE_WRITER_MS = 60_000

/** The part of a dataset one process writes: `1/1` for all of it, `K/N` for shard K (1-based) of N. */
export function writerPart(shard?: Shard): string {
  return shard === undefined ? '1/1' : `${shard.index + 1}/${shard.count}`
}

/** A claimed (dataset, part): this process is its only writer until {@link WriterLease.release}. */
export interface WriterLease {
  readonly datasetId: number
  readonly part: string
  /** True once another process has taken the part over (this one looked dead to it): stop writing. */
  readonly lost: boolean
  /** Throws when the lease was lost. Called before each batch. */
  assertHeld(): void
  /** Gives the part up. Safe to call twice. */
  release(): Promise<void>
}

interface WriterRow {
  readonly dataset_id: number
  readonly part: string
  readonly holder: string
  readonly host: string
  readonly pid: number
  readonly process_start: string | null
  readonly claimed_at: number
  readonly heartbeat_at: number
}

/** Holder ids of the leases this process holds: a lease of this very process is alive iff it is here. */
const HELD = new Set<string>()
const HOST = hostname()

/**
 * Claims the writer lease of a dataset part, or throws `BUSY` naming the live process (host, pid) that holds
 * it and since when. A lease whose holder is dead (a killed process) is taken over at once: on this host a
 * holder is alive iff its pid exists (and is the same process: Linux start time); on another host iff its
 * heartbeat is fresher than {@link STALE_WRITER_MS}. Whole-dataset writers (`1/1`) and shards of another
 * layout exclude each other. Race-free on every engine: one insert-if-absent, then a compare-and-swap on
 * the holder.
 *
 * ### Examples
 * ```ts
 * const lease = await claimWriter(db, 12, writerPart())
 * try { lease.assertHeld() } finally { await lease.release() }
 * ```
 */
export async function claimWriter(
  db: Database,
  datasetId: number,
  part: string,
  options: { readonly logger?: Logger } = {},
): Promise<WriterLease> {
  const holder = randomUUID()
  const writers = () => tableOf(db.knex, db.tables.writers)
  const now = () => db.knex.raw(db.adapter.nowSql)
  const mine = {
    holder,
    host: HOST,
    pid: process.pid,
    process_start: processStart(process.pid) ?? null,
  }
  await writers()
    .insert({ dataset_id: datasetId, part, ...mine, claimed_at: now(), heartbeat_at: now() })
    .onConflict(['dataset_id', 'part'])
    .ignore()
  let current = await readWriter(db, datasetId, part)
  if (current !== undefined && current.holder !== holder) {
    if (await isAlive(db, current)) throw busy(datasetId, current)
    const taken = await writers()
      .where({ dataset_id: datasetId, part, holder: current.holder })
      .update({ ...mine, claimed_at: now(), heartbeat_at: now() })
    if (Number(taken) !== 1) {
      current = await readWriter(db, datasetId, part)
      throw busy(datasetId, current)
    }
    options.logger?.info(
      `Dataset ${datasetId} (part ${part}): its writer, pid ${current.pid} on ${current.host}, is gone; taking over`,
    )
  } else if (current === undefined) {
    throw new TailingsiqError('NOT_FOUND', `Dataset ${datasetId} does not exist`)
  }
  HELD.add(holder)
  const lease = createLease(db, datasetId, part, holder, options.logger)
  try {
    await assertNoOverlap(db, datasetId, part)
  } catch (error) {
    await lease.release()
    throw error
  }
  return lease
}

/**
 * Runs `fn` holding the writer lease of a dataset part ({@link claimWriter}), and releases it however `fn`
 * ends. A process that dies holding it leaves the row behind; the next claim finds its holder dead.
 */
export async function withWriterLease<T>(
  db: Database,
  datasetId: number,
  part: string,
  options: { readonly logger?: Logger },
  fn: (lease: WriterLease) => Promise<T>,
): Promise<T> {
  const lease = await claimWriter(db, datasetId, part, options)
  try {
    return await fn(lease)
  } finally {
    await lease.release()
  }
}

/** The live writer of any part of a dataset, if there is one: for messages and status checks. */
export async function liveWriterOf(
  db: Database,
  datasetId: number,
): Promise<{ readonly description: string } | undefined> {
  for (const row of await readWriters(db, datasetId)) {
    if (await isAlive(db, row)) return { description: describeWriter(row) }
  }
  return undefined
}

function createLease(
  db: Database,
  datasetId: number,
  part: string,
  holder: string,
  logger: Logger | undefined,
): WriterLease {
  let lost = false
  let released = false
  const mineOnly = () => tableOf(db.knex, db.tables.writers).where({ dataset_id: datasetId, part, holder })
  const beat = async () => {
    const n = await mineOnly().update({ heartbeat_at: db.knex.raw(db.adapter.nowSql) })
    if (Number(n) === 0 && !released) lost = true
  }
  const timer = setInterval(() => {
    beat().catch((error: unknown) =>
      logger?.warn(`Dataset ${datasetId}: could not renew the writer lease: ${String(error)}`),
    )
  }, HEARTBEAT_MS)
  timer.unref()
  return {
    datasetId,
    part,
    get lost() {
      return lost
    },
    assertHeld() {
      if (lost) {
        throw new TailingsiqError(
          'BUSY',
          `dataset ${datasetId} (part ${part}) was taken over by another process, which found this one unresponsive; stopped`,
        )
      }
    },
    async release() {
      if (released) return
      released = true
      clearInterval(timer)
      HELD.delete(holder)
      await mineOnly()
        .delete()
        .catch((error: unknown) =>
          logger?.warn(`Dataset ${datasetId}: could not release the writer lease: ${String(error)}`),
        )
    },
  }
}

/** A whole-dataset writer excludes every shard, and shards of different layouts exclude each other. */
async function assertNoOverlap(db: Database, datasetId: number, part: string): Promise<void> {
  const layout = part.split('/')[1]
  for (const other of await readWriters(db, datasetId)) {
    if (other.part === part || other.part.split('/')[1] === layout) continue
    if (await isAlive(db, other)) throw busy(datasetId, other)
  }
}

async function readWriters(db: Database, datasetId: number): Promise<WriterRow[]> {
  const rows = await rowsOf(tableOf(db.knex, db.tables.writers).where({ dataset_id: datasetId }))
  return rows.map((r) => decodeWriter(db, r))
}

async function readWriter(db: Database, datasetId: number, part: string): Promise<WriterRow | undefined> {
  const raw = await firstOf(tableOf(db.knex, db.tables.writers).where({ dataset_id: datasetId, part }))
  return raw === undefined ? undefined : decodeWriter(db, raw)
}

function decodeWriter(db: Database, raw: Record<string, unknown>): WriterRow {
  const time = (name: string) =>
    db.adapter.decodeValue({ name, type: 'timestamp', description: '' }, raw[name]) as number
  return {
    dataset_id: Number(raw['dataset_id']),
    part: String(raw['part']),
    holder: String(raw['holder']),
    host: String(raw['host']),
    pid: Number(raw['pid']),
    process_start: typeof raw['process_start'] === 'string' ? raw['process_start'] : null,
    claimed_at: time('claimed_at'),
    heartbeat_at: time('heartbeat_at'),
  }
}

async function isAlive(db: Database, row: WriterRow): Promise<boolean> {
  if (row.host === HOST) {
    if (row.pid === process.pid) return HELD.has(row.holder)
    if (!pidExists(row.pid)) return false
    const start = processStart(row.pid)
    return row.process_start === null || start === undefined || start === row.process_start
  }
  // Another host's process cannot be asked; its heartbeat, against the database's clock, says it lives.
  const raw = await firstOf(db.knex.select(db.knex.raw(`${db.adapter.nowSql} as now`)))
  const now = db.adapter.decodeValue({ name: 'now', type: 'timestamp', description: '' }, raw?.['now'])
  return (now as number) - row.heartbeat_at < STALE_WRITER_MS
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** A process's start time in clock ticks since boot (Linux), which tells a reused pid from the original. */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Field 22; the command name (field 2) may hold spaces and parentheses, so count from its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
  } catch {
    return undefined
  }
}

function describeWriter(row: WriterRow): string {
  return `pid ${row.pid} on ${row.host} since ${new Date(row.claimed_at).toISOString()}`
}

function busy(datasetId: number, row: WriterRow | undefined): TailingsiqError {
  const who = row === undefined ? 'another process' : describeWriter(row)
  const part = row === undefined || row.part === '1/1' ? '' : ` (shard ${row.part})`
  return new TailingsiqError(
    'BUSY',
    `Dataset ${datasetId} is being written by ${who}${part}; nothing was written`,
    {
      hint: 'wait for that process to finish, or stop it; a killed writer is detected at once on its own host, after a minute elsewhere',
    },
  )
}
