import { describe, expect, it } from 'vitest'
import {
  commandPath,
  editDistance,
  explainUsageFailure,
  isTypedOption,
  suggest,
  type CommandNode,
} from '../../../src/cli/usage-errors.js'

const node = (usage: string, subcommands: CommandNode[] = []): CommandNode => ({
  name: usage.split(' ')[0]!,
  usage,
  subcommands,
})
const ROOT = node('tailingsiq-seed', [
  node('run'),
  node('migrate <action>'),
  node('export <id>'),
  node('datasets', [node('list'), node('show <id>')]),
])
const explain = (message: string, argv: string[], options: string[] = []) =>
  explainUsageFailure({ message, argv, root: ROOT, options })

describe('editDistance and suggest', () => {
  it.each([
    ['colour', 'color', 1],
    ['typo', 'type', 1],
    ['shwo', 'show', 1],
    ['', 'run', 3],
    ['kitten', 'sitting', 3],
  ])('%s → %s is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance)
  })

  it('suggests the closest candidate, a prefix match, or nothing', () => {
    expect(suggest('colour', ['count', 'color'])).toBe('color')
    expect(suggest('dry', ['dry-run', 'db'])).toBe('dry-run')
    expect(suggest('out-dir', ['output-dir', 'format'])).toBe('output-dir')
    expect(suggest('zzz', ['run', 'migrate'])).toBeUndefined()
    expect(suggest('run', ['run'])).toBeUndefined()
  })
})

describe('explainUsageFailure', () => {
  it('finds the command path in the arguments', () => {
    expect(commandPath(ROOT, ['--db', 'x', 'datasets', 'show', '1']).map((n) => n.name)).toEqual([
      'datasets',
      'show',
    ])
    expect(commandPath(ROOT, ['--', 'run'])).toEqual([])
  })

  it('tells options from words', () => {
    expect(isTypedOption(['run', '--colour=red'], 'colour')).toBe(true)
    expect(isTypedOption(['run', '-xq'], 'x')).toBe(true)
    expect(isTypedOption(['run', 'colour'], 'colour')).toBe(false)
  })

  it.each([
    [
      'Unknown argument: colour',
      ['run', '--colour'],
      'Unknown option --colour for "run"; did you mean --color?',
    ],
    [
      'Unknown arguments: out-dir, outDir',
      ['run', '--out-dir', 'x'],
      'Unknown option --out-dir for "run"; see `tailingsiq-seed run --help`',
    ],
    ['Unknown argument: shwo', ['datasets', 'shwo'], 'Unknown command "shwo"; did you mean "show"?'],
    [
      'Unknown argument: 2',
      ['export', '1', '2'],
      'Unexpected argument "2" for "export"; usage: tailingsiq-seed export <id> [options]; see `tailingsiq-seed export --help`',
    ],
    [
      'Not enough non-option arguments: got 0, need at least 1',
      ['datasets'],
      'Name a datasets command: list, show; see `tailingsiq-seed datasets --help`',
    ],
    [
      'Invalid values:\n  Argument: action, Given: "foo", Choices: "latest", "rollback"',
      ['migrate', 'foo'],
      'migrate <action> must be one of latest, rollback, got "foo"; see `tailingsiq-seed migrate --help`',
    ],
    [
      'Not enough arguments following: out',
      ['export', '1', '--out'],
      '--out needs a value; see `tailingsiq-seed export --help`',
    ],
    [
      'Missing required argument: format',
      ['export', '1'],
      'export needs --format; see `tailingsiq-seed export --help`',
    ],
    [
      'Arguments type and all are mutually exclusive',
      ['run'],
      '--type and --all cannot be used together; see `tailingsiq-seed run --help`',
    ],
    ['Something\nelse', [], 'Something; else; see `tailingsiq-seed --help`'],
  ])('%j', (message, argv, expected) => {
    const { message: text, hint } = explain(message, argv, ['color', 'count'])
    expect(hint ? `${text}; ${hint}` : text).toBe(expected)
  })
})
