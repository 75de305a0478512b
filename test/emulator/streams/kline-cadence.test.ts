// Klines at Binance's update speed (spec/web-socket-streams.md "Kline/Candlestick Streams": 1000 ms for 1s, 2000 ms
// for the other intervals) on the emulator clock: live as the test moves it, and in a replay on data time — paced
// and at `max` — one `kline_1s` frame per data second, each the second just closed.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startEmulator } from '../../../src/emulator/index.js'
import { RawStreams } from '../../support/raw-streams.js'
import { halfSecondTrades, tradesCsv, writeZip } from '../replay/binance-files.js'

const T0 = Date.UTC(2025, 2, 1)
type Kline = { E: number; k: { t: number; i: string; n: number; x: boolean } }

/** The kline frames `s` received before the answer to a request sent after them (same socket, in order). */
async function klinesSoFar(s: RawStreams): Promise<Kline[]> {
  await s.control('LIST_SUBSCRIPTIONS')
  return s.frames.splice(0).filter((f) => (f as { e?: string }).e === 'kline') as unknown as Kline[]
}

describe('kline streams at the update speed', () => {
  it('live: a 1s frame every second of the clock, the others every 2 s, whether or not anything traded', async () => {
    const ex = await startEmulator({ now: () => T0 + 400 })
    try {
      const second = await RawStreams.open(`${ex.streams.url}/ws/btcusdt@kline_1s`)
      const minute = await RawStreams.open(`${ex.streams.url}/ws/btcusdt@kline_1m@+08:00`)
      ex.clock.advance(10_000)
      const seconds = await klinesSoFar(second)
      expect(seconds.map((f) => [f.E, f.k.t, f.k.x])).toEqual(
        Array.from({ length: 10 }, (_, i) => [T0 + (i + 1) * 1000, T0 + i * 1000, true]),
      )
      const minutes = await klinesSoFar(minute)
      expect(minutes.map((f) => [f.E, f.k.t, f.k.x])).toEqual(
        [2, 4, 6, 8, 10].map((s) => [T0 + s * 1000, T0, false]),
      )
      await Promise.all([second.close(), minute.close()])
    } finally {
      await ex.close()
    }
  })

  describe('in a replay', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kline-cadence-'))
    afterAll(() => rmSync(dir, { recursive: true, force: true }))
    const trades = halfSecondTrades(T0)
    const path = join(dir, 'BTCUSDT-trades-2025-03-01.zip')

    /** The 1s and 1m frames of a replay of `trades` at `speed`, from the subscription to the end of the data. */
    async function replayed(speed: number | 'max'): Promise<{ seconds: Kline[]; minutes: Kline[] }> {
      writeZip(path, { 'BTCUSDT-trades-2025-03-01.csv': tradesCsv(trades) })
      const ex = await startEmulator({ replay: { files: [path], speed, waitForClients: 2 } })
      try {
        const second = await RawStreams.open(`${ex.streams.url}/ws/btcusdt@kline_1s`)
        const minute = await RawStreams.open(`${ex.streams.url}/ws/btcusdt@kline_1m`)
        await ex.replay?.done
        const frames = { seconds: await klinesSoFar(second), minutes: await klinesSoFar(minute) }
        await Promise.all([second.close(), minute.close()])
        return frames
      } finally {
        await ex.close()
      }
    }
    // The last trade is at T0 + 19500: the seconds up to T0 + 19000 have closed.
    const closedSeconds = Array.from({ length: 19 }, (_, i) => [
      T0 + (i + 1) * 1000,
      T0 + i * 1000,
      i === 4 ? 0 : 2,
      true,
    ])
    const row = (f: Kline) => [f.E, f.k.t, f.k.n, f.k.x]

    it('at max: one 1s frame per data second, each the second just closed; 1m every 2 data seconds', async () => {
      const { seconds, minutes } = await replayed('max')
      expect(seconds.map(row)).toEqual(closedSeconds)
      expect(minutes.map((f) => [f.E, f.k.n])).toEqual(
        Array.from({ length: 9 }, (_, i) => [T0 + (i + 1) * 2000, 4 * (i + 1) - (i >= 2 ? 2 : 0)]),
      )
    })

    it('paced (10× real time): the same frames, from the second the stream was subscribed', async () => {
      const { seconds } = await replayed(10)
      expect(seconds.length).toBeGreaterThanOrEqual(15)
      expect(seconds.map(row)).toEqual(closedSeconds.slice(-seconds.length))
    })
  })
})
