import type { CommandModule } from 'yargs'

/** A command as the usage messages know it: its name, its yargs usage (`export <id>`) and its subcommands. */
export interface CommandNode {
  readonly name: string
  readonly usage: string
  readonly subcommands: readonly CommandNode[]
}

/** The {@link CommandNode} of a yargs command module, with the subcommands it registers. */
export function commandNode(module: CommandModule, subcommands: readonly CommandModule[] = []): CommandNode {
  const usage = String(module.command)
  return {
    name: usage.split(' ')[0] ?? usage,
    usage,
    subcommands: subcommands.map((s) => commandNode(s)),
  }
}

/** What a yargs validation failure is explained from. */
export interface UsageFailure {
  /** The message of yargs (English: the CLI pins its locale). */
  readonly message: string
  /** The arguments as typed. */
  readonly argv: readonly string[]
  /** The program's commands. */
  readonly root: CommandNode
  /** The option names (with aliases) known where the failure happened. */
  readonly options: readonly string[]
}

/** One line naming what was wrong, and where to read more. */
export interface UsageExplanation {
  readonly message: string
  readonly hint?: string
}

/**
 * Turns a yargs validation message into one line in the CLI's own words: unknown options and commands with
 * a "did you mean" suggestion, a missing subcommand with the list of subcommands, an invalid choice with the
 * choices, and a pointer to the `--help` of the command that was run.
 *
 * ### Examples
 * ```ts
 * explainUsageFailure({ message: 'Unknown argument: colour', argv: ['run', '--colour'], root, options: ['color'] })
 * // { message: 'Unknown option --colour for "run"; did you mean --color?', hint: 'see `tailingsiq-seed run --help`' }
 * ```
 */
export function explainUsageFailure(failure: UsageFailure): UsageExplanation {
  const path = commandPath(failure.root, failure.argv)
  const node = path.at(-1) ?? failure.root
  const where = path.map((n) => n.name).join(' ')
  const hint = `see \`${[failure.root.name, where, '--help'].filter(Boolean).join(' ')}\``
  const message = rewrite(failure, node, where)
  // A suggestion is the hint already; a message that names --help needs no pointer to it.
  return message.includes('--help') || message.endsWith('?') ? { message } : { message, hint }
}

function rewrite(failure: UsageFailure, node: CommandNode, where: string): string {
  const text = failure.message.trim()
  const forCommand = where ? ` for "${where}"` : ''
  const subcommands = node.subcommands.map((c) => c.name)

  const unknown = /^Unknown arguments?: (.+)$/s.exec(text)
  if (unknown?.[1]) {
    const words = unknown[1].split(', ')
    return (
      words
        // yargs reports `--out-dir` twice, also as its camel-case expansion `outDir`.
        .filter((word) => !words.some((other) => other !== word && camelCase(other) === word))
        .map((word) => {
          if (isTypedOption(failure.argv, word)) {
            const flag = word.length === 1 ? `-${word}` : `--${word}`
            const near = suggest(word, failure.options)
            return `Unknown option ${flag}${forCommand}${near ? `; did you mean --${near}?` : ''}`
          }
          if (subcommands.length > 0) {
            const near = suggest(word, subcommands)
            return `Unknown command "${word}"${near ? `; did you mean "${near}"?` : `; expected one of ${subcommands.join(', ')}`}`
          }
          return `Unexpected argument "${word}"${forCommand}; usage: ${failure.root.name} ${usageOf(where, node)}`
        })
        .join('; ')
    )
  }

  if (/^Not enough non-option arguments/.test(text)) {
    if (subcommands.length > 0) return `Name a ${where} command: ${subcommands.join(', ')}`
    const missing = [...node.usage.matchAll(/<([\w-]+)>/g)].map((m) => `<${m[1]}>`)
    return `${where} needs ${missing.join(' ') || 'more arguments'}: ${failure.root.name} ${usageOf(where, node)}`
  }

  const invalid = /^Invalid values:\s*Argument: ([\w-]+), Given: (.+?), Choices: (.+)$/s.exec(text)
  if (invalid?.[1] && invalid[2] && invalid[3]) {
    const [, name, given, choices] = invalid
    const list = choices
      .split(', ')
      .map((c) => c.replace(/^"(.*)"$/, '$1'))
      .join(', ')
    return isTypedOption(failure.argv, name)
      ? `--${name} must be one of ${list}, got ${given}`
      : `${where ? `${where} ` : ''}<${name}> must be one of ${list}, got ${given}`
  }

  const required = /^Missing required arguments?: (.+)$/s.exec(text)
  if (required?.[1]) {
    const flags = required[1].split(', ').map((f) => `--${f}`)
    return `${where || failure.root.name} needs ${flags.join(' and ')}`
  }

  const noValue = /^Not enough arguments following: (.+)$/s.exec(text)
  if (noValue?.[1]) return `--${noValue[1]} needs a value`

  const exclusive = /^Arguments ([\w-]+) and ([\w-]+) are mutually exclusive$/s.exec(text)
  if (exclusive?.[1] && exclusive[2]) return `--${exclusive[1]} and --${exclusive[2]} cannot be used together`

  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('; ')
}

/** The commands named in `argv`, outermost first (`datasets show 12` → datasets, show). */
export function commandPath(root: CommandNode, argv: readonly string[]): CommandNode[] {
  const path: CommandNode[] = []
  let level = root
  for (const token of argv) {
    if (token === '--') break
    const next = level.subcommands.find((c) => c.name === token)
    if (!next) continue
    path.push(next)
    level = next
  }
  return path
}

function camelCase(name: string): string {
  return name.replace(/-+([^-])/g, (_, c: string) => c.toUpperCase())
}

function usageOf(where: string, node: CommandNode): string {
  const tail = node.usage.split(' ').slice(1).join(' ')
  return [where, tail, '[options]'].filter(Boolean).join(' ')
}

/** True when `name` was typed as an option (`--name`, `--name=…`, `--no-name`, `-n`), not as a word. */
export function isTypedOption(argv: readonly string[], name: string): boolean {
  return argv.some(
    (t) =>
      t === `--${name}` ||
      t.startsWith(`--${name}=`) ||
      t === `--no-${name}` ||
      (name.length === 1 && /^-[^-]/.test(t) && t.slice(1).includes(name)),
  )
}

/**
 * The candidate closest to `word`, or `undefined` when none is close: within an edit distance of a third of
 * the word's length (at least 1), or one a prefix of the other (`--dry` → `dry-run`).
 *
 * ### Examples
 * ```ts
 * suggest('colour', ['color', 'count']) // 'color'
 * ```
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.ceil(word.length / 3))
  let best: { name: string; distance: number } | undefined
  for (const candidate of candidates) {
    if (candidate === word) continue
    const distance = editDistance(word, candidate)
    const prefix =
      Math.min(word.length, candidate.length) >= 3 &&
      (candidate.startsWith(word) || word.startsWith(candidate))
    if ((distance <= limit || prefix) && (best === undefined || distance < best.distance)) {
      best = { name: candidate, distance }
    }
  }
  return best?.name
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1
  const cols = b.length + 1
  const d: number[] = Array.from({ length: rows * cols }, (_, i) =>
    i < cols ? i : i % cols === 0 ? i / cols : 0,
  )
  const at = (i: number, j: number) => d[i * cols + j] as number
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, at(i - 2, j - 2) + 1)
      d[i * cols + j] = value
    }
  }
  return at(rows - 1, cols - 1)
}
