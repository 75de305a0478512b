import { defineConfig } from 'vitest/config'

/** `npm run load`: the bounded loopback load test (not part of `npm test`). */
export default defineConfig({
  test: {
    include: ['test/load/**/*.run.ts'],
    // `npm run load:journal` (vitest.journal.config.ts), `npm run load:memory` (vitest.memory.config.ts).
    exclude: ['test/load/journal.run.ts', 'test/load/memory.run.ts'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
})
