// A symbol's order book and order registry: every order by id, the latest order per client id.
import type { Side } from '../../protocol/enums.js'
import { BookSide } from './book-side.js'
import type { Market } from './market.js'
import type { Order } from './order.js'
import type { Amendment, PreventedMatch } from './prevented-match.js'

/** An aggregated price level: [price units, total quantity units]. */
export type LevelView = readonly [price: number, qty: number]

export class OrderBook {
  readonly bids = new BookSide('BUY')
  readonly asks = new BookSide('SELL')
  /** Every order ever accepted: orderId n is at index n − 1. */
  private readonly history: Order[] = []
  /** Open orders by client order id, per account. */
  private readonly openByClientId = new Map<number, Map<string, Order>>()
  /** Open orders per account. */
  private readonly openCounts = new Map<number, number>()
  /** Untriggered stop orders, in placement order. */
  readonly parked = new Set<Order>()
  /** Prevented matches; preventedMatchId n is at index n. */
  readonly preventedMatches: PreventedMatch[] = []
  readonly amendments: Amendment[] = []
  /** Incremented on every change of the book's levels. */
  updateId = 1
  lastOrderId = 0
  lastTradeId = 0
  /** The last trade price (price units): what stop orders trigger on. 0 until known. */
  lastPrice = 0

  constructor(readonly market: Market) {}

  side(side: Side): BookSide {
    return side === 'BUY' ? this.bids : this.asks
  }

  opposite(side: Side): BookSide {
    return side === 'BUY' ? this.asks : this.bids
  }

  order(orderId: number): Order | undefined {
    return this.history[orderId - 1]
  }

  /** The account's open order with this client id, else its latest closed one. */
  findByClientId(accountId: number, clientOrderId: string): Order | undefined {
    const open = this.openByClientId.get(accountId)?.get(clientOrderId)
    if (open) return open
    for (let i = this.history.length - 1; i >= 0; i--) {
      const o = this.history[i] as Order
      if (o.accountId === accountId && o.clientOrderId === clientOrderId) return o
    }
    return undefined
  }

  /** Whether an open order of the account uses this client id. */
  clientIdInUse(accountId: number, clientOrderId: string): boolean {
    return this.openByClientId.get(accountId)?.has(clientOrderId) === true
  }

  openCount(accountId: number): number {
    return this.openCounts.get(accountId) ?? 0
  }

  /** The account's open orders, resting or waiting for a trigger (every account's when undefined), by orderId. */
  openOrders(accountId?: number): Order[] {
    const out: Order[] = []
    for (const [id, orders] of this.openByClientId) {
      if (accountId === undefined || id === accountId) out.push(...orders.values())
    }
    return out.sort((a, b) => a.id - b.id)
  }

  /** Every order of the account ever accepted on this book, by orderId. */
  allOrders(accountId: number): Order[] {
    return this.history.filter((o) => o.accountId === accountId)
  }

  /** Gives an open order a new client id (amend). */
  renameClientId(order: Order, clientOrderId: string): void {
    const ids = this.clientIds(order.accountId)
    if (ids.get(order.clientOrderId) === order) ids.delete(order.clientOrderId)
    order.clientOrderId = clientOrderId
    ids.set(clientOrderId, order)
  }

  /** Runs `change` on an order and keeps its level's visible quantity in step. */
  adjust(order: Order, change: () => void): void {
    const before = order.visible
    change()
    if (order.level) {
      order.level.qty += order.visible - before
      this.updateId++
    }
  }

  /** Sends a resting iceberg's next slice to the back of its level's queue. */
  requeue(order: Order): void {
    const side = this.side(order.side)
    side.remove(order)
    order.startSlice()
    side.add(order)
    this.updateId++
  }

  /** Keeps an untriggered stop order off the book until it triggers. */
  park(order: Order): void {
    this.parked.add(order)
  }

  /** Registers a new, open order; its id must be the next one. */
  register(order: Order): void {
    if (order.id !== this.history.length + 1) throw new RangeError(`order id ${order.id} out of sequence`)
    this.history.push(order)
    this.clientIds(order.accountId).set(order.clientOrderId, order)
    this.openCounts.set(order.accountId, this.openCount(order.accountId) + 1)
  }

  /** Closes an open order (once): off the book, out of the open count, its client id freed. */
  close(order: Order): void {
    this.parked.delete(order)
    if (order.level) {
      this.side(order.side).remove(order)
      this.updateId++
    }
    this.clientIds(order.accountId).delete(order.clientOrderId)
    this.openCounts.set(order.accountId, this.openCount(order.accountId) - 1)
  }

  rest(order: Order): void {
    order.startSlice()
    this.side(order.side).add(order)
    this.updateId++
  }

  /** Up to `limit` aggregated levels per side, best first. */
  depth(limit: number): { bids: LevelView[]; asks: LevelView[] } {
    return { bids: levels(this.bids, limit), asks: levels(this.asks, limit) }
  }

  private clientIds(accountId: number): Map<string, Order> {
    let ids = this.openByClientId.get(accountId)
    if (!ids) {
      ids = new Map()
      this.openByClientId.set(accountId, ids)
    }
    return ids
  }
}

function levels(side: BookSide, limit: number): LevelView[] {
  const out: LevelView[] = []
  for (const level of side.walk()) {
    if (out.length >= limit) break
    out.push([level.price, level.qty])
  }
  return out
}
