import { defineConfig } from 'vitest/config'

/** `npm run load:journal`: the journal load (LOAD_SECONDS, default 600; LOAD_CONNECTIONS, default 200). */
export default defineConfig({
  test: {
    include: ['test/load/journal.run.ts'],
    hookTimeout: 60_000,
  },
})
