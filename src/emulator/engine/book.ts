// A symbol's order book and order registry: every order by id, the latest order per client id.
import type { Side } from '../../protocol/enums.js'
import { AmendmentLog } from './amendment-log.js'
import { BookSide } from './book-side.js'
import { ClientIdTable, NO_COUNTS, type OpenCounts } from './client-ids.js'
import { ClosedOrders } from './closed-orders.js'
import type { ChunkStore } from './history-chunks.js'
import type { Market } from './market.js'
import type { Order } from './order.js'
import type { PreventedMatch } from './prevented-match.js'

/** An aggregated price level: [price units, total quantity units]. */
export type LevelView = readonly [price: number, qty: number]

export class OrderBook {
  readonly bids = new BookSide('BUY')
  readonly asks = new BookSide('SELL')
  /**
   * Every order ever accepted: orderId n is at index n − 1, as an object while open (and when not plain enough
   * to store compactly), else the number of its record in `closed`.
   */
  private readonly history: (Order | number)[] = []
  /** The closed orders stored compactly. */
  private readonly closed: ClosedOrders
  /** Orders closed since the last flush (the first `pendingCount`): stored compactly at the next register or close. */
  private readonly pending: (Order | undefined)[] = [undefined, undefined, undefined, undefined]
  private pendingCount = 0
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
    this.closed = new ClosedOrders(market)
  }

  side(side: Side): BookSide {
    return side === 'BUY' ? this.bids : this.asks
  }

  opposite(side: Side): BookSide {
    return side === 'BUY' ? this.asks : this.bids
  }

  /** The order with this id; a closed one stored compactly comes back as a new Order object. */
  order(orderId: number): Order | undefined {
    const o = this.history[orderId - 1]
    return typeof o === 'number' ? this.closed.get(o) : o
  }

  /** Whether the order with this id is open (NEW or PARTIALLY_FILLED), without making an object for a closed one. */
  isOpen(orderId: number): boolean {
    const o = this.history[orderId - 1]
    return o !== undefined && typeof o !== 'number' && o.isOpen
  }

  /** The account's open order with this client id, else its latest closed one. */
  findByClientId(accountId: number, clientOrderId: string): Order | undefined {
    const open = this.tableOf(accountId)?.get(clientOrderId)
    if (open) return open
    const closed = this.closed
    for (let i = this.history.length - 1; i >= 0; i--) {
      const o = this.history[i] as Order | number
      if (typeof o === 'number') {
        if (closed.accountId(o) === accountId && closed.clientOrderIdIs(o, clientOrderId))
          return closed.get(o)
      } else if (o.accountId === accountId && o.clientOrderId === clientOrderId) return o
    }
    return undefined
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

  /** Every order of the account ever accepted on this book, by orderId. */
  allOrders(accountId: number): Order[] {
    const out: Order[] = []
    const closed = this.closed
    for (let i = 0; i < this.history.length; i++) {
      const o = this.history[i] as Order | number
      if (typeof o === 'number') {
        if (closed.accountId(o) === accountId) out.push(closed.get(o))
      } else if (o.accountId === accountId) out.push(o)
    }
    return out
  }

  /** Spills the full chunks of the closed orders and amendments to the history file. */
  spillHistory(store: ChunkStore): void {
    this.closed.spill(store)
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
    if (order.id !== this.history.length + 1) throw new RangeError(`order id ${order.id} out of sequence`)
    if (this.pendingCount > 0) this.flush()
    this.history.push(order)
    const ids = this.clientIds(order.accountId)
    ids.set(order.clientOrderId, order)
    ids.count(order, 1)
  }

  /** Closes an open order (once): off the book, out of the open count, its client id freed. */
  close(order: Order): void {
    if (this.pendingCount > 0) this.flush()
    this.pending[this.pendingCount++] = order
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

  /**
   * Stores the orders closed since the last flush compactly. Not at close itself: a command may still write to
   * the order it just closed (a cancel gives it its new client id), never after the next register or close.
   */
  private flush(): void {
    const pending = this.pending
    for (let k = 0; k < this.pendingCount; k++) {
      const o = pending[k] as Order
      pending[k] = undefined
      const i = o.id - 1
      if (this.history[i] !== o) continue
      const record = this.closed.add(o)
      if (record >= 0) this.history[i] = record
    }
    this.pendingCount = 0
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
