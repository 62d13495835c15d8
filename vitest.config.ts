import { defineConfig } from 'vitest/config'

// Projects: `unit` (no I/O, fast), `integration` and `reliability` (real PostgreSQL, MariaDB and SQLite),
// `server` (the HTTP API) and `cli` (the CLI in process, and the built bin where the process is the point).
// Every file works in databases of its own (random names), so files may run in parallel; only `restart`, which
// restarts the shared servers, runs one file at a time and last. Vitest's default of one worker fewer than the
// cores means one file at a time on a two-core machine, and there that is the fastest: two workers made the
// integration project slower (109 s against 81 s, back to back), the database servers and the CLI children
// already using both cores.
export default defineConfig({
  test: {
    restoreMocks: true,
    globalSetup: ['test/helpers/global-setup.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // No I/O and no global state: one worker loads the sources once for every file (19 s instead of 41 s).
          isolate: false,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'reliability',
          include: ['test/reliability/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Restarts the real database servers: runs after every other project, one file at a time.
        test: {
          name: 'restart',
          include: ['test/restart/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        // The HTTP API over real HTTP on loopback ports, in process and as the `serve` child process.
        test: {
          name: 'server',
          include: ['test/server/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'cli',
          include: ['test/cli/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
})
