import type { WriteColumn } from '../dialect.js'

/**
 * How a column's value travels in binary COPY, one order for the writer and the reader. Fixed-size kinds come
 * first, so `kind < TEXT` means "fixed size" and indexes {@link FIXED_VALUE_BYTES}.
 */
export const COPY_KIND = {
  INTEGER: 0,
  BIGINT: 1,
  FLOAT: 2,
  TIMESTAMP: 3,
  DATE: 4,
  BOOLEAN: 5,
  UUID: 6,
  TEXT: 7,
  JSONB: 8,
  /** JSON already serialised, sent as jsonb; written only (nothing reads a column back as it). */
  JSON_TEXT: 9,
} as const

/** One of {@link COPY_KIND}. */
export type CopyKind = (typeof COPY_KIND)[keyof typeof COPY_KIND]

/** The kind of each column type. */
export const COPY_KIND_OF: Readonly<Record<WriteColumn['type'], CopyKind>> = {
  integer: COPY_KIND.INTEGER,
  bigint: COPY_KIND.BIGINT,
  float: COPY_KIND.FLOAT,
  timestamp: COPY_KIND.TIMESTAMP,
  date: COPY_KIND.DATE,
  boolean: COPY_KIND.BOOLEAN,
  uuid: COPY_KIND.UUID,
  string: COPY_KIND.TEXT,
  text: COPY_KIND.TEXT,
  json: COPY_KIND.JSONB,
  'json-text': COPY_KIND.JSON_TEXT,
}

/** Bytes of a value of each fixed-size kind (`kind < TEXT`), its 4-byte field length not included. */
export const FIXED_VALUE_BYTES: readonly number[] = [4, 8, 8, 8, 4, 1, 16]
