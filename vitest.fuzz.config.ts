import { defineConfig } from 'vitest/config'

/** `npm run fuzz`: the fuzz and model-based suites at 50× their `npm test` case counts. */
export default defineConfig({
  test: {
    include: ['test/fuzz/**/*.test.ts', 'test/invariants/**/*.test.ts'],
    testTimeout: 1_800_000,
    env: { FUZZ_SCALE: process.env['FUZZ_SCALE'] ?? '50' },
  },
})
