// One account's orders on a book, for allOrders and a lookup by client id without a walk of every account's
// orders: its orderIds ascending, each with 20 bits of its client id's hash once it closed (while its chunk is in
// memory), one double an order, in RecordColumns chunks that spill to the history file like the other history
// (docs/persistence.md, "The history file"). Per chunk, in memory (nothing an order): its first id, its orders not
// yet closed, and the range of its closed orders' final update times, so a time window passes over a chunk that
// cannot hold a match without reading it (update times follow no order: the clock can be set back).
import { type ChunkStore, historyChunkBits } from './history-chunks.js'
import { RecordColumns } from './record-columns.js'

/**
 * Per order, one safe integer: orderId × TAGS + its tag, 1 + its final client id's hash (`hashOf`) modulo
 * TAGS − 1, or 0 while unknown. An orderId is below 2^32 (`OrderIndex`), so the value stays below 2^52.
 */
const TAGS = 2 ** 20
/** Per chunk: its first orderId, its orders not closed yet, its closed orders' least and greatest update time. */
const FIRST_ID = 0
const OPEN = 1
const MIN_UPDATE = 2
const MAX_UPDATE = 3
const FACTS = 4
/** Chunks of facts, as a power of 2 (a chunk of facts is never spilled). */
const FACT_BITS = 16

export class AccountOrders {
  /**
   * Ids per chunk, as a power of 2: a quarter of the other tables' (each account and symbol has a chunk being
   * filled, in every snapshot), not less (a spilled chunk's reference is ~100 bytes of heap).
   */
  private readonly bits = Math.max(2, historyChunkBits() - 2)
  private readonly ids = new RecordColumns(1, this.bits)
  private readonly facts = new RecordColumns(FACTS, FACT_BITS)

  /** Orders of the account. */
  get length(): number {
    return this.ids.length
  }

  /** The orderId at `position` (0: the account's first order). */
  orderId(position: number): number {
    return Math.floor(this.ids.get(position, 0) / TAGS)
  }

  /** Whether the order at `position` may have a client id of tag `tag` (`clientIdTag`): its tag is unknown or that. */
  mayHaveClientId(position: number, tag: number): boolean {
    const v = this.ids.get(position, 0)
    const own = v - Math.floor(v / TAGS) * TAGS
    return own === 0 || own === tag
  }

  /** Adds the account's newest order, open; ids come in ascending order. */
  add(orderId: number): void {
    const k = this.ids.push()
    this.ids.set(k, 0, orderId * TAGS)
    const c = k >> this.bits
    if ((k & ((1 << this.bits) - 1)) === 0) {
      this.facts.push()
      this.facts.set(c, FIRST_ID, orderId)
      this.facts.set(c, MIN_UPDATE, Number.POSITIVE_INFINITY)
      this.facts.set(c, MAX_UPDATE, Number.NEGATIVE_INFINITY)
    }
    this.facts.set(c, OPEN, this.facts.get(c, OPEN) + 1)
  }

  /** Notes that order `orderId` closed for good, last updated at `updateTime`, its client id hashing to `hash`. */
  closed(orderId: number, updateTime: number, hash: number): void {
    const c = this.chunkOf(orderId)
    if (c < 0) return
    if (!this.ids.isSpilled(c << this.bits)) {
      const k = this.from(orderId)
      if (k < this.length && this.orderId(k) === orderId)
        this.ids.set(k, 0, orderId * TAGS + clientIdTag(hash))
    }
    const f = this.facts
    f.set(c, OPEN, f.get(c, OPEN) - 1)
    if (updateTime < f.get(c, MIN_UPDATE)) f.set(c, MIN_UPDATE, updateTime)
    if (updateTime > f.get(c, MAX_UPDATE)) f.set(c, MAX_UPDATE, updateTime)
  }

  /** The position of the account's first order with an id ≥ `orderId` (`length` if none). */
  from(orderId: number): number {
    const c = this.chunkOf(orderId)
    if (c < 0) return 0
    let lo = c << this.bits
    let hi = Math.min(this.length, (c + 1) << this.bits)
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.orderId(mid) >= orderId) hi = mid
      else lo = mid + 1
    }
    return lo
  }

  /** Where the chunk holding `position` ends (its last position + 1). */
  chunkEnd(position: number): number {
    return Math.min(this.length, ((position >> this.bits) + 1) << this.bits)
  }

  /** Whether every order of the chunk holding `position` closed with an update time outside [start, end]. */
  chunkOutside(position: number, start: number, end: number): boolean {
    const c = position >> this.bits
    const f = this.facts
    return f.get(c, OPEN) === 0 && (f.get(c, MAX_UPDATE) < start || f.get(c, MIN_UPDATE) > end)
  }

  /** The chunk that holds `orderId` or would: the last whose first id is not above it (-1: none). */
  private chunkOf(orderId: number): number {
    const f = this.facts
    let hi = f.length
    // Mostly the newest: an order closes soon after it is placed.
    if (hi > 0 && f.get(hi - 1, FIRST_ID) <= orderId) return hi - 1
    let lo = 0
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (f.get(mid, FIRST_ID) > orderId) hi = mid
      else lo = mid + 1
    }
    return lo - 1
  }

  /** Spills the full chunks of ids to the history file. */
  spill(store: ChunkStore): void {
    this.ids.spill(store)
  }
}

/** The tag of a client id hash (`hashOf`): 1 … TAGS − 1. */
export function clientIdTag(hash: number): number {
  return 1 + (hash % (TAGS - 1))
}
