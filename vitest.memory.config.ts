import { defineConfig } from 'vitest/config'

/** `npm run load:memory`: bytes kept per command under the journal load's traffic (MEMORY_SECONDS, default 180). */
export default defineConfig({
  test: {
    include: ['test/load/memory.run.ts'],
    hookTimeout: 60_000,
  },
})
