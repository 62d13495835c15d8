/**
 * Text written straight into bytes, for encoders of many small pieces (a row's fields): ASCII copied code by
 * code, anything else through `Buffer.write`. {@link take} hands the bytes over and starts a new buffer, since a
 * stream may still hold the previous one.
 */
export class TextBuffer {
  #buffer = Buffer.allocUnsafe(1 << 16)
  #at = 0

  /** Appends `text` as UTF-8. */
  text(text: string): void {
    this.ensure(text.length * 3)
    const buffer = this.#buffer
    const at = this.#at
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (code >= 0x80) {
        this.#at = at + buffer.write(text, at, 'utf8')
        return
      }
      buffer[at + i] = code
    }
    this.#at = at + text.length
  }

  /**
   * Appends `text` when it is ASCII without any of the two `stops` character codes nor a control character, and
   * returns true; otherwise appends nothing and returns false, for the caller's general path.
   */
  plain(text: string, stop1: number, stop2: number): boolean {
    const length = text.length
    this.ensure(length)
    const buffer = this.#buffer
    const at = this.#at
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i)
      if (code < 0x20 || code >= 0x80 || code === stop1 || code === stop2) return false
      buffer[at + i] = code
    }
    this.#at = at + length
    return true
  }

  /**
   * Appends `formatNumber(value)` (`String(value)` for a finite number): the digits of a number with at most three
   * decimals under 10⁹ in magnitude are written straight in, without making the text; anything else goes through
   * `formatNumber`'s general path, `String`.
   */
  number(value: number): void {
    if (value === 0) {
      this.byte(0x30)
      return
    }
    const n = Math.round(value * 1000)
    if (n / 1000 !== value || !(value < 1e9 && value > -1e9)) {
      this.text(String(value))
      return
    }
    this.ensure(15)
    const buffer = this.#buffer
    let at = this.#at
    if (n < 0) buffer[at++] = 0x2d // -
    const abs = n < 0 ? -n : n
    let whole = Math.floor(abs / 1000)
    const fraction = abs - whole * 1000
    let digits = 1
    for (let w = whole; w >= 10; w = Math.floor(w / 10)) digits++
    for (let i = digits - 1; i >= 0; i--) {
      const next = Math.floor(whole / 10)
      buffer[at + i] = 0x30 + whole - next * 10
      whole = next
    }
    at += digits
    if (fraction !== 0) {
      // Three decimals, trailing zeros dropped.
      const d1 = Math.floor(fraction / 100)
      const d2 = Math.floor(fraction / 10) - d1 * 10
      const d3 = fraction - d1 * 100 - d2 * 10
      buffer[at++] = 0x2e // .
      buffer[at++] = 0x30 + d1
      if (d2 !== 0 || d3 !== 0) buffer[at++] = 0x30 + d2
      if (d3 !== 0) buffer[at++] = 0x30 + d3
    }
    this.#at = at
  }

  /** Appends one byte (an ASCII character's code). */
  byte(code: number): void {
    this.ensure(1)
    this.#buffer[this.#at++] = code
  }

  /** Takes back the last byte appended. */
  unbyte(): void {
    this.#at--
  }

  /** Appends `bytes` (by `set`, several times faster than `Buffer.copy` or a loop for a few dozen bytes). */
  bytes(bytes: Uint8Array): void {
    this.ensure(bytes.length)
    this.#buffer.set(bytes, this.#at)
    this.#at += bytes.length
  }

  /** The bytes written so far; the next ones go to a new buffer about as large. */
  take(): Buffer {
    const taken = this.#buffer.subarray(0, this.#at)
    this.#buffer = Buffer.allocUnsafe(Math.max(1 << 12, this.#buffer.length))
    this.#at = 0
    return taken
  }

  /** Room for `bytes` more bytes. */
  ensure(bytes: number): void {
    if (this.#at + bytes <= this.#buffer.length) return
    const grown = Buffer.allocUnsafe(Math.max(this.#buffer.length * 2, this.#at + bytes))
    this.#buffer.copy(grown, 0, 0, this.#at)
    this.#buffer = grown
  }
}
