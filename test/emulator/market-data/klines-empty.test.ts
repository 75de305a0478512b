// REST `klines` list an interval without trades, as Binance does for a trading symbol (a bar of no volume at the
// previous close, from the symbol's first trade to now), so it agrees with the kline stream's closed bars and a
// consumer that backfills after a reconnect gets the series the stream gave it.
import { afterEach, describe, expect, it } from 'vitest'
import { LIQUID_MARKET, startTraders, T0, type Traders } from '../../support/exchange.js'
import { RawStreams } from '../../support/raw-streams.js'

let t: Traders | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

type Row = [number, string, string, string, string, string, number, string, number, ...unknown[]]
type Kline = { k: { t: number; o: string; c: string; v: string; n: number; x: boolean } }

describe('klines with intervals without trades', () => {
  it('REST lists the empty 1m bars the stream closed, then the current one', async () => {
    t = await startTraders({ ...LIQUID_MARKET, clock: T0 })
    const { ex } = t
    const s = await RawStreams.open(`${ex.streams.url}/ws/btcusdt@kline_1m`)
    const buy = { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.10000' } as const
    // In steps of 10 s: a longer jump would skip the empty bars on the stream (docs/emulator-fidelity.md H8c).
    const advance = (ms: number) => {
      for (let done = 0; done < ms; done += 10_000) ex.clock.advance(10_000)
    }
    await t.a.orderPlace(buy)
    advance(180_000)
    await t.a.orderPlace({ ...buy, side: 'SELL' })
    advance(60_000)
    await s.control('LIST_SUBSCRIPTIONS')
    const closed = (s.frames.splice(0) as unknown as Kline[])
      .filter((f) => f.k?.x)
      .map(({ k }) => [k.t, k.o, k.c, k.v, k.n])
    const res = await fetch(`http://127.0.0.1:${ex.port}/api/v3/klines?symbol=BTCUSDT&interval=1m`)
    const rows = ((await res.json()) as Row[]).map((r) => [r[0], r[1], r[4], r[5], r[8]])
    const minute = T0 - (T0 % 60_000)
    expect(closed.map((b) => b[0])).toEqual([0, 1, 2, 3].map((i) => minute + i * 60_000))
    expect(closed.map((b) => b[4])).toEqual([1, 0, 0, 1])
    expect(rows).toEqual([...closed, [minute + 240_000, closed[3]?.[2], closed[3]?.[2], '0.00000000', 0]])
    // Selected as every time-ranged query: from startTime, `limit` bars.
    const ranged = await fetch(
      `http://127.0.0.1:${ex.port}/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=${minute + 1}&limit=2`,
    )
    expect(((await ranged.json()) as Row[]).map((r) => [r[0], r[8]])).toEqual([
      [minute + 60_000, 0],
      [minute + 120_000, 0],
    ])
    await s.close()
  })
})
