// A SOR order from start to finish: the order on its own symbol, the taker phase across the group
// (allocations), then the remainder: LIMIT GTC rests on the own book, LIMIT IOC and MARKET expire; a LIMIT FOK
// the group's books cannot fill entirely expires before anything trades.
import type { Side, TimeInForce } from '../../../protocol/enums.js'
import { ME_MESSAGES } from '../../../protocol/errors.js'
import { MONEY_SCALE, toSafeUnits, toUnits } from '../../engine/decimal.js'
import { Effects } from '../../engine/effects.js'
import { Order } from '../../engine/order.js'
import type { Account } from '../account.js'
import { fail } from '../api-failure.js'
import type { ExchangeState } from '../state.js'
import type { ListedSymbol } from '../symbols.js'
import type { AllocationRecord } from './desk.js'
import { sorGroupOf } from './groups.js'
import { type RouteLevel, route, routeLevels } from './route.js'
import { sorExecutions } from './sor-reports.js'

/** A validated SOR order request. */
export interface SorRequest {
  readonly side: Side
  readonly type: 'LIMIT' | 'MARKET'
  readonly timeInForce: TimeInForce | undefined
  readonly price: string | undefined
  readonly quantity: string
  /** Shown size of a remainder that rests (LIMIT GTC only). */
  readonly icebergQty: string | undefined
  readonly newClientOrderId: string | undefined
  readonly strategyId: number | undefined
  readonly strategyType: number | undefined
  readonly selfTradePreventionMode: ListedSymbol['info']['defaultSelfTradePreventionMode']
}

export interface SorPlaced {
  readonly order: Order
  readonly allocations: readonly AllocationRecord[]
  /** The SOR order's executions and the customer's balances, then the makers' effects on every book. */
  readonly effects: readonly Effects[]
}

/**
 * What the taker phase can take of `qty` (base money) over `levels`, in whole lots of each level's book as
 * `route` takes them, up to the first level the price-range rule stops it at: the quote money it costs or brings,
 * and the base left unfilled.
 */
function plan(levels: readonly RouteLevel[], qty: bigint): { quote: bigint; left: bigint } {
  let left = qty
  let quote = 0n
  for (const l of levels) {
    if (left <= 0n || !l.inRange) break
    const units = Number((left < l.qty ? left : l.qty) / l.market.baseAmount(1))
    if (units <= 0) continue
    quote += l.market.notional(l.price, units)
    left -= l.market.baseAmount(units)
  }
  return { quote, left }
}

export function placeSor(
  state: ExchangeState,
  account: Account,
  s: ListedSymbol,
  r: SorRequest,
  now: number,
): SorPlaced {
  const symbol = s.info.symbol
  const book = state.book(symbol)
  const m = book.market
  if (r.newClientOrderId !== undefined && book.clientIdInUse(account.id, r.newClientOrderId)) {
    fail('NEW_ORDER_REJECTED', ME_MESSAGES.DUPLICATE_ORDER)
  }
  const group = sorGroupOf(state, symbol)?.symbols ?? [symbol]
  const symbols = [symbol, ...group.filter((x) => x !== symbol)]
  const price = r.type === 'LIMIT' && r.price !== undefined ? toSafeUnits(r.price, m.priceScale) : 0
  const limitMoney = r.type === 'LIMIT' && r.price !== undefined ? toUnits(r.price, MONEY_SCALE) : undefined
  const units = toSafeUnits(r.quantity, m.qtyScale)
  const qty = m.baseAmount(units)
  const levels = routeLevels(state, symbols, r.side, limitMoney, now)
  const timeInForce = r.timeInForce ?? 'GTC'
  const rests = r.type === 'LIMIT' && timeInForce === 'GTC'
  const ledger = state.engine.ledger
  const planned = plan(levels, qty)
  // FOK: the taker phase must fill the whole quantity across the group's books, or nothing trades.
  const killed = r.type === 'LIMIT' && timeInForce === 'FOK' && planned.left > 0n
  const needed =
    r.side === 'SELL'
      ? { asset: m.baseAsset, amount: qty }
      : {
          asset: m.quoteAsset,
          amount: planned.quote + (rests ? m.notional(price, Number(planned.left / m.baseAmount(1))) : 0n),
        }
  if (ledger.free(account.id, needed.asset) < needed.amount) {
    fail('NEW_ORDER_REJECTED', ME_MESSAGES.INSUFFICIENT_BALANCE)
  }

  const order = new Order({
    id: ++book.lastOrderId,
    accountId: account.id,
    market: m,
    side: r.side,
    type: r.type,
    timeInForce,
    price,
    origQty: units,
    quoteOrderQty: 0n,
    icebergQty: r.icebergQty === undefined ? 0 : toSafeUnits(r.icebergQty, m.qtyScale),
    clientOrderId: r.newClientOrderId ?? state.sor.newClientOrderId(),
    time: now,
    selfTradePreventionMode: r.selfTradePreventionMode,
    strategyId: r.strategyId,
    strategyType: r.strategyType,
  })
  order.workingFloor = 'SOR'
  book.register(order)
  const routed = killed
    ? { allocations: [], base: 0n, quote: 0n, effects: [], stopped: false }
    : route(
        state,
        { account, own: m, orderId: order.id, side: r.side, qty, restsAt: rests ? limitMoney : undefined },
        levels,
        now,
      )
  order.executedQty = Number(routed.base / m.baseAmount(1))
  order.cumQuote = routed.quote
  order.updateTime = now
  const mine = new Effects()
  for (const asset of [m.baseAsset, m.quoteAsset, ...routed.allocations.map((a) => a.commissionAsset)]) {
    mine.touch(account.id, asset)
  }
  if (order.remaining > 0 && rests && !routed.stopped) {
    const lockAsset = r.side === 'BUY' ? m.quoteAsset : m.baseAsset
    const lock = r.side === 'BUY' ? m.notional(price, order.remaining) : m.baseAmount(order.remaining)
    ledger.lock(account.id, lockAsset, lock)
    order.locked = lock
    order.lockPrice = price
    order.status = order.executedQty > 0 ? 'PARTIALLY_FILLED' : 'NEW'
    order.workingFloor = 'EXCHANGE'
    book.rest(order)
  } else if (order.remaining > 0) {
    order.status = 'EXPIRED'
    order.expiryReason = routed.stopped
      ? 'EXECUTION_RULE_PRICE_RANGE_EXCEEDED'
      : r.type === 'MARKET'
        ? 'INSUFFICIENT_LIQUIDITY'
        : timeInForce === 'FOK'
          ? 'UNFILLED_FOK_ORDER_EXPIRED'
          : 'UNFILLED_IOC_QUANTITY_EXPIRED'
    book.close(order)
  } else {
    order.status = 'FILLED'
    book.close(order)
  }
  const matcher = state.engine.matcher
  const nextId = () => matcher.nextExecutionId()
  mine.executions.push(...sorExecutions(order, routed.allocations, rests, nextId, now))
  // The first allocation is the order's first fill: the unfilled order count gives one back
  // (docs/emulator-fidelity.md 3.13.4).
  state.record(mine, now)
  return { order, allocations: routed.allocations, effects: [mine, ...routed.effects] }
}
