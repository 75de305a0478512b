// New orders through order entry into the engine: order.place, the test methods, order lists, SOR orders.
import { fail } from './api-failure.js'
import type { CommandOf, CommandResults, ExchangeEvent, NewOrder, PlacedOrder } from './commands.js'
import { placeCommand } from './engine-command.js'
import { checkEntry, type Entry, entryOf } from './order-entry.js'
import { placeSor } from './sor/place-sor.js'
import type { ExchangeState } from './state.js'
import type { ListedSymbol } from './symbols.js'

/** order.place. */
export function placeOrder(
  state: ExchangeState,
  cmd: CommandOf<'placeOrder'>,
  now: number,
  events: ExchangeEvent[],
): PlacedOrder {
  const { accountId, order, cost } = cmd
  const e = entryOf(state, { kind: 'ORDER', accountId, symbol: order.symbol, orders: [order], cost, now })
  checkEntry(e)
  return placeChecked(e, events)
}

/** Places an order that passed order entry; counts it first when the entry has a cost. */
export function placeChecked(e: Entry, events: ExchangeEvent[]): PlacedOrder {
  const { state, account, now } = e
  const cmd = placeCommand(account, e.symbol, e.orders[0] as NewOrder, e.pegs[0])
  if (e.cost > 0) state.orderCounter.add(account.id, e.cost, now)
  const placed = state.place(cmd, now)
  if (!placed.ok && placed.filter) {
    // A filter failure, as those of order entry, which count nothing (order_count_decrement.md: "successful").
    if (e.cost > 0) state.orderCounter.takeBack(account.id, e.cost, now)
    return fail('FILTER_FAILURE', placed.filter)
  }
  if (!placed.ok) return fail('NEW_ORDER_REJECTED', placed.msg)
  events.push(placed.effects)
  return { order: placed.order, trades: placed.trades, prevented: placed.prevented }
}

/** order.test / sor.order.test: order entry without placing; the symbol it was checked on. */
export function testOrder(
  state: ExchangeState,
  accountId: number,
  order: NewOrder,
  sor: boolean,
  now: number,
): ListedSymbol {
  const e = entryOf(state, {
    kind: sor ? 'SOR' : 'ORDER',
    accountId,
    symbol: order.symbol,
    orders: [order],
    cost: 0,
    now,
    test: true,
  })
  checkEntry(e)
  placeCommand(e.account, e.symbol, order)
  return e.symbol
}

/** orderList.place and orderList.place.*: all legs or none. The answer shows the list as placed. */
export function placeOrderList(
  state: ExchangeState,
  cmd: CommandOf<'placeOrderList'>,
  now: number,
  events: ExchangeEvent[],
): CommandResults['placeOrderList'] {
  const { accountId, list, cost } = cmd
  const orders = list.legs.map((l) => l.params)
  const e = entryOf(state, { kind: list.kind, accountId, symbol: list.symbol, orders, cost, now })
  checkEntry(e)
  const legs = orders.map((p, i) => placeCommand(e.account, e.symbol, p, e.pegs[i]))
  state.orderCounter.add(accountId, cost, now)
  const placed = state.placeList(
    {
      accountId,
      symbol: e.symbol.info.symbol,
      kind: list.kind,
      listClientOrderId: list.listClientOrderId,
      legs,
    },
    now,
  )
  if (!placed.ok) return fail('NEW_ORDER_REJECTED', placed.msg)
  events.push(placed.effects)
  return { list: placed.asPlaced, trades: placed.trades }
}

/** sor.order.place: the order on its own symbol, its taker phase across the symbol's SOR group. */
export function placeSorOrder(
  state: ExchangeState,
  cmd: CommandOf<'placeSorOrder'>,
  now: number,
  events: ExchangeEvent[],
): CommandResults['placeSorOrder'] {
  const { accountId, order: p, cost } = cmd
  const e = entryOf(state, { kind: 'SOR', accountId, symbol: p.symbol, orders: [p], cost, now })
  checkEntry(e)
  state.orderCounter.add(accountId, cost, now)
  const placed = placeSor(
    state,
    e.account,
    e.symbol,
    {
      side: p.side,
      type: p.type,
      timeInForce: p.timeInForce,
      price: p.price,
      quantity: p.quantity,
      icebergQty: p.icebergQty,
      newClientOrderId: p.newClientOrderId,
      strategyId: p.strategyId,
      strategyType: p.strategyType,
      selfTradePreventionMode: p.selfTradePreventionMode ?? e.symbol.info.defaultSelfTradePreventionMode,
    },
    now,
  )
  events.push(...placed.effects)
  return { order: placed.order, allocations: placed.allocations }
}
