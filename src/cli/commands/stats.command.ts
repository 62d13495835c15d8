import type { Argv, CommandModule } from 'yargs'
import type { DatasetStats, NumericSummary, SummaryStats } from '../../commands/stats.js'
import { databaseFlags, parseDatasetId, withCliToolkit, type DatabaseArgs } from '../cli-toolkit.js'
import { escapeForTerminal, formatBytes, formatCount, renderTable } from '../render.js'

interface StatsArgs extends DatabaseArgs {
  readonly id?: unknown
}

/** A number with thousands separators, and `digits` decimals unless it is whole. */
export const num = (x: number | null, digits = 2) =>
  x === null
    ? '—'
    : Number.isInteger(x)
      ? formatCount(x)
      : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
const counts = (title: string, values: Record<string, number>) =>
  `${title}\n${renderTable(
    ['value', 'count'],
    Object.entries(values).map(([k, v]) => [k, formatCount(v)]),
  )}`

export function renderSummary(stats: SummaryStats): string {
  const parts = [
    `${formatCount(stats.datasets.total)} datasets (${formatCount(stats.datasets.deleted)} deleted not counted), ${formatCount(stats.records)} records`,
    counts('By type', stats.datasets.byType),
    counts('By status', stats.datasets.byStatus),
  ]
  if (stats.tables) {
    parts.push(
      `Tables\n${renderTable(
        ['table', 'rows', 'size'],
        stats.tables.map((t) => [
          t.table,
          t.rows === null ? '—' : `${t.estimated ? '~' : ''}${formatCount(t.rows)}`,
          t.bytes === null ? '—' : formatBytes(t.bytes),
        ]),
      )}`,
    )
  }
  return parts.join('\n\n')
}

export function renderDataset(stats: DatasetStats): string {
  const d = stats.dataset
  // Default names begin with the type ("monitoring · 1000 records · seed 42"): no need to say it twice.
  const type = d.name === d.data_type || d.name.startsWith(`${d.data_type} `) ? '' : ` · ${d.data_type}`
  const parts = [
    `Dataset ${d.id} · ${d.name}${type} · ${d.status}`,
    `${formatCount(stats.rows.counted)} rows in ${stats.rows.table} (records_written ${formatCount(d.records_written)}: ${stats.rows.matchesRecordsWritten ? 'matches' : 'DOES NOT MATCH'}), ${stats.facilities} facilities, ${stats.timeSpan.column} from ${stats.timeSpan.from ?? '—'} to ${stats.timeSpan.to ?? '—'}`,
  ]
  const b = stats.breakdown
  if (!b) {
    parts.push('No typed rows to break down (storage generic).')
    return parts.join('\n')
  }
  for (const [key, value] of Object.entries(b)) {
    if (key === 'perFacility') {
      for (const facility of value as {
        facility_id: string
        facility_code: string | null
        facility_name: string | null
        readings: number
        parameters: Record<string, NumericSummary>
      }[]) {
        const named =
          facility.facility_code === null
            ? facility.facility_id
            : `${facility.facility_code} ${facility.facility_name ?? ''}`.trimEnd()
        parts.push(
          `Facility ${named} (${formatCount(facility.readings)} readings)\n${renderTable(
            ['parameter', 'n', 'min', 'max', 'mean', 'stddev'],
            Object.entries(facility.parameters).map(([p, s]) => [
              p,
              formatCount(s.count),
              num(s.min),
              num(s.max),
              num(s.mean),
              num(s.stddev),
            ]),
          )}`,
        )
      }
    } else if (Array.isArray(value)) {
      const rows = value as Record<string, unknown>[]
      const header = Object.keys(rows[0] ?? {})
      parts.push(
        `${key}\n${renderTable(
          header,
          rows.map((r) =>
            header.map((h) =>
              typeof r[h] === 'number'
                ? num(r[h])
                : typeof r[h] === 'string'
                  ? r[h]
                  : r[h] === null || r[h] === undefined
                    ? '—'
                    : JSON.stringify(r[h]),
            ),
          ),
        )}`,
      )
    } else {
      parts.push(counts(key, value as Record<string, number>))
    }
  }
  return parts.join('\n\n')
}

/** `stats [<id>]`. */
export const statsCommand: CommandModule<object, StatsArgs> = {
  command: 'stats [id]',
  describe: 'Statistics of one dataset, or a summary of all, computed by the database',
  builder: (yargs: Argv) =>
    yargs
      .positional('id', { type: 'string', describe: 'Dataset id [default: a summary of all datasets]' })
      .options(databaseFlags) as Argv<StatsArgs>,
  handler: async (args) => {
    const id = args.id === undefined ? undefined : parseDatasetId(args.id)
    await withCliToolkit(args, {}, async (toolkit) => {
      const stats = id === undefined ? await toolkit.stats() : await toolkit.stats(id)
      const text = () =>
        id === undefined ? renderSummary(stats as SummaryStats) : renderDataset(stats as DatasetStats)
      process.stdout.write(
        args.json
          ? `${JSON.stringify(stats, null, 2)}\n`
          : `${escapeForTerminal(text(), { keepNewlines: true })}\n`,
      )
    })
  },
}
