// Klines of any interval, aggregated from one-second candles, with timeZone-shifted boundaries.
import type { KlineInterval } from '../../../protocol/enums.js'
import type { Candle } from './trade-tape.js'

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

const FIXED_MS: Record<Exclude<KlineInterval, '1M'>, number> = {
  '1s': SECOND,
  '1m': MINUTE,
  '3m': 3 * MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': HOUR,
  '2h': 2 * HOUR,
  '4h': 4 * HOUR,
  '6h': 6 * HOUR,
  '8h': 8 * HOUR,
  '12h': 12 * HOUR,
  '1d': DAY,
  '3d': 3 * DAY,
  '1w': 7 * DAY,
}

/** 1970-01-05, the first Monday: weekly klines open on Mondays. */
const FIRST_MONDAY = 4 * DAY

/** A kline before formatting: prices and volumes in the symbol's units. */
export interface KlineBar extends Omit<Candle, 'openTime'> {
  readonly openTime: number
  readonly closeTime: number
}

export interface KlineQuery {
  readonly interval: KlineInterval
  readonly startTime?: number | undefined
  readonly endTime?: number | undefined
  readonly limit: number
  /** The timeZone parameter as an offset from UTC in ms. */
  readonly offsetMs: number
}

/** Parses a `timeZone` parameter (`'8'`, `'-1:00'`, `'05:45'`) to ms; undefined if invalid or out of [-12:00, +14:00]. */
export function timeZoneOffset(text: string): number | undefined {
  const m = /^([+-]?)(\d{1,2})(?::(\d{2}))?$/.exec(text)
  if (!m) return undefined
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0)
  if (Number(m[3] ?? 0) >= 60) return undefined
  const signed = m[1] === '-' ? -minutes : minutes
  return signed < -12 * 60 || signed > 14 * 60 ? undefined : signed * MINUTE
}

export function openTimeOf(time: number, interval: KlineInterval, offset: number): number {
  if (interval === '1M') {
    const d = new Date(time + offset)
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) - offset
  }
  const size = FIXED_MS[interval]
  const anchor = interval === '1w' ? FIRST_MONDAY : 0
  return Math.floor((time + offset - anchor) / size) * size + anchor - offset
}

function closeTimeOf(open: number, interval: KlineInterval, offset: number): number {
  if (interval !== '1M') return open + FIXED_MS[interval] - 1
  const d = new Date(open + offset)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - offset - 1
}

/** Klines with at least one trade, oldest first, selected like every time-ranged query of the API. */
export function klines(candles: readonly Candle[], q: KlineQuery): KlineBar[] {
  const bars: KlineBar[] = []
  let bar: KlineBar | undefined
  for (const c of candles) {
    const openTime = openTimeOf(c.openTime, q.interval, q.offsetMs)
    if (q.startTime !== undefined && openTime < q.startTime) continue
    if (q.endTime !== undefined && openTime > q.endTime) break
    if (!bar || bar.openTime !== openTime) {
      bar = { ...c, openTime, closeTime: closeTimeOf(openTime, q.interval, q.offsetMs) }
      bars.push(bar)
      continue
    }
    if (c.high > bar.high) bar.high = c.high
    if (c.low < bar.low) bar.low = c.low
    bar.close = c.close
    bar.volume += c.volume
    bar.quoteVolume += c.quoteVolume
    bar.trades += c.trades
    bar.takerBuyVolume += c.takerBuyVolume
    bar.takerBuyQuoteVolume += c.takerBuyQuoteVolume
  }
  return q.startTime !== undefined ? bars.slice(0, q.limit) : bars.slice(-q.limit)
}

/**
 * Klines as Binance lists them for a trading symbol: every interval from the one of its first trade to the one
 * holding `now`, an interval without trades as a bar of no volume whose prices are the previous close (as the
 * kline streams show it). Selected like `klines`; only the `limit` intervals asked for are built.
 */
export function klinesWithEmpty(candles: readonly Candle[], q: KlineQuery, now: number): KlineBar[] {
  const first = candles[0]
  const last = candles[candles.length - 1]
  if (!first || !last) return []
  const { interval, offsetMs } = q
  const next = (open: number) => closeTimeOf(open, interval, offsetMs) + 1
  const firstOpen = openTimeOf(first.openTime, interval, offsetMs)
  let to = openTimeOf(Math.max(now, last.openTime), interval, offsetMs)
  if (q.endTime !== undefined) to = Math.min(to, openTimeOf(q.endTime, interval, offsetMs))
  const opens: number[] = []
  if (q.startTime === undefined) {
    for (let o = to; o >= firstOpen && opens.length < q.limit; o = openTimeOf(o - 1, interval, offsetMs))
      opens.push(o)
    opens.reverse()
  } else {
    let o = Math.max(firstOpen, openTimeOf(q.startTime, interval, offsetMs))
    if (o < q.startTime) o = next(o)
    for (; o <= to && opens.length < q.limit; o = next(o)) opens.push(o)
  }
  const from = opens[0]
  if (from === undefined) return []
  const traded = new Map(
    klines(candles, { ...q, startTime: from, endTime: to, limit: opens.length }).map((b) => [b.openTime, b]),
  )
  let close = closeBefore(candles, from)
  return opens.map((openTime) => {
    const bar = traded.get(openTime) ?? {
      openTime,
      closeTime: next(openTime) - 1,
      open: close,
      high: close,
      low: close,
      close,
      volume: 0,
      quoteVolume: 0n,
      trades: 0,
      takerBuyVolume: 0,
      takerBuyQuoteVolume: 0n,
    }
    close = bar.close
    return bar
  })
}

/** The close of the last candle opened before `time` (there is one when an empty interval follows a trade). */
function closeBefore(candles: readonly Candle[], time: number): number {
  let lo = 0
  let hi = candles.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((candles[mid] as Candle).openTime < time) lo = mid + 1
    else hi = mid
  }
  return candles[lo - 1]?.close ?? 0
}
