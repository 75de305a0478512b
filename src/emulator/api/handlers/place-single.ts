// order.place once the symbol checks and the unfilled order count passed: pegs, filters, feature
// rules, the engine, the response (shared by order.place and order.cancelReplace).
import type { OrderResponse } from '../../../protocol/results.js'
import type { Account } from '../../exchange/account.js'
import { fail } from '../../exchange/api-failure.js'
import type { ListedSymbol } from '../../exchange/symbols.js'
import { orderResponse } from '../format/orders.js'
import { checkTradingAllowed } from './account-blocks.js'
import type { HandlerContext } from './context.js'
import { checkFilters, placeCommand } from './order-entry.js'
import { atPeggedPrice, checkOrderFeatures, pegNow } from './order-features.js'
import type { OrderParams } from './order-params.js'

/** Places a checked order; `count` adds it to the unfilled order count once it reaches the engine. */
export function placeOrder(
  ctx: HandlerContext,
  account: Account,
  s: ListedSymbol,
  p: OrderParams,
  count: boolean,
): OrderResponse {
  const pegged = pegNow(ctx, s, p)
  checkFilters(ctx, account, s, pegged === undefined ? p : atPeggedPrice(s, p, pegged))
  if (pegged !== undefined && p.price !== undefined) checkFilters(ctx, account, s, p)
  checkOrderFeatures(s, p)
  const cmd = placeCommand(account, s, p, pegged)
  checkTradingAllowed(ctx, account, 'PLACE')
  if (count) ctx.exchange.orderCounter.add(account.id, ctx.method.unfilledOrders, ctx.now)
  const placed = ctx.exchange.place(cmd, ctx.now)
  if (!placed.ok) return fail('NEW_ORDER_REJECTED', placed.msg)
  ctx.later(() => ctx.streams.publish(placed.effects, ctx.now))
  const type = p.newOrderRespType ?? (p.type === 'LIMIT' || p.type === 'MARKET' ? 'FULL' : 'ACK')
  return orderResponse(placed.order, type, ctx.now, placed.trades, placed.prevented)
}
