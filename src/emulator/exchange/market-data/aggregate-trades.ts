// Aggregate trades: consecutive trades of one taker order at one time and price become one entry.
import { lowerBound } from './lower-bound.js'
import type { TapeTrade } from './trade-tape.js'

/** One aggregate trade, in the symbol's units. */
export interface AggTradeRecord {
  readonly id: number
  readonly price: number
  qty: number
  readonly firstId: number
  lastId: number
  readonly time: number
  readonly buyerIsMaker: boolean
  readonly takerOrderId: number
}

export class AggregateTrades {
  private list: AggTradeRecord[] = []
  private newestId = 0

  constructor(private readonly keep: number) {}

  add(t: TapeTrade): void {
    const last = this.list[this.list.length - 1]
    if (
      last &&
      last.takerOrderId === t.takerOrderId &&
      last.time === t.time &&
      last.price === t.price &&
      last.buyerIsMaker === t.buyerIsMaker
    ) {
      last.qty += t.qty
      last.lastId = t.id
      return
    }
    this.list.push({
      id: ++this.newestId,
      price: t.price,
      qty: t.qty,
      firstId: t.id,
      lastId: t.id,
      time: t.time,
      buyerIsMaker: t.buyerIsMaker,
      takerOrderId: t.takerOrderId,
    })
    if (this.list.length >= this.keep * 2) this.list = this.list.slice(-this.keep)
  }

  /** The id of the newest aggregate; 0 before the first. */
  get lastId(): number {
    return this.newestId
  }

  /** Up to `limit` aggregates with id ≥ `fromId`, oldest first. */
  fromId(fromId: number, limit: number): AggTradeRecord[] {
    const start = lowerBound(this.list, (a) => a.id >= fromId)
    return this.list.slice(start, start + limit)
  }

  /**
   * Aggregates with `startTime ≤ T ≤ endTime`: the oldest from `startTime` when it is given, else
   * the newest up to `endTime`; the most recent `limit` without either.
   */
  byTime(startTime: number | undefined, endTime: number | undefined, limit: number): AggTradeRecord[] {
    const start = startTime === undefined ? 0 : lowerBound(this.list, (a) => a.time >= startTime)
    const end = endTime === undefined ? this.list.length : lowerBound(this.list, (a) => a.time > endTime)
    return startTime !== undefined
      ? this.list.slice(start, Math.min(end, start + limit))
      : this.list.slice(Math.max(start, end - limit), end)
  }
}
