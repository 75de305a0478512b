// Order responses in the spec's field order: ACK / RESULT / FULL placement, cancel and query reports.
import type { OrderResponseType } from '../../../protocol/enums.js'
import type {
  CancelReport,
  Fill,
  OrderAck,
  OrderFull,
  OrderResponse,
  OrderResult,
  OrderStatusReport,
} from '../../../protocol/results.js'
import type { Trade } from '../../engine/effects.js'
import type { Order } from '../../engine/order.js'
import type { PreventedMatch } from '../../engine/prevented-match.js'
import { moneyText as money, priceText, qtyText } from '../../exchange/units.js'
import {
  echoedPrice,
  pegFields,
  preventedMatchList,
  preventionFields,
  strategyFields,
  tradeGroupOf,
  trailingFields,
  triggerFields,
} from './order-fields.js'
import { withSorFields } from './sor-fields.js'

const price = (o: Order, units: number): string => priceText(o.market, units)
const qty = (o: Order, units: number): string => qtyText(o.market, units)

function orderAck(o: Order, transactTime: number): OrderAck {
  return {
    symbol: o.market.symbol,
    orderId: o.id,
    orderListId: o.orderListId,
    clientOrderId: o.clientOrderId,
    transactTime,
  }
}

type ResultHead = Omit<OrderResult, 'selfTradePreventionMode'>

// The responses are built by adding fields in order to one fresh object, not by `{ ...a, x, ...b }`: in V8 11
// (Node 20) adding properties after a spread takes a slow path (µs per object), which was a tenth of the
// emulator's time per order.place. The field order is the same.
function resultHead(o: Order, transactTime: number): ResultHead {
  const out = orderAck(o, transactTime) as unknown as Record<string, unknown>
  out['price'] = echoedPrice(o)
  Object.assign(out, pegFields(o))
  out['origQty'] = qty(o, o.origQty)
  out['executedQty'] = qty(o, o.executedQty)
  out['origQuoteOrderQty'] = money(o.quoteOrderQty)
  out['cummulativeQuoteQty'] = money(o.cumQuote)
  out['status'] = o.status
  out['timeInForce'] = o.timeInForce
  out['type'] = o.type
  out['side'] = o.side
  Object.assign(out, triggerFields(o), strategyFields(o))
  out['workingTime'] = o.workingTime
  return out as unknown as ResultHead
}

export function orderResult(o: Order, transactTime: number): OrderResult {
  return withTail(o, resultHead(o, transactTime), preventionFields(o, false))
}

/**
 * RESULT plus the fills and the taker's prevented matches; `fills` and `preventedMatches` precede
 * `selfTradePreventionMode`, and `tradeGroupId`/`preventedQuantity` follow it (STP FAQ scenarios).
 */
export function orderFull(
  o: Order,
  transactTime: number,
  trades: readonly Trade[],
  prevented: readonly PreventedMatch[] = [],
): OrderFull {
  const head = resultHead(o, transactTime) as Omit<OrderFull, 'selfTradePreventionMode'>
  head.fills = trades.map((t) => fill(o, t))
  if (prevented.length > 0) head.preventedMatches = preventedMatchList(o, prevented)
  const group = tradeGroupOf(prevented)
  const after = group === undefined ? {} : { tradeGroupId: group }
  return withTail(o, head, { ...after, ...preventionFields(o, false) })
}

export function orderResponse(
  o: Order,
  type: OrderResponseType,
  transactTime: number,
  trades: readonly Trade[],
  prevented: readonly PreventedMatch[] = [],
): OrderResponse {
  if (type === 'ACK') return orderAck(o, transactTime)
  return type === 'RESULT' ? orderResult(o, transactTime) : orderFull(o, transactTime, trades, prevented)
}

function fill(o: Order, t: Trade): Fill {
  // By id, not identity: a list's placement answers with snapshots of its legs. Both sides trade on o's book, where
  // order ids are unique.
  const isBuyer = t.buyer.id === o.id
  return {
    price: price(o, t.price),
    qty: qty(o, t.qty),
    commission: money(isBuyer ? t.buyerCommission : t.sellerCommission),
    commissionAsset: isBuyer ? t.buyerCommissionAsset : t.sellerCommissionAsset,
    tradeId: t.id,
  }
}

export function cancelReport(o: Order, origClientOrderId: string, transactTime: number): CancelReport {
  const report = withTail(
    o,
    {
      symbol: o.market.symbol,
      origClientOrderId,
      orderId: o.id,
      orderListId: o.orderListId,
      clientOrderId: o.clientOrderId,
      transactTime,
      price: echoedPrice(o),
      ...pegFields(o),
      origQty: qty(o, o.origQty),
      executedQty: qty(o, o.executedQty),
      origQuoteOrderQty: money(o.quoteOrderQty),
      cummulativeQuoteQty: money(o.cumQuote),
      status: o.status,
      timeInForce: o.timeInForce,
      type: o.type,
      side: o.side,
      ...triggerFields(o),
      ...strategyFields(o),
    },
    preventionFields(o, true),
  )
  return o.workingFloor === undefined ? report : withSorFields(o, report)
}

export function orderStatusReport(o: Order): OrderStatusReport {
  const report = withTail(
    o,
    {
      symbol: o.market.symbol,
      orderId: o.id,
      orderListId: o.orderListId,
      clientOrderId: o.clientOrderId,
      price: echoedPrice(o),
      ...pegFields(o),
      origQty: qty(o, o.origQty),
      executedQty: qty(o, o.executedQty),
      cummulativeQuoteQty: money(o.cumQuote),
      status: o.status,
      timeInForce: o.timeInForce,
      type: o.type,
      side: o.side,
      stopPrice: price(o, o.stopPrice),
      ...trailingFields(o),
      icebergQty: qty(o, o.icebergQty),
      time: o.time,
      updateTime: o.updateTime,
      isWorking: o.isWorking,
      workingTime: o.workingTime,
      origQuoteOrderQty: money(o.quoteOrderQty),
      ...strategyFields(o),
    },
    preventionFields(o, true),
  )
  return o.workingFloor === undefined ? report : withSorFields(o, report)
}

/**
 * Appends `selfTradePreventionMode`, then `after` (STP fields) and, for an expired order, `expiryReason`, to `head`
 * (a fresh object of the caller's, completed in place).
 */
function withTail<T extends object>(
  o: Order,
  head: T,
  after: object = {},
): T & Pick<OrderResult, 'selfTradePreventionMode'> {
  const out = head as T & Pick<OrderResult, 'selfTradePreventionMode'> & { expiryReason?: string }
  out.selfTradePreventionMode = o.selfTradePreventionMode
  Object.assign(out, after)
  if (o.expiryReason !== undefined) out.expiryReason = o.expiryReason
  return out
}
