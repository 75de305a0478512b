// orderList.cancel, orderList.status, openOrderLists.status, allOrderLists; and order.cancel of a leg.
import { ME_MESSAGES } from '../../../../protocol/errors.js'
import type { OrderListCancelReport, OrderListStatus } from '../../../../protocol/results.js'
import type { OrderList } from '../../../engine/lists/order-list.js'
import type { Order } from '../../../engine/order.js'
import type { Account } from '../../../exchange/account.js'
import { fail } from '../../../exchange/api-failure.js'
import { orderListCancelReport, orderListStatus } from '../../format/lists.js'
import { checkTradingAllowed } from '../account-blocks.js'
import { accountOf, type Handler, type HandlerContext } from '../context.js'
import { millis } from '../market.js'

const DAY_MS = 86_400_000

const unknownOrder = (): never => fail('CANCEL_REJECTED', ME_MESSAGES.UNKNOWN_ORDER)

export const orderListCancel: Handler<'orderList.cancel'> = (ctx, p) => {
  const account = accountOf(ctx)
  checkTradingAllowed(ctx, account, 'CANCEL')
  const found = ctx.exchange.lists.registry.find(account.id, {
    orderListId: p.orderListId,
    listClientOrderId: p.listClientOrderId,
  })
  if ('error' in found || found.list.symbol !== p.symbol || !found.list.isOpen) return unknownOrder()
  return cancelList(ctx, account, found.list, p.newClientOrderId)
}

/** order.cancel of a list leg cancels the whole list and answers in the list format (DIGEST §3.6.13). */
export function cancelListOf(
  ctx: HandlerContext,
  account: Account,
  leg: Order,
  newClientOrderId: string | undefined,
): OrderListCancelReport {
  const list = ctx.exchange.lists.registry.ofOrder(leg)
  if (!list?.isOpen) return unknownOrder()
  return cancelList(ctx, account, list, newClientOrderId)
}

function cancelList(
  ctx: HandlerContext,
  account: Account,
  list: OrderList,
  newClientOrderId: string | undefined,
): OrderListCancelReport {
  if (list.accountId !== account.id) return unknownOrder()
  const canceled = ctx.exchange.lists.cancelList(list, newClientOrderId, ctx.now)
  ctx.exchange.commit(canceled.effects, ctx.now)
  ctx.later(() => ctx.streams.publish(canceled.effects, ctx.now))
  return orderListCancelReport(list, canceled.origClientOrderIds, ctx.now)
}

/** By origClientOrderId (the listClientOrderId) when sent, orderListId ignored; else by orderListId. */
export const orderListStatusHandler: Handler<'orderList.status'> = (ctx, p) => {
  const account = accountOf(ctx)
  const ref =
    p.origClientOrderId !== undefined
      ? { listClientOrderId: p.origClientOrderId }
      : { orderListId: p.orderListId }
  const found = ctx.exchange.lists.registry.find(account.id, ref)
  if ('error' in found) return fail('NO_SUCH_ORDER')
  return orderListStatus(found.list)
}

export const openOrderListsStatus: Handler<'openOrderLists.status'> = (ctx) => {
  const account = accountOf(ctx)
  return ctx.exchange.lists.registry.all(account.id, true).map(orderListStatus)
}

/** With startTime/endTime: by transactionTime (fromId ignored); with fromId: id ≥ fromId; else the latest. */
export const allOrderLists: Handler<'allOrderLists'> = (ctx, p) => {
  const account = accountOf(ctx)
  const start = millis(p.startTime)
  const end = millis(p.endTime)
  if (start !== undefined && end !== undefined && end - start > DAY_MS) fail('MORE_THAN_XX_HOURS', 24)
  if (p.limit !== undefined && (p.limit < 1 || p.limit > 1000)) fail('INVALID_PARAMETER', 'limit')
  const limit = p.limit ?? 500
  const all = ctx.exchange.lists.registry.all(account.id)
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
