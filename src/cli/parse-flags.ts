import { UsageError } from '../errors.js'
import { MAX_SEED } from '../generators/derive-seed.js'
import { DATA_TYPES, isDataType, type DataType } from '../generators/generator.js'

/**
 * Parses a whole-number flag given as text, so the error can quote what was typed:
 * `--count must be a whole number from 1 to 10000000, got "1.5"`.
 */
export function parseWholeFlag(flag: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined
  if (Array.isArray(value)) throw new UsageError(`--${flag} was given more than once`)
  const typed = flagText(value)
  const text = typed.trim().replaceAll('_', '')
  const number = Number(text)
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(number) || number < min || number > max) {
    throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}, got "${typed}"`)
  }
  return number
}

/** `--seed`: a whole number from 0 to 2^53 − 1. */
export function parseSeedFlag(value: unknown): number | undefined {
  return parseWholeFlag('seed', value, 0, MAX_SEED)
}

/** `--types a,b` or repeated `--type`: known data types, without duplicates. */
export function parseTypesFlag(flag: string, value: unknown): DataType[] | undefined {
  if (value === undefined) return undefined
  const items = (Array.isArray(value) ? (value as unknown[]) : [value])
    .flatMap((v) => flagText(v).split(','))
    .map((v) => v.trim())
  const types: DataType[] = []
  for (const item of items) {
    if (item === '') continue
    if (!isDataType(item)) {
      throw new UsageError(`--${flag}: unknown data type "${item}"; expected one of ${DATA_TYPES.join(', ')}`)
    }
    if (!types.includes(item)) types.push(item)
  }
  if (types.length === 0) throw new UsageError(`--${flag} needs at least one of ${DATA_TYPES.join(', ')}`)
  return types
}

/** A string flag that must not be empty when given. */
export function parseStringFlag(flag: string, value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (Array.isArray(value)) throw new UsageError(`--${flag} was given more than once`)
  const text = flagText(value)
  if (text.trim() === '') throw new UsageError(`--${flag} needs a value`)
  return text
}

/** The text of a flag value as yargs hands it over (a string, or a number/boolean it coerced). */
function flagText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value)
}
