// Trading: order.place, order.test, order.cancel.
import { ME_MESSAGES } from '../../../protocol/errors.js'
import type { Lookup } from '../../engine/engine.js'
import type { Account } from '../../exchange/account.js'
import { fail, failWithData } from '../../exchange/api-failure.js'
import { cancelReport } from '../format/orders.js'
import { checkTradingAllowed } from './account-blocks.js'
import { commissionForOrder } from './account-commission.js'
import { failIfArchived } from './archive.js'
import { accountOf, type Handler, type HandlerContext } from './context.js'
import { cancelListOf } from './lists/list-queries.js'
import { checkFilters, checkOrder, placeCommand } from './order-entry.js'
import { placeOrder } from './place-single.js'

export const orderPlace: Handler<'order.place'> = (ctx, p) => {
  const account = accountOf(ctx)
  const s = checkOrder(ctx, p)
  reserveOrders(ctx, account)
  return placeOrder(ctx, account, s, p, true)
}

/** Fails with 429 -1015 when the account's unfilled order count has no room for this request. */
export function reserveOrders(ctx: HandlerContext, account: Account): void {
  const over = ctx.exchange.orderCounter.exceeded(account.id, ctx.method.unfilledOrders, ctx.now)
  if (over) {
    const data = { serverTime: ctx.now, retryAfter: over.resetsAt(ctx.now) }
    failWithData('TOO_MANY_ORDERS', data, over.rule.limit, over.label)
  }
}

export const orderTest: Handler<'order.test'> = (ctx, p) => {
  const account = accountOf(ctx)
  const s = checkOrder(ctx, p)
  checkFilters(ctx, account, s, p)
  placeCommand(account, s, p)
  if (p.computeCommissionRates !== true) return {}
  return commissionForOrder(ctx.exchange, account, s, p.side)
}

/** Fails like order.cancel does for an order that cannot be found. */
export function failLookup(found: Exclude<Lookup, { order: unknown }>, notFound: () => never): never {
  return found.error === 'MISMATCH' ? fail('CLIENT_ORDER_ID_INVALID') : notFound()
}

export const orderCancel: Handler<'order.cancel'> = (ctx, p) => {
  const account = accountOf(ctx)
  checkTradingAllowed(ctx, account, 'CANCEL')
  const ref = { orderId: p.orderId, clientOrderId: p.origClientOrderId }
  const unknown = () => fail('CANCEL_REJECTED', ME_MESSAGES.UNKNOWN_ORDER)
  const found = ctx.exchange.engine.find(account.id, p.symbol, ref)
  if ('error' in found) return failLookup(found, unknown)
  const { order } = found
  failIfArchived(ctx.exchange, order, ctx.now)
  if (order.orderListId >= 0) return cancelListOf(ctx, account, order, p.newClientOrderId)
  if (!order.isOpen) return unknown()
  const restriction = p.cancelRestrictions
  if (
    (restriction === 'ONLY_NEW' && order.status !== 'NEW') ||
    (restriction === 'ONLY_PARTIALLY_FILLED' && order.status !== 'PARTIALLY_FILLED')
  ) {
    fail('CANCEL_REJECTED', ME_MESSAGES.CANCEL_RESTRICTIONS)
  }
  const canceled = ctx.exchange.cancel(account, p.symbol, { orderId: order.id }, p.newClientOrderId, ctx.now)
  if (!canceled.ok) return unknown()
  ctx.later(() => ctx.streams.publish(canceled.effects, ctx.now))
  return cancelReport(canceled.order, canceled.origClientOrderId, ctx.now)
}
