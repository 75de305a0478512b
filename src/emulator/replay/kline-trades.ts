// A klines file as the market: each kline becomes synthetic trades whose klines are the file's (docs/replay.md,
// "Klines files drive the market"). Price path: open → low → high → close for a rising kline (close ≥ open), open
// → high → low → close otherwise; between those points each side trades at the two ticks around its own VWAP.
import type { MarketScales } from './checked-rows.js'
import type { KlineRow } from './kline-row.js'
import { TradeColumns } from './trade-columns.js'

/** Quote volumes are money units (10^-8); a trade's quote is price units × qty units × 10^(8 - p - q). */
const MONEY_SCALE = 8

/** One side's fillers: `count` trades carrying `volume` units, `upper` of them at `price + 1`, the rest at `price`. */
interface Fillers {
  readonly price: number
  readonly volume: number
  readonly upper: number
  readonly upperCount: number
  readonly count: number
  readonly maker: number
}

/** The synthetic trades of `klines` (in time order), ids from 1. */
export function klineTrades(klines: readonly KlineRow[], scales: MarketScales): TradeColumns {
  const spare = 10n ** BigInt(MONEY_SCALE - scales.priceScale - scales.qtyScale)
  const out = new TradeColumns(klines.reduce((n, k) => n + Math.max(k.trades, 4), 0))
  for (const k of klines) if (k.volume > 0) addKline(out, k, spare)
  return out
}

function addKline(out: TradeColumns, k: KlineRow, spare: bigint): void {
  const route = k.close >= k.open ? [k.open, k.low, k.high, k.close] : [k.open, k.high, k.low, k.close]
  let points = route.filter((p, i) => i === 0 || p !== route[i - 1])
  // Each point trades one unit: with fewer units than points, the first ones and the close are kept.
  if (points.length > k.volume) points = [...points.slice(0, k.volume - 1), k.close]
  const buyVolume = Math.min(k.takerBuyVolume, k.volume)
  const sellVolume = k.volume - buyVolume
  // The points trade on the side with more volume (buyers on a tie): they take from its volume and quote.
  const pointsBuy = buyVolume >= sellVolume
  const pointQuote = BigInt(points.reduce((s, p) => s + p, 0))
  const buyQuote = k.takerBuyQuoteVolume / spare - (pointsBuy ? pointQuote : 0n)
  const sellQuote = (k.quoteVolume - k.takerBuyQuoteVolume) / spare - (pointsBuy ? 0n : pointQuote)
  const buyUnits = buyVolume - (pointsBuy ? points.length : 0)
  const sellUnits = sellVolume - (pointsBuy ? 0 : points.length)
  const fillerCount = Math.max(0, k.trades - points.length)
  const buyCount = Math.round((fillerCount * buyUnits) / Math.max(1, buyUnits + sellUnits))
  const buy = fillers(buyUnits, buyQuote, buyCount, k, 0)
  const sell = fillers(sellUnits, sellQuote, fillerCount - buyCount, k, 1)
  const total = points.length + buy.count + sell.count
  const span = k.closeTime + 1 - k.openTime
  const gaps = points.length - 1
  let n = 0
  let buyDone = 0
  let sellDone = 0
  const push = (price: number, qty: number, maker: number) => {
    out.push(out.length + 1, 0, 0, price, qty, k.openTime + Math.floor((n++ * span) / total), maker)
  }
  const fill = (f: Fillers, i: number) => {
    const upper = i < f.upperCount
    const count = upper ? f.upperCount : f.count - f.upperCount
    const volume = upper ? f.upper : f.volume - f.upper
    const j = upper ? i : i - f.upperCount
    push(upper ? f.price + 1 : f.price, share(volume, count, j), f.maker)
  }
  const fillerTotal = buy.count + sell.count
  for (let p = 0; p < points.length; p++) {
    push(points[p]!, 1, pointsBuy ? 0 : 1)
    // The fillers spread evenly over the gaps between points, buyers and sellers interleaved in proportion.
    const until = gaps === 0 ? fillerTotal : Math.round(((p + 1) * fillerTotal) / gaps)
    while (p < Math.max(gaps, 1) && buyDone + sellDone < until) {
      const buyNext = buyDone * fillerTotal < (buyDone + sellDone) * buy.count || sellDone === sell.count
      if (buyNext && buyDone < buy.count) fill(buy, interleave(buyDone++, buy))
      else fill(sell, interleave(sellDone++, sell))
    }
  }
}

/** `volume` units over `count` trades: trade `i`'s share (the first ones take the remainder). */
function share(volume: number, count: number, i: number): number {
  return Math.floor(volume / count) + (i < volume % count ? 1 : 0)
}

/** The `i`-th filler in time order as an index (upper ones first) that alternates the two ticks in proportion. */
function interleave(i: number, f: Fillers): number {
  const uppersBefore = Math.floor((i * f.upperCount) / f.count)
  const isUpper = Math.floor(((i + 1) * f.upperCount) / f.count) > uppersBefore
  return isUpper ? uppersBefore : f.upperCount + (i - uppersBefore)
}

/**
 * `volume` units worth `quote` (price units × qty units) in about `wanted` trades within the kline's range: at
 * `price` and `price + 1`, `upper` units at the latter, so that the quote is exact when the range allows.
 */
function fillers(volume: number, quote: bigint, wanted: number, k: KlineRow, maker: number): Fillers {
  if (volume <= 0) return { price: k.low, volume: 0, upper: 0, upperCount: 0, count: 0, maker }
  const vwap = Number(quote / BigInt(volume))
  const price = Math.min(Math.max(vwap, k.low), k.high)
  const rest = quote - BigInt(price) * BigInt(volume)
  const upper = price >= k.high || rest < 0n ? 0 : Number(rest > BigInt(volume) ? BigInt(volume) : rest)
  const lower = volume - upper
  // Every trade carries a unit at least, and each tick used has a trade.
  const count = Math.min(Math.max(wanted, (upper > 0 ? 1 : 0) + (lower > 0 ? 1 : 0)), volume)
  let upperCount = upper > 0 ? Math.min(upper, Math.max(1, Math.round((count * upper) / volume))) : 0
  if (lower > 0) upperCount = Math.min(upperCount, count - 1)
  if (count - upperCount > lower) upperCount = count - lower
  return { price, volume, upper, upperCount, count, maker }
}
