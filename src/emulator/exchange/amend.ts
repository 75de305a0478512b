// order.amend.keepPriority (docs/emulator-fidelity.md 3.9): an open order's quantity reduced in place, keeping its
// queue position. A list leg (3.9.3): a pending OPO leg cannot be amended, an OCO pair's partner follows (both legs
// keep one quantity), and a renamed leg updates its list. The new quantity meets the filters a quantity can fail, each
// leg it changes at that leg's price and type, with order.place's -1013 (3.9.4, docs/fidelity/A-orders.md).
import { ME_MESSAGES } from '../../protocol/errors.js'
import { significantDecimals } from '../engine/decimal.js'
import type { Effects } from '../engine/effects.js'
import { listUpdate, type OrderList } from '../engine/lists/order-list.js'
import type { Order } from '../engine/order.js'
import { checkAccountMay } from './account-rights.js'
import { fail } from './api-failure.js'
import { foundOrder } from './cancel.js'
import type { Amended, CommandOf, ExchangeEvent } from './commands.js'
import { MARKET_LIKE, money } from './engine-command.js'
import { checkAmendedQuantity } from './filters/check-order.js'
import type { FilterSubject } from './filters.js'
import type { ExchangeState } from './state.js'
import { findFilter, type ListedSymbol } from './symbols.js'
import { priceText, qtyText, safeUnitsOf } from './units.js'

const rejected = (msg: string): never => fail('ORDER_AMEND_REJECTED', msg)

export function amendOrder(
  state: ExchangeState,
  cmd: CommandOf<'amendOrder'>,
  now: number,
  events: ExchangeEvent[],
): Amended {
  const account = state.accountById(cmd.accountId)
  const s = state.symbols.get(cmd.symbol) ?? fail('BAD_SYMBOL')
  if (!s.info.amendAllowed) rejected(ME_MESSAGES.AMEND_NOT_SUPPORTED)
  const { qtyScale } = s.spec
  if (significantDecimals(cmd.newQty) > qtyScale) fail('FILTER_FAILURE', 'LOT_SIZE')
  const newQty = safeUnitsOf(cmd.newQty, qtyScale, 'newQty')
  if (newQty <= 0) fail('INVALID_PARAMETER', 'newQty')
  checkAccountMay(state.config, account, { action: 'AMEND' })
  const unknown = () => rejected(ME_MESSAGES.UNKNOWN_ORDER)
  const order = foundOrder(state, account.id, cmd.symbol, cmd.ref, unknown)
  const list = amendedList(state, order)
  const max = findFilter(s.info.filters, 'MAX_NUM_ORDER_AMENDS')
  if (max && order.amendCount >= max.maxNumOrderAmends) rejected('Filter failure: MAX_NUM_ORDER_AMENDS')
  const partner = ocoPartner(list, order)
  // The engine answers -2038 for a quantity that is no reduction; a reduction meets the filters first (3.9.4).
  if (newQty < order.origQty && newQty > order.executedQty + order.preventedQty) {
    for (const o of partner ? [order, partner] : [order])
      checkAmendedQuantity(state, account, s, amendedSubject(s, o, newQty), now)
  }
  const amended = state.amend(
    account.id,
    cmd.symbol,
    { orderId: order.id },
    newQty,
    cmd.newClientOrderId,
    now,
  )
  if (!amended.ok) return amended.error === 'REJECTED' ? rejected(amended.msg ?? '') : unknown()
  const follow = partner
    ? state.amend(account.id, cmd.symbol, { orderId: partner.id }, newQty, partner.clientOrderId, now)
    : undefined
  if (list) {
    const renamed = amended.origClientOrderId !== amended.order.clientOrderId
    noteRename(follow?.ok ? follow.effects : amended.effects, list, renamed, now)
  }
  events.push(amended.effects)
  if (follow?.ok) events.push(follow.effects)
  const { origClientOrderId, executionId } = amended
  return { order: amended.order, origClientOrderId, executionId, list }
}

/**
 * The order as the filters see it at `newQty`: at its working price (a peg's pegged price, or the price it was sent
 * with until it pegs), its visible part no larger than the quantity.
 */
function amendedSubject(s: ListedSymbol, order: Order, newQty: number): FilterSubject {
  const price = order.price > 0 ? order.price : (order.peg?.sentPrice ?? 0)
  const qty = (n: number) => money(qtyText(s.spec, n))
  return {
    side: order.side,
    type: order.type,
    price: MARKET_LIKE.has(order.type) || price === 0 ? undefined : money(priceText(s.spec, price)),
    quantity: qty(newQty),
    quoteOrderQty: undefined,
    icebergQty: order.icebergQty > 0 ? qty(Math.min(order.icebergQty, newQty)) : undefined,
  }
}

/** The list of the order to amend, if any; refuses a pending OPO leg with -2038. */
function amendedList(state: ExchangeState, order: Order): OrderList | undefined {
  if (order.orderListId < 0) return undefined
  const list = state.lists.registry.ofOrder(order)
  if (list?.paysOther && order.status === 'PENDING_NEW') rejected(ME_MESSAGES.AMEND_PENDING_OPO)
  return list
}

/** The other leg of the OCO pair the order belongs to, if it is still live. */
function ocoPartner(list: OrderList | undefined, order: Order): Order | undefined {
  if (!list?.pair.includes(order)) return undefined
  const other = list.pair.find((o) => o !== order)
  return other && (other.isOpen || other.status === 'PENDING_NEW') ? other : undefined
}

/** Adds the `listStatus` event with `l=UPDATED` when a leg's client order id changed. */
function noteRename(effects: Effects, list: OrderList, renamed: boolean, now: number): void {
  if (renamed) effects.listUpdates.push({ ...listUpdate(list, now), listStatusType: 'UPDATED' })
}
