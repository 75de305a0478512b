// Order responses in the spec's field order: ACK / RESULT / FULL placement, cancel and query reports.
import type { OrderResponseType } from '../../protocol/enums.js'
import type {
  CancelReport,
  Fill,
  OrderAck,
  OrderFull,
  OrderResponse,
  OrderResult,
  OrderStatusReport,
} from '../../protocol/results.js'
import type { Trade } from '../engine/effects.js'
import type { Order } from '../engine/order.js'
import { moneyText as money, priceText, qtyText } from './units.js'

const price = (o: Order, units: number): string => priceText(o.market, units)
const qty = (o: Order, units: number): string => qtyText(o.market, units)

export function orderAck(o: Order, transactTime: number): OrderAck {
  return {
    symbol: o.market.symbol,
    orderId: o.id,
    orderListId: -1,
    clientOrderId: o.clientOrderId,
    transactTime,
  }
}

type ResultHead = Omit<OrderResult, 'selfTradePreventionMode'>

function resultHead(o: Order, transactTime: number): ResultHead {
  return {
    ...orderAck(o, transactTime),
    price: price(o, o.price),
    origQty: qty(o, o.origQty),
    executedQty: qty(o, o.executedQty),
    origQuoteOrderQty: money(o.quoteOrderQty),
    cummulativeQuoteQty: money(o.cumQuote),
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
    ...strategy(o),
    workingTime: o.workingTime,
  }
}

export function orderResult(o: Order, transactTime: number): OrderResult {
  return withTail(o, resultHead(o, transactTime))
}

/** RESULT plus the fills; `fills` precedes `selfTradePreventionMode` as in the spec's examples. */
export function orderFull(o: Order, transactTime: number, trades: readonly Trade[]): OrderFull {
  return withTail(o, { ...resultHead(o, transactTime), fills: trades.map((t) => fill(o, t)) })
}

export function orderResponse(
  o: Order,
  type: OrderResponseType,
  transactTime: number,
  trades: readonly Trade[],
): OrderResponse {
  if (type === 'ACK') return orderAck(o, transactTime)
  return type === 'RESULT' ? orderResult(o, transactTime) : orderFull(o, transactTime, trades)
}

function fill(o: Order, t: Trade): Fill {
  const isBuyer = t.buyer === o
  return {
    price: price(o, t.price),
    qty: qty(o, t.qty),
    commission: money(isBuyer ? t.buyerCommission : t.sellerCommission),
    commissionAsset: isBuyer ? o.market.baseAsset : o.market.quoteAsset,
    tradeId: t.id,
  }
}

export function cancelReport(o: Order, origClientOrderId: string, transactTime: number): CancelReport {
  return withTail(o, {
    symbol: o.market.symbol,
    origClientOrderId,
    orderId: o.id,
    orderListId: -1,
    clientOrderId: o.clientOrderId,
    transactTime,
    price: price(o, o.price),
    origQty: qty(o, o.origQty),
    executedQty: qty(o, o.executedQty),
    origQuoteOrderQty: money(o.quoteOrderQty),
    cummulativeQuoteQty: money(o.cumQuote),
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
    ...strategy(o),
  })
}

export function orderStatusReport(o: Order): OrderStatusReport {
  return withTail(o, {
    symbol: o.market.symbol,
    orderId: o.id,
    orderListId: -1,
    clientOrderId: o.clientOrderId,
    price: price(o, o.price),
    origQty: qty(o, o.origQty),
    executedQty: qty(o, o.executedQty),
    cummulativeQuoteQty: money(o.cumQuote),
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
    stopPrice: price(o, 0),
    icebergQty: qty(o, 0),
    time: o.time,
    updateTime: o.updateTime,
    isWorking: o.workingTime !== -1,
    workingTime: o.workingTime,
    origQuoteOrderQty: money(o.quoteOrderQty),
    ...strategy(o),
  })
}

function strategy(o: Order): { strategyId?: number; strategyType?: number } {
  const out: { strategyId?: number; strategyType?: number } = {}
  if (o.strategyId !== undefined) out.strategyId = o.strategyId
  if (o.strategyType !== undefined) out.strategyType = o.strategyType
  return out
}

/** Appends `selfTradePreventionMode` and, for an expired order, `expiryReason`. */
function withTail<T extends object>(o: Order, head: T): T & Pick<OrderResult, 'selfTradePreventionMode'> {
  const out = { ...head, selfTradePreventionMode: o.selfTradePreventionMode }
  return o.expiryReason === undefined ? out : { ...out, expiryReason: o.expiryReason }
}
