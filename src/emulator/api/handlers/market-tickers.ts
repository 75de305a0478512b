// Price change statistics: ticker.24hr, ticker.tradingDay and the rolling-window ticker.
import type { Ticker24hr, TickerFull, TickerMini } from '../../../protocol/results.js'
import { divRoundHalfUp, formatUnits, MONEY_SCALE, pow10 } from '../../engine/decimal.js'
import type { Market } from '../../engine/market.js'
import { fail } from '../../exchange/api-failure.js'
import { openTimeOf, timeZoneOffset } from '../../exchange/market-data/klines.js'
import { type WindowStats, windowStats } from '../../exchange/market-data/window-stats.js'
import type { ListedSymbol } from '../../exchange/symbols.js'
import { moneyText, priceText, qtyText } from '../../exchange/units.js'
import type { Handler, HandlerContext } from './context.js'
import { selectSymbols } from './symbol-selection.js'

const MINUTE = 60_000
const DAY = 1440 * MINUTE
const WINDOW_UNIT_MS = { m: MINUTE, h: 60 * MINUTE, d: DAY } as const
/** `ticker` serves at most this many symbols per request. */
const MAX_ROLLING_SYMBOLS = 200

type Selection = Parameters<typeof selectSymbols>[1]

/** The requested symbols; with none, every trading symbol (or every symbol of `symbolStatus`). */
function symbolsOf(ctx: HandlerContext, p: Selection): { single: boolean; symbols: ListedSymbol[] } {
  const all = (s: ListedSymbol) => p.symbolStatus !== undefined || s.info.status === 'TRADING'
  return selectSymbols(ctx, p, all)
}

function mini(m: Market, symbol: string, st: WindowStats): TickerMini {
  return {
    symbol,
    openPrice: priceText(m, st.open),
    highPrice: priceText(m, st.high),
    lowPrice: priceText(m, st.low),
    lastPrice: priceText(m, st.last),
    volume: qtyText(m, st.volume),
    quoteVolume: moneyText(st.quoteVolume),
    openTime: st.openTime,
    closeTime: st.closeTime,
    firstId: st.firstId,
    lastId: st.lastId,
    count: st.count,
  }
}

/** priceChange, priceChangePercent (3 decimals, half up) and weightedAvgPrice (quoteVolume / volume). */
function change(m: Market, st: WindowStats) {
  const percent = st.open === 0 ? 0n : divRoundHalfUp(BigInt(st.last - st.open) * 100_000n, BigInt(st.open))
  const base = m.baseAmount(st.volume)
  return {
    priceChange: priceText(m, st.last - st.open),
    priceChangePercent: formatUnits(percent, 3, 3),
    weightedAvgPrice: moneyText(base === 0n ? 0n : (st.quoteVolume * pow10(MONEY_SCALE)) / base),
  }
}

function full(m: Market, symbol: string, st: WindowStats): TickerFull {
  const { symbol: name, ...rest } = mini(m, symbol, st)
  return { symbol: name, ...change(m, st), ...rest }
}

function stats(ctx: HandlerContext, s: ListedSymbol, openTime: number, closeTime: number) {
  const symbol = s.info.symbol
  return {
    m: ctx.exchange.book(symbol).market,
    st: windowStats(ctx.exchange.tape(symbol), openTime, closeTime),
  }
}

function ticker24hr(ctx: HandlerContext, s: ListedSymbol, type: 'FULL' | 'MINI'): Ticker24hr {
  const symbol = s.info.symbol
  const { m, st } = stats(ctx, s, ctx.now - DAY, ctx.now)
  if (type === 'MINI') return mini(m, symbol, st)
  const book = ctx.exchange.book(symbol)
  const bid = book.bids.best()
  const ask = book.asks.best()
  const v = mini(m, symbol, st)
  return {
    symbol,
    ...change(m, st),
    prevClosePrice: priceText(m, st.prevClose),
    lastPrice: v.lastPrice,
    lastQty: qtyText(m, st.lastQty),
    bidPrice: priceText(m, bid?.price ?? 0),
    bidQty: qtyText(m, bid?.qty ?? 0),
    askPrice: priceText(m, ask?.price ?? 0),
    askQty: qtyText(m, ask?.qty ?? 0),
    openPrice: v.openPrice,
    highPrice: v.highPrice,
    lowPrice: v.lowPrice,
    volume: v.volume,
    quoteVolume: v.quoteVolume,
    openTime: v.openTime,
    closeTime: v.closeTime,
    firstId: v.firstId,
    lastId: v.lastId,
    count: v.count,
  }
}

export const ticker24hrHandler: Handler<'ticker.24hr'> = (ctx, p) => {
  const { single, symbols } = symbolsOf(ctx, p)
  const out = symbols.map((s) => ticker24hr(ctx, s, p.type ?? 'FULL'))
  return single ? (out[0] as Ticker24hr) : out
}

export const tickerTradingDay: Handler<'ticker.tradingDay'> = (ctx, p) => {
  const offset = p.timeZone === undefined ? 0 : timeZoneOffset(p.timeZone)
  if (offset === undefined) return fail('INVALID_PARAMETER', 'timeZone')
  const { single, symbols } = symbolsOf(ctx, p)
  const openTime = openTimeOf(ctx.now, '1d', offset)
  const out = symbols.map((s) => {
    const { m, st } = stats(ctx, s, openTime, openTime + DAY - 1)
    return p.type === 'MINI' ? mini(m, s.info.symbol, st) : full(m, s.info.symbol, st)
  })
  return single ? (out[0] as TickerFull) : out
}

/** A `windowSize` (`'15m'`, `'4h'`, `'7d'`) in ms. */
function windowMs(size: string): number {
  const unit = size.slice(-1) as keyof typeof WINDOW_UNIT_MS
  return Number(size.slice(0, -1)) * WINDOW_UNIT_MS[unit]
}

export const tickerRolling: Handler<'ticker'> = (ctx, p) => {
  if (p.symbols !== undefined && p.symbols.length > MAX_ROLLING_SYMBOLS) fail('TOO_MANY_PARAMETERS')
  const { single, symbols } = symbolsOf(ctx, p)
  const closeTime = ctx.now
  const openTime = Math.floor((closeTime - windowMs(p.windowSize ?? '1d')) / MINUTE) * MINUTE
  const out = symbols.map((s) => {
    const { m, st } = stats(ctx, s, openTime, closeTime)
    return p.type === 'MINI' ? mini(m, s.info.symbol, st) : full(m, s.info.symbol, st)
  })
  return single ? (out[0] as TickerFull) : out
}
