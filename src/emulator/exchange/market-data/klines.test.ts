import { describe, expect, it } from 'vitest'
import { klines, openTimeOf, timeZoneOffset } from './klines.js'
import { type Candle, TradeTape } from './trade-tape.js'

const T0 = Date.UTC(2024, 0, 31, 23, 59, 58)

function tape(): readonly Candle[] {
  const t = new TradeTape(100)
  const trade = (id: number, price: number, qty: number, time: number, buyerIsMaker = false) =>
    t.record({ id, price, qty, quote: BigInt(price * qty), time, buyerIsMaker, takerOrderId: id })
  trade(1, 100, 2, T0)
  trade(2, 105, 1, T0 + 500, true)
  trade(3, 99, 3, T0 + 1500)
  trade(4, 101, 1, T0 + 2500)
  return t.candles
}

describe('klines', () => {
  it('aggregates one-second candles into interval bars with OHLC, volumes and taker-buy volumes', () => {
    expect(klines(tape(), { interval: '1m', limit: 10, offsetMs: 0 })).toEqual([
      {
        openTime: Date.UTC(2024, 0, 31, 23, 59),
        closeTime: Date.UTC(2024, 1, 1) - 1,
        open: 100,
        high: 105,
        low: 99,
        close: 99,
        volume: 6,
        quoteVolume: 602n,
        trades: 3,
        takerBuyVolume: 5,
        takerBuyQuoteVolume: 497n,
      },
      expect.objectContaining({ openTime: Date.UTC(2024, 1, 1), open: 101, close: 101, trades: 1 }),
    ])
  })

  it('selects the most recent bars without startTime and the oldest from startTime', () => {
    const candles = tape()
    expect(klines(candles, { interval: '1s', limit: 2, offsetMs: 0 }).map((b) => b.openTime)).toEqual([
      T0 + 1000,
      T0 + 2000,
    ])
    expect(
      klines(candles, { interval: '1s', limit: 2, startTime: T0, offsetMs: 0 }).map((b) => b.openTime),
    ).toEqual([T0, T0 + 1000])
    expect(klines(candles, { interval: '1s', limit: 5, endTime: T0 + 1000, offsetMs: 0 })).toHaveLength(2)
  })

  it('aligns days, weeks (Monday) and months, shifted by timeZone', () => {
    const t = Date.UTC(2024, 1, 15, 3, 0)
    expect(openTimeOf(t, '1d', 0)).toBe(Date.UTC(2024, 1, 15))
    expect(openTimeOf(t, '1d', 8 * 3_600_000)).toBe(Date.UTC(2024, 1, 14, 16))
    expect(openTimeOf(t, '1w', 0)).toBe(Date.UTC(2024, 1, 12))
    expect(openTimeOf(t, '1M', 0)).toBe(Date.UTC(2024, 1, 1))
    expect(klines(tape(), { interval: '1M', limit: 5, offsetMs: 0 }).map((b) => b.closeTime)).toEqual([
      Date.UTC(2024, 1, 1) - 1,
      Date.UTC(2024, 2, 1) - 1,
    ])
  })

  it('parses timeZone within [-12:00, +14:00]', () => {
    expect(timeZoneOffset('0')).toBe(0)
    expect(timeZoneOffset('8')).toBe(8 * 3_600_000)
    expect(timeZoneOffset('-1:00')).toBe(-3_600_000)
    expect(timeZoneOffset('05:45')).toBe((5 * 60 + 45) * 60_000)
    expect(timeZoneOffset('+14:00')).toBe(14 * 3_600_000)
    expect(timeZoneOffset('-12:30')).toBeUndefined()
    expect(timeZoneOffset('UTC')).toBeUndefined()
  })
})
