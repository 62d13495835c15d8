import type { z } from 'zod'

/** `plan[0].count` from `['plan', 0, 'count']`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else out += out === '' ? String(part) : `.${String(part)}`
  }
  return out
}

/** A value as it should appear in an error message: short, quoted when a string. */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (typeof value === 'function') return 'a function'
  let text: string
  try {
    text = typeof value === 'bigint' ? `${value}n` : (JSON.stringify(value) ?? typeof value)
  } catch {
    text = Object.prototype.toString.call(value)
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

/** One line per zod issue: the key path, what was expected, and the value found. */
export function formatIssues(error: z.ZodError, prefix = ''): string[] {
  return error.issues.map((issue) => {
    const path = formatPath([...(prefix ? [prefix] : []), ...issue.path])
    if (issue.code === 'unrecognized_keys') {
      const where = path ? `${path}: ` : ''
      return `${where}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
    }
    const got = 'input' in issue ? `, got ${formatValue(issue.input)}` : ''
    return `${path || '(root)'}: ${issue.message}${got}`
  })
}
