// A small version of `npm run load:journal` in every test run: the CLI emulator with a data dir, 20 connections of
// mixed REST and WebSocket API traffic, SIGKILL in the middle of it, a restart that has every acknowledged change,
// then SIGTERM and a restart whose digest equals the one taken before the stop, with the id counters where they were.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCliMain } from '../soak/runner-build.js'
import { digestDiff, missingAcks, readDigest } from './journal-digest.js'
import { probeIds } from './journal-probe.js'
import { JournalEmulator } from './journal-process.js'
import { type Acked, journalSeats, MARKETS, runJournalTraffic } from './journal-traffic.js'

const CONNECTIONS = 20
/** The load is killed once this many changes were acknowledged (or after 10 s). */
const KILL_AFTER_ACKS = 300

let work: string
let emu: JournalEmulator | undefined

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'bsw-journal-'))
})

afterAll(async () => {
  await emu?.stop()
  rmSync(work, { recursive: true, force: true })
})

describe('journal load (small): the CLI emulator with a data dir, killed and stopped under mixed traffic', () => {
  it('keeps every acknowledged change through SIGKILL, and restores the same state after SIGTERM', async () => {
    const main = buildCliMain()
    const { seats, accounts } = journalSeats(CONNECTIONS)
    const e = await JournalEmulator.start(main, work, join(work, 'data'), accounts as never)
    emu = e
    const acks: Acked[] = []
    const stop = new AbortController()
    let enough: () => void = () => {}
    const acksEnough = new Promise<void>((resolve) => {
      enough = resolve
    })
    const traffic = runJournalTraffic(e.url, e.base, seats, {
      seconds: 10,
      paceMs: 5,
      stop: stop.signal,
      onAck: (a) => {
        if (acks.push(a) === KILL_AFTER_ACKS) enough()
      },
    })
    await Promise.race([acksEnough, traffic])
    await e.kill()
    stop.abort()
    const report = await traffic
    await e.restart()
    const symbols = MARKETS.map((m) => m.symbol)
    const names = seats.map((s) => s.apiKey)
    const afterKill = await readDigest(e.base, names, symbols)
    expect(report.unexpected).toEqual({})
    expect(acks.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS)
    expect(report.cut).toBeGreaterThan(0)
    expect(acks.some((a) => a.kind === 'amended') && acks.some((a) => a.status === 'FILLED')).toBe(true)
    // Every answer that came was sent after its record was on disk: all of it is there.
    expect(missingAcks(acks, afterKill)).toEqual([])

    const term = await e.term()
    expect(term.code).toBe(0)
    await e.restart()
    const afterTerm = await readDigest(e.base, names, symbols)
    expect(digestDiff(afterKill, afterTerm)).toEqual([])
    const hmacRest = seats.find((s) => s.rest)
    if (!hmacRest) throw new Error('no REST seat')
    const probe = await probeIds(e.base, hmacRest, afterTerm)
    expect(probe.orderId).toBeGreaterThan(probe.maxOrderIdBefore)
    expect(probe.tradeId).toBe(probe.lastTradeIdBefore + 1)
    console.log(
      JSON.stringify({
        acks: acks.length,
        report,
        startMs: e.startMs,
        termMs: term.ms,
        trades: afterTerm.trades,
      }),
    )
  }, 120_000)
})
