// Model-based test of the exchange (engine, ledger, settlement, liquidity, order lists, request
// handlers, trade records, user data events), driven by model-driver.ts: against the naive
// reference in reference-model.ts, and with order lists against the invariants alone. FUZZ_SEED /
// FUZZ_SCALE change the seed and the number of sequences (`npm run fuzz` runs 50×).
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { fuzzParams } from '../fuzz/arbitraries.js'
import { listCommands, modelCommands } from './commands.js'
import { reached, run } from './model-driver.js'

/** Long runs (FUZZ_SCALE) get time in proportion. */
const TIMEOUT = 20_000 * Math.max(1, Number(process.env['FUZZ_SCALE'] ?? 1))

describe('invariants: the exchange against a naive reference model', () => {
  afterAll(() => {
    if (process.env['FUZZ_STATS']) console.log(JSON.stringify(reached))
    for (const [path, n] of Object.entries(reached)) expect(n, `no ${path} reached`).toBeGreaterThan(0)
  })

  for (const liquidity of [false, true]) {
    const label = liquidity ? 'on' : 'off'
    it(
      `agrees with the model and keeps every invariant, synthetic liquidity ${label}`,
      () => {
        const { seed, numRuns } = fuzzParams(150)
        fc.assert(
          fc.property(modelCommands, (cmds) => run(cmds, liquidity)),
          { seed: seed + (liquidity ? 1 : 0), numRuns },
        )
      },
      TIMEOUT,
    )

    it(
      `keeps every invariant and the list rules with OCO and OTO lists, synthetic liquidity ${label}`,
      () => {
        const { seed, numRuns } = fuzzParams(150)
        fc.assert(
          fc.property(listCommands, (cmds) => run(cmds, liquidity, false)),
          { seed: seed + (liquidity ? 3 : 2), numRuns },
        )
      },
      TIMEOUT,
    )
  }
})
