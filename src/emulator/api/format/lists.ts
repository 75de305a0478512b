// Order lists in the spec's field order: status (queries), placement and cancel responses, listStatus.
import type { OrderResponseType } from '../../../protocol/enums.js'
import type { ListStatusEvent } from '../../../protocol/events.js'
import type {
  OrderListCancelReport,
  OrderListResponse,
  OrderListStatus,
  OrderResponse,
} from '../../../protocol/results.js'
import type { Trade } from '../../engine/effects.js'
import type { ListUpdate, OrderList } from '../../engine/lists/order-list.js'
import type { Order } from '../../engine/order.js'
import { cancelReport, orderResponse } from './orders.js'

/** The query format of `orderList.status`, `openOrderLists.status` and `allOrderLists`. */
export function orderListStatus(list: OrderList): OrderListStatus {
  return {
    orderListId: list.id,
    contingencyType: list.contingencyType,
    listStatusType: list.listStatusType,
    listOrderStatus: list.listOrderStatus,
    listClientOrderId: list.listClientOrderId,
    transactionTime: list.transactionTime,
    symbol: list.symbol,
    orders: list.legs.map((o) => ({
      symbol: o.market.symbol,
      orderId: o.id,
      clientOrderId: o.clientOrderId,
    })),
  }
}

/** The placement response: one report per leg; a pending OPO leg has no quantity yet, so no `origQty`. */
export function orderListResponse(
  list: OrderList,
  type: OrderResponseType,
  transactTime: number,
  tradesOf: (o: Order) => readonly Trade[],
): OrderListResponse {
  const orderReports = list.legs.map((o): OrderResponse => {
    const report = orderResponse(o, type, transactTime, tradesOf(o))
    if (!list.paysOther || o.status !== 'PENDING_NEW' || !('origQty' in report)) return report
    const { origQty: _quantityComesLater, ...rest } = report
    return rest as OrderResponse
  })
  return { ...orderListStatus(list), orderReports }
}

/** The cancel response: every leg as a cancel report. */
export function orderListCancelReport(
  list: OrderList,
  origClientOrderIds: ReadonlyMap<Order, string>,
  transactTime: number,
): OrderListCancelReport {
  const orderReports = list.legs.map((o) =>
    cancelReport(o, origClientOrderIds.get(o) ?? o.clientOrderId, transactTime),
  )
  return { ...orderListStatus(list), orderReports }
}

export function listStatusEvent(u: ListUpdate): ListStatusEvent {
  return {
    e: 'listStatus',
    E: u.time,
    s: u.list.symbol,
    g: u.list.id,
    c: u.list.contingencyType,
    l: u.listStatusType,
    L: u.listOrderStatus,
    r: 'NONE',
    C: u.listClientOrderId,
    T: u.time,
    O: u.orders.map((o) => ({ s: u.list.symbol, i: o.orderId, c: o.clientOrderId })),
  }
}
