import { defineConfig } from 'vitest/config'

/** `npm run soak`: the long soak (SOAK_SECONDS, default 240; SOAK_SEED, default drawn and printed). */
export default defineConfig({
  test: {
    include: ['test/soak/**/*.run.ts'],
    testTimeout: 3_600_000,
    hookTimeout: 60_000,
  },
})
