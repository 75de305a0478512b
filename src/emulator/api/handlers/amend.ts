// order.amend.keepPriority and order.amendments (DIGEST §3.9).
import { ME_MESSAGES } from '../../../protocol/errors.js'
import type { AmendedOrder, AmendKeepPriorityResult, OrderAmendment } from '../../../protocol/results.js'
import { significantDecimals, toSafeUnits } from '../../engine/decimal.js'
import type { Order } from '../../engine/order.js'
import { fail } from '../../exchange/api-failure.js'
import { findFilter } from '../../exchange/symbols.js'
import { echoedPrice, pegFields, strategyFields, triggerFields } from '../format/order-fields.js'
import { moneyText, qtyText } from '../format/units.js'
import { checkTradingAllowed } from './account-blocks.js'
import { amendedList, amendedListStatus, noteRename, ocoPartner } from './amend-list.js'
import { accountOf, type Handler } from './context.js'
import { limitOf } from './limit-of.js'
import { failLookup } from './orders.js'
import { listed } from './symbol-selection.js'

const rejected = (msg: string): never => fail('ORDER_AMEND_REJECTED', msg)

export const orderAmendKeepPriority: Handler<'order.amend.keepPriority'> = (ctx, p) => {
  const account = accountOf(ctx)
  const s = listed(ctx, p.symbol)
  if (!s.info.amendAllowed) rejected(ME_MESSAGES.AMEND_NOT_SUPPORTED)
  const { qtyScale } = s.spec
  if (significantDecimals(p.newQty) > qtyScale) fail('FILTER_FAILURE', 'LOT_SIZE')
  const newQty = toSafeUnits(p.newQty, qtyScale, 'newQty')
  if (newQty <= 0) fail('INVALID_PARAMETER', 'newQty')
  checkTradingAllowed(ctx, account, 'AMEND')
  const engine = ctx.exchange.engine
  const ref = { orderId: p.orderId, clientOrderId: p.origClientOrderId }
  const found = engine.find(account.id, p.symbol, ref)
  const unknown = () => rejected(ME_MESSAGES.UNKNOWN_ORDER)
  if ('error' in found) return failLookup(found, unknown)
  const list = amendedList(ctx, found.order)
  const max = findFilter(s.info.filters, 'MAX_NUM_ORDER_AMENDS')
  if (max && found.order.amendCount >= max.maxNumOrderAmends) {
    rejected('Filter failure: MAX_NUM_ORDER_AMENDS')
  }
  const amended = engine.amend(
    account.id,
    p.symbol,
    { orderId: found.order.id },
    newQty,
    p.newClientOrderId,
    ctx.now,
  )
  if (!amended.ok) return amended.error === 'REJECTED' ? rejected(amended.msg ?? '') : unknown()
  const partner = ocoPartner(list, amended.order)
  const follow = partner
    ? engine.amend(account.id, p.symbol, { orderId: partner.id }, newQty, partner.clientOrderId, ctx.now)
    : undefined
  if (list) {
    const renamed = amended.origClientOrderId !== amended.order.clientOrderId
    noteRename(follow?.ok ? follow.effects : amended.effects, list, renamed, ctx.now)
  }
  ctx.later(() => {
    ctx.streams.publish(amended.effects, ctx.now)
    if (follow?.ok) ctx.streams.publish(follow.effects, ctx.now)
  })
  const result: AmendKeepPriorityResult = {
    transactTime: ctx.now,
    executionId: amended.executionId,
    amendedOrder: amendedOrder(amended.order, amended.origClientOrderId),
  }
  if (list) result.listStatus = amendedListStatus(list)
  return result
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
  return book.amendments
    .filter((a) => a.order === order && a.executionId >= from)
    .slice(0, limit)
    .map(
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
