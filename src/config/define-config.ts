import type { TailingsiqConfig } from './config-schema.js'

/**
 * Gives `tailingsiq.config.ts` its types. It returns its argument unchanged; validation happens on load.
 *
 * ### Examples
 * ```ts
 * import { defineConfig } from 'tailingsiq-seed'
 *
 * export default defineConfig({
 *   seed: 7,
 *   facilities: 3,
 *   plan: [{ type: 'monitoring', count: 50_000, parameters: { interval: '1h' } }],
 * })
 * ```
 */
export function defineConfig(config: TailingsiqConfig): TailingsiqConfig {
  return config
}
