// One side of a local order book: levels by price, kept sorted best first.
import type { DepthLevel } from '../../protocol/streams.js'

export class BookLevels {
  private readonly byPrice = new Map<number, DepthLevel>()
  /** Best first: descending for bids, ascending for asks. */
  private readonly prices: number[] = []

  constructor(private readonly descending: boolean) {}

  get size(): number {
    return this.prices.length
  }

  /** Sets a level's absolute quantity; a zero quantity removes it. */
  set(price: string, qty: string): void {
    const p = Number(price)
    if (Number(qty) === 0) {
      if (!this.byPrice.delete(p)) return
      const i = this.index(p)
      if (this.prices[i] === p) this.prices.splice(i, 1)
      return
    }
    if (!this.byPrice.has(p)) this.prices.splice(this.index(p), 0, p)
    this.byPrice.set(p, [price, qty])
  }

  clear(): void {
    this.byPrice.clear()
    this.prices.length = 0
  }

  best(): DepthLevel | undefined {
    const p = this.prices[0]
    return p === undefined ? undefined : this.copy(p)
  }

  /** Up to `limit` levels, best first (copies). */
  levels(limit = Number.POSITIVE_INFINITY): DepthLevel[] {
    const n = Math.min(limit, this.prices.length)
    const out: DepthLevel[] = []
    for (let i = 0; i < n; i++) out.push(this.copy(this.prices[i] as number))
    return out
  }

  private copy(p: number): DepthLevel {
    const [price, qty] = this.byPrice.get(p) as DepthLevel
    return [price, qty]
  }

  /** First index whose price does not sort before `p`. */
  private index(p: number): number {
    let lo = 0
    let hi = this.prices.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const q = this.prices[mid] as number
      if (this.descending ? q > p : q < p) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}
