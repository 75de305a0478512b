// Records of a fixed number of numeric fields in Float64Array chunks: history the GC never scans (an object per
// trade was ~100 B of heap plus its BigInts, kept forever). Money (BigInt) fields are kept as doubles while they
// are safe integers, else NaN there and the BigInt by record. The oldest chunks can be dropped (a bounded tape).
// With a data dir, full chunks no writer can touch again go to the history file (`spill`).
import {
  type Chunk,
  type ChunkStore,
  floats,
  historyChunkBits,
  SpilledChunk,
  spillChunks,
  writable,
} from './history-chunks.js'

/** Records of a chunk at first: it doubles up to a full chunk (a table with few records stays small). */
const FIRST_CHUNK = 16
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

export class RecordColumns {
  private readonly chunks: Chunk<Float64Array>[] = []
  /** The money values beyond a safe integer, by record number × stride + field. */
  private readonly bigs = new Map<number, bigint>()
  /** Record numbers in use end here; those before `start` were dropped. */
  private end = 0
  private start = 0
  /** The chunks before this one are spilled (or dropped). */
  private spilled = 0

  constructor(
    private readonly stride: number,
    /** Records per full chunk, as a power of 2: a chunk doubles up to it, then the next one begins. */
    private readonly bits = historyChunkBits(),
  ) {}

  /** Records held. */
  get length(): number {
    return this.end - this.start
  }

  /** The number of the first record held (record numbers never change: a drop only raises this). */
  get first(): number {
    return this.start
  }

  /** Appends a record of zeros; returns its number. */
  push(): number {
    const i = this.end++
    const c = i >> this.bits
    const chunk = this.chunks[c]
    const at = i & ((1 << this.bits) - 1)
    if (chunk instanceof Float64Array && chunk.length > at * this.stride) return i
    const records = Math.min(1 << this.bits, Math.max(FIRST_CHUNK, at * 2))
    const grown = new Float64Array(records * this.stride)
    if (chunk) grown.set(writable(chunk, `record ${i}`))
    this.chunks[c] = grown
    return i
  }

  get(i: number, field: number): number {
    const chunk = this.chunks[i >> this.bits] as Chunk<Float64Array>
    const at = (i & ((1 << this.bits) - 1)) * this.stride + field
    return (chunk instanceof Float64Array ? chunk : floats(chunk))[at] as number
  }

  /** Whether record `i` is in the history file (it can no longer be set). */
  isSpilled(i: number): boolean {
    return this.chunks[i >> this.bits] instanceof SpilledChunk
  }

  set(i: number, field: number, value: number): void {
    const chunk = writable(this.chunks[i >> this.bits] as Chunk<Float64Array>, `record ${i}`)
    chunk[(i & ((1 << this.bits) - 1)) * this.stride + field] = value
  }

  money(i: number, field: number): bigint {
    const v = this.get(i, field)
    return Number.isNaN(v) ? (this.bigs.get(i * this.stride + field) as bigint) : BigInt(v)
  }

  setMoney(i: number, field: number, value: bigint): void {
    const key = i * this.stride + field
    if (value <= MAX_SAFE && value >= -MAX_SAFE) {
      this.set(i, field, Number(value))
      if (this.bigs.size > 0) this.bigs.delete(key)
      return
    }
    this.set(i, field, Number.NaN)
    this.bigs.set(key, value)
  }

  /** `make` of each record number from `from` to `to` (exclusive), in order. */
  map<T>(from: number, to: number, make: (i: number) => T): T[] {
    const out: T[] = []
    for (let i = from; i < to; i++) out.push(make(i))
    return out
  }

  /** The first record number from `first` on whose `field` satisfies `ok` (monotonic); `end` if none. */
  lowerBound(field: number, ok: (value: number) => boolean): number {
    let lo = this.start
    let hi = this.end
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (ok(this.get(mid, field))) hi = mid
      else lo = mid + 1
    }
    return lo
  }

  /** Drops the oldest whole chunks while at least `keep` records would remain. */
  dropBefore(keep: number): void {
    for (;;) {
      const next = ((this.start >> this.bits) + 1) << this.bits
      if (this.end - next < keep) return
      this.chunks[this.start >> this.bits] = new Float64Array(0)
      for (const key of this.bigs.keys()) if (key < next * this.stride) this.bigs.delete(key)
      this.start = next
    }
  }

  /**
   * Spills the full chunks before the one holding the newest record: the only record a writer changes after its
   * push is the newest (the aggregate trade being added to), so those can never change again.
   */
  spill(store: ChunkStore): void {
    if (this.end === 0) return
    this.spilled = spillChunks(this.chunks, this.spilled, (this.end - 1) >> this.bits, store)
  }
}
