// Result shapes of order placement, cancellation, amendment and order queries.

import type {
  ExpiryReason,
  OrderStatus,
  OrderType,
  PegOffsetType,
  PegPriceType,
  SelfTradePreventionMode,
  Side,
  TimeInForce,
  WorkingFloor,
} from '../enums.js'
import type { ApiErrorBody } from '../envelope.js'
import type { Decimal } from '../methods.js'
import type { OrderCancelResult } from './order-lists.js'

/** Fields present only when the order uses the feature (spec: "Conditional fields in Order Responses"). */
export interface ConditionalOrderFields {
  icebergQty?: Decimal
  preventedMatchId?: number
  /** Cumulative quantity expired by self-trade prevention. */
  preventedQuantity?: Decimal
  stopPrice?: Decimal
  strategyId?: number
  strategyType?: number
  trailingDelta?: number
  /** `-1` until the trailing order activates. */
  trailingTime?: number
  usedSor?: boolean
  workingFloor?: WorkingFloor
  pegPriceType?: PegPriceType
  pegOffsetType?: PegOffsetType
  pegOffsetValue?: number
  peggedPrice?: Decimal
  expiryReason?: ExpiryReason
}

/** `newOrderRespType=ACK`: the order was accepted, nothing about its execution. */
export interface OrderAck {
  symbol: string
  orderId: number
  /** `-1` unless the order is a leg of an order list. */
  orderListId: number
  clientOrderId: string
  transactTime: number
}

/** `newOrderRespType=RESULT`: ACK plus the order's state after the request. */
export interface OrderResult extends OrderAck, ConditionalOrderFields {
  price: Decimal
  origQty: Decimal
  executedQty: Decimal
  origQuoteOrderQty: Decimal
  /** Quote quantity filled so far (sic: the wire spelling). */
  cummulativeQuoteQty: Decimal
  status: OrderStatus
  timeInForce: TimeInForce
  type: OrderType
  side: Side
  /** `-1` while the order is not yet on the book (untriggered stop, pending list leg). */
  workingTime: number
  selfTradePreventionMode: SelfTradePreventionMode
}

/** One trade that filled the order while it was placed. */
export interface Fill {
  price: Decimal
  qty: Decimal
  commission: Decimal
  commissionAsset: string
  /** `-1` for SOR allocations. */
  tradeId: number
  /** SOR only, e.g. `ONE_PARTY_TRADE_REPORT`. */
  matchType?: string
  /** SOR only. */
  allocId?: number
}

/** A match the taker order did not make because of self-trade prevention. */
export interface OrderPreventedMatch {
  preventedMatchId: number
  makerSymbol?: string
  makerOrderId: number
  price: Decimal
  takerPreventedQuantity?: Decimal
  makerPreventedQuantity?: Decimal
}

/** `newOrderRespType=FULL`: RESULT plus the immediate fills. */
export interface OrderFull extends OrderResult {
  fills: Fill[]
  preventedMatches?: OrderPreventedMatch[]
  tradeGroupId?: number
}

/** Any of the three response types: ACK fields always present, the others only for RESULT/FULL. */
export type OrderResponse = OrderAck & Partial<Omit<OrderFull, keyof OrderAck>>

/** The response type selected by a `newOrderRespType` value. */
export type OrderResponseFor<R extends 'ACK' | 'RESULT' | 'FULL'> = {
  ACK: OrderAck
  RESULT: OrderResult
  FULL: OrderFull
}[R]

/** The state of an order after `order.cancel` (also legs of canceled lists and `openOrders.cancelAll`). */
export interface CancelReport extends ConditionalOrderFields {
  symbol: string
  /** The client order id of the canceled order. */
  origClientOrderId: string
  orderId: number
  orderListId: number
  /** The `newClientOrderId` of the cancel request (or a generated one). */
  clientOrderId: string
  transactTime: number
  price: Decimal
  origQty: Decimal
  executedQty: Decimal
  origQuoteOrderQty: Decimal
  cummulativeQuoteQty: Decimal
  status: OrderStatus
  timeInForce: TimeInForce
  type: OrderType
  side: Side
  selfTradePreventionMode: SelfTradePreventionMode
}

/** Query format of `order.status`, `openOrders.status` and `allOrders`. */
export interface OrderStatusReport extends ConditionalOrderFields {
  symbol: string
  orderId: number
  orderListId: number
  clientOrderId: string
  price: Decimal
  origQty: Decimal
  executedQty: Decimal
  /** Negative for some historical orders: not available. */
  cummulativeQuoteQty: Decimal
  status: OrderStatus
  timeInForce: TimeInForce
  type: OrderType
  side: Side
  /** Always present in queries, `"0"` when unused. */
  stopPrice: Decimal
  /** Always present in queries, `"0"` for non-iceberg orders. */
  icebergQty: Decimal
  /** When the order was placed. */
  time: number
  /** When the order last changed. */
  updateTime: number
  isWorking: boolean
  workingTime: number
  origQuoteOrderQty: Decimal
  selfTradePreventionMode: SelfTradePreventionMode
}

/** `order.test` / `sor.order.test`: rates for one side each; empty without `computeCommissionRates`. */
export interface OrderCommissionRates {
  maker: Decimal
  taker: Decimal
}

/** The BNB discount on standard commission. */
export interface CommissionDiscount {
  enabledForAccount: boolean
  enabledForSymbol: boolean
  discountAsset: string
  discount: Decimal
}

/** `order.test` result: `{}`, or every field with `computeCommissionRates=true`. */
export interface OrderTestResult {
  standardCommissionForOrder?: OrderCommissionRates
  /** Not sent by `sor.order.test`. */
  specialCommissionForOrder?: OrderCommissionRates
  taxCommissionForOrder?: OrderCommissionRates
  discount?: CommissionDiscount
}

/** `order.cancelReplace` success: both the cancel and the placement went through. */
export interface CancelReplaceResult {
  cancelResult: 'SUCCESS'
  newOrderResult: 'SUCCESS'
  /** The order's cancel report, or the whole list's when the order was a list leg. */
  cancelResponse: OrderCancelResult
  newOrderResponse: OrderResponse
}

/** `error.data` of `order.cancelReplace` failures `-2021` (409) and `-2022` (400). */
export interface CancelReplaceErrorData {
  cancelResult: 'SUCCESS' | 'FAILURE'
  newOrderResult: 'SUCCESS' | 'FAILURE' | 'NOT_ATTEMPTED'
  cancelResponse: OrderCancelResult | ApiErrorBody
  newOrderResponse: OrderResponse | ApiErrorBody | null
}

/** The order as amended by `order.amend.keepPriority` (note its own field names: `qty`, `cumulativeQuoteQty`). */
export interface AmendedOrder extends ConditionalOrderFields {
  symbol: string
  orderId: number
  orderListId: number
  origClientOrderId: string
  clientOrderId: string
  price: Decimal
  qty: Decimal
  executedQty: Decimal
  preventedQty: Decimal
  quoteOrderQty: Decimal
  cumulativeQuoteQty: Decimal
  status: OrderStatus
  timeInForce: TimeInForce
  type: OrderType
  side: Side
  workingTime: number
  selfTradePreventionMode: SelfTradePreventionMode
}
