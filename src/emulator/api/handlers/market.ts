// Market data: depth, trades.recent, klines, avgPrice, ticker.price, ticker.book.
import type { Kline, TickerBook, TickerPrice } from '../../../protocol/results.js'
import { fail } from '../../exchange/api-failure.js'
import { klinesWithEmpty, timeZoneOffset } from '../../exchange/market-data/klines.js'
import type { ListedSymbol } from '../../exchange/symbols.js'
import { moneyText, priceText, qtyText } from '../../exchange/units.js'
import { takeHeldDepth } from '../streams/held-depth.js'
import type { Handler, HandlerContext } from './context.js'
import { limitOf } from './limit-of.js'
import { listed, selectSymbols } from './symbol-selection.js'

/** A `startTime`/`endTime` parameter in ms, whether sent in ms or µs. */
export const millis = (t: number | undefined) => (t === undefined || t < 1e14 ? t : Math.floor(t / 1000))

const trading = (s: ListedSymbol) => s.info.status === 'TRADING'

function checkStatus(s: ListedSymbol, status: string | undefined): void {
  if (status !== undefined && s.info.status !== status) fail('SYMBOL_DOES_NOT_MATCH_STATUS')
}

export const depth: Handler<'depth'> = (ctx, p) => {
  const s = listed(ctx, p.symbol)
  checkStatus(s, p.symbolStatus)
  const book = ctx.exchange.book(p.symbol)
  const limit = limitOf(p.limit, 100, 5000)
  // A late snapshot injected by a test (`ex.streams.delaySnapshot`) answers instead, once.
  const view = takeHeldDepth(ctx.exchange, p.symbol, limit) ?? {
    updateId: book.updateId,
    ...book.depth(limit),
  }
  const m = book.market
  return {
    lastUpdateId: view.updateId,
    bids: view.bids.map(([price, qty]) => [priceText(m, price), qtyText(m, qty)]),
    asks: view.asks.map(([price, qty]) => [priceText(m, price), qtyText(m, qty)]),
  }
}

export const klines: Handler<'klines'> = (ctx, p) => {
  const m = ctx.exchange.book(p.symbol).market
  const offsetMs = p.timeZone === undefined ? 0 : timeZoneOffset(p.timeZone)
  if (offsetMs === undefined) return fail('INVALID_PARAMETER', 'timeZone')
  const query = {
    interval: p.interval,
    startTime: millis(p.startTime),
    endTime: millis(p.endTime),
    limit: limitOf(p.limit),
    offsetMs,
  }
  const bars = klinesWithEmpty(ctx.exchange.tape(p.symbol).candles, query, ctx.now)
  return bars.map(
    (b): Kline => [
      b.openTime,
      priceText(m, b.open),
      priceText(m, b.high),
      priceText(m, b.low),
      priceText(m, b.close),
      qtyText(m, b.volume),
      b.closeTime,
      moneyText(b.quoteVolume),
      b.trades,
      qtyText(m, b.takerBuyVolume),
      moneyText(b.takerBuyQuoteVolume),
      '0',
    ],
  )
}

/** The symbol's averaging window: the `avgPriceMins` of its price filters, 5 if none has one. */
export function avgPriceMins(s: ListedSymbol): number {
  for (const f of s.info.filters) if ('avgPriceMins' in f) return f.avgPriceMins
  return 5
}

export const avgPrice: Handler<'avgPrice'> = (ctx, p) => {
  const mins = avgPriceMins(listed(ctx, p.symbol))
  const tape = ctx.exchange.tape(p.symbol)
  return {
    mins,
    price: moneyText(ctx.exchange.avgPrice(p.symbol, mins, ctx.now)),
    closeTime: tape.lastTradeTime ?? ctx.now,
  }
}

function tickerPriceOf(ctx: HandlerContext, s: ListedSymbol): TickerPrice {
  const m = ctx.exchange.book(s.info.symbol).market
  return { symbol: s.info.symbol, price: priceText(m, ctx.exchange.tape(s.info.symbol).lastPrice) }
}

export const tickerPrice: Handler<'ticker.price'> = (ctx, p) => {
  const { single, symbols } = selectSymbols(ctx, p, trading)
  const out = symbols.map((s) => tickerPriceOf(ctx, s))
  return single ? (out[0] as TickerPrice) : out
}

function tickerBookOf(ctx: HandlerContext, s: ListedSymbol): TickerBook {
  const book = ctx.exchange.book(s.info.symbol)
  const m = book.market
  const bid = book.bids.best()
  const ask = book.asks.best()
  return {
    symbol: s.info.symbol,
    bidPrice: priceText(m, bid?.price ?? 0),
    bidQty: qtyText(m, bid?.qty ?? 0),
    askPrice: priceText(m, ask?.price ?? 0),
    askQty: qtyText(m, ask?.qty ?? 0),
  }
}

export const tickerBook: Handler<'ticker.book'> = (ctx, p) => {
  const { single, symbols } = selectSymbols(ctx, p, trading)
  const out = symbols.map((s) => tickerBookOf(ctx, s))
  return single ? (out[0] as TickerBook) : out
}
