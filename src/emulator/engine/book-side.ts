// One side of a book: price levels by price, plus their prices sorted so the best one is last.
import type { Side } from '../../protocol/enums.js'
import type { Order } from './order.js'
import { PriceLevel } from './price-level.js'

export class BookSide {
  private readonly levels = new Map<number, PriceLevel>()
  /** Ascending for bids, descending for asks: the best price is always at the end. */
  private readonly prices: number[] = []
  private readonly descending: boolean

  constructor(readonly side: Side) {
    this.descending = side === 'SELL'
  }

  get levelCount(): number {
    return this.prices.length
  }

  /** The quantity resting at `price`; 0 when no level is there. */
  qtyAt(price: number): number {
    return this.levels.get(price)?.qty ?? 0
  }

  best(): PriceLevel | undefined {
    const n = this.prices.length
    return n === 0 ? undefined : this.levels.get(this.prices[n - 1] as number)
  }

  /** Whether a price on this side is at least as good as `limit` for a taker on the other side. */
  crosses(price: number, limit: number): boolean {
    return this.descending ? price <= limit : price >= limit
  }

  add(order: Order): void {
    let level = this.levels.get(order.price)
    if (!level) {
      level = new PriceLevel(order.price)
      this.levels.set(order.price, level)
      this.prices.splice(this.insertionIndex(order.price), 0, order.price)
    }
    level.push(order)
  }

  /** Unlinks a resting order and drops its level once empty. */
  remove(order: Order): void {
    const level = order.level
    if (!level) return
    level.unlink(order)
    if (level.isEmpty) this.dropLevel(level.price)
  }

  /** Levels from best to worst. */
  *walk(): IterableIterator<PriceLevel> {
    for (let i = this.prices.length - 1; i >= 0; i--) {
      const level = this.levels.get(this.prices[i] as number)
      if (level) yield level
    }
  }

  private dropLevel(price: number): void {
    this.levels.delete(price)
    const last = this.prices.length - 1
    if (this.prices[last] === price) {
      this.prices.pop()
      return
    }
    const i = this.insertionIndex(price) - 1
    if (this.prices[i] === price) this.prices.splice(i, 1)
  }

  /** Index after every price that sorts before or equal to `price`. */
  private insertionIndex(price: number): number {
    let lo = 0
    let hi = this.prices.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const p = this.prices[mid] as number
      const before = this.descending ? p >= price : p <= price
      if (before) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}
