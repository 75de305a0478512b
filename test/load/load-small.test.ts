// A small version of `npm run load` in every test run: 20 connections, mixed traffic, 2 s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../src/emulator/index.js'
import { loadEmulator, runLoad } from './load-kit.js'

let ex: Emulator
let seats: Awaited<ReturnType<typeof loadEmulator>>['seats']

beforeAll(async () => {
  ;({ ex, seats } = await loadEmulator(20))
})

afterAll(async () => {
  await ex.close()
})

describe('load (small): 20 connections, mixed traffic', () => {
  it('answers every request, with no 5xx and no failed connection', async () => {
    const report = await runLoad(ex.url, seats, { connections: 20, seconds: 2, mix: 'mixed' })
    expect(report.connectionFailures).toBe(0)
    expect(report.answered).toBe(report.sent)
    expect(Object.keys(report.byStatus).filter((s) => Number(s) >= 500)).toEqual([])
    // 429 is a correct answer once a connection's IP has used its REQUEST_WEIGHT minute.
    expect(Object.keys(report.byStatus).filter((s) => s !== '200' && s !== '429')).toEqual([])
    // Traffic flowed on every kind of request; how much is `npm run load`'s figure, not this test's (a loaded
    // 2-core machine answers ~500-1,000 in the 2 s).
    expect(report.byStatus['200']).toBeGreaterThan(100)
    expect(report.byMethod['order.place']).toBeGreaterThan(20)
    expect(report.events).toBeGreaterThan(0)
  })
})
