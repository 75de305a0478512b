// allOrders and myPreventedMatches: the account's order and STP history on a symbol.
import type { PreventedMatch as PreventedMatchResult } from '../../../protocol/results.js'
import type { PreventedMatch } from '../../engine/prevented-match.js'
import { fail } from '../../exchange/api-failure.js'
import { priceText, qtyText } from '../../exchange/units.js'
import { orderStatusReport } from '../format/orders.js'
import { accountOf, type Handler } from './context.js'
import { limitOf } from './limit-of.js'
import { millis } from './market.js'

const DAY_MS = 86_400_000

/** Orders by id; by `orderId` onwards; or by last update time within ≤ 24 h; else the most recent. */
export const allOrders: Handler<'allOrders'> = (ctx, p) => {
  const account = accountOf(ctx)
  const start = millis(p.startTime)
  const end = millis(p.endTime)
  if (start !== undefined && end !== undefined && end - start > DAY_MS) fail('MORE_THAN_XX_HOURS', 24)
  return ctx.exchange
    .book(p.symbol)
    .allOrders(account.id, {
      orderId: p.orderId,
      startTime: start,
      endTime: end,
      limit: limitOf(p.limit),
      shown: (o) => !ctx.exchange.isArchived(o, ctx.now),
    })
    .map(orderStatusReport)
}

/** Prevented matches by id, or of one order (from an id on), involving the account's orders. */
export const myPreventedMatches: Handler<'myPreventedMatches'> = (ctx, p) => {
  const account = accountOf(ctx)
  const byId = p.preventedMatchId !== undefined
  const byOrder = p.orderId !== undefined
  const orderOnly = p.fromPreventedMatchId !== undefined || p.limit !== undefined
  if (byId === byOrder || (byId && orderOnly)) fail('OPTIONAL_PARAMS_BAD_COMBO')
  const mine = (m: PreventedMatch) => m.taker.accountId === account.id || m.maker.accountId === account.id
  const all = ctx.exchange.book(p.symbol).preventedMatches
  if (p.preventedMatchId !== undefined) {
    const m = all[p.preventedMatchId]
    return m && mine(m) ? [preventedMatch(m)] : []
  }
  const orderId = p.orderId
  const from = p.fromPreventedMatchId ?? 0
  return all
    .filter((m) => mine(m) && m.id >= from)
    .filter(
      (m) =>
        (m.taker.id === orderId && m.taker.accountId === account.id) ||
        (m.maker.id === orderId && m.maker.accountId === account.id),
    )
    .slice(0, limitOf(p.limit))
    .map(preventedMatch)
}

function preventedMatch(m: PreventedMatch): PreventedMatchResult {
  const market = m.taker.market
  const quantities: Partial<PreventedMatchResult> = {}
  if (m.takerQty !== undefined) quantities.takerPreventedQuantity = qtyText(market, m.takerQty)
  if (m.makerQty !== undefined) quantities.makerPreventedQuantity = qtyText(market, m.makerQty)
  return {
    symbol: market.symbol,
    preventedMatchId: m.id,
    takerOrderId: m.taker.id,
    makerSymbol: m.maker.market.symbol,
    makerOrderId: m.maker.id,
    tradeGroupId: m.tradeGroupId,
    selfTradePreventionMode: m.mode,
    price: priceText(market, m.price),
    ...quantities,
    transactTime: m.time,
  }
}
