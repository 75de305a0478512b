// The fill model of a replay (docs/replay.md "The fill model"): which users' resting orders a replayed trade fills,
// and how much. A resting order fills when a replayed trade trades through its price, and at its own price once the
// market volume that was ahead of it in the queue has traded. This plans the fills; the trade's
// `recordMarketTrades` command carries them and the exchange applies them.
import { Effects } from '../engine/effects.js'
import type { Order } from '../engine/order.js'
import type { ExchangeEvent, HistoryFill } from '../exchange/commands.js'
import type { BookView, Exchange } from '../exchange/exchange.js'
import { LIQUIDITY_ACCOUNT_ID } from '../exchange/liquidity.js'

/** A user's resting order as the model follows it. */
interface Queued {
  readonly order: Order
  /** Arrival order: time priority among the users' orders at one price. */
  readonly seq: number
  /** Market volume (quantity units) still ahead of it at its price. */
  ahead: number
  /** Fills planned for the command about to run, not applied yet. */
  planned: number
}

/** The synthetic liquidity's quantity resting at `price` on the order's side of `book`. */
function marketQtyAt(book: BookView, order: Order): number {
  const side = order.side === 'BUY' ? book.bids : book.asks
  for (const level of side.walk()) {
    if (level.price !== order.price) continue
    let qty = 0
    for (let o = level.head; o; o = o.next) if (o.accountId === LIQUIDITY_ACCOUNT_ID) qty += o.remaining
    return qty
  }
  return 0
}

export class HistoryFills {
  readonly #queued = new Map<string, Queued[]>()
  readonly #known = new Set<Order>()
  #seq = 0

  /** Follows the users' orders on `symbols` (the replayed ones) of `exchange`. */
  constructor(
    private readonly exchange: Exchange,
    symbols: Iterable<string>,
  ) {
    for (const s of symbols) this.#queued.set(s, [])
    exchange.onEvent(this.#observe)
  }

  /** A user's order that starts resting joins the queue at its price behind what the book showed there. */
  readonly #observe = (event: ExchangeEvent): void => {
    if (!(event instanceof Effects)) return
    for (const x of event.executions) {
      const order = x.order
      if (order.accountId === LIQUIDITY_ACCOUNT_ID || !order.onBook || this.#known.has(order)) continue
      const list = this.#queued.get(order.market.symbol)
      if (!list) continue
      let ahead = marketQtyAt(this.exchange.book(order.market.symbol), order)
      // Whatever was ahead of an earlier user order at this price is ahead of this one too.
      for (const q of list)
        if (q.order.side === order.side && q.order.price === order.price) ahead = Math.max(ahead, q.ahead)
      this.#known.add(order)
      list.push({ order, seq: this.#seq++, ahead, planned: 0 })
    }
  }

  /**
   * The fills of one replayed trade, in the order they happen: the orders it trades through first (best price,
   * then time), then those at its price in time order, each behind the market volume still ahead of it. At most
   * the trade's quantity in all; undefined when it fills nothing.
   */
  plan(symbol: string, price: number, qty: number, buyerIsMaker: boolean): HistoryFill[] | undefined {
    const list = this.#queued.get(symbol)
    if (!list || list.length === 0) return undefined
    const buys: Queued[] = []
    const sells: Queued[] = []
    for (const q of list) {
      const o = q.order
      if (o.side === 'BUY' ? o.price > price || (o.price === price && buyerIsMaker) : false) buys.push(q)
      else if (o.side === 'SELL' && (o.price < price || (o.price === price && !buyerIsMaker))) sells.push(q)
    }
    const hit = buys.length > 0 ? buys : sells
    if (hit.length === 0) return undefined
    const better = hit[0]?.order.side === 'BUY' ? -1 : 1
    hit.sort((a, b) => (a.order.price - b.order.price) * better || a.seq - b.seq)
    let left = qty
    let fills: HistoryFill[] | undefined
    const fill = (q: Queued, n: number) => {
      if (n <= 0) return
      q.planned += n
      left -= n
      if (fills === undefined) fills = []
      fills.push({ orderId: q.order.id, qty: n })
    }
    // The volume ahead of the first user order at the price, then between each user order and the next.
    let marketBefore = 0
    let consumed = 0
    for (const q of hit) {
      const open = q.order.remaining - q.planned
      if (q.order.price !== price) {
        q.ahead = 0
        fill(q, Math.min(open, left))
        continue
      }
      const gap = Math.max(0, q.ahead - marketBefore)
      marketBefore = Math.max(marketBefore, q.ahead)
      const take = Math.min(gap, left)
      left -= take
      consumed += take
      q.ahead = Math.max(0, q.ahead - consumed)
      fill(q, Math.min(open, left))
    }
    return fills
  }

  /** After the command that carried the planned fills ran: forgets them, and the orders no longer resting. */
  applied(symbol: string): void {
    const list = this.#queued.get(symbol)
    if (!list || list.length === 0) return
    let kept = 0
    for (const q of list) {
      q.planned = 0
      if (q.order.isOpen && q.order.onBook) list[kept++] = q
      else this.#known.delete(q.order)
    }
    list.length = kept
  }
}
