// Trading: order.place, order.test, order.cancel.
import type { OrderResponseType } from '../../../protocol/enums.js'
import type { OrderCancelResult } from '../../../protocol/results.js'
import type { Canceled, NewOrder } from '../../exchange/commands.js'
import { orderListCancelReport } from '../format/lists.js'
import { cancelReport, orderResponse } from '../format/orders.js'
import { commissionForOrder } from './account-commission.js'
import { accountOf, type Handler } from './context.js'

/** The response type asked for, else FULL for LIMIT and MARKET orders and ACK for the others. */
export function responseTypeOf(p: NewOrder): OrderResponseType {
  return p.newOrderRespType ?? (p.type === 'LIMIT' || p.type === 'MARKET' ? 'FULL' : 'ACK')
}

/** A cancel's answer: the order's cancel report, or its list's when it was a list leg. */
export function cancelView(c: Canceled, transactTime: number): OrderCancelResult {
  if ('list' in c) return orderListCancelReport(c.list, c.origClientOrderIds, transactTime)
  return cancelReport(c.order, c.origClientOrderId, transactTime)
}

export const orderPlace: Handler<'order.place'> = (ctx, p) => {
  const cost = ctx.method.unfilledOrders
  const command = { kind: 'placeOrder', accountId: accountOf(ctx).id, order: p, cost } as const
  const placed = ctx.exchange.execute(command, ctx.now)
  return orderResponse(placed.order, responseTypeOf(p), ctx.now, placed.trades, placed.prevented)
}

export const orderTest: Handler<'order.test'> = (ctx, p) => {
  const account = accountOf(ctx)
  const s = ctx.exchange.testOrder(account.id, p, false, ctx.now)
  if (p.computeCommissionRates !== true) return {}
  return commissionForOrder(ctx.exchange, account, s, p.side)
}

export const orderCancel: Handler<'order.cancel'> = (ctx, p) => {
  const canceled = ctx.exchange.execute(
    {
      kind: 'cancelOrder',
      accountId: accountOf(ctx).id,
      symbol: p.symbol,
      ref: { orderId: p.orderId, clientOrderId: p.origClientOrderId },
      newClientOrderId: p.newClientOrderId,
      restriction: p.cancelRestrictions,
    },
    ctx.now,
  )
  return cancelView(canceled, ctx.now)
}
