// Aggregate trades: consecutive trades of one taker order at one time and price become one entry.
import type { ChunkStore } from '../../engine/history-chunks.js'
import { RecordColumns } from '../../engine/record-columns.js'
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

/** The fields of an aggregate in the columns. */
const ID = 0
const PRICE = 1
const QTY = 2
const FIRST_ID = 3
const LAST_ID = 4
const TIME = 5
const TAKER = 6
/** 1 when the buyer was the maker. */
const BUYER_MAKER = 7
const STRIDE = 8

export class AggregateTrades {
  /** The retained aggregates, oldest first (read back as AggTradeRecord objects). */
  private readonly list = new RecordColumns(STRIDE)
  private newestId = 0

  constructor(private readonly keep: number) {}

  add(t: TapeTrade): void {
    const list = this.list
    const last = list.first + list.length - 1
    if (
      list.length > 0 &&
      list.get(last, TAKER) === t.takerOrderId &&
      list.get(last, TIME) === t.time &&
      list.get(last, PRICE) === t.price &&
      list.get(last, BUYER_MAKER) === (t.buyerIsMaker ? 1 : 0)
    ) {
      list.set(last, QTY, list.get(last, QTY) + t.qty)
      list.set(last, LAST_ID, t.id)
      return
    }
    const i = list.push()
    list.set(i, ID, ++this.newestId)
    list.set(i, PRICE, t.price)
    list.set(i, QTY, t.qty)
    list.set(i, FIRST_ID, t.id)
    list.set(i, LAST_ID, t.id)
    list.set(i, TIME, t.time)
    list.set(i, TAKER, t.takerOrderId)
    list.set(i, BUYER_MAKER, t.buyerIsMaker ? 1 : 0)
    list.dropBefore(this.keep)
  }

  /** Spills the full chunks before the newest aggregate's (the one `add` may still add to). */
  spill(store: ChunkStore): void {
    this.list.spill(store)
  }

  /** The id of the newest aggregate; 0 before the first. */
  get lastId(): number {
    return this.newestId
  }

  /** Up to `limit` aggregates with id ≥ `fromId`, oldest first. */
  fromId(fromId: number, limit: number): AggTradeRecord[] {
    const start = this.list.lowerBound(ID, (id) => id >= fromId)
    return this.read(start, Math.min(start + limit, this.list.first + this.list.length))
  }

  /**
   * Aggregates with `startTime ≤ T ≤ endTime`: the oldest from `startTime` when it is given, else
   * the newest up to `endTime`; the most recent `limit` without either.
   */
  byTime(startTime: number | undefined, endTime: number | undefined, limit: number): AggTradeRecord[] {
    const list = this.list
    const start = startTime === undefined ? list.first : list.lowerBound(TIME, (t) => t >= startTime)
    const end = endTime === undefined ? list.first + list.length : list.lowerBound(TIME, (t) => t > endTime)
    return startTime !== undefined
      ? this.read(start, Math.min(end, start + limit))
      : this.read(Math.max(start, end - limit), end)
  }

  /** Records `from` to `to` (exclusive) as objects. */
  private read(from: number, to: number): AggTradeRecord[] {
    const list = this.list
    return list.map(
      from,
      to,
      (i): AggTradeRecord => ({
        id: list.get(i, ID),
        price: list.get(i, PRICE),
        qty: list.get(i, QTY),
        firstId: list.get(i, FIRST_ID),
        lastId: list.get(i, LAST_ID),
        time: list.get(i, TIME),
        buyerIsMaker: list.get(i, BUYER_MAKER) === 1,
        takerOrderId: list.get(i, TAKER),
      }),
    )
  }
}
