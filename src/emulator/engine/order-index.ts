// A book's orders by orderId, every order it ever accepted, in chunks of 2^bits ids: an order that is open (or
// closed and not plain enough for ClosedOrders) as its object, a closed plain one as its record in ClosedOrders.
// A chunk is an entry per order (4 bytes, the GC never scans them) and the objects by position in an array.
// With a data dir (docs/persistence.md, "The history file") a full chunk goes to the history file and its objects
// to `kept` once every entry in it is final (no open order, none closed and not yet stored), or once the next
// chunk is full too: an order still open then (a resting market maker's) stays an object in `kept` for good, its
// entry LIVE, so a chunk never waits for it and memory holds nothing an order but such objects. A chunk with more
// than an eighth of its orders open (a resting book) stays in memory until it has fewer: a million resting orders
// in `kept` made snapshots and recovery a third slower than in the chunks' arrays.
import { AccountOrders, clientIdTag } from './account-orders.js'
import { ClosedOrders, hashOf } from './closed-orders.js'
import {
  type Chunk,
  type ChunkStore,
  historyChunkBits,
  spillChunks,
  uint32s,
  writable,
} from './history-chunks.js'
import type { Market } from './market.js'
import type { Order } from './order.js'

/** An entry whose order is an object that may still change: open, or closed and not flushed yet. */
const LIVE = 0
/** An entry whose order is an object that no longer changes its entry; any other entry is a record number + 1. */
const FINAL = 0xffffffff

/** What allOrders filters an order by (archived or not, its update time): an Order, or a record's copy. */
export type OrderFacts = Pick<Order, 'status' | 'executedQty' | 'updateTime'>

/** Which of an account's orders allOrders answers (times in ms, inclusive); `shown`: whether one is not archived. */
export interface OrderQuery {
  readonly orderId?: number | undefined
  readonly startTime?: number | undefined
  readonly endTime?: number | undefined
  readonly limit: number
  readonly shown: (order: OrderFacts) => boolean
}

export class OrderIndex {
  /** The closed orders stored compactly. */
  private readonly closed: ClosedOrders
  /** Orders per chunk, as a power of 2. */
  private readonly bits = historyChunkBits()
  private readonly mask = (1 << this.bits) - 1
  /** Open orders above which a full chunk is not spilled (a resting book): an eighth of a chunk, at least 1. */
  private readonly mostlyOpen = Math.max(1, (this.mask + 1) >> 3)
  /** Per chunk, an entry per order: LIVE, FINAL or its record in `closed` + 1. */
  private readonly entries: Chunk<Uint32Array>[] = []
  /** Per chunk, the orders kept as objects by position (undefined for a record), until they go to `kept`. */
  private readonly objects: ((Order | undefined)[] | undefined)[] = []
  /** Per chunk, its LIVE entries. */
  private readonly live: number[] = []
  /** The objects of the spilled chunks (open, or closed and not plain enough for `closed`), by orderId. */
  private readonly kept = new Map<number, Order>()
  /** Orders accepted: orderId n is entry n − 1. */
  private length = 0
  /** Every chunk before this one is spilled: where a spill pass starts. */
  private spilledBelow = 0
  /** The order closed last, until it is stored: at the next register or close. */
  private pending: Order | undefined = undefined
  /** Each account's orders, by account id. */
  private readonly accounts = new Map<number, AccountOrders>()
  /** The record `objectOf` found last. */
  private record = 0
  /** The facts of the record `factsOf` read last. */
  private readonly probe: OrderFacts = { status: 'CANCELED', executedQty: 0, updateTime: 0 }

  constructor(market: Market) {
    this.closed = new ClosedOrders(market)
  }

  /** The order with this id; a closed one stored compactly comes back as a new Order object. */
  order(orderId: number): Order | undefined {
    const i = orderId - 1
    if (i >>> 0 !== i || i >= this.length) return undefined
    const c = i >> this.bits
    const at = i & this.mask
    const objects = this.objects[c]
    // The kept map first: an open order's lookup never reads the file.
    const o = objects !== undefined ? objects[at] : this.kept.get(orderId)
    if (o !== undefined) return o
    return this.closed.get((uint32s(this.entries[c] as Chunk<Uint32Array>)[at] as number) - 1)
  }

  /** Whether the order with this id is open, from memory only: an open order of a spilled chunk is in `kept`. */
  isOpen(orderId: number): boolean {
    const i = orderId - 1
    if (i >>> 0 !== i || i >= this.length) return false
    const objects = this.objects[i >> this.bits]
    const o = objects !== undefined ? objects[i & this.mask] : this.kept.get(orderId)
    return o?.isOpen === true
  }

  /**
   * The account's latest order with this client id, walking the account's orders from the newest back: a closed
   * one whose hash tag in the account's index differs is passed over without a look at the book's index.
   */
  latestByClientId(accountId: number, clientOrderId: string): Order | undefined {
    const mine = this.accounts.get(accountId)
    if (mine === undefined) return undefined
    const wanted = clientIdTag(hashOf(clientOrderId))
    for (let k = mine.length - 1; k >= 0; k--) {
      if (!mine.mayHaveClientId(k, wanted)) continue
      const orderId = mine.orderId(k)
      const o = this.objectOf(orderId)
      if (o !== undefined) {
        if (o.clientOrderId === clientOrderId) return o
      } else if (this.closed.clientOrderIdIs(this.record, clientOrderId)) return this.closed.get(this.record)
    }
    return undefined
  }

  /**
   * The account's orders `q` selects, by orderId: with a time window the first `limit` shown ones updated within
   * it; else from `q.orderId` the first `limit` shown ones; else the last `limit` shown ones. Only the account's
   * orders are walked, only as far as needed, and only those returned are made into objects.
   */
  select(accountId: number, q: OrderQuery): Order[] {
    const mine = this.accounts.get(accountId)
    if (mine === undefined) return []
    const picked: number[] = []
    const { limit, startTime, endTime } = q
    const pick = (k: number) => {
      const orderId = mine.orderId(k)
      if (q.shown(this.factsOf(orderId))) picked.push(orderId)
    }
    if (startTime !== undefined || endTime !== undefined) {
      const start = startTime ?? Number.NEGATIVE_INFINITY
      const end = endTime ?? Number.POSITIVE_INFINITY
      for (let k = 0; k < mine.length && picked.length < limit; ) {
        const chunkEnd = mine.chunkEnd(k)
        if (mine.chunkOutside(k, start, end)) k = chunkEnd
        else
          for (; k < chunkEnd && picked.length < limit; k++) {
            const orderId = mine.orderId(k)
            const facts = this.factsOf(orderId)
            if (facts.updateTime >= start && facts.updateTime <= end && q.shown(facts)) picked.push(orderId)
          }
      }
    } else if (q.orderId !== undefined) {
      for (let k = mine.from(q.orderId); k < mine.length && picked.length < limit; k++) pick(k)
    } else {
      for (let k = mine.length - 1; k >= 0 && picked.length < limit; k--) pick(k)
      picked.reverse()
    }
    return picked.map((orderId) => this.order(orderId) as Order)
  }

  /** Adds a new order; its id must be the next one. */
  register(order: Order): void {
    const i = this.length
    if (order.id !== i + 1) throw new RangeError(`order id ${order.id} out of sequence`)
    if (this.pending !== undefined) this.flush()
    const c = i >> this.bits
    if ((i & this.mask) === 0) {
      this.entries.push(new Uint32Array(this.mask + 1))
      this.objects.push([])
      this.live.push(0)
    }
    ;(this.objects[c] as (Order | undefined)[]).push(order)
    ;(this.live[c] as number)++
    this.length = i + 1
    let mine = this.accounts.get(order.accountId)
    if (mine === undefined) {
      mine = new AccountOrders()
      this.accounts.set(order.accountId, mine)
    }
    mine.add(order.id)
  }

  /**
   * Stores a closed order compactly, not at once: a command may still write to the order it just closed (a cancel
   * gives it its new client id), never after the next register or close.
   */
  closeLater(order: Order): void {
    if (this.pending !== undefined) this.flush()
    this.pending = order
  }

  /**
   * Spills the full chunks of the closed orders, and the full index chunks with no LIVE entry, or with a few (at
   * most `mostlyOpen`) once the next chunk is full too (an order placed just before the end of a chunk is often
   * still to close). The chunks kept in memory are looked at again by every pass.
   */
  spill(store: ChunkStore): void {
    this.closed.spill(store)
    for (const mine of this.accounts.values()) mine.spill(store)
    const full = this.length >> this.bits
    let firstKept = full - 1
    for (let c = this.spilledBelow; c < full; c++) {
      const objects = this.objects[c]
      if (objects === undefined) continue
      const live = this.live[c] as number
      if ((live !== 0 && c + 1 === full) || live > this.mostlyOpen) {
        firstKept = Math.min(firstKept, c)
        continue
      }
      for (const o of objects) if (o !== undefined) this.kept.set(o.id, o)
      this.objects[c] = undefined
      spillChunks(this.entries, c, c + 1, store)
    }
    this.spilledBelow = Math.max(this.spilledBelow, firstKept)
  }

  /**
   * The object of order `orderId` if it is kept as one; else undefined, and its record in `closed` is `record`. A
   * walk's lookup: a spilled chunk's entry is read before the kept map (most of a walk's orders are records).
   */
  private objectOf(orderId: number): Order | undefined {
    const i = orderId - 1
    const c = i >> this.bits
    const at = i & this.mask
    const objects = this.objects[c]
    if (objects !== undefined && objects[at] !== undefined) return objects[at]
    const e = uint32s(this.entries[c] as Chunk<Uint32Array>)[at] as number
    // A spilled chunk's objects are in `kept`: its entries that are not a record.
    if (objects === undefined && (e === FINAL || e === LIVE)) return this.kept.get(orderId)
    this.record = e - 1
    return undefined
  }

  /** What allOrders filters order `orderId` by: its object, or `probe` filled from its record. */
  private factsOf(orderId: number): OrderFacts {
    const o = this.objectOf(orderId)
    if (o !== undefined) return o
    this.closed.facts(this.record, this.probe)
    return this.probe
  }

  private flush(): void {
    const o = this.pending as Order
    this.pending = undefined
    const i = o.id - 1
    const c = i >> this.bits
    const at = i & this.mask
    const objects = this.objects[c]
    if (objects === undefined) {
      // An order of a spilled chunk stays in `kept`.
      if (this.kept.get(o.id) === o)
        this.accounts.get(o.accountId)?.closed(o.id, o.updateTime, hashOf(o.clientOrderId))
      return
    }
    if (objects[at] !== o) return
    const entries = writable(this.entries[c] as Chunk<Uint32Array>, `order ${o.id}`)
    if (entries[at] !== LIVE) return
    const hash = hashOf(o.clientOrderId)
    this.accounts.get(o.accountId)?.closed(o.id, o.updateTime, hash)
    const record = this.closed.add(o, hash)
    if (record >= 0) {
      entries[at] = record + 1
      objects[at] = undefined
    } else entries[at] = FINAL
    ;(this.live[c] as number)--
  }
}
