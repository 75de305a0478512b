// Result shapes of order lists (OCO, OTO, OTOCO, OPO, OPOCO) and order amendments.
import type { ContingencyType, ListOrderStatus, ListStatusType } from '../enums.js'
import type { AmendedOrder, CancelReport, OrderResponse } from './orders.js'

/** A leg of an order list, by id only. */
export interface OrderListOrder {
  symbol: string
  orderId: number
  clientOrderId: string
}

/** Query format of `orderList.status`, `openOrderLists.status` and `allOrderLists` (no order reports). */
export interface OrderListStatus {
  orderListId: number
  contingencyType: ContingencyType
  listStatusType: ListStatusType
  listOrderStatus: ListOrderStatus
  listClientOrderId: string
  transactionTime: number
  symbol: string
  orders: OrderListOrder[]
}

/** Placement result of `orderList.place*`: one report per leg in the `newOrderRespType` format (pending OPO legs omit `origQty`). */
export interface OrderListResponse extends OrderListStatus {
  orderReports: OrderResponse[]
}

/** Cancellation result of an order list: one cancel report per leg. */
export interface OrderListCancelReport extends OrderListStatus {
  orderReports: CancelReport[]
}

/** A leg of `orderList.cancel`'s result: the spec's example of it has no `origClientOrderId`. */
export type ListCancelLegReport = Omit<CancelReport, 'origClientOrderId'> & { origClientOrderId?: string }

/** `orderList.cancel` result (a list canceled through one of its legs, by `order.cancel`, is an `OrderListCancelReport`). */
export interface OrderListCancelResult extends OrderListStatus {
  orderReports: ListCancelLegReport[]
}

/** What `order.cancel` returns: an order, or the whole list when the order was a list leg. */
export type OrderCancelResult = CancelReport | OrderListCancelReport

/** The list an amended order belongs to (no `listStatusType`, no `transactionTime`). */
export interface AmendedListStatus {
  orderListId: number
  contingencyType: ContingencyType
  listOrderStatus: ListOrderStatus
  listClientOrderId: string
  symbol: string
  orders: OrderListOrder[]
}

/** `order.amend.keepPriority` result. */
export interface AmendKeepPriorityResult {
  transactTime: number
  executionId: number
  amendedOrder: AmendedOrder
  /** Present when the order is a leg of an order list. */
  listStatus?: AmendedListStatus
}
