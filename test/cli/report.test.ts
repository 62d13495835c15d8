import { lstat, mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToolkit } from '../../src/commands/toolkit.js'
import { rowsOf, tableOf } from '../../src/dialects/dialect-adapter-base.js'
import type { Database } from '../../src/dialects/open-database.js'
import { DATA_TYPES } from '../../src/generators/generator.js'
import { browserAvailable, CHROMIUM } from '../helpers/browser.js'
import { REPO_ROOT, runCliInProcess, tempDir } from '../helpers/cli.js'
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js'

// The report as a reader gets it: written by the CLI, opened by headless Chromium with every request but the
// file itself refused. Each chart must render the marks its data promises (`data-checks` on its element),
// with nothing on the console. The SQL behind the charts is compared across engines in
// test/integration/db/report.test.ts; one engine suffices here.
// UPDATE_REPORT_SCREENSHOTS=1 also writes the README's screenshots to docs/report/.

/** The chart of each type that the README shows. */
const README_CHARTS: Readonly<Record<string, string>> = {
  monitoring: 'monitoring-series',
  geotechnical: 'geotechnical-plasticity',
  environmental: 'environmental-values',
  compliance: 'compliance-heatmap',
  document: 'document-timeline',
  financial: 'financial-costs',
}

interface ChartState {
  readonly id: string
  readonly rendered: string | null
  readonly checks: readonly { mark: string; count: number; rendered: number }[]
}

/** Each chart's state and, per check, how many marks of that name its SVG holds (runs in the page). */
const chartStates = (page: Page): Promise<ChartState[]> =>
  page.evaluate(`[...document.querySelectorAll('.chart')].map((el) => ({
    id: el.id,
    rendered: el.getAttribute('data-rendered'),
    checks: JSON.parse(el.dataset.checks || '[]').map((c) => ({
      ...c,
      rendered: el.querySelectorAll('svg g.' + c.mark + '_marks > *').length,
    })),
  }))`)

/**
 * Per line mark of a chart, how far (pixels) its paths stay below the top and above the bottom of the plot
 * they are drawn in (runs in the page; the plot is the nearest group with a background). Negative or zero: the
 * line runs on the frame or out of the plot, its scale's domain does not cover it.
 */
const lineMargins = (page: Page, chart: string): Promise<{ mark: string; above: number; below: number }[]> =>
  page.evaluate(`[...document.querySelectorAll('#${chart} g.mark-line.role-mark')].map((g) => {
    let plot = g.parentElement
    while (!plot.matches('g.mark-group') || !plot.querySelector(':scope > g > path.background')) plot = plot.parentElement
    const frame = plot.querySelector(':scope > g > path.background').getBoundingClientRect()
    const boxes = [...g.querySelectorAll(':scope > path')].map((p) => p.getBoundingClientRect()).filter((r) => r.width > 0)
    return {
      mark: [...g.classList].find((c) => c.endsWith('_marks')),
      above: Math.min(...boxes.map((r) => r.top)) - frame.top,
      below: frame.bottom - Math.max(...boxes.map((r) => r.bottom)),
    }
  })`)

/** Asserts that every line of a chart is drawn inside its plot, clear of the frame. */
async function expectLinesInsidePlots(page: Page, chart: string): Promise<void> {
  const margins = await lineMargins(page, chart)
  expect(margins.length, chart).toBeGreaterThan(0)
  for (const { mark, above, below } of margins) {
    expect(above, `${chart} ${mark} above`).toBeGreaterThanOrEqual(3)
    expect(below, `${chart} ${mark} below`).toBeGreaterThanOrEqual(3)
  }
}

/**
 * Runs of the same physical event in the readings of a dataset's first facility (by code, the one the chart
 * shows first), counted from the rows: what the event lanes draw when each time bucket holds one reading.
 */
async function eventRunsOfFirstFacility(db: Database, dataset: number): Promise<number> {
  const codes = await rowsOf(tableOf(db.knex, db.tables.facilities).select('id', 'code').orderBy('code'))
  const readings = await rowsOf(
    tableOf(db.knex, db.tables.typed.monitoring)
      .where({ dataset_id: dataset, facility_id: codes[0]!['id'] })
      .select('event')
      .orderBy('timestamp'),
  )
  let runs = 0
  readings.reduce<unknown>((previous, { event }) => {
    if (event !== null && event !== previous) runs++
    return event
  }, null)
  return runs
}

/** Waits until the page has drawn every chart (or failed to). */
const rendered = (page: Page) => page.evaluate('window.reportRendered')

describe.skipIf(!browserAvailable())('report in a browser', () => {
  let work: { path: string; cleanup: () => Promise<void> }
  let test: TestDatabase
  let browser: Browser
  let file: string
  let eventRuns: number
  const ids: Record<string, number> = {}

  beforeAll(async () => {
    work = await tempDir()
    test = await createTestDatabase('sqlite', 'cli_report')
    // Readings every 2 days: 667 per facility span 3.6 years, with storms, drain blockages and phreatic rises.
    const toolkit = await createToolkit({
      db: test.url,
      config: { seed: 5, facilities: 3, parameters: { monitoring: { interval: '2d' } } },
      useEnvironment: false,
    })
    try {
      for (const dataset of (await toolkit.run({ types: [...DATA_TYPES], count: 2_000 })).datasets)
        ids[dataset.type] = dataset.id
      eventRuns = await eventRunsOfFirstFacility(await toolkit.database(), ids['monitoring']!)
    } finally {
      await toolkit.close()
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
  })
  afterAll(async () => {
    await browser?.close()
    await test?.drop()
    await work?.cleanup()
  })

  it('writes one HTML file with --all; names ids or --all, not both', async () => {
    file = join(work.path, 'all.html')
    const written = await runCliInProcess(['report', '--all', '--out', file, '--db', test.url])
    expect(written.exitCode, written.stderr).toBe(0)
    expect(written.stdout).toMatch(/^Wrote .*all\.html \([\d.]+ [kM]B, 6 datasets\) in [\d.]+ s\n$/)
    const html = await readFile(file, 'utf8')
    expect(html.startsWith('<!doctype html>')).toBe(true)
    // Nothing is fetched: no src or href leaves the file, and the policy forbids any request.
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i)
    expect(html).toContain("default-src 'none'")

    const one = await runCliInProcess(['report', String(ids['financial']), '--out', '-', '--db', test.url])
    expect(one.exitCode, one.stderr).toBe(0)
    expect(one.stdout).toContain(`id="dataset-${ids['financial']}"`)
    expect(one.stdout).not.toContain(`id="dataset-${ids['monitoring']}"`)

    for (const args of [['report'], ['report', '1', '--all']]) {
      const bad = await runCliInProcess([...args, '--db', test.url])
      expect(bad.exitCode).toBe(2)
      expect(bad.stderr).toContain('Name one or more dataset ids or pass --all (not both)')
    }
    const missing = await runCliInProcess(['report', '999', '--db', test.url])
    expect(missing.exitCode).toBe(2)
    expect(missing.stderr).toContain('999')
  })

  it('keeps an existing file unless --force, and writes through a symbolic link, as export does', async () => {
    const target = join(work.path, 'kept.html')
    await writeFile(target, 'mine')
    const refused = await runCliInProcess([
      'report',
      String(ids['financial']),
      '--out',
      target,
      '--db',
      test.url,
    ])
    expect(refused.exitCode).toBe(2)
    expect(refused.stderr).toBe(`tailingsiq-seed: ${target} already exists; pass --force to overwrite it\n`)
    expect(await readFile(target, 'utf8')).toBe('mine')
    const link = join(work.path, 'link.html')
    await symlink(target, link)
    const args = ['report', String(ids['financial']), '--out', link, '--force', '--db', test.url]
    const forced = await runCliInProcess(args)
    expect(forced.exitCode, forced.stderr).toBe(0)
    expect((await lstat(link)).isSymbolicLink()).toBe(true)
    expect(await readFile(target, 'utf8')).toMatch(/^<!doctype html>/)
  })

  it('renders every chart offline, with the marks its data promises and no console message', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const messages: string[] = []
    const requests: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') messages.push(`${m.type()}: ${m.text()}`)
    })
    page.on('pageerror', (error) => messages.push(`page error: ${error.message}`))
    await page.route('**/*', async (route) => {
      const url = route.request().url()
      requests.push(url)
      await (url.startsWith('file:') ? route.continue() : route.abort())
    })
    await page.goto(pathToFileURL(file).href)
    await rendered(page)

    const states = await chartStates(page)
    // Per dataset: its type's charts, then the column histograms and category counts.
    expect(states.map((s) => s.id)).toEqual(
      expect.arrayContaining([
        ...Object.entries(README_CHARTS).map(([type, chart]) => `chart-${ids[type]}-${chart}`),
        ...Object.values(ids).flatMap((id) => [
          `chart-${id}-columns-histograms`,
          `chart-${id}-columns-categories`,
        ]),
      ]),
    )
    expect(states.length).toBe(1 + 3 + 2 + 1 + 1 + 2 + 6 * 2)
    for (const state of states) {
      expect(state.rendered, state.id).toBe('true')
      expect(state.checks.length, state.id).toBeGreaterThan(0)
      for (const check of state.checks) expect(check.rendered, `${state.id} ${check.mark}`).toBe(check.count)
      // Something is drawn: each chart promises at least one mark.
      expect(
        state.checks.some((c) => c.count > 0),
        state.id,
      ).toBe(true)
    }

    // The physical events of the first facility: one bar per run, as many as its readings hold.
    const series = `chart-${ids['monitoring']}-monitoring-series`
    const events = states.find((s) => s.id === series)!.checks.find((c) => c.mark === 'event_runs')!
    expect(eventRuns).toBeGreaterThan(0)
    expect(events.rendered).toBe(eventRuns)
    // Every panel's y domain covers its band and its lines: no line runs on the frame or out of its plot.
    await expectLinesInsidePlots(page, series)
    // The guideline and the highest value stay below the top of their zero-based plot.
    const values = await lineMargins(page, `chart-${ids['environmental']}-environmental-values`)
    expect(values.map((v) => v.mark).sort()).toEqual(['guideline_line_marks', 'value_line_marks'])
    for (const { mark, above } of values) expect(above, mark).toBeGreaterThanOrEqual(3)

    // Zooming the time axis and picking another facility redraw from the data in the page.
    const monitoring = page.locator(`#${series}`)
    const axisText = async () => (await monitoring.locator('svg').textContent()) ?? ''
    const before = await axisText()
    await monitoring.scrollIntoViewIfNeeded()
    const box = (await monitoring.locator('svg').boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + 150)
    await page.mouse.wheel(0, -600)
    await expect.poll(axisText).not.toBe(before)
    const picker = monitoring.locator('select')
    const options = await picker.locator('option').allTextContents()
    expect(options).toHaveLength(3)
    for (const option of options.slice(1)) {
      const before = await axisText()
      await picker.selectOption(option)
      await expect.poll(axisText).not.toBe(before)
      await expect
        .poll(
          async () =>
            (await chartStates(page)).find((s) => s.id === series)?.checks.find((c) => c.mark === 'pl_line')
              ?.rendered,
        )
        .toBe(1)
      await expectLinesInsidePlots(page, series)
    }

    expect(messages).toEqual([])
    expect(requests).toEqual([pathToFileURL(file).href])

    const shots = join(work.path, 'screenshots')
    await mkdir(shots, { recursive: true })
    await page.reload()
    await rendered(page)
    const update = process.env['UPDATE_REPORT_SCREENSHOTS'] === '1'
    for (const [type, chart] of Object.entries(README_CHARTS)) {
      const figure = page.locator('figure', { has: page.locator(`#chart-${ids[type]}-${chart}`) })
      const path = update ? join(REPO_ROOT, 'docs', 'report', `${type}.png`) : join(shots, `${type}.png`)
      if (update) await mkdir(join(REPO_ROOT, 'docs', 'report'), { recursive: true })
      await figure.screenshot({ path })
      expect((await stat(path)).size).toBeGreaterThan(5_000)
    }
    await page.close()
  })
})
