// One account's open orders by client order id: an open-addressing hash table (linear probing, backward-shift
// deletion) that keeps each key's 32-bit hash in an Int32Array. A Map<string, Order> of a few thousand ids missed
// the cache on every probe (bucket, entry, then the key string to compare); here a miss reads one Int32Array
// slot, and a key string is only compared when the stored hash matches.
import type { Order } from './order.js'

const MIN_CAPACITY = 16

/** An account's open orders as the count filters count them (docs/emulator-fidelity.md, the 3.12 rows). */
export interface OpenCounts {
  readonly orders: number
  /** STOP_LOSS, STOP_LOSS_LIMIT, TAKE_PROFIT, TAKE_PROFIT_LIMIT: what MAX_NUM_ALGO_ORDERS counts. */
  readonly algoOrders: number
  readonly icebergOrders: number
  /** Distinct order lists with an open (or pending) leg. */
  readonly orderLists: number
}

export const NO_COUNTS: OpenCounts = { orders: 0, algoOrders: 0, icebergOrders: 0, orderLists: 0 }

/** FNV-1a over the UTF-16 code units, then a final avalanche; never 0 (0 marks an empty slot). */
export function clientIdHash(text: string): number {
  let h = 0x811c9dc5 | 0
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  return h === 0 ? 1 : h
}

export class ClientIdTable {
  /** Open orders registered for the account (what openCount reports). */
  openCount = 0
  /** Of those, the stop orders and the icebergs: kept as orders open and close, so no count walks the orders. */
  stopCount = 0
  icebergCount = 0
  /** Open legs per order list id; undefined until the account's first list leg. */
  listLegs: Map<number, number> | undefined = undefined
  private hashes = new Int32Array(MIN_CAPACITY)
  private orders: (Order | undefined)[] = new Array(MIN_CAPACITY).fill(undefined)
  private keys: string[] = new Array(MIN_CAPACITY).fill('')
  private size = 0

  /** Counts an order in (`by` 1, at register) or out (−1, at close). */
  count(order: Order, by: 1 | -1): void {
    this.openCount += by
    if (order.isStop) this.stopCount += by
    if (order.icebergQty > 0) this.icebergCount += by
    const listId = order.orderListId
    if (listId < 0) return
    this.listLegs ??= new Map()
    const legs = this.listLegs
    const open = (legs.get(listId) ?? 0) + by
    if (open === 0) legs.delete(listId)
    else legs.set(listId, open)
  }

  openCounts(): OpenCounts {
    return {
      orders: this.openCount,
      algoOrders: this.stopCount,
      icebergOrders: this.icebergCount,
      orderLists: this.listLegs?.size ?? 0,
    }
  }

  get(clientOrderId: string, hash = clientIdHash(clientOrderId)): Order | undefined {
    const mask = this.hashes.length - 1
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const h = this.hashes[i] as number
      if (h === 0) return undefined
      if (h === hash && this.keys[i] === clientOrderId) return this.orders[i]
    }
  }

  has(clientOrderId: string, hash = clientIdHash(clientOrderId)): boolean {
    return this.get(clientOrderId, hash) !== undefined
  }

  /** Maps the id to `order` (replacing any order it mapped to). */
  set(clientOrderId: string, order: Order): void {
    const hash = clientIdHash(clientOrderId)
    const mask = this.hashes.length - 1
    let i = hash & mask
    for (; ; i = (i + 1) & mask) {
      const h = this.hashes[i] as number
      if (h === 0) break
      if (h === hash && this.keys[i] === clientOrderId) {
        this.orders[i] = order
        return
      }
    }
    this.hashes[i] = hash
    this.keys[i] = clientOrderId
    this.orders[i] = order
    this.size++
    if (this.size * 2 > this.hashes.length) this.resize(this.hashes.length * 2)
  }

  /** Removes the id; with `only`, only while it maps to that order. */
  delete(clientOrderId: string, only?: Order): void {
    const hash = clientIdHash(clientOrderId)
    const hashes = this.hashes
    const mask = hashes.length - 1
    let i = hash & mask
    for (; ; i = (i + 1) & mask) {
      const h = hashes[i] as number
      if (h === 0) return
      if (h === hash && this.keys[i] === clientOrderId) break
    }
    if (only !== undefined && this.orders[i] !== only) return
    // Backward-shift deletion: pull later entries of the probe run into the hole when their home allows it.
    let hole = i
    for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
      const h = hashes[j] as number
      if (h === 0) break
      const home = h & mask
      // The entry at j may move to the hole unless its home lies cyclically in (hole, j].
      const stays = hole <= j ? hole < home && home <= j : hole < home || home <= j
      if (stays) continue
      hashes[hole] = h
      this.keys[hole] = this.keys[j] as string
      this.orders[hole] = this.orders[j]
      hole = j
    }
    hashes[hole] = 0
    this.keys[hole] = ''
    this.orders[hole] = undefined
    this.size--
    if (this.size * 8 < hashes.length && hashes.length > MIN_CAPACITY) this.resize(hashes.length / 2)
  }

  /** The orders, in no particular order. */
  values(out: Order[]): void {
    for (const o of this.orders) if (o !== undefined) out.push(o)
  }

  private resize(capacity: number): void {
    const hashes = this.hashes
    const keys = this.keys
    const orders = this.orders
    this.hashes = new Int32Array(capacity)
    this.keys = new Array(capacity).fill('')
    this.orders = new Array(capacity).fill(undefined)
    const mask = capacity - 1
    for (let k = 0; k < hashes.length; k++) {
      const h = hashes[k] as number
      if (h === 0) continue
      let i = h & mask
      while (this.hashes[i] !== 0) i = (i + 1) & mask
      this.hashes[i] = h
      this.keys[i] = keys[k] as string
      this.orders[i] = orders[k]
    }
  }
}
