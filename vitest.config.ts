import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

// Projects: `unit` (no I/O, fast), `integration` and `reliability` (real PostgreSQL, MariaDB and SQLite),
// `server` (the HTTP API) and `cli` (the CLI in process, and the built bin where the process is the point).
// Every file works in databases of its own (random names), and a file that stops its server mid-run starts a
// server of its own (test/helpers/private-servers.ts), so every file may run beside the others. At least two files at a time: most of a file's
// time is spent waiting on a database server or a child process, so on the two-core CI machine two workers run
// the whole suite in 213 s against 314 s with Vitest's default of one (cores − 1), measured back to back on a
// quiet machine. (Under heavy load from other processes two workers were slower: 109 s against 81 s for the
// integration project.) Not three: the suite is CPU-bound on two cores (95 % busy with two workers), and three took
// 347 s against 294 s, using 670 against 537 CPU s (clean-cache runs of 2026-12-05). Files run project by project in
// Vitest's order: a worker of an `isolate: false` project is reused only for a file of its project next in the queue,
// so interleaving projects longest-first would start a worker per switch (no earlier in a replay of the file times).
export default defineConfig({
  test: {
    maxWorkers: Math.max(2, availableParallelism() - 1),
    restoreMocks: true,
    globalSetup: ['test/helpers/global-setup.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // No I/O and no global state: one worker loads the sources once for every file (19 s instead of 41 s).
          isolate: false,
          // Realism properties generate thousands of facility-years: 1–4 s alone, 9 s seen while the two cores
          // were shared with other work, past Vitest's default of 5 s.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // Files share a worker's loaded modules (each works in databases of its own, and a file that registers
          // a data type unregisters it): knex, faker and the generators load once per worker, not once per file.
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'reliability',
          include: ['test/reliability/**/*.test.ts'],
          isolate: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The HTTP API over real HTTP on loopback ports, in process and as the `serve` child process.
        test: {
          name: 'server',
          include: ['test/server/**/*.test.ts'],
          isolate: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'cli',
          include: ['test/cli/**/*.test.ts'],
          // Files share a worker's loaded modules like the projects above. The in-process CLI swaps the working
          // directory, variables and output streams, so its runs take turns (`runCliInProcess`): two at once
          // could leave the worker in a removed folder for the next file. The project alone: 68 s against 75 s
          // isolated, back to back on the two-core machine.
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
})
