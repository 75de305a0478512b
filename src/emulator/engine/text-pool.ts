// Short strings kept as bytes in pools (64 KB by default), named by a number: history the GC never scans. A kept
// string lives forever and is copied by two scavenges first; a record here stores a double instead. With a data
// dir, the pools before the one being filled go to the history file (`spill`).
import {
  bytes,
  type Chunk,
  type ChunkStore,
  historyChunkBits,
  spillChunks,
  writable,
} from './history-chunks.js'

/** Longer texts, and texts with a character beyond U+00FF, are kept as strings. */
const MAX_POOLED = 255

export class TextPool {
  private readonly pools: Chunk<Uint8Array>[] = []
  /** Bytes per pool (16 per record of a table's chunk); a text never straddles two. */
  private readonly size = 16 << historyChunkBits()
  private used = this.size
  /** The texts not pooled; handle −1 − k is `others[k]`. */
  private readonly others: string[] = []
  /** The pools before this one are spilled. */
  private spilled = 0

  /** Stores `text`; returns its handle (byte offset × 256 + length, or negative for a kept string). */
  add(text: string): number {
    const n = text.length
    if (n <= MAX_POOLED && n <= this.size) {
      if (this.used + n > this.size) {
        this.pools.push(new Uint8Array(this.size))
        this.used = 0
      }
      const pool = writable(this.pools[this.pools.length - 1] as Chunk<Uint8Array>, 'a text pool')
      const at = this.used
      let k = 0
      while (k < n && text.charCodeAt(k) <= 0xff) {
        pool[at + k] = text.charCodeAt(k)
        k++
      }
      if (k === n) {
        this.used = at + n
        return ((this.pools.length - 1) * this.size + at) * 256 + n
      }
    }
    return -1 - (this.others.push(text) - 1)
  }

  /** The text of `handle`. */
  text(handle: number): string {
    if (handle < 0) return this.others[-1 - handle] as string
    const n = handle % 256
    const at = (handle - n) / 256
    const start = at % this.size
    const pool = bytes(this.pools[(at - start) / this.size] as Chunk<Uint8Array>)
    return String.fromCharCode.apply(null, pool.subarray(start, start + n) as unknown as number[])
  }

  /** Spills the pools before the one being filled (no text is added to them any more). */
  spill(store: ChunkStore): void {
    this.spilled = spillChunks(this.pools, this.spilled, this.pools.length - 1, store)
  }
}
