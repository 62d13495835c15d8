/**
 * Where the library reports what it is doing. The library is silent without one; the CLI passes one that
 * writes to stderr (or nothing, under `--quiet`).
 */
export interface Logger {
  info(message: string): void
  warn(message: string): void
}
