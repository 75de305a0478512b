// The replay's pacing and window: N× real time holds the clock until the data's time comes, the streams publish the
// replayed trades, and from/to pick the trades replayed.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startEmulator } from '../../../src/emulator/index.js'
import { RawStreams } from '../../support/raw-streams.js'
import { type FileTrade, generateTrades, tradesCsv, writeZip } from './binance-files.js'

const dir = mkdtempSync(join(tmpdir(), 'replay-feed-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const MARCH_1 = Date.UTC(2025, 2, 1) * 1000
const HOUR_US = 3_600_000_000

function zipOf(name: string, trades: readonly FileTrade[]): string {
  const path = join(dir, `${name}.zip`)
  writeZip(path, { [`${name}.csv`]: tradesCsv(trades) })
  return path
}

describe('speed N', () => {
  it('holds the clock at the first trade until N× real time reaches the next, then streams the trades', async () => {
    // One trade, then an hour later 20 more: at 1000× the hour takes 3.6 s of real time.
    const later = generateTrades(20, MARCH_1 + HOUR_US, 1000).map((t) => ({ ...t, id: t.id + 1 }))
    const first: FileTrade = {
      id: 1,
      price: '60000.00000000',
      qty: '0.01000000',
      time: MARCH_1,
      buyerIsMaker: true,
    }
    const path = zipOf('BTCUSDT-trades-2025-03-01', [first, ...later])
    const ex = await startEmulator({ replay: { files: [path], speed: 1000 }, liquidity: false })
    try {
      const s = await RawStreams.open(`${ex.streams.url}/ws/btcusdt@trade`)
      expect(ex.replay?.progress()).toMatchObject({ time: MARCH_1 / 1000, trades: 1, done: false })
      expect(ex.clock.now()).toBe(MARCH_1 / 1000)
      const events: Record<string, unknown>[] = []
      for (let i = 0; i < later.length; i++) events.push((await s.event('trade')) as Record<string, unknown>)
      expect(events.map((e) => [e['p'], e['q'], e['T'], e['m']])).toEqual(
        later.map((t) => [t.price, t.qty, Math.floor(t.time / 1000), t.buyerIsMaker]),
      )
      await ex.replay?.done
      expect(ex.clock.now()).toBe(Math.floor(later[later.length - 1]!.time / 1000))
      await s.close()
    } finally {
      await ex.close()
    }
  })

  it('with waitForClients, holds the clock at the first trade until the clients are in and quiet', async () => {
    // 20 s of data at a million times real time: over in 20 µs, before any client could connect, were it not held.
    const trades = generateTrades(200, MARCH_1, 100_000)
    const path = zipOf('BTCUSDT-trades-2025-03-03', trades)
    const replay = { files: [path], speed: 1_000_000, waitForClients: 1 }
    const ex = await startEmulator({ replay, liquidity: false })
    try {
      expect(ex.clock.now()).toBe(Math.floor(trades[0]!.time / 1000))
      const s = await RawStreams.open(`${ex.streams.url}/ws/btcusdt@trade`)
      await ex.replay?.done
      // The answer to a request sent after the replay ended comes after every trade frame sent before it.
      await s.control('LIST_SUBSCRIPTIONS')
      const traded = (s.frames as Record<string, unknown>[])
        .filter((f) => f['e'] === 'trade')
        .map((f) => f['T'])
      expect(traded).toEqual(trades.map((t) => Math.floor(t.time / 1000)))
      await s.close()
    } finally {
      await ex.close()
    }
  })
})

describe('from / to', () => {
  it('replays only the trades of the window, inclusive; the clock starts at its first trade', async () => {
    const trades = generateTrades(400, MARCH_1, 30_000_000)
    const from = Math.floor(trades[100]!.time / 1000)
    const to = Math.floor(trades[299]!.time / 1000)
    const inWindow = trades.filter((t) => t.time / 1000 >= from && Math.floor(t.time / 1000) <= to)
    const path = zipOf('BTCUSDT-trades-2025-03-01', trades)
    const ex = await startEmulator({ replay: { files: [path], from, to }, liquidity: false })
    try {
      expect(ex.replay?.progress().firstTime).toBe(from)
      await ex.replay?.done
      expect(ex.replay?.progress()).toMatchObject({
        trades: inWindow.length,
        totalTrades: inWindow.length,
        time: to,
      })
      expect(ex.clock.now()).toBe(to)
    } finally {
      await ex.close()
    }
  })

  it('a window with no trade, or a bad speed, is refused', async () => {
    const path = zipOf('BTCUSDT-trades-2025-03-02', generateTrades(10, MARCH_1, 1000))
    await expect(startEmulator({ replay: { files: [path], from: Date.UTC(2030, 0, 1) } })).rejects.toThrow(
      'replay: no trade in the window from..to',
    )
    await expect(startEmulator({ replay: { files: [path], speed: 0 } })).rejects.toThrow(
      "replay.speed: 0 is not a number > 0 or 'max'",
    )
  })
})

describe('done', () => {
  it('is false when the emulator closes before the data ends (stopped true), true once it has ended', async () => {
    const trades = generateTrades(50, MARCH_1, 100_000)
    const path = zipOf('BTCUSDT-trades-2025-03-04', trades)
    // Held at the first trade until a client connects: none does.
    const ex = await startEmulator({ replay: { files: [path], waitForClients: 1 }, liquidity: false })
    expect(ex.replay?.progress()).toMatchObject({ done: false, stopped: false })
    await ex.close()
    expect(ex.replay?.progress()).toMatchObject({ done: false, stopped: true, trades: 0, totalTrades: 50 })
    expect(ex.replay?.report()).toMatchObject({ done: false, stopped: true })

    const ended = await startEmulator({ replay: { files: [path] }, liquidity: false })
    try {
      await ended.replay?.done
      expect(ended.replay?.progress()).toMatchObject({ done: true, stopped: false, trades: 50 })
    } finally {
      await ended.close()
    }
    expect(ended.replay?.progress()).toMatchObject({ done: true, stopped: false })
  })
})
