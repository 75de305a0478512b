// order.amend.keepPriority of a list leg (DIGEST §3.9.3): a pending OPO leg cannot be amended, an OCO
// pair's partner follows (both legs keep one quantity), and the response and events show the list.
import { ME_MESSAGES } from '../../../protocol/errors.js'
import type { AmendedListStatus } from '../../../protocol/results.js'
import type { Effects } from '../../engine/effects.js'
import { listUpdate, type OrderList } from '../../engine/lists/order-list.js'
import type { Order } from '../../engine/order.js'
import { fail } from '../../exchange/api-failure.js'
import type { HandlerContext } from './context.js'

/** The list of the order to amend, if any; refuses a pending OPO leg with -2038. */
export function amendedList(ctx: HandlerContext, order: Order): OrderList | undefined {
  if (order.orderListId < 0) return undefined
  const list = ctx.exchange.lists.registry.ofOrder(order)
  if (list?.paysOther && order.status === 'PENDING_NEW') {
    fail('ORDER_AMEND_REJECTED', ME_MESSAGES.AMEND_PENDING_OPO)
  }
  return list
}

/** The other leg of the OCO pair the order belongs to, if it is still live. */
export function ocoPartner(list: OrderList | undefined, order: Order): Order | undefined {
  if (!list?.pair.includes(order)) return undefined
  const other = list.pair.find((o) => o !== order)
  return other && (other.isOpen || other.status === 'PENDING_NEW') ? other : undefined
}

/** Adds the `listStatus` event with `l=UPDATED` when a leg's client order id changed. */
export function noteRename(effects: Effects, list: OrderList, renamed: boolean, now: number): void {
  if (renamed) effects.listUpdates.push({ ...listUpdate(list, now), listStatusType: 'UPDATED' })
}

/** The response's `listStatus` (no `listStatusType`, no `transactionTime`). */
export function amendedListStatus(list: OrderList): AmendedListStatus {
  return {
    orderListId: list.id,
    contingencyType: list.contingencyType,
    listOrderStatus: list.listOrderStatus,
    listClientOrderId: list.listClientOrderId,
    symbol: list.symbol,
    orders: list.legs.map((o) => ({
      symbol: o.market.symbol,
      orderId: o.id,
      clientOrderId: o.clientOrderId,
    })),
  }
}
