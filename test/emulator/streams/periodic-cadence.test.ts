// Partial depth, tickers, rolling window tickers, avgPrice and referencePrice at Binance's update speeds
// (spec/web-socket-streams.md: 100 ms for `@depth<levels>@100ms`, 1000 ms for the others) on the emulator clock: as
// the control API moves it, and in a replay at `max` one update per data interval, computed at that data time.
import { once } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startEmulator } from '../../../src/emulator/index.js'
import { RawStreams } from '../../support/raw-streams.js'
import { type FileTrade, halfSecondTrades, tradesCsv, writeZip } from '../replay/binance-files.js'

const T0 = Date.UTC(2025, 2, 1)
type Data = Record<string, unknown>

const times = (frames: Data[] | undefined) => (frames ?? []).map((d) => d['E'])
/** `n` whole seconds after T0, from the first. */
const seconds = (from: number, n: number) => Array.from({ length: n }, (_, i) => T0 + (from + i) * 1000)

describe('periodic streams at the update speed', () => {
  it('live: each at its speed as the control API moves the clock, nothing while it stands still', async () => {
    const ex = await startEmulator({ now: () => T0 + 400, control: true })
    try {
      const names = [
        'btcusdt@ticker',
        'btcusdt@miniTicker',
        'btcusdt@ticker_1h',
        'btcusdt@avgPrice',
        'btcusdt@referencePrice',
        'btcusdt@depth5',
        'btcusdt@depth10@100ms',
        '!miniTicker@arr',
      ]
      const s = await RawStreams.open(`${ex.streams.url}/stream?streams=${names.join('/')}`)
      expect(await s.framesSoFar()).toEqual(new Map())
      const res = await fetch(`http://127.0.0.1:${ex.port}/control/clock/advance`, {
        method: 'POST',
        body: JSON.stringify({ ms: 3000 }),
      })
      expect(await res.json()).toEqual({ result: null })
      const got = await s.framesSoFar()
      for (const name of ['btcusdt@ticker', 'btcusdt@miniTicker', 'btcusdt@ticker_1h', 'btcusdt@avgPrice']) {
        expect([name, times(got.get(name))]).toEqual([name, seconds(1, 3)])
      }
      expect((got.get('btcusdt@referencePrice') ?? []).map((d) => d['t'])).toEqual(seconds(1, 3))
      expect(got.get('btcusdt@depth5')).toHaveLength(3)
      expect(got.get('btcusdt@depth10@100ms')).toHaveLength(30)
      // The all-market stream lists every symbol once, then only those that traded since: none here.
      expect((got.get('!miniTicker@arr') ?? []).map((a) => (a as unknown as Data[]).length)).toEqual([5])
      expect(ex.clock.now()).toBe(T0 + 3400)
      expect(await s.framesSoFar()).toEqual(new Map())
      await s.close()
    } finally {
      await ex.close()
    }
  })

  it('a clock moved back: the next updates (and a waiting diff depth) come from the new time on', async () => {
    const ex = await startEmulator({ now: () => T0 + 400 })
    try {
      const s = await RawStreams.open(`${ex.streams.url}/stream?streams=btcusdt@ticker/btcusdt@depth@100ms`)
      ex.setReferencePrice('BTCUSDT', '61000')
      await s.control('LIST_SUBSCRIPTIONS')
      const back = T0 - 3_600_000
      ex.clock.set(back)
      ex.clock.advance(1000)
      const got = await s.framesSoFar()
      expect(times(got.get('btcusdt@ticker'))).toEqual([back + 1000])
      expect(times(got.get('btcusdt@depth@100ms'))).toEqual([back + 100])
      await s.close()
    } finally {
      await ex.close()
    }
  })

  describe('in a replay at max', () => {
    const dir = mkdtempSync(join(tmpdir(), 'periodic-cadence-'))
    afterAll(() => rmSync(dir, { recursive: true, force: true }))
    const trades = halfSecondTrades(T0)
    const path = join(dir, 'BTCUSDT-trades-2025-03-01.zip')
    /** The trades before `E` (an update at a second is sent before the data of that millisecond). */
    const tradesBefore = (E: number) => trades.filter((t) => t.time / 1000 < E)

    it('one update per data second (per 100 ms for @100ms), each computed at its data time', async () => {
      writeZip(path, { 'BTCUSDT-trades-2025-03-01.csv': tradesCsv(trades) })
      const ex = await startEmulator({ replay: { files: [path], speed: 'max', waitForClients: 1 } })
      try {
        const names = ['btcusdt@ticker', 'btcusdt@avgPrice', 'btcusdt@miniTicker', 'btcusdt@depth5@100ms']
        const s = await RawStreams.open(`${ex.streams.url}/stream?streams=${names.join('/')}`)
        await ex.replay?.done
        const got = await s.framesSoFar()
        await s.close()
        // The last trade is at T0 + 19500: the clock stops there.
        const due = seconds(1, 19)
        expect((got.get('btcusdt@ticker') ?? []).map((d) => [d['E'], d['n'], Number(d['c'])])).toEqual(
          due.map((E) => [E, tradesBefore(E).length, Number(tradesBefore(E).at(-1)?.price)]),
        )
        expect((got.get('btcusdt@miniTicker') ?? []).map((d) => [d['E'], Number(d['c'])])).toEqual(
          due.map((E) => [E, Number(tradesBefore(E).at(-1)?.price)]),
        )
        expect((got.get('btcusdt@avgPrice') ?? []).map((d) => [d['E'], d['T']])).toEqual(
          due.map((E) => [E, Math.floor((tradesBefore(E).at(-1)?.time ?? 0) / 1000)]),
        )
        expect(got.get('btcusdt@depth5@100ms')).toHaveLength(195)
      } finally {
        await ex.close()
      }
    })

    // Two trades, two minutes without any, two more: the gap's 1,200 partial depth updates would be 750 kB at once.
    const gapped: FileTrade[] = [0, 500, 120_000, 120_500].map((ms, i) => ({
      id: i + 1,
      price: '100.00000000',
      qty: '0.10000000',
      time: (T0 + ms) * 1000,
      buyerIsMaker: false,
    }))
    /**
     * The gapped data replayed at `speed` to one reader of a partial depth and a ticker: what it got, when (real ms)
     * each ticker arrived, and the close code if the emulator closed it.
     */
    async function readGap(speed: number | 'max', maxUnsentBytes?: number) {
      const file = join(dir, 'ETHUSDT-trades-2025-03-01.csv')
      writeFileSync(file, tradesCsv(gapped))
      const ex = await startEmulator({
        replay: { files: [file], speed, waitForClients: 1 },
        ...(maxUnsentBytes === undefined ? {} : { connection: { maxUnsentBytes } }),
        log: () => {},
      })
      try {
        const s = await RawStreams.open(
          `${ex.streams.url}/stream?streams=ethusdt@depth20@100ms/ethusdt@ticker`,
        )
        const tickers: number[] = []
        let closedWith: number | undefined
        s.ws.on('message', (data) => {
          if (String(data).includes('"stream":"ethusdt@ticker"')) tickers.push(performance.now())
        })
        s.ws.on('close', (code) => {
          closedWith = code
        })
        const closed = once(s.ws, 'close').then(() => new Map<string, Data[]>())
        await ex.replay?.done
        const got = await Promise.race([s.framesSoFar(), closed])
        const closedBefore = closedWith
        await s.close()
        return { got, tickers, closedWith: closedBefore }
      } finally {
        await ex.close()
      }
    }

    it('max: a gap in the data sends its updates at the pace, not in one burst', async () => {
      // Each step's ten partial depth updates fit in 64 kB unsent; the gap's 1,200 at once would not (closed).
      const { got, closedWith } = await readGap('max', 64 << 10)
      expect(closedWith).toBeUndefined()
      expect(got.get('ethusdt@depth20@100ms')).toHaveLength(1205)
      expect(times(got.get('ethusdt@ticker'))).toEqual(seconds(1, 120))
    })

    it('60× real time: a gap in the data sends its updates at the pace, not in one burst', async () => {
      const { got, tickers } = await readGap(60)
      expect(got.get('ethusdt@depth20@100ms')).toHaveLength(1205)
      expect(times(got.get('ethusdt@ticker'))).toEqual(seconds(1, 120))
      // 120 s of data at 60× is 2 s of real time: the tickers of the gap come over it, not at its end.
      expect((tickers.at(-1) ?? 0) - (tickers[0] ?? 0)).toBeGreaterThan(1000)
    })
  })
})
