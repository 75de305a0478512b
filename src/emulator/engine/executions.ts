// Execution records, frozen copies of an order's state at one event (they become executionReports).
import type { ExecutionType } from '../../protocol/enums.js'
import type { Execution, Trade } from './effects.js'
import type { Order } from './order.js'

/** Whether an unfilled remainder rests on the book. */
export function rests(order: Order): boolean {
  return order.type !== 'MARKET' && order.timeInForce === 'GTC'
}

/** A NEW, CANCELED or EXPIRED execution: no trade. */
export function statusExecution(
  order: Order,
  executionType: ExecutionType,
  executionId: number,
  time: number,
  onBook: boolean,
  origClientOrderId = '',
): Execution {
  return {
    order,
    executionType,
    status: order.status,
    clientOrderId: order.clientOrderId,
    origClientOrderId,
    lastQty: 0,
    lastPrice: 0,
    lastQuote: 0n,
    commission: 0n,
    commissionAsset: null,
    tradeId: -1,
    executionId,
    onBook,
    isMaker: false,
    cumQty: order.executedQty,
    cumQuote: order.cumQuote,
    time,
    expiryReason: order.expiryReason,
  }
}

/** The execution of `order` in `trade`, after the fill was applied to it. */
export function tradeExecution(
  order: Order,
  trade: Trade,
  executionId: number,
  onBook: boolean,
  isMaker: boolean,
): Execution {
  const isBuyer = trade.buyer === order
  return {
    order,
    executionType: 'TRADE',
    status: order.status,
    clientOrderId: order.clientOrderId,
    origClientOrderId: '',
    lastQty: trade.qty,
    lastPrice: trade.price,
    lastQuote: trade.quote,
    commission: isBuyer ? trade.buyerCommission : trade.sellerCommission,
    commissionAsset: isBuyer ? trade.market.baseAsset : trade.market.quoteAsset,
    tradeId: trade.id,
    executionId,
    onBook,
    isMaker,
    cumQty: order.executedQty,
    cumQuote: order.cumQuote,
    time: trade.time,
    expiryReason: undefined,
  }
}
