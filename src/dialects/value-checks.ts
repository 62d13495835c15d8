import { TailingsiqError } from '../errors.js'
import type { TableRef, WriteColumn } from './dialect.js'

/** Throws for a number no column can hold faithfully: NaN and the infinities. */
export function assertFiniteNumber(table: TableRef, column: WriteColumn, value: number): void {
  if (!Number.isFinite(value)) {
    throw new TailingsiqError(
      'GENERATOR_INVALID',
      `${table.name}.${column.name}: ${String(value)} cannot be stored; only finite numbers are written`,
    )
  }
}

/** Throws for text with a NUL character, which PostgreSQL cannot store; refused everywhere for the same rows on every engine. */
export function assertNoNul(table: TableRef, column: WriteColumn, value: string): void {
  if (value.includes('\u0000')) {
    throw new TailingsiqError(
      'GENERATOR_INVALID',
      `${table.name}.${column.name}: text with a NUL character cannot be stored`,
    )
  }
}

/** Throws unless `value` is a whole number in the safe-integer range. */
export function assertSafeInteger(table: TableRef, column: WriteColumn, value: number): void {
  if (!Number.isSafeInteger(value)) {
    throw new TailingsiqError(
      'GENERATOR_INVALID',
      `${table.name}.${column.name}: ${String(value)} is not a whole number in the safe range`,
    )
  }
}
