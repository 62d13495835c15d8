import { Transform } from 'node:stream'

// The API's budgets beyond the per-actor rate limit: failed authentications per client address, and how
// many heavy requests (those that generate, stream or aggregate many rows) run at once.

/** A limit of events per fixed window. */
export interface WindowLimit {
  readonly max: number
  readonly windowSeconds: number
}

/** Addresses remembered at most; past it the oldest windows are forgotten first. */
const MAX_KEYS = 100_000

/**
 * Counts events (failed authentications) per key in fixed windows. A key that reached `max` in its window
 * is blocked until the window ends. Memory is bounded: expired windows are swept, and past
 * {@link MAX_KEYS} the oldest are dropped.
 */
export class FailureCounter {
  readonly #limit: WindowLimit
  readonly #windows = new Map<string, { count: number; endsAt: number }>()

  constructor(limit: WindowLimit) {
    this.#limit = limit
  }

  /** Seconds until `key` may try again, or `0` when it is not blocked. */
  blockedFor(key: string, now = Date.now()): number {
    const window = this.#windows.get(key)
    if (window === undefined || window.endsAt <= now || window.count < this.#limit.max) return 0
    return Math.max(1, Math.ceil((window.endsAt - now) / 1000))
  }

  /** Counts one failure of `key`. */
  add(key: string, now = Date.now()): void {
    const window = this.#windows.get(key)
    if (window !== undefined && window.endsAt > now) {
      window.count++
      return
    }
    if (this.#windows.size >= MAX_KEYS) this.#sweep(now)
    this.#windows.delete(key)
    this.#windows.set(key, { count: 1, endsAt: now + this.#limit.windowSeconds * 1000 })
  }

  #sweep(now: number): void {
    for (const [key, window] of this.#windows) if (window.endsAt <= now) this.#windows.delete(key)
    // Map iteration follows insertion order, so the first keys are the oldest windows.
    for (const key of this.#windows.keys()) {
      if (this.#windows.size < MAX_KEYS) break
      this.#windows.delete(key)
    }
  }
}

/**
 * Bounds how many requests of a class run at once: up to `concurrency` run, up to `queueSize` wait in
 * order, and {@link ConcurrencyGate.enter} refuses the rest at once.
 */
export class ConcurrencyGate {
  readonly concurrency: number
  readonly queueSize: number
  #running = 0
  readonly #waiting = new Set<() => void>()

  constructor(options: { readonly concurrency: number; readonly queueSize: number }) {
    this.concurrency = options.concurrency
    this.queueSize = options.queueSize
  }

  /** How many run and wait now. */
  get load(): { readonly running: number; readonly waiting: number } {
    return { running: this.#running, waiting: this.#waiting.size }
  }

  /**
   * A slot: resolves with its `release` once one is free, or is `undefined` when every slot is taken and
   * the queue is full. Aborting `signal` while waiting gives the place up (the promise then never settles).
   */
  enter(signal?: AbortSignal): Promise<() => void> | undefined {
    if (this.#running < this.concurrency) {
      this.#running++
      return Promise.resolve(this.#releaser())
    }
    if (this.#waiting.size >= this.queueSize) return undefined
    return new Promise((resolve) => {
      const grant = () => {
        this.#waiting.delete(grant)
        this.#running++
        resolve(this.#releaser())
      }
      this.#waiting.add(grant)
      signal?.addEventListener('abort', () => this.#waiting.delete(grant), { once: true })
    })
  }

  #releaser(): () => void {
    let released = false
    return () => {
      if (released) return
      released = true
      this.#running--
      const next = this.#waiting.values().next()
      if (!next.done) next.value()
    }
  }
}

/** A window in words: `1 minute`, `30 seconds`, `2 hours`. */
export function formatWindow(seconds: number): string {
  const units: readonly [number, string][] = [
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ]
  for (const [size, name] of units) {
    if (seconds % size === 0) {
      const n = seconds / size
      return `${n} ${name}${n === 1 ? '' : 's'}`
    }
  }
  return `${seconds} seconds`
}

/**
 * The body of a streamed answer: it hands each chunk on in a later turn of the event loop. A client that
 * reads as fast as the records are made (on the same host, say) never fills the socket, so without this
 * a whole preview or export would run in one turn, on promises alone, and no other request would be
 * answered until it ended.
 */
export function createAnswerStream(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      setImmediate(callback, null, chunk)
    },
  })
}
