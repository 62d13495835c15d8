// tailingsiq-seed configuration. Every key is optional; delete what you do not need.
// Precedence: command-line flags > environment variables > this file > defaults.
// Docs: the README of tailingsiq-seed (node_modules/tailingsiq-seed/README.md).
import { defineConfig } from 'tailingsiq-seed'

export default defineConfig({
  // Database URL: postgres://user:pass@host:5432/db, mysql://user:pass@host:3306/db, sqlite:./dev.sqlite.
  // TAILINGSIQ_DATABASE_URL or DATABASE_URL win over it; without any, ./tailingsiq.sqlite is used.
  // connection: process.env.DEV_DATABASE_URL,

  // The same seed and plan give the same rows, on every database, every time.
  seed: 42,

  // Facilities the datasets of a run belong to (SYNTHETIC_DATA_DEFAULT_FACILITY_COUNT).
  facilities: 5,

  // What `tailingsiq-seed run` seeds: one dataset per entry.
  plan: [
    { type: 'monitoring', count: 50_000, parameters: { interval: '1h', start: '2024-01-01' } },
    { type: 'document', count: 2_000 },
    { type: 'compliance', count: 1_000 },
    { type: 'geotechnical', count: 5_000 },
    { type: 'environmental', count: 10_000 },
    { type: 'financial', count: 1_000 },
  ],

  // Default parameters per data type (a plan entry's `parameters` win over these).
  // parameters: {
  //   monitoring: { anomalyRate: 0.01, thresholds: { freeboard: { alert: 2, alarm: 1, emergency: 0.3 } } },
  // },

  // Where records go: 'typed' (each record once, in its type's table; the view synthetic_record_view shows
  // them as JSON records), 'generic' (only the JSON records table) or 'both' (each record twice).
  // storage: 'typed',

  // Table names are `${tablePrefix}data_sets`, `${tablePrefix}monitoring_data`, …
  // tablePrefix: 'synthetic_',
  // schema: 'synthetic',                  // PostgreSQL only
  // migrationsTable: 'tailingsiq_migrations',

  // Foreign key from created_by to your application's users table.
  // owners: { table: 'users', column: 'id' },

  // `tailingsiq-seed serve`: the HTTP API. Keys map to actors; keep them out of the file with keyEnv.
  // serve: {
  //   port: 3000,
  //   apiKeys: [
  //     { keyEnv: 'TAILINGSIQ_ADMIN_KEY', id: 'ci', role: 'admin' },
  //     { keyEnv: 'TAILINGSIQ_VIEWER_KEY', id: 'dashboard', role: 'user' },
  //   ],
  // },
})
