// `tailingsiq-seed/server`: the HTTP API, apart from the main entry so that library users who never serve
// do not load Fastify.
export { syntheticDataApi } from './synthetic-data-api.js'
export type { SyntheticDataApiOptions } from './synthetic-data-api.js'
export { startServer } from './create-server.js'
export type { RunningServer, StartServerOptions } from './create-server.js'
export { resolveServeOptions, DEFAULT_PREFIX } from './server-options.js'
export type { ServeOptions, ServeFlags } from './server-options.js'
export { JobRunner } from './job-runner.js'
export { QueueFullError } from '../errors.js'
export type { JobRunnerOptions } from './job-runner.js'
export type { JobRecord, JobStatus } from './job-store.js'
export { resolveApiKeys, createAuthenticator, API_KEYS_ENV } from './api-keys.js'
export type { ApiKey } from './api-keys.js'
