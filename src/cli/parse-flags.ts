import type { Argv, CommandModule } from 'yargs'
import { UsageError } from '../errors.js'
import { MAX_SEED } from '../choices.js'
import { dataTypeIds, isDataType, type DataType } from '../generators/data-types.js'

/**
 * `--count`: a whole number ≥ 1, or `natural` (the period decides the count; see `COUNT_NATURAL`).
 */
export function parseCountFlag(value: unknown): number | 'natural' | undefined {
  if (typeof value === 'string' && value.trim().toLowerCase() === 'natural') return 'natural'
  return parseWholeFlag('count', value, 1, Number.MAX_SAFE_INTEGER)
}

/**
 * Parses a whole-number flag given as text, so the error can quote what was typed:
 * `--count must be a whole number ≥ 1, got "1.5"`, `--limit must be a whole number from 1 to 1000, got "0"`.
 */
export function parseWholeFlag(flag: string, value: unknown, min: number, max: number): number | undefined {
  return parseWhole(`--${flag}`, value, min, max)
}

/** A positional dataset id: `The dataset id must be a whole number ≥ 1, got "abc"`. */
export function parseIdArgument(value: unknown): number | undefined {
  return parseWhole('The dataset id', value, 1, Number.MAX_SAFE_INTEGER)
}

function parseWhole(what: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined
  if (Array.isArray(value)) throw new UsageError(`${what} was given more than once`)
  const typed = flagText(value)
  const text = typed.trim().replaceAll('_', '')
  const number = Number(text)
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(number) || number < min || number > max) {
    throw new UsageError(`${what} must be ${describeWholeRange(min, max)}, got "${typed}"`)
  }
  return number
}

/** `a whole number ≥ 1`, or `a whole number from 1 to 1000` when the maximum is a real limit. */
export function describeWholeRange(min: number, max: number): string {
  return max >= Number.MAX_SAFE_INTEGER ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`
}

/** `--seed`: a whole number from 0 to 2^53 − 1. */
export function parseSeedFlag(value: unknown): number | undefined {
  return parseWholeFlag('seed', value, 0, MAX_SEED)
}

/** `--types a,b` or repeated `--type` (either spelling: one is an alias of the other): known data types, without duplicates. */
export function parseTypesFlag(flag: string, value: unknown): DataType[] | undefined {
  if (value === undefined) return undefined
  const items = (Array.isArray(value) ? (value as unknown[]) : [value])
    .flatMap((v) => flagText(v).split(','))
    .map((v) => v.trim())
  const types: DataType[] = []
  for (const item of items) {
    if (item === '') continue
    if (!isDataType(item)) {
      throw new UsageError(
        `--${flag}: unknown data type "${item}"; expected one of ${dataTypeIds().join(', ')}`,
      )
    }
    if (!types.includes(item)) types.push(item)
  }
  if (types.length === 0) throw new UsageError(`--${flag} needs at least one of ${dataTypeIds().join(', ')}`)
  return types
}

/** `--type a` where exactly one data type makes sense (a filter, a new dataset). */
export function parseTypeFlag(flag: string, value: unknown): DataType | undefined {
  const types = parseTypesFlag(flag, value)
  if (types && types.length > 1)
    throw new UsageError(`--${flag} takes one data type here, got ${types.length}: ${types.join(', ')}`)
  return types?.[0]
}

/** A positional data type (`preview <type>`): `Unknown data type "x"; expected one of monitoring, …`. */
export function parseTypeArgument(value: unknown): DataType {
  const text = value === undefined ? '' : flagText(value).trim()
  if (!isDataType(text))
    throw new UsageError(`Unknown data type "${text}"; expected one of ${dataTypeIds().join(', ')}`)
  return text
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

/**
 * The command with every string option of its builder taking the next argument as its value even when that
 * starts with a dash: `--out -` (stdout) and `--stale-after -1h` (refused by the flag's own check) instead of
 * yargs reading `-` as a stray word and `-1h` as the flags `-1 -h` (which printed help and exited 0).
 * Positionals keep yargs' parsing.
 */
export function withValueFlags<T>(command: CommandModule<object, T>): CommandModule<object, T> {
  const builder = command.builder
  if (typeof builder !== 'function') return command
  const positionals = new Set(
    [...String(command.command).matchAll(/[<[]([\w-]+)[\]>]/g)].map((m) => m[1] as string),
  )
  return {
    ...command,
    builder: (yargs: Argv) => {
      const built = (builder(yargs) as Argv | undefined) ?? yargs
      // `getOptions` is public in yargs but missing from its type declarations.
      const { string } = (built as unknown as { getOptions(): { string: string[] } }).getOptions()
      const values = string.filter((key) => !positionals.has(key))
      return (
        values.length > 0 ? built.nargs(Object.fromEntries(values.map((key) => [key, 1]))) : built
      ) as Argv<T>
    },
  }
}
