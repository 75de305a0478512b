// Read-only walks over the resting side a taker would hit: liquidity, cost, quantity for a quote amount.
import type { BookSide } from './book-side.js'
import type { LotRules, Market } from './market.js'
import type { Order } from './order.js'

/**
 * Quote money a market taker would exchange for up to `qty` of the book (what is there if less).
 * `skip` leaves out makers the taker will not trade with (self-trade prevention expires them, so it walks on).
 */
export function costOfQty(
  market: Market,
  side: BookSide,
  qty: number,
  skip?: (maker: Order) => boolean,
): bigint {
  let left = qty
  let cost = 0n
  for (const level of side.walk()) {
    let available = level.qty
    if (skip) for (let o = level.head; o; o = o.next) if (skip(o)) available -= o.visible
    const take = Math.min(available, left)
    cost += market.notional(level.price, take)
    left -= take
    if (left === 0) break
  }
  return cost
}

/**
 * The largest quantity, a multiple of LOT_SIZE's step within its maximums, whose
 * book-walk notional does not exceed `quote`.
 */
export function qtyForQuote(market: Market, side: BookSide, quote: bigint): number {
  let qty = 0
  let left = quote
  for (const level of side.walk()) {
    const unit = market.unitCost(level.price)
    const affordable = left / unit
    if (affordable >= BigInt(level.qty)) {
      qty += level.qty
      left -= unit * BigInt(level.qty)
    } else {
      qty += Number(affordable)
      break
    }
  }
  qty = capAt(qty, market.lot)
  return capAt(qty, market.marketLot)
}

function capAt(qty: number, rules: LotRules): number {
  let q = rules.max > 0 && qty > rules.max ? rules.max : qty
  if (rules.step > 0 && q >= rules.min) q -= (q - rules.min) % rules.step
  return q
}
