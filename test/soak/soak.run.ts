// `npm run soak`: the long soak. SOAK_SECONDS of load (default 240) with a fault every 2–6 s, a 9–13 s freeze
// every ~40 s and a SIGKILL + restart every ~60 s, books compared with `depth`; then every answer checked.
// SOAK_SEED replays a run (the seed is printed first); SOAK_PERSISTENT=1 checks across kills once the emulator
// keeps its state (a `dataDir`). Prints the report as JSON; docs/reliability.md records the figures.
import { describe, expect, it } from 'vitest'
import { expectPromisesHeld } from './expect-held.js'
import { runSoak } from './soak.js'

const SECONDS = Number(process.env['SOAK_SECONDS'] ?? 240)
const SEED = Number(process.env['SOAK_SEED'] ?? Math.floor(Math.random() * 2 ** 31))

describe(`soak: ${SECONDS} s, seed ${SEED}`, () => {
  it('settles every call in time, doubles no order, and every definite answer matches the records', async () => {
    console.log(`soak: seed ${SEED} (replay: SOAK_SEED=${SEED} npm run soak)`)
    const report = await runSoak({
      seed: SEED,
      loadMs: SECONDS * 1000,
      timeoutMs: 10_000,
      recvWindow: 5000,
      workers: 32,
      faults: { killEveryMs: 60_000, freezeEveryMs: 40_000 },
      gapMs: [2000, 6000],
      freezeMs: [9000, 13_000],
      slackMs: 2000,
      books: true,
      persistent: process.env['SOAK_PERSISTENT'] === '1',
      log: (line) => console.log(line),
    })
    console.log(JSON.stringify(report, null, 2))
    expectPromisesHeld(report)
    expect(report.books.crossed).toBe(0)
    expect(report.books.examples).toEqual([])
    expect(report.books.finalIdentical).toBe(2)
    // After the last disconnect the heap is within 24 MiB of the median sample after a restart: nothing piles up
    // with the calls made. The median, not the first: one early restart once sampled 115 MiB against ~200–240
    // for every other restart and end of run (seed 239634333).
    const atRestarts = report.heapMiB.slice(0, -1).toSorted((a, b) => a - b)
    expect(atRestarts.length).toBeGreaterThan(0)
    const median = atRestarts[Math.floor(atRestarts.length / 2)] ?? 0
    expect((report.heapMiB.at(-1) ?? 0) - median).toBeLessThan(24)
  })
})
