// Closed orders in struct-of-arrays form. A book answers order.status and allOrders for every order it ever
// accepted; keeping each closed one as an Order object made every order outlive two scavenges (copied twice,
// then promoted), and GC was ~40 % of the engine's time. A plain closed order (no stop, iceberg, peg, list
// or STP state; amended at most 255 times) is kept here instead, appended in close order, in typed arrays the GC
// never scans: 96 bytes of fields plus its client id's characters. Keeping the client id strings and cumulative quote BigInts themselves
// made each of them live forever: copied by two scavenges and promoted, ~20 % of the engine's scavenge time.
// With a data dir the full chunks go to the history file (`spill`), the client id hashes a lookup by client id
// compares (4 bytes an order) included: a lookup reads a record's other chunks only on a hash match.
import { EXPIRY_REASON, ORDER_STATUS, ORDER_TYPE, SIDE, STP, TIF } from '../../protocol/enums.js'
import {
  bytes,
  type Chunk,
  type ChunkStore,
  floats,
  historyChunkBits,
  spillChunks,
  uint32s,
  writable,
} from './history-chunks.js'
import type { Market } from './market.js'
import { Order } from './order.js'
import type { OrderFacts } from './order-index.js'

/** Float64 fields per record, in this order. */
const F_ID = 0
const F_ACCOUNT = 1
const F_PRICE = 2
const F_ORIG_QTY = 3
const F_EXECUTED_QTY = 4
const F_TIME = 5
const F_UPDATE_TIME = 6
const F_WORKING_TIME = 7
const F_LOCK_PRICE = 8
/** The cumulative quote (money units) while a safe integer; else NaN and the BigInt is in `bigQuotes`. */
const F_CUM_QUOTE = 9
/** Where the client id's characters start in the pools (pool × pool size + offset); -1: the string is in `otherIds`. */
const F_CLIENT_ID = 10
const F_STRIDE = 11

/** Uint8 fields per record: indexes into the protocol's enum lists (expiry reason: 0 for none, else index + 1). */
const C_SIDE = 0
const C_TYPE = 1
const C_TIF = 2
const C_STP = 3
const C_STATUS = 4
const C_EXPIRY = 5
/** The client id's length in the pools. */
const C_CLIENT_ID_LENGTH = 6
/** How many times order.amend.keepPriority changed the order (its only rare field a record keeps). */
const C_AMENDS = 7
const MAX_AMENDS = 255
const C_STRIDE = 8

/** Longer ids, and ids with a character beyond U+00FF, are kept as strings. */
const MAX_POOLED = 255
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

export class ClosedOrders {
  private readonly nums: Chunk<Float64Array>[] = []
  private readonly codes: Chunk<Uint8Array>[] = []
  /** Per record, the client id's hash (`hashOf`). */
  private readonly hashes: Chunk<Uint32Array>[] = []
  /** Client ids, one byte per character (all of them at most U+00FF), chunked. */
  private readonly pools: Chunk<Uint8Array>[] = []
  /** Records per chunk, as a power of 2: chunks are never copied or grown, only added. */
  private readonly bits = historyChunkBits()
  /** Bytes per client id pool (16 per record of a chunk); an id never straddles two. */
  private readonly poolSize = 16 << this.bits
  private poolUsed = this.poolSize
  /** The client ids not in the pools, by record. */
  private readonly otherIds = new Map<number, string>()
  /** The cumulative quotes beyond a safe integer, by record. */
  private readonly bigQuotes = new Map<number, bigint>()
  /** Records in use. */
  private count = 0
  /** The record chunks, and the pools, before these are spilled. */
  private spilledRecords = 0
  private spilledPools = 0

  constructor(private readonly market: Market) {}

  /**
   * Stores a closed order if it is plain enough: its record number, or -1 if it must stay an object. `hash`: its
   * client id's `hashOf` (the caller has it already).
   */
  add(o: Order, hash: number): number {
    if (
      (o.hasExtras && (o.hasExtrasBesidesAmends || o.amendCount > MAX_AMENDS)) ||
      o.market !== this.market ||
      o.level !== null ||
      o.preventedQty !== 0 ||
      o.locked !== 0n ||
      o.status === 'NEW' ||
      o.status === 'PARTIALLY_FILLED' ||
      o.status === 'PENDING_NEW' ||
      o.accountId >>> 0 !== o.accountId
    ) {
      return -1
    }
    const side = SIDE.indexOf(o.side)
    const type = ORDER_TYPE.indexOf(o.type)
    const tif = TIF.indexOf(o.timeInForce)
    const stp = STP.indexOf(o.selfTradePreventionMode)
    const status = ORDER_STATUS.indexOf(o.status)
    const expiry = o.expiryReason === undefined ? 0 : EXPIRY_REASON.indexOf(o.expiryReason) + 1
    if (side < 0 || type < 0 || tif < 0 || stp < 0 || status < 0 || expiry < 0) return -1
    const i = this.count
    const records = 1 << this.bits
    const at = i & (records - 1)
    if (at === 0) {
      this.nums.push(new Float64Array(records * F_STRIDE))
      this.codes.push(new Uint8Array(records * C_STRIDE))
      this.hashes.push(new Uint32Array(records))
    }
    this.count = i + 1
    const chunk = i >> this.bits
    const nums = writable(this.nums[chunk] as Chunk<Float64Array>, `closed order ${i}`)
    const f = at * F_STRIDE
    nums[f + F_ID] = o.id
    nums[f + F_ACCOUNT] = o.accountId
    nums[f + F_PRICE] = o.price
    nums[f + F_ORIG_QTY] = o.origQty
    nums[f + F_EXECUTED_QTY] = o.executedQty
    nums[f + F_TIME] = o.time
    nums[f + F_UPDATE_TIME] = o.updateTime
    nums[f + F_WORKING_TIME] = o.workingTime
    nums[f + F_LOCK_PRICE] = o.lockPrice
    const q = o.cumQuote
    if (q >= 0n && q <= MAX_SAFE) nums[f + F_CUM_QUOTE] = Number(q)
    else {
      nums[f + F_CUM_QUOTE] = Number.NaN
      this.bigQuotes.set(i, q)
    }
    const codes = writable(this.codes[chunk] as Chunk<Uint8Array>, `closed order ${i}`)
    const c = at * C_STRIDE
    codes[c + C_SIDE] = side
    codes[c + C_TYPE] = type
    codes[c + C_TIF] = tif
    codes[c + C_STP] = stp
    codes[c + C_STATUS] = status
    codes[c + C_EXPIRY] = expiry
    codes[c + C_AMENDS] = o.amendCount
    writable(this.hashes[chunk] as Chunk<Uint32Array>, `closed order ${i}`)[at] = hash
    this.storeClientId(i, o.clientOrderId, nums, f, codes, c)
    return i
  }

  /** Copies the id's characters into the current pool (a new one when it does not fit), or keeps the string. */
  private storeClientId(
    i: number,
    id: string,
    nums: Float64Array,
    f: number,
    codes: Uint8Array,
    c: number,
  ): void {
    const n = id.length
    const size = this.poolSize
    if (n <= MAX_POOLED && n <= size) {
      if (this.poolUsed + n > size || this.pools.length === 0) {
        this.pools.push(new Uint8Array(size))
        this.poolUsed = 0
      }
      const pool = writable(this.pools[this.pools.length - 1] as Chunk<Uint8Array>, 'a client id pool')
      const at = this.poolUsed
      let k = 0
      for (; k < n; k++) {
        const ch = id.charCodeAt(k)
        if (ch > 0xff) break
        pool[at + k] = ch
      }
      if (k === n) {
        this.poolUsed = at + n
        nums[f + F_CLIENT_ID] = (this.pools.length - 1) * size + at
        codes[c + C_CLIENT_ID_LENGTH] = n
        return
      }
    }
    nums[f + F_CLIENT_ID] = -1
    this.otherIds.set(i, id)
  }

  /** Whether record `i`'s client id is `id`: its hash first (a chunk of 4 bytes a record), then its characters. */
  clientOrderIdIs(i: number, id: string): boolean {
    const at = i & ((1 << this.bits) - 1)
    if (uint32s(this.hashes[i >> this.bits] as Chunk<Uint32Array>)[at] !== this.hashOfQuery(id)) return false
    return this.clientOrderId(i) === id
  }

  clientOrderId(i: number): string {
    const chunk = i >> this.bits
    const at = i & ((1 << this.bits) - 1)
    const start = floats(this.nums[chunk] as Chunk<Float64Array>)[at * F_STRIDE + F_CLIENT_ID] as number
    if (start < 0) return this.otherIds.get(i) as string
    const n = bytes(this.codes[chunk] as Chunk<Uint8Array>)[at * C_STRIDE + C_CLIENT_ID_LENGTH] as number
    const offset = start % this.poolSize
    const pool = bytes(this.pools[(start - offset) / this.poolSize] as Chunk<Uint8Array>)
    return String.fromCharCode.apply(null, pool.subarray(offset, offset + n) as unknown as number[])
  }

  /** Copies record `i`'s status, executed quantity and update time into `into` (no Order object is made). */
  facts(i: number, into: OrderFacts): void {
    const at = i & ((1 << this.bits) - 1)
    const nums = floats(this.nums[i >> this.bits] as Chunk<Float64Array>)
    const codes = bytes(this.codes[i >> this.bits] as Chunk<Uint8Array>)
    into.status = ORDER_STATUS[codes[at * C_STRIDE + C_STATUS] as number] as Order['status']
    into.executedQty = nums[at * F_STRIDE + F_EXECUTED_QTY] as number
    into.updateTime = nums[at * F_STRIDE + F_UPDATE_TIME] as number
  }

  /** A new Order object with the state of the closed order in record `i`. */
  get(i: number): Order {
    const nums = floats(this.nums[i >> this.bits] as Chunk<Float64Array>)
    const at = i & ((1 << this.bits) - 1)
    const f = at * F_STRIDE
    const codes = bytes(this.codes[i >> this.bits] as Chunk<Uint8Array>)
    const c = at * C_STRIDE
    const expiry = codes[c + C_EXPIRY] as number
    const o = new Order({
      id: nums[f + F_ID] as number,
      accountId: nums[f + F_ACCOUNT] as number,
      market: this.market,
      side: SIDE[codes[c + C_SIDE] as number] as Order['side'],
      type: ORDER_TYPE[codes[c + C_TYPE] as number] as Order['type'],
      timeInForce: TIF[codes[c + C_TIF] as number] as Order['timeInForce'],
      price: nums[f + F_PRICE] as number,
      origQty: nums[f + F_ORIG_QTY] as number,
      quoteOrderQty: 0n,
      clientOrderId: this.clientOrderId(i),
      time: nums[f + F_TIME] as number,
      selfTradePreventionMode: STP[codes[c + C_STP] as number] as Order['selfTradePreventionMode'],
      strategyId: undefined,
      strategyType: undefined,
    })
    o.executedQty = nums[f + F_EXECUTED_QTY] as number
    const q = nums[f + F_CUM_QUOTE] as number
    o.cumQuote = Number.isNaN(q) ? (this.bigQuotes.get(i) as bigint) : BigInt(q)
    o.status = ORDER_STATUS[codes[c + C_STATUS] as number] as Order['status']
    o.expiryReason = expiry === 0 ? undefined : EXPIRY_REASON[expiry - 1]
    o.lockPrice = nums[f + F_LOCK_PRICE] as number
    o.updateTime = nums[f + F_UPDATE_TIME] as number
    o.workingTime = nums[f + F_WORKING_TIME] as number
    const amends = codes[c + C_AMENDS] as number
    if (amends > 0) o.amendCount = amends
    return o
  }

  /** Spills the full record chunks and pools: records are written once, when added, and pools fill in order. */
  spill(store: ChunkStore): void {
    const full = this.count >> this.bits
    spillChunks(this.nums, this.spilledRecords, full, store)
    spillChunks(this.hashes, this.spilledRecords, full, store)
    this.spilledRecords = spillChunks(this.codes, this.spilledRecords, full, store)
    this.spilledPools = spillChunks(this.pools, this.spilledPools, this.pools.length - 1, store)
  }

  /** The last id hashed for a lookup, and its hash: a scan compares one id with every record. */
  private queried = ''
  private queriedHash = hashOf('')

  private hashOfQuery(id: string): number {
    if (id !== this.queried) {
      this.queried = id
      this.queriedHash = hashOf(id)
    }
    return this.queriedHash
  }
}

/** FNV-1a of a client id's UTF-16 code units, 32 bits. */
export function hashOf(id: string): number {
  let h = 0x811c9dc5
  for (let k = 0; k < id.length; k++) h = Math.imul(h ^ id.charCodeAt(k), 0x01000193)
  return h >>> 0
}
