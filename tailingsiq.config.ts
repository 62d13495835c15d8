import type { TailingsiqConfig } from './src/index.js'

// The config used when the CLI runs from this repository. A project that installs the package writes
// `import { defineConfig } from 'tailingsiq-seed'` instead (`tailingsiq-seed init` writes one for it);
// a type-only import keeps this file from loading the sources at run time.
export default {
  seed: 42,
  facilities: 5,
} satisfies TailingsiqConfig
