// Stream payloads in the exact shapes of `web-socket-streams.md`, from the exchange's state.
import type { KlineInterval } from '../../../protocol/enums.js'
import type {
  AggTradeEvent,
  AvgPriceEvent,
  BookTickerEvent,
  DepthLevel,
  KlineEvent,
  MiniTickerEvent,
  PartialDepthEvent,
  ReferencePriceEvent,
  RollingTickerEvent,
  RollingWindow,
  TickerEvent,
  TradeEvent,
} from '../../../protocol/streams.js'
import type { LevelView } from '../../engine/book.js'
import { divRoundHalfUp, formatUnits, MONEY_SCALE, pow10 } from '../../engine/decimal.js'
import type { Market } from '../../engine/market.js'
import type { BookView, Exchange } from '../../exchange/exchange.js'
import type { AggTradeRecord } from '../../exchange/market-data/aggregate-trades.js'
import { klines, openTimeOf } from '../../exchange/market-data/klines.js'
import type { TapeTrade } from '../../exchange/market-data/trade-tape.js'
import { type WindowStats, windowStats } from '../../exchange/market-data/window-stats.js'
import { moneyText, priceText, qtyText } from '../../exchange/units.js'
import { avgPriceMins } from '../handlers/market.js'
import { referenceOf } from '../handlers/market-reference.js'
import { aggTradeView } from '../handlers/market-trades.js'

const MINUTE = 60_000
const DAY = 1440 * MINUTE
const WINDOW_MS: Record<RollingWindow, number> = { '1h': 60 * MINUTE, '4h': 240 * MINUTE, '1d': DAY }

export const levelsText = (m: Market, levels: readonly LevelView[]): DepthLevel[] =>
  levels.map(([p, q]) => [priceText(m, p), qtyText(m, q)])

export function tradeEvent(symbol: string, m: Market, t: TapeTrade, now: number): TradeEvent {
  const { price, qty } = { price: priceText(m, t.price), qty: qtyText(m, t.qty) }
  return { e: 'trade', E: now, s: symbol, t: t.id, p: price, q: qty, T: t.time, m: t.buyerIsMaker, M: true }
}

export function aggTradeEvent(symbol: string, m: Market, a: AggTradeRecord, now: number): AggTradeEvent {
  return { e: 'aggTrade', E: now, s: symbol, ...aggTradeView(m, a) }
}

export function partialDepth(book: BookView, levels: number): PartialDepthEvent {
  const view = book.depth(levels)
  const m = book.market
  return { lastUpdateId: book.updateId, bids: levelsText(m, view.bids), asks: levelsText(m, view.asks) }
}

export function bookTicker(symbol: string, book: BookView): BookTickerEvent {
  const m = book.market
  const bid = book.bids.best()
  const ask = book.asks.best()
  return {
    u: book.updateId,
    s: symbol,
    b: priceText(m, bid?.price ?? 0),
    B: qtyText(m, bid?.qty ?? 0),
    a: priceText(m, ask?.price ?? 0),
    A: qtyText(m, ask?.qty ?? 0),
  }
}

export function klineEvent(
  ex: Exchange,
  symbol: string,
  interval: KlineInterval,
  offsetMs: number,
  now: number,
  /** A time in the bar to show (the default: now). */
  barTime = now,
): KlineEvent {
  const tape = ex.tape(symbol)
  const m = ex.book(symbol).market
  const openTime = openTimeOf(barTime, interval, offsetMs)
  const bar = klines(tape.candles, { interval, startTime: openTime, limit: 1, offsetMs })[0]
  const closeTime =
    klines([emptyCandle(openTime)], { interval, limit: 1, offsetMs })[0]?.closeTime ?? openTime
  const trades = bar ? tape.between(openTime, bar.closeTime) : []
  const last = tape.lastPrice
  return {
    e: 'kline',
    E: now,
    s: symbol,
    k: {
      t: openTime,
      T: closeTime,
      s: symbol,
      i: interval,
      f: trades[0]?.id ?? -1,
      L: trades[trades.length - 1]?.id ?? -1,
      o: priceText(m, bar?.open ?? last),
      c: priceText(m, bar?.close ?? last),
      h: priceText(m, bar?.high ?? last),
      l: priceText(m, bar?.low ?? last),
      v: qtyText(m, bar?.volume ?? 0),
      n: bar?.trades ?? 0,
      x: now > closeTime,
      q: moneyText(bar?.quoteVolume ?? 0n),
      V: qtyText(m, bar?.takerBuyVolume ?? 0),
      Q: moneyText(bar?.takerBuyQuoteVolume ?? 0n),
      B: '0',
    },
  }
}

function emptyCandle(openTime: number) {
  return {
    openTime,
    open: 0,
    high: 0,
    low: 0,
    close: 0,
    volume: 0,
    quoteVolume: 0n,
    trades: 0,
    takerBuyVolume: 0,
    takerBuyQuoteVolume: 0n,
  }
}

function change(m: Market, st: WindowStats) {
  const percent = st.open === 0 ? 0n : divRoundHalfUp(BigInt(st.last - st.open) * 100_000n, BigInt(st.open))
  const base = m.baseAmount(st.volume)
  return {
    p: priceText(m, st.last - st.open),
    P: formatUnits(percent, 3, 3),
    w: moneyText(base === 0n ? 0n : (st.quoteVolume * pow10(MONEY_SCALE)) / base),
  }
}

export function miniTicker(ex: Exchange, symbol: string, now: number): MiniTickerEvent {
  const m = ex.book(symbol).market
  const st = windowStats(ex.tape(symbol), now - DAY, now)
  return {
    e: '24hrMiniTicker',
    E: now,
    s: symbol,
    c: priceText(m, st.last),
    o: priceText(m, st.open),
    h: priceText(m, st.high),
    l: priceText(m, st.low),
    v: qtyText(m, st.volume),
    q: moneyText(st.quoteVolume),
  }
}

export function ticker(ex: Exchange, symbol: string, now: number): TickerEvent {
  const book = ex.book(symbol)
  const m = book.market
  const st = windowStats(ex.tape(symbol), now - DAY, now)
  const bid = book.bids.best()
  const ask = book.asks.best()
  return {
    e: '24hrTicker',
    E: now,
    s: symbol,
    ...change(m, st),
    x: priceText(m, st.prevClose),
    c: priceText(m, st.last),
    Q: qtyText(m, st.lastQty),
    b: priceText(m, bid?.price ?? 0),
    B: qtyText(m, bid?.qty ?? 0),
    a: priceText(m, ask?.price ?? 0),
    A: qtyText(m, ask?.qty ?? 0),
    o: priceText(m, st.open),
    h: priceText(m, st.high),
    l: priceText(m, st.low),
    v: qtyText(m, st.volume),
    q: moneyText(st.quoteVolume),
    O: st.openTime,
    C: st.closeTime,
    F: st.firstId,
    L: st.lastId,
    n: st.count,
  }
}

/** The open time starts on a minute; the close time is now (the window can be up to 59 999 ms wider). */
export function rollingTicker(
  ex: Exchange,
  symbol: string,
  window: RollingWindow,
  now: number,
): RollingTickerEvent {
  const m = ex.book(symbol).market
  const openTime = Math.floor((now - WINDOW_MS[window]) / MINUTE) * MINUTE
  const st = windowStats(ex.tape(symbol), openTime, now)
  const { p, P, w } = change(m, st)
  return {
    e: `${window}Ticker`,
    E: now,
    s: symbol,
    p,
    P,
    o: priceText(m, st.open),
    h: priceText(m, st.high),
    l: priceText(m, st.low),
    c: priceText(m, st.last),
    w,
    v: qtyText(m, st.volume),
    q: moneyText(st.quoteVolume),
    O: st.openTime,
    C: st.closeTime,
    F: st.firstId,
    L: st.lastId,
    n: st.count,
  }
}

export function avgPriceEvent(ex: Exchange, symbol: string, now: number): AvgPriceEvent {
  const listed = ex.symbols.get(symbol)
  const mins = listed ? avgPriceMins(listed) : 5
  return {
    e: 'avgPrice',
    E: now,
    s: symbol,
    i: `${mins}m`,
    w: moneyText(ex.avgPrice(symbol, mins, now)),
    T: ex.tape(symbol).lastTradeTime ?? now,
  }
}

/** `r` is null while the symbol has no reference price (never set, or no trade in an ARITHMETIC_MEAN window). */
export function referencePriceEvent(
  ex: Exchange,
  symbol: string,
  now: number,
): ReferencePriceEvent | undefined {
  const listed = ex.symbols.get(symbol)
  if (!listed) return undefined
  const value = referenceOf(ex, listed, now)
  const r = value === 'NEVER_SET' || value.price === null ? null : moneyText(value.price)
  return { e: 'referencePrice', s: symbol, r, t: now }
}

/** Time fields of a payload in microseconds (`timeUnit=MICROSECOND`): `E`, `T`, `O`, `C` and the kline's `t`, `T`. */
export function inMicros(payload: unknown): unknown {
  if (Array.isArray(payload)) return payload.map(inMicros)
  if (typeof payload !== 'object' || payload === null) return payload
  const out: Record<string, unknown> = { ...(payload as Record<string, unknown>) }
  const times = out['e'] === 'referencePrice' ? ['t'] : ['E', 'T', 'O', 'C']
  for (const key of times) {
    const v = out[key]
    if (typeof v === 'number') out[key] = v * 1000
  }
  const k = out['k'] as Record<string, unknown> | undefined
  if (k && typeof k === 'object')
    out['k'] = { ...k, t: (k['t'] as number) * 1000, T: (k['T'] as number) * 1000 }
  return out
}
