// Leg mechanics the list desk needs beyond the engine's place/cancel: a leg registered without
// working (PENDING_NEW), put to work later with a given reservation, canceled or expired by the list.
import type { ExpiryReason, OrderStatus, RejectReason } from '../../../protocol/enums.js'
import type { OrderBook } from '../book.js'
import type { PlaceCommand } from '../commands.js'
import type { Effects } from '../effects.js'
import type { Engine } from '../engine.js'
import { statusExecution } from '../executions.js'
import type { Step } from '../matcher.js'
import { Order } from '../order.js'
import { peggedPrice } from '../peg.js'
import { armTrailing, wouldTriggerImmediately } from '../triggers.js'

const BIPS = 10_000

/** Funds a leg reserves (quote for BUY, base for SELL, money units) and the BUY price they assume. */
export interface Reservation {
  readonly amount: bigint
  readonly price: number
}

export function legReservation(book: OrderBook, cmd: PlaceCommand, qty: number): Reservation {
  const { market } = book
  if (cmd.side === 'SELL') return { amount: market.baseAmount(qty), price: 0 }
  let price = cmd.price
  if (price === 0) {
    const base = Math.max(cmd.stopPrice ?? 0, book.lastPrice)
    price = Math.ceil((base * (BIPS + (cmd.trailingDelta ?? 0))) / BIPS)
  }
  return { amount: market.notional(price, qty), price }
}

/** A new registered leg that does not work yet: PENDING_NEW, workingTime -1, nothing locked. */
export function registerLeg(
  book: OrderBook,
  cmd: PlaceCommand,
  clientOrderId: string,
  listId: number,
  now: number,
): Order {
  const order = new Order({
    id: ++book.lastOrderId,
    accountId: cmd.accountId,
    market: book.market,
    side: cmd.side,
    type: cmd.type,
    timeInForce: cmd.timeInForce,
    price: cmd.price,
    origQty: cmd.quantity,
    quoteOrderQty: 0n,
    clientOrderId,
    time: now,
    selfTradePreventionMode: cmd.selfTradePreventionMode,
    strategyId: cmd.strategyId,
    strategyType: cmd.strategyType,
    stopPrice: cmd.stopPrice ?? 0,
    trailingDelta: cmd.trailingDelta,
    icebergQty: cmd.icebergQty ?? 0,
    peg: cmd.peg,
  })
  order.orderListId = listId
  order.status = 'PENDING_NEW'
  order.workingTime = -1
  book.register(order)
  return order
}

/**
 * A pegged LIMIT/LIMIT_MAKER leg that did not peg at placement (a pending leg) takes its price from the book as
 * it starts; false when the level it pegs to is absent (the leg is then rejected). Stop-limit legs peg when
 * they trigger; other legs need nothing.
 */
export function pegAtStart(book: OrderBook, order: Order): boolean {
  const { peg } = order
  if (!peg || order.isStop || order.price > 0) return true
  const price = peggedPrice(book, order.side, peg.priceType, peg.offsetValue ?? 0)
  if (price === undefined) return false
  order.price = price
  return true
}

/** Reports a just-registered pending leg (x=NEW, X=PENDING_NEW; docs/emulator-fidelity.md A22). */
export function announcePending(engine: Engine, order: Order, effects: Effects, now: number): void {
  const m = engine.matcher
  m.emit(statusExecution(order, 'NEW', m.nextExecutionId(), now, false), undefined, effects, now)
}

/**
 * Puts a registered leg to work holding `lock`: a stop waits for its trigger, anything else takes
 * liquidity and rests or expires. Rejected (eR=REJECTED) when a stop would trigger at once or a
 * LIMIT_MAKER would take.
 */
export function startLeg(engine: Engine, step: Step, order: Order, lock: Reservation): void {
  const { book, effects, now } = step
  const m = engine.matcher
  const opposite = book.opposite(order.side)
  const best = opposite.best()
  const crosses =
    order.type === 'LIMIT_MAKER' && best !== undefined && opposite.crosses(best.price, order.price)
  if (
    crosses ||
    (order.isStop && wouldTriggerImmediately(order.type, order.side, order.stopPrice, book.lastPrice))
  ) {
    reject(engine, step, order)
    return
  }
  const asset = order.side === 'BUY' ? book.market.quoteAsset : book.market.baseAsset
  order.status = 'NEW'
  order.updateTime = now
  order.locked = lock.amount
  order.lockPrice = lock.price
  engine.ledger.lock(order.accountId, asset, lock.amount)
  if (lock.amount > 0n) effects.touch(order.accountId, asset)
  if (order.isStop) {
    armTrailing(order, book.lastPrice, now)
    book.park(order)
    m.emit(statusExecution(order, 'NEW', m.nextExecutionId(), now, false), undefined, effects, now)
    return
  }
  order.workingTime = now
  m.emit(statusExecution(order, 'NEW', m.nextExecutionId(), now, true), undefined, effects, now)
  m.work(book, order, effects, now)
}

/** The leg could not be placed when its time came (funds, filters, prices): REJECTED, eR=REJECTED, `r` the reason if known. */
export function reject(engine: Engine, step: Step, order: Order, rejectReason?: RejectReason): void {
  const { book, effects, now } = step
  const m = engine.matcher
  order.status = 'REJECTED'
  order.expiryReason = 'REJECTED'
  order.updateTime = now
  m.finish(book, order, effects)
  const x = statusExecution(order, 'REJECTED', m.nextExecutionId(), now, false)
  m.emit(rejectReason === undefined ? x : { ...x, rejectReason }, undefined, effects, now)
}

/** Cancels an open or pending leg; its client id becomes `newClientOrderId`. Returns the old id. */
export function cancelLeg(engine: Engine, step: Step, order: Order, newClientOrderId: string): string {
  const { book, effects, now } = step
  const m = engine.matcher
  const orig = order.clientOrderId
  order.status = 'CANCELED'
  order.updateTime = now
  m.finish(book, order, effects)
  order.clientOrderId = newClientOrderId
  m.emit(statusExecution(order, 'CANCELED', m.nextExecutionId(), now, false, orig), undefined, effects, now)
  return orig
}

export function expireLeg(engine: Engine, step: Step, order: Order, reason: ExpiryReason): void {
  engine.matcher.expire(step, order, reason)
}

/** The statuses of a leg that can still trade, start or be canceled. */
export const LIVE_STATUSES: ReadonlySet<OrderStatus> = new Set(['NEW', 'PARTIALLY_FILLED', 'PENDING_NEW'])

export function isLive(order: Order): boolean {
  return LIVE_STATUSES.has(order.status)
}
