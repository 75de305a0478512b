// `npm run load`: 200 connections, mixed traffic for LOAD_SECONDS (default 20 s), then a read-only
// round; every request answered, and the heap after each round (full GC) against the baseline.
// Prints the figures as JSON; docs/reliability.md records them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../src/emulator/index.js'
import { heapAfterGc, loadEmulator, runLoad } from './load-kit.js'

const CONNECTIONS = Number(process.env['LOAD_CONNECTIONS'] ?? 200)
const SECONDS = Number(process.env['LOAD_SECONDS'] ?? 20)

let ex: Emulator
let seats: Awaited<ReturnType<typeof loadEmulator>>['seats']

beforeAll(async () => {
  ;({ ex, seats } = await loadEmulator(CONNECTIONS))
})

afterAll(async () => {
  await ex.close()
})

describe(`load: ${CONNECTIONS} connections for ${SECONDS} s`, () => {
  it('answers every request and holds no memory once the connections are gone', async () => {
    const warm = await runLoad(ex.url, seats, { connections: CONNECTIONS, seconds: 1, mix: 'readonly' })
    expect(warm.answered).toBe(warm.sent)
    const baseline = heapAfterGc()
    const mixed = await runLoad(ex.url, seats, { connections: CONNECTIONS, seconds: SECONDS, mix: 'mixed' })
    const afterMixed = heapAfterGc()
    const readonly1 = await runLoad(ex.url, seats, {
      connections: CONNECTIONS,
      seconds: SECONDS / 2,
      mix: 'readonly',
    })
    const afterReadonly1 = heapAfterGc()
    const readonly2 = await runLoad(ex.url, seats, {
      connections: CONNECTIONS,
      seconds: SECONDS / 2,
      mix: 'readonly',
    })
    const afterReadonly2 = heapAfterGc()
    const mib = (n: number) => Math.round(n * 10) / 10
    console.log(
      JSON.stringify(
        {
          mixed,
          readonly1,
          readonly2,
          heapMiB: {
            baseline: mib(baseline),
            afterMixed: mib(afterMixed),
            afterReadonly1: mib(afterReadonly1),
            afterReadonly2: mib(afterReadonly2),
          },
        },
        null,
        2,
      ),
    )
    for (const r of [mixed, readonly1, readonly2]) {
      expect(r.connectionFailures).toBe(0)
      expect(r.answered).toBe(r.sent)
      expect(Object.keys(r.byStatus).filter((s) => Number(s) >= 500)).toEqual([])
    }
    // Read-only rounds add no state: what they leave behind after GC is noise, not connections.
    expect(afterReadonly2 - afterMixed).toBeLessThan(8)
  })
})
