// Market data from the trade history: trades.historical, trades.aggregate, blockTrades.historical, uiKlines.
import type { AggTrade, Trade } from '../../../protocol/results.js'
import type { Market } from '../../engine/market.js'
import { fail } from '../../exchange/api-failure.js'
import type { AggTradeRecord } from '../../exchange/market-data/aggregate-trades.js'
import type { TapeTrade } from '../../exchange/market-data/trade-tape.js'
import { moneyText, priceText, qtyText } from '../../exchange/units.js'
import type { Handler } from './context.js'
import { limitOf } from './limit-of.js'
import { klines, millis } from './market.js'

function tradeView(m: Market, t: TapeTrade): Trade {
  return {
    id: t.id,
    price: priceText(m, t.price),
    qty: qtyText(m, t.qty),
    quoteQty: moneyText(t.quote),
    time: t.time,
    isBuyerMaker: t.buyerIsMaker,
    isBestMatch: true,
  }
}

/** An aggregate trade as `trades.aggregate` lists it (the `aggTrade` stream adds `e`, `E`, `s` before it). */
export function aggTradeView(m: Market, a: AggTradeRecord): AggTrade {
  return {
    a: a.id,
    p: priceText(m, a.price),
    q: qtyText(m, a.qty),
    f: a.firstId,
    l: a.lastId,
    T: a.time,
    m: a.buyerIsMaker,
    M: true,
  }
}

export const tradesRecent: Handler<'trades.recent'> = (ctx, p) => {
  const m = ctx.exchange.book(p.symbol).market
  return ctx.exchange
    .tape(p.symbol)
    .recent(limitOf(p.limit))
    .map((t) => tradeView(m, t))
}

export const tradesHistorical: Handler<'trades.historical'> = (ctx, p) => {
  const m = ctx.exchange.book(p.symbol).market
  const tape = ctx.exchange.tape(p.symbol)
  const limit = limitOf(p.limit)
  const list = p.fromId === undefined ? tape.recent(limit) : tape.fromId(p.fromId, limit)
  return list.map((t) => tradeView(m, t))
}

export const tradesAggregate: Handler<'trades.aggregate'> = (ctx, p) => {
  const ranged = p.startTime !== undefined || p.endTime !== undefined
  if (ranged && p.fromId !== undefined) fail('OPTIONAL_PARAMS_BAD_COMBO')
  const start = millis(p.startTime)
  const end = millis(p.endTime)
  const m = ctx.exchange.book(p.symbol).market
  const aggregates = ctx.exchange.tape(p.symbol).aggregates
  const limit = limitOf(p.limit)
  const list =
    p.fromId !== undefined ? aggregates.fromId(p.fromId, limit) : aggregates.byTime(start, end, limit)
  return list.map((a) => aggTradeView(m, a))
}

/**
 * The emulator makes no block trades (docs/emulator-fidelity.md 3.17.4): the list is always empty once the
 * params pass.
 */
export const blockTradesHistorical: Handler<'blockTrades.historical'> = (ctx, p) => {
  ctx.exchange.book(p.symbol)
  if (p.fromId < 0) fail('INVALID_PARAMETER', 'fromId')
  if (p.limit !== undefined && (p.limit < 1 || p.limit > 1000)) fail('INVALID_PARAMETER', 'limit')
  return []
}

/** Identical to `klines` (docs/emulator-fidelity.md A53: the presentation changes are not specified). */
export const uiKlines: Handler<'uiKlines'> = (ctx, p) => klines(ctx, p)
