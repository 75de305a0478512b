// order.amend.keepPriority and order.amendments (docs/emulator-fidelity.md 3.9).
import type {
  AmendedListStatus,
  AmendedOrder,
  AmendKeepPriorityResult,
  OrderAmendment,
} from '../../../protocol/results.js'
import type { OrderList } from '../../engine/lists/order-list.js'
import type { Order } from '../../engine/order.js'
import { fail } from '../../exchange/api-failure.js'
import { moneyText, qtyText } from '../../exchange/units.js'
import { echoedPrice, pegFields, strategyFields, triggerFields } from '../format/order-fields.js'
import { accountOf, type Handler } from './context.js'
import { limitOf } from './limit-of.js'

export const orderAmendKeepPriority: Handler<'order.amend.keepPriority'> = (ctx, p) => {
  const amended = ctx.exchange.execute(
    {
      kind: 'amendOrder',
      accountId: accountOf(ctx).id,
      symbol: p.symbol,
      ref: { orderId: p.orderId, clientOrderId: p.origClientOrderId },
      newQty: p.newQty,
      newClientOrderId: p.newClientOrderId,
    },
    ctx.now,
  )
  const result: AmendKeepPriorityResult = {
    transactTime: ctx.now,
    executionId: amended.executionId,
    amendedOrder: amendedOrder(amended.order, amended.origClientOrderId),
  }
  if (amended.list) result.listStatus = amendedListStatus(amended.list)
  return result
}

/** The response's `listStatus` (no `listStatusType`, no `transactionTime`). */
function amendedListStatus(list: OrderList): AmendedListStatus {
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

/** The amended order in the amend response's own field names (`qty`, `preventedQty`, `cumulativeQuoteQty`). */
function amendedOrder(o: Order, origClientOrderId: string): AmendedOrder {
  return {
    symbol: o.market.symbol,
    orderId: o.id,
    orderListId: o.orderListId,
    origClientOrderId,
    clientOrderId: o.clientOrderId,
    price: echoedPrice(o),
    ...pegFields(o),
    qty: qtyText(o.market, o.origQty),
    executedQty: qtyText(o.market, o.executedQty),
    preventedQty: qtyText(o.market, o.preventedQty),
    quoteOrderQty: moneyText(o.quoteOrderQty),
    cumulativeQuoteQty: moneyText(o.cumQuote),
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
    ...triggerFields(o),
    ...strategyFields(o),
    workingTime: o.workingTime,
    selfTradePreventionMode: o.selfTradePreventionMode,
  }
}

export const orderAmendments: Handler<'order.amendments'> = (ctx, p) => {
  const account = accountOf(ctx)
  const book = ctx.exchange.book(p.symbol)
  const order = book.order(p.orderId)
  if (!order || order.accountId !== account.id) fail('NO_SUCH_ORDER')
  const limit = limitOf(p.limit)
  const from = p.fromExecutionId ?? 0
  return book.amendments.ofOrder(order.id, from, limit).map(
    (a): OrderAmendment => ({
      symbol: p.symbol,
      orderId: order.id,
      executionId: a.executionId,
      origClientOrderId: a.origClientOrderId,
      newClientOrderId: a.newClientOrderId,
      origQty: qtyText(book.market, a.origQty),
      newQty: qtyText(book.market, a.newQty),
      time: a.time,
    }),
  )
}
