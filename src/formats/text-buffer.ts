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

  /** Appends one byte (an ASCII character's code). */
  byte(code: number): void {
    this.ensure(1)
    this.#buffer[this.#at++] = code
  }

  /** Appends `bytes`. */
  bytes(bytes: Buffer): void {
    this.ensure(bytes.length)
    bytes.copy(this.#buffer, this.#at)
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
