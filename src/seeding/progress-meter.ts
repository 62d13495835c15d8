/** How often, at most, progress is reported while rows stream. */
export const PROGRESS_INTERVAL_MS = 100

/** Rows between two looks at the clock: cheap enough for a hot loop, frequent enough at any row rate. */
const CHECK_EVERY_ROWS = 64

/**
 * Counts rows as a writer pulls them from their source and reports, at most every `intervalMs`, how many
 * were streamed and how many committed. The count happens inside the iteration itself: a synchronous
 * writer (SQLite) blocks the event loop for a whole batch, so no timer could report during it.
 */
export class ProgressMeter {
  readonly #report: (streamed: number, committed: number) => void
  readonly #intervalMs: number
  #committed: number
  #inFlight = 0
  #lastReport = 0

  constructor(props: {
    committed: number
    report: (streamed: number, committed: number) => void
    intervalMs?: number
  }) {
    this.#committed = props.committed
    this.#report = props.report
    this.#intervalMs = props.intervalMs ?? PROGRESS_INTERVAL_MS
  }

  /**
   * Yields `rows`, each counted as `share` of a row: a batch written to two tables passes each row twice,
   * at one half each time.
   */
  *count<T>(rows: Iterable<T>, share = 1): Generator<T> {
    let sinceCheck = 0
    for (const row of rows) {
      this.#inFlight += share
      if (++sinceCheck >= CHECK_EVERY_ROWS) {
        sinceCheck = 0
        const now = performance.now()
        if (now - this.#lastReport >= this.#intervalMs) {
          this.#lastReport = now
          this.#report(this.#committed + Math.floor(this.#inFlight), this.#committed)
        }
      }
      yield row
    }
  }

  /** Counts `rows` streamed at once (a chunk of the generation thread's) and reports if it is time. */
  add(rows: number): void {
    this.#inFlight += rows
    const now = performance.now()
    if (now - this.#lastReport >= this.#intervalMs) {
      this.#lastReport = now
      this.#report(this.#committed + Math.floor(this.#inFlight), this.#committed)
    }
  }

  /** Records a committed batch of `rows` and reports it. */
  commit(rows: number): void {
    this.#committed += rows
    this.#inFlight = 0
    this.#lastReport = performance.now()
    this.#report(this.#committed, this.#committed)
  }
}
