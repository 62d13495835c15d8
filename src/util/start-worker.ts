import { Worker } from 'node:worker_threads'

/**
 * Starts the worker thread whose entry module is `name` beside the module at `base` (its `import.meta.url`). The
 * built package's entry is plain JavaScript; in a TypeScript source tree (under the test runner) it is loaded
 * through tsx, a development dependency. The worker never keeps the process alive: whoever starts it awaits it.
 */
export function startWorker(base: string, name: string, workerData?: unknown): Worker {
  const source = base.endsWith('.ts')
  const script = new URL(`./${name}.${source ? 'ts' : 'js'}`, base)
  const options = workerData === undefined ? {} : { workerData }
  const worker = source
    ? new Worker(
        `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(script.href)}) })`,
        { ...options, eval: true },
      )
    : new Worker(script, options)
  worker.unref()
  return worker
}
