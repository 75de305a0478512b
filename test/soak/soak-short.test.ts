// The short soak in every `npm test`: at least 10 s of load, on until a fixed list of faults is done (one of each
// kind, two drops and two executed failures; ~20 s), then every answer checked against the emulator's records. `SOAK_SEED=<n>` replays another seed;
// `npm run soak` is the long version (docs/reliability.md, "Soak").
import { describe, expect, it } from 'vitest'
import { expectPromisesHeld } from './expect-held.js'
import type { FaultKind } from './faults.js'
import { runSoak } from './soak.js'

const SEED = Number(process.env['SOAK_SEED'] ?? 20_261_124)
const PLAN: FaultKind[] = [
  'failExecuted',
  'drop',
  'kill',
  'stall',
  'failExecuted',
  'freeze',
  'shutdown',
  'failNotExecuted',
  'stallTime',
  'drop',
]

describe('soak (short): our client against an emulator process, with faults', () => {
  it('settles every call in time, doubles no order, and every definite answer matches the records', async () => {
    const log: string[] = []
    const report = await runSoak({
      seed: SEED,
      loadMs: 10_000,
      timeoutMs: 2000,
      recvWindow: 2000,
      workers: 32,
      faults: PLAN,
      gapMs: [400, 700],
      freezeMs: [2500, 3000],
      slackMs: 1500,
      books: false,
      log: (line) => log.push(line),
    })
    console.log(`soak (short), seed ${SEED}:\n${log.join('\n')}\n${JSON.stringify(report, null, 2)}`)
    // What the soak set out to do, it did: every fault, a killed and restarted process, answers to check.
    expect(Object.keys(report.faults).sort()).toEqual([...new Set(PLAN)].sort())
    expect(report.processes).toBe(2)
    expect(report.checked).toBeGreaterThan(500)
    expect(report.outcomes['unknown']).toBeGreaterThan(0)
    expectPromisesHeld(report)
  }, 120_000)
})
