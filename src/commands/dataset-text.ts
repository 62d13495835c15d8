import { UsageError } from '../errors.js'

/** C0 and C1 control characters and DEL: never in a name. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NAME_CONTROL = /[\u0000-\u001f\u007f-\u009f]/u
/** The same, but a description may hold tabs and line breaks. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const DESCRIPTION_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u

/** Which text of a dataset: names hold no control characters, descriptions only tabs and line breaks. */
export type DatasetTextField = 'name' | 'description'

/**
 * What is wrong with a dataset name or description, or `undefined` when nothing is: the first control
 * character (NUL, ESC, DEL, C1…), by code point and 1-based position. PostgreSQL cannot store NUL at all,
 * and the others would end up in terminals and files.
 *
 * ### Examples
 * ```ts
 * datasetTextProblem('name', 'a\u0000b') // 'contains the control character U+0000 at character 2'
 * datasetTextProblem('description', 'line 1\nline 2') // undefined
 * ```
 */
export function datasetTextProblem(field: DatasetTextField, value: string): string | undefined {
  const match = (field === 'name' ? NAME_CONTROL : DESCRIPTION_CONTROL).exec(value)
  if (!match) return undefined
  const code = (match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')
  const allowed = field === 'name' ? 'none' : 'only tabs and line breaks'
  return `contains the control character U+${code} at character ${match.index + 1} (${allowed} allowed)`
}

/**
 * Throws a `UsageError` (exit code 2; 422 from the HTTP API) naming `label` (`--name`, `plan[0].name`, …) when
 * the text holds a control character. Checked before anything reaches the database.
 */
export function assertDatasetText(field: DatasetTextField, value: string | undefined, label: string): void {
  if (value === undefined) return
  const problem = datasetTextProblem(field, value)
  if (problem !== undefined) throw new UsageError(`${label} ${problem}`)
}
