// orderList.cancel, orderList.status, openOrderLists.status, allOrderLists.
import type { OrderListStatus } from '../../../../protocol/results.js'
import type { OrderList } from '../../../engine/lists/order-list.js'
import { fail } from '../../../exchange/api-failure.js'
import { orderListCancelReport, orderListStatus } from '../../format/lists.js'
import { accountOf, type Handler } from '../context.js'
import { millis } from '../market.js'

const DAY_MS = 86_400_000

export const orderListCancel: Handler<'orderList.cancel'> = (ctx, p) => {
  const canceled = ctx.exchange.execute(
    {
      kind: 'cancelOrderList',
      accountId: accountOf(ctx).id,
      symbol: p.symbol,
      ref: { orderListId: p.orderListId, listClientOrderId: p.listClientOrderId },
      newClientOrderId: p.newClientOrderId,
    },
    ctx.now,
  )
  return orderListCancelReport(canceled.list, canceled.origClientOrderIds, ctx.now)
}

/** By origClientOrderId (the listClientOrderId) when sent, orderListId ignored; else by orderListId. */
export const orderListStatusHandler: Handler<'orderList.status'> = (ctx, p) => {
  const account = accountOf(ctx)
  const ref =
    p.origClientOrderId !== undefined
      ? { listClientOrderId: p.origClientOrderId }
      : { orderListId: p.orderListId }
  const found = ctx.exchange.orderList(account.id, ref)
  if ('error' in found) return fail('NO_SUCH_ORDER')
  return orderListStatus(found.list)
}

export const openOrderListsStatus: Handler<'openOrderLists.status'> = (ctx) => {
  const account = accountOf(ctx)
  return ctx.exchange.orderLists(account.id, true).map(orderListStatus)
}

/** With startTime/endTime: by transactionTime (fromId ignored); with fromId: id ≥ fromId; else the latest. */
export const allOrderLists: Handler<'allOrderLists'> = (ctx, p) => {
  const account = accountOf(ctx)
  const start = millis(p.startTime)
  const end = millis(p.endTime)
  if (start !== undefined && end !== undefined && end - start > DAY_MS) fail('MORE_THAN_XX_HOURS', 24)
  if (p.limit !== undefined && (p.limit < 1 || p.limit > 1000)) fail('INVALID_PARAMETER', 'limit')
  const limit = p.limit ?? 500
  const all = ctx.exchange.orderLists(account.id)
  let out: OrderList[]
  if (start !== undefined || end !== undefined) {
    out = all
      .filter(
        (l) =>
          (start === undefined || l.transactionTime >= start) &&
          (end === undefined || l.transactionTime <= end),
      )
      .slice(0, limit)
  } else if (p.fromId !== undefined) {
    const fromId = p.fromId
    out = all.filter((l) => l.id >= fromId).slice(0, limit)
  } else out = all.slice(-limit)
  return out.map((l): OrderListStatus => orderListStatus(l))
}
