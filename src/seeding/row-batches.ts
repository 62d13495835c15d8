/**
 * Cuts one lazy row source into consecutive lazy batches without closing it in between (a `for…of` that
 * breaks would). `next(size)` returns `undefined` once the source is exhausted, never an empty batch.
 */
export class RowBatches<T> {
  readonly #iterator: Iterator<T>
  #lookahead: IteratorResult<T>

  constructor(source: Iterable<T>) {
    this.#iterator = source[Symbol.iterator]()
    this.#lookahead = this.#iterator.next()
  }

  /** The next batch of at most `size` items, pulled lazily as it is iterated, once. */
  next(size: number): Iterable<T> | undefined {
    if (this.#lookahead.done) return undefined
    return {
      [Symbol.iterator]: () => {
        let taken = 0
        return {
          next: (): IteratorResult<T> => {
            if (taken >= size || this.#lookahead.done) return { done: true, value: undefined }
            const current = this.#lookahead
            taken++
            this.#lookahead = this.#iterator.next()
            return current
          },
        }
      },
    }
  }
}
