// openOrders.cancelAll: every open order of the account on the symbol; a list is reported once, as a list.
import { ME_MESSAGES } from '../../../protocol/errors.js'
import type { OrderCancelResult } from '../../../protocol/results.js'
import { fail } from '../../exchange/api-failure.js'
import { cancelReport } from '../format/orders.js'
import { checkTradingAllowed } from './account-blocks.js'
import { accountOf, type Handler } from './context.js'
import { cancelListOf } from './lists/list-queries.js'

export const openOrdersCancelAll: Handler<'openOrders.cancelAll'> = (ctx, p) => {
  const account = accountOf(ctx)
  checkTradingAllowed(ctx, account, 'CANCEL')
  const open = ctx.exchange.book(p.symbol).openOrders(account.id)
  if (open.length === 0) fail('CANCEL_REJECTED', ME_MESSAGES.UNKNOWN_ORDER)
  const out: OrderCancelResult[] = []
  const lists = new Set<number>()
  for (const order of open) {
    if (!order.isOpen) continue
    if (order.orderListId >= 0) {
      if (lists.has(order.orderListId)) continue
      lists.add(order.orderListId)
      out.push(cancelListOf(ctx, account, order, undefined))
      continue
    }
    const canceled = ctx.exchange.cancel(account, p.symbol, { orderId: order.id }, undefined, ctx.now)
    if (!canceled.ok) continue
    ctx.later(() => ctx.streams.publish(canceled.effects, ctx.now))
    out.push(cancelReport(canceled.order, canceled.origClientOrderId, ctx.now))
  }
  return out
}
