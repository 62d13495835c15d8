// The engines' own bulk loads of rows encoded beforehand, shared by the seed and schema-cost benchmarks:
// PostgreSQL `psql \copy … (format binary)`, MariaDB `LOAD DATA LOCAL INFILE` through the mysql CLI.
import { execFileSync } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import { loadDataChunks } from '../src/dialects/mysql/mysql-load-data-writer.js'
import { BinaryCopyEncoder } from '../src/dialects/pg/pg-copy-writer.js'
import type { BulkTarget } from '../src/dialects/dialect.js'
import type { Row } from '../src/generators/generator.js'

export type ServerDialect = 'pg' | 'mysql'

/** Encodes the rows into `dir` in the engine's bulk format (not timed); returns the file. */
export async function encodeRowsToFile(
  dialect: ServerDialect,
  target: BulkTarget,
  rows: Iterable<Row>,
  dir: string,
): Promise<string> {
  const file = join(dir, dialect === 'pg' ? 'rows.bin' : 'rows.tsv')
  const out = createWriteStream(file)
  if (dialect === 'pg') {
    const encoder = new BinaryCopyEncoder(target, (chunk) => out.write(Buffer.from(chunk)))
    for (const row of rows) encoder.write(row)
    encoder.end()
  } else {
    for (const chunk of loadDataChunks(target, rows, { rows: 0 })) out.write(chunk)
  }
  out.end()
  await finished(out)
  return file
}

/** Loads a file of {@link encodeRowsToFile} with the engine's own client; returns the seconds it took. */
export function rawLoad(
  dialect: ServerDialect,
  url: string,
  table: string,
  columns: readonly string[],
  file: string,
): number {
  const names = columns.join(', ')
  const started = performance.now()
  if (dialect === 'pg') {
    execFileSync('psql', [
      url,
      '-v',
      'ON_ERROR_STOP=1',
      '-qc',
      `\\copy ${table} (${names}) from '${file}' with (format binary)`,
    ])
  } else {
    const database = new URL(url)
    execFileSync('mysql', [
      '--local-infile=1',
      '-h',
      database.hostname,
      '-P',
      database.port || '3306',
      '-u',
      decodeURIComponent(database.username),
      database.pathname.slice(1),
      '-e',
      `LOAD DATA LOCAL INFILE '${file}' INTO TABLE ${table} CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${names})`,
    ])
  }
  return (performance.now() - started) / 1000
}
