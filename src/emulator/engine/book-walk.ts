// Read-only walks over the resting side a taker would hit: liquidity, cost, quantity for a quote amount. They count
// what the matcher takes, not what the book shows: every resting order's full remaining quantity (the matcher takes
// an iceberg's refreshed slices within one taker), less the makers self-trade prevention takes away (`skip`).
import type { BookSide } from './book-side.js'
import type { LotRules, Market } from './market.js'
import type { Order } from './order.js'
import type { PriceLevel } from './price-level.js'

/** Makers a walk leaves out (see stp.ts › stpWalkSkips). */
export type MakerSkip = (maker: Order) => boolean

/**
 * Quantity a taker can take at `level`: Σ remaining of its orders, hidden iceberg quantity included, less the
 * skipped makers. Counting stops once it reaches `enough` (the result is then at least `enough`).
 */
export function levelLiquidity(level: PriceLevel, enough: number, skip?: MakerSkip): number {
  // Σ visible ≤ Σ remaining: enough shown is enough.
  if (skip === undefined && level.qty >= enough) return level.qty
  let qty = 0
  for (let o = level.head; o !== null; o = o.next) {
    if (skip?.(o)) continue
    qty += o.remaining
    if (qty >= enough) break
  }
  return qty
}

/**
 * Quote money a market taker would exchange for up to `qty` of the book (what is there if less).
 * `skip` leaves out makers the taker will not trade with (self-trade prevention expires them, so it walks on).
 */
export function costOfQty(market: Market, side: BookSide, qty: number, skip?: MakerSkip): bigint {
  let left = qty
  let cost = 0n
  for (const level of side.walk()) {
    const take = Math.min(levelLiquidity(level, left, skip), left)
    if (take > 0) cost += market.notional(level.price, take)
    left -= take
    if (left === 0) break
  }
  return cost
}

/** What qtyForQuote found. */
export interface QuoteSizing {
  readonly qty: number
  /**
   * Whether the book ran out while the quote amount left could still pay for (or was still owed) one more quantity
   * unit at the last price, and no maximum quantity cut the order first.
   */
  readonly bookShort: boolean
  /** Whether the quantity the amount buys (within LOT_SIZE) is over MARKET_LOT_SIZE's `maxQty`: a filter failure. */
  readonly overMarketMax: boolean
}

/**
 * The largest quantity, a multiple of LOT_SIZE's step within LOT_SIZE's maximum, whose book-walk notional does not
 * exceed `quote` (`skip` leaves out makers the taker walks past), and whether the book ran short.
 */
export function qtyForQuote(
  market: Market,
  side: BookSide,
  quote: bigint,
  skip: MakerSkip | undefined,
): QuoteSizing {
  let qty = 0
  let left = quote
  let exhausted = true
  let lastUnit = 0n
  for (const level of side.walk()) {
    const unit = market.unitCost(level.price)
    const units = left / unit
    const affordable = units >= MAX_UNITS ? Number.MAX_SAFE_INTEGER - 1 : Number(units)
    // One more than affordable tells "more than the quote pays for" from "exactly that".
    const available = levelLiquidity(level, affordable + 1, skip)
    if (available === 0) continue
    lastUnit = unit
    if (available > affordable) {
      qty += affordable
      exhausted = false
      break
    }
    qty += available
    left -= unit * BigInt(available)
  }
  const { lot, marketLot } = market
  const inLot = capAt(qty, lot)
  return {
    qty: inLot,
    bookShort: exhausted && lastUnit > 0n && left >= lastUnit && !overMax(qty, lot),
    overMarketMax: overMax(inLot, marketLot),
  }
}

const MAX_UNITS = BigInt(Number.MAX_SAFE_INTEGER - 1)

function overMax(qty: number, rules: LotRules): boolean {
  return rules.max > 0 && qty > rules.max
}

function capAt(qty: number, rules: LotRules): number {
  let q = overMax(qty, rules) ? rules.max : qty
  if (rules.step > 0 && q >= rules.min) q -= (q - rules.min) % rules.step
  return q
}
