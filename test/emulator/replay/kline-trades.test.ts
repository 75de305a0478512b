// The synthetic trades of one kline, case by case: what they reproduce exactly, and what gives way when the kline
// cannot be represented (fewer volume units than trades or price points).
import { describe, expect, it } from 'vitest'
import type { KlineRow } from '../../../src/emulator/replay/kline-row.js'
import { klineTrades } from '../../../src/emulator/replay/kline-trades.js'

const SCALES = { priceScale: 2, qtyScale: 5 }
/** A trade's quote in money units for these scales: price units × qty units × 10^(8 - 2 - 5). */
const SPARE = 10n

function kline(
  k: Partial<KlineRow> & Pick<KlineRow, 'open' | 'high' | 'low' | 'close' | 'volume'>,
): KlineRow {
  const vwap = BigInt(k.open)
  return {
    openTime: 1_740_787_200_000_000,
    closeTime: 1_740_787_259_999_999,
    trades: 10,
    takerBuyVolume: 0,
    quoteVolume: vwap * BigInt(k.volume) * SPARE,
    takerBuyQuoteVolume: vwap * BigInt(k.takerBuyVolume ?? 0) * SPARE,
    ...k,
  }
}

/** What Binance's kline of these trades would say. */
function summary(k: KlineRow) {
  const t = klineTrades([k], SCALES)
  const i = Array.from({ length: t.length }, (_, j) => j)
  const prices = i.map((j) => t.price[j]!)
  const taker = i.filter((j) => t.buyerIsMaker[j] === 0)
  const quote = (js: number[]) => js.reduce((s, j) => s + BigInt(t.price[j]! * t.qty[j]!) * SPARE, 0n)
  return {
    prices,
    times: i.map((j) => t.time[j]!),
    row: {
      open: prices[0],
      high: Math.max(...prices),
      low: Math.min(...prices),
      close: prices[prices.length - 1],
      volume: i.reduce((s, j) => s + t.qty[j]!, 0),
      quoteVolume: quote(i),
      trades: t.length,
      takerBuyVolume: taker.reduce((s, j) => s + t.qty[j]!, 0),
      takerBuyQuoteVolume: quote(taker),
    },
  }
}

describe('one kline as trades', () => {
  it('a falling kline: open → high → low → close, every column exact, times inside the kline', () => {
    const k = kline({
      open: 10_500,
      high: 11_000,
      low: 9_000,
      close: 9_500,
      volume: 1_000_003,
      trades: 40,
      takerBuyVolume: 400_001,
      quoteVolume: 10_000_123_456n * SPARE,
      takerBuyQuoteVolume: 4_000_654_321n * SPARE,
    })
    const s = summary(k)
    const { openTime, closeTime, open, high, low, close, volume, quoteVolume, trades } = k
    expect(s.row).toEqual({
      open,
      high,
      low,
      close,
      volume,
      quoteVolume,
      trades,
      takerBuyVolume: k.takerBuyVolume,
      takerBuyQuoteVolume: k.takerBuyQuoteVolume,
    })
    expect(s.prices.indexOf(high)).toBeLessThan(s.prices.indexOf(low))
    expect(s.times[0]).toBe(openTime)
    expect(s.times.every((t, j) => t <= closeTime && (j === 0 || t >= s.times[j - 1]!))).toBe(true)
  })

  it('a rising kline goes to its low first; a flat one trades at its one price', () => {
    const rising = summary(kline({ open: 100, high: 130, low: 90, close: 120, volume: 500, trades: 12 }))
    expect(rising.prices.indexOf(90)).toBeLessThan(rising.prices.indexOf(130))
    expect(rising.row).toMatchObject({ open: 100, high: 130, low: 90, close: 120, volume: 500, trades: 12 })
    const flat = summary(
      kline({ open: 100, high: 100, low: 100, close: 100, volume: 50, takerBuyVolume: 20 }),
    )
    expect(flat.prices).toEqual(Array(10).fill(100))
    expect(flat.row).toMatchObject({ volume: 50, takerBuyVolume: 20, trades: 10 })
  })

  it('fewer volume units than trades: the volume holds, the count gives way (one unit per trade)', () => {
    const s = summary(kline({ open: 100, high: 110, low: 95, close: 105, volume: 3, trades: 10 }))
    expect(s.row).toMatchObject({ open: 100, close: 105, volume: 3, trades: 3 })
  })

  it('a kline without volume has no trade', () => {
    expect(
      klineTrades([kline({ open: 1, high: 1, low: 1, close: 1, volume: 0, trades: 0 })], SCALES).length,
    ).toBe(0)
  })
})
