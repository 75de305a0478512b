// Model-based test of the exchange (engine, ledger, settlement, liquidity, trade records, user data
// events) against the naive reference in reference-model.ts, driven by model-driver.ts. FUZZ_SEED /
// FUZZ_SCALE change the seed and the number of sequences (`npm run fuzz` runs 50×).
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { fuzzParams } from '../fuzz/arbitraries.js'
import { commands, reached, run } from './model-driver.js'

describe('invariants: the exchange against a naive reference model', () => {
  afterAll(() => {
    if (process.env['FUZZ_STATS']) console.log(JSON.stringify(reached))
    for (const [path, n] of Object.entries(reached)) expect(n, `no ${path} reached`).toBeGreaterThan(0)
  })

  it('agrees with the model and keeps every invariant, synthetic liquidity off', () => {
    const { seed, numRuns } = fuzzParams(150)
    fc.assert(
      fc.property(commands, (cmds) => run(cmds, false)),
      { seed, numRuns },
    )
  })

  it('agrees with the model and keeps every invariant, synthetic liquidity on', () => {
    const { seed, numRuns } = fuzzParams(150)
    fc.assert(
      fc.property(commands, (cmds) => run(cmds, true)),
      { seed: seed + 1, numRuns },
    )
  })
})
