// Stop and take-profit triggering on the last trade price, with trailing stops (docs/emulator-fidelity.md
// 3.3.5–3.3.7).
// Pure functions of an order and a price; the engine calls them for every trade on the symbol.
import type { OrderType, Side } from '../../protocol/enums.js'
import type { Order } from './order.js'

const BIPS = 10_000n

/**
 * Whether the stop condition fires at `price` when the stop leg is armed at `stopPrice`:
 * upward for STOP_LOSS BUY and TAKE_PROFIT SELL (price ≥ stop), downward otherwise (price ≤ stop).
 */
export function stopConditionMet(type: OrderType, side: Side, stopPrice: number, price: number): boolean {
  return triggersUpward(type, side) ? price >= stopPrice : price <= stopPrice
}

/** STOP_LOSS(_LIMIT) BUY and TAKE_PROFIT(_LIMIT) SELL fire on a rise; the others on a fall. */
function triggersUpward(type: OrderType, side: Side): boolean {
  const stopLoss = type === 'STOP_LOSS' || type === 'STOP_LOSS_LIMIT'
  return stopLoss === (side === 'BUY')
}

/** "Order would trigger immediately.": the stop price is already met by the last price. */
export function wouldTriggerImmediately(
  type: OrderType,
  side: Side,
  stopPrice: number,
  lastPrice: number,
): boolean {
  return stopPrice > 0 && lastPrice > 0 && stopConditionMet(type, side, stopPrice, lastPrice)
}

/**
 * Starts tracking at placement for a trailing order without stopPrice (docs/emulator-fidelity.md A26: from
 * the last price).
 */
export function armTrailing(order: Order, lastPrice: number, now: number): void {
  if (order.trailingDelta === undefined || order.stopPrice > 0 || lastPrice <= 0) return
  order.trailingTime = now
  order.trailExtreme = lastPrice
}

/** Feeds one trade price to a waiting stop order; true when the order triggers. */
export function observeTrade(order: Order, price: number, now: number): boolean {
  const delta = order.trailingDelta
  if (delta === undefined) return stopConditionMet(order.type, order.side, order.stopPrice, price)
  if (order.trailExtreme === 0) {
    if (!stopConditionMet(order.type, order.side, order.stopPrice, price)) return false
    order.trailingTime = now
    order.trailExtreme = price
    return false
  }
  const p = BigInt(price)
  const extreme = BigInt(order.trailExtreme)
  if (order.side === 'BUY') {
    if (price < order.trailExtreme) {
      order.trailExtreme = price
      return false
    }
    return p * BIPS >= extreme * (BIPS + BigInt(delta))
  }
  if (price > order.trailExtreme) {
    order.trailExtreme = price
    return false
  }
  return p * BIPS <= extreme * (BIPS - BigInt(delta))
}
