// A symbol's order book and order registry: every order by id (`OrderIndex`), the open orders per client id.
import type { Side } from '../../protocol/enums.js'
import { AmendmentLog } from './amendment-log.js'
import { BookSide } from './book-side.js'
import { ClientIdTable, NO_COUNTS, type OpenCounts } from './client-ids.js'
import type { ChunkStore } from './history-chunks.js'
import type { Market } from './market.js'
import type { Order } from './order.js'
import { OrderIndex, type OrderQuery } from './order-index.js'
import type { PreventedMatch } from './prevented-match.js'

/** A query of every order of an account. */
const EVERY_ORDER: OrderQuery = { limit: Number.POSITIVE_INFINITY, shown: () => true }

/** An aggregated price level: [price units, total quantity units]. */
export type LevelView = readonly [price: number, qty: number]

export class OrderBook {
  readonly bids = new BookSide('BUY')
  readonly asks = new BookSide('SELL')
  /** Every order ever accepted, by orderId. */
  private readonly index: OrderIndex
  /** Open orders by client order id, per account. */
  private readonly openByClientId = new Map<number, ClientIdTable>()
  /** The same tables by account id, for ids 0…65535 (an array index is cheaper than a Map lookup). */
  private readonly tablesById: (ClientIdTable | undefined)[] = []
  /** Untriggered stop orders, in placement order. */
  readonly parked = new Set<Order>()
  /** Prevented matches; preventedMatchId n is at index n. */
  readonly preventedMatches: PreventedMatch[] = []
  readonly amendments = new AmendmentLog()
  /** Incremented on every change of the book's levels. */
  updateId = 1
  lastOrderId = 0
  lastTradeId = 0
  /** The last trade price (price units): what stop orders trigger on. 0 until known. */
  lastPrice = 0
  /** Prices of the levels changed since the last `takeChangedLevels`, per side; kept only once `watchLevels` ran. */
  private changed: { readonly bids: Set<number>; readonly asks: Set<number> } | undefined

  constructor(readonly market: Market) {
    this.index = new OrderIndex(market)
  }

  side(side: Side): BookSide {
    return side === 'BUY' ? this.bids : this.asks
  }

  opposite(side: Side): BookSide {
    return side === 'BUY' ? this.asks : this.bids
  }

  /** The order with this id; a closed one stored compactly comes back as a new Order object. */
  order(orderId: number): Order | undefined {
    return this.index.order(orderId)
  }

  /** Whether the order with this id is open (NEW or PARTIALLY_FILLED), without making an object for a closed one. */
  isOpen(orderId: number): boolean {
    return this.index.isOpen(orderId)
  }

  /** The account's open order with this client id, else its latest closed one. */
  findByClientId(accountId: number, clientOrderId: string): Order | undefined {
    const open = this.tableOf(accountId)?.get(clientOrderId)
    return open ?? this.index.latestByClientId(accountId, clientOrderId)
  }

  /** Whether an open order of the account uses this client id. */
  clientIdInUse(accountId: number, clientOrderId: string): boolean {
    return this.tableOf(accountId)?.has(clientOrderId) === true
  }

  openCount(accountId: number): number {
    return this.tableOf(accountId)?.openCount ?? 0
  }

  /** The account's open orders counted as the count filters count them, without walking them. */
  openCounts(accountId: number): OpenCounts {
    return this.tableOf(accountId)?.openCounts() ?? NO_COUNTS
  }

  /** The account's open orders, resting or waiting for a trigger (every account's when undefined), by orderId. */
  openOrders(accountId?: number): Order[] {
    const out: Order[] = []
    if (accountId !== undefined) this.openByClientId.get(accountId)?.values(out)
    else for (const orders of this.openByClientId.values()) orders.values(out)
    return out.sort((a, b) => a.id - b.id)
  }

  /** The account's orders on this book that `q` selects (allOrders), by orderId; every one without `q`. */
  allOrders(accountId: number, q: OrderQuery = EVERY_ORDER): Order[] {
    return this.index.select(accountId, q)
  }

  /** Spills the full chunks of the order index, closed orders and amendments to the history file. */
  spillHistory(store: ChunkStore): void {
    this.index.spill(store)
    this.amendments.spill(store)
  }

  /** Gives an open order a new client id (amend). */
  renameClientId(order: Order, clientOrderId: string): void {
    const ids = this.clientIds(order.accountId)
    ids.delete(order.clientOrderId, order)
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
      this.levelChanged(order.side, order.level.price)
    }
  }

  /** Sends a resting iceberg's next slice to the back of its level's queue. */
  requeue(order: Order): void {
    const side = this.side(order.side)
    side.remove(order)
    order.startSlice()
    side.add(order)
    this.updateId++
    this.levelChanged(order.side, order.price)
  }

  /** From now on, the prices of changed levels are recorded for `takeChangedLevels` (a diff depth stream listens). */
  watchLevels(): void {
    this.changed ??= { bids: new Set(), asks: new Set() }
  }

  /** Notes that the level at `price` on `side` changed; a no-op unless `watchLevels` ran. */
  levelChanged(side: Side, price: number): void {
    if (this.changed) (side === 'BUY' ? this.changed.bids : this.changed.asks).add(price)
  }

  /** The prices of the levels changed since the last call (empty sets before `watchLevels`), and forgets them. */
  takeChangedLevels(): { bids: number[]; asks: number[] } {
    const changed = this.changed
    if (!changed) return { bids: [], asks: [] }
    const out = { bids: [...changed.bids], asks: [...changed.asks] }
    changed.bids.clear()
    changed.asks.clear()
    return out
  }

  /** Keeps an untriggered stop order off the book until it triggers. */
  park(order: Order): void {
    this.parked.add(order)
  }

  /** Registers a new, open order; its id must be the next one. */
  register(order: Order): void {
    this.index.register(order)
    const ids = this.clientIds(order.accountId)
    ids.set(order.clientOrderId, order)
    ids.count(order, 1)
  }

  /** Closes an open order (once): off the book, out of the open count, its client id freed. */
  close(order: Order): void {
    this.index.closeLater(order)
    if (this.parked.size !== 0) this.parked.delete(order)
    if (order.level) {
      this.levelChanged(order.side, order.level.price)
      this.side(order.side).remove(order)
      this.updateId++
    }
    const ids = this.clientIds(order.accountId)
    ids.delete(order.clientOrderId)
    ids.count(order, -1)
  }

  rest(order: Order): void {
    order.startSlice()
    this.side(order.side).add(order)
    this.updateId++
    this.levelChanged(order.side, order.price)
  }

  /** Up to `limit` aggregated levels per side, best first. */
  depth(limit: number): { bids: LevelView[]; asks: LevelView[] } {
    return { bids: levels(this.bids, limit), asks: levels(this.asks, limit) }
  }

  private tableOf(accountId: number): ClientIdTable | undefined {
    if ((accountId & 0xffff) === accountId) return this.tablesById[accountId]
    return this.openByClientId.get(accountId)
  }

  private clientIds(accountId: number): ClientIdTable {
    let ids = this.tableOf(accountId)
    if (!ids) {
      ids = new ClientIdTable()
      this.openByClientId.set(accountId, ids)
      if ((accountId & 0xffff) === accountId) {
        while (this.tablesById.length < accountId) this.tablesById.push(undefined)
        this.tablesById[accountId] = ids
      }
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
