// Canceling: one order (a list leg cancels its whole list, docs/emulator-fidelity.md 3.6.13), every open order
// on a symbol, one order list.
import { ME_MESSAGES } from '../../protocol/errors.js'
import type { Lookup, OrderRef } from '../engine/commands.js'
import type { OrderList } from '../engine/lists/order-list.js'
import type { Order } from '../engine/order.js'
import type { Account } from './account.js'
import { checkAccountMay } from './account-rights.js'
import { fail } from './api-failure.js'
import { failIfArchived } from './archive.js'
import type { Canceled, CanceledList, CancelSpec, CommandOf, ExchangeEvent } from './commands.js'
import type { ExchangeState } from './state.js'

const unknownOrder = (): never => fail('CANCEL_REJECTED', ME_MESSAGES.UNKNOWN_ORDER)

/** The account's order named by `ref`: `notFound()` when there is none, -2039 when its client id is not the order's. */
export function foundOrder(
  state: ExchangeState,
  accountId: number,
  symbol: string,
  ref: OrderRef,
  notFound: () => never,
): Order {
  const found: Lookup = state.engine.find(accountId, symbol, ref)
  if ('order' in found) return found.order
  return found.error === 'MISMATCH' ? fail('CLIENT_ORDER_ID_INVALID') : notFound()
}

/** order.cancel (and the cancel of order.cancelReplace). */
export function cancelOrder(
  state: ExchangeState,
  cmd: { readonly accountId: number; readonly symbol: string } & CancelSpec,
  now: number,
  events: ExchangeEvent[],
): Canceled {
  const account = state.accountById(cmd.accountId)
  checkAccountMay(state.config, account, { action: 'CANCEL' })
  const order = foundOrder(state, account.id, cmd.symbol, cmd.ref, unknownOrder)
  failIfArchived(state.config, order, now)
  if (order.orderListId >= 0) return cancelListOf(state, account, order, cmd.newClientOrderId, now, events)
  if (!order.isOpen) return unknownOrder()
  const restriction = cmd.restriction
  if (
    (restriction === 'ONLY_NEW' && order.status !== 'NEW') ||
    (restriction === 'ONLY_PARTIALLY_FILLED' && order.status !== 'PARTIALLY_FILLED')
  ) {
    fail('CANCEL_REJECTED', ME_MESSAGES.CANCEL_RESTRICTIONS)
  }
  const canceled = state.cancel(account.id, cmd.symbol, { orderId: order.id }, cmd.newClientOrderId, now)
  if (!canceled.ok) return unknownOrder()
  events.push(canceled.effects)
  return { order: canceled.order, origClientOrderId: canceled.origClientOrderId }
}

/** openOrders.cancelAll: every open order of the account on the symbol; a list once, as a list. */
export function cancelOpenOrders(
  state: ExchangeState,
  cmd: CommandOf<'cancelOpenOrders'>,
  now: number,
  events: ExchangeEvent[],
): readonly Canceled[] {
  const account = state.accountById(cmd.accountId)
  checkAccountMay(state.config, account, { action: 'CANCEL' })
  const open = state.book(cmd.symbol).openOrders(account.id)
  if (open.length === 0) unknownOrder()
  const out: Canceled[] = []
  const lists = new Set<number>()
  for (const order of open) {
    if (!order.isOpen) continue
    if (order.orderListId >= 0) {
      if (lists.has(order.orderListId)) continue
      lists.add(order.orderListId)
      out.push(cancelListOf(state, account, order, undefined, now, events))
      continue
    }
    const canceled = state.cancel(account.id, cmd.symbol, { orderId: order.id }, undefined, now)
    if (!canceled.ok) continue
    events.push(canceled.effects)
    out.push({ order: canceled.order, origClientOrderId: canceled.origClientOrderId })
  }
  return out
}

/** orderList.cancel. */
export function cancelOrderList(
  state: ExchangeState,
  cmd: CommandOf<'cancelOrderList'>,
  now: number,
  events: ExchangeEvent[],
): CanceledList {
  const account = state.accountById(cmd.accountId)
  checkAccountMay(state.config, account, { action: 'CANCEL' })
  const found = state.lists.registry.find(account.id, cmd.ref)
  if ('error' in found || found.list.symbol !== cmd.symbol || !found.list.isOpen) return unknownOrder()
  return cancelList(state, account, found.list, cmd.newClientOrderId, now, events)
}

/** Cancels the whole list of the leg `leg`. */
function cancelListOf(
  state: ExchangeState,
  account: Account,
  leg: Order,
  newClientOrderId: string | undefined,
  now: number,
  events: ExchangeEvent[],
): CanceledList {
  const list = state.lists.registry.ofOrder(leg)
  if (!list?.isOpen) return unknownOrder()
  return cancelList(state, account, list, newClientOrderId, now, events)
}

function cancelList(
  state: ExchangeState,
  account: Account,
  list: OrderList,
  newClientOrderId: string | undefined,
  now: number,
  events: ExchangeEvent[],
): CanceledList {
  if (list.accountId !== account.id) return unknownOrder()
  const canceled = state.cancelList(list, newClientOrderId, now)
  events.push(canceled.effects)
  return { list, origClientOrderIds: canceled.origClientOrderIds }
}
