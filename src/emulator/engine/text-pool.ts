// Short strings kept as bytes in 64 KB pools, named by a number: history the GC never scans. A kept string lives
// forever and is copied by two scavenges first; a record here stores a double instead.
/** Bytes per pool; a text never straddles two. */
const POOL_BITS = 16
const POOL = 1 << POOL_BITS
/** Longer texts, and texts with a character beyond U+00FF, are kept as strings. */
const MAX_POOLED = 255

export class TextPool {
  private readonly pools: Uint8Array[] = []
  private used = POOL
  /** The texts not pooled; handle −1 − k is `others[k]`. */
  private readonly others: string[] = []

  /** Stores `text`; returns its handle (byte offset × 256 + length, or negative for a kept string). */
  add(text: string): number {
    const n = text.length
    if (n <= MAX_POOLED) {
      if (this.used + n > POOL) {
        this.pools.push(new Uint8Array(POOL))
        this.used = 0
      }
      const pool = this.pools[this.pools.length - 1] as Uint8Array
      const at = this.used
      let k = 0
      while (k < n && text.charCodeAt(k) <= 0xff) {
        pool[at + k] = text.charCodeAt(k)
        k++
      }
      if (k === n) {
        this.used = at + n
        return ((this.pools.length - 1) * POOL + at) * 256 + n
      }
    }
    return -1 - (this.others.push(text) - 1)
  }

  /** The text of `handle`. */
  text(handle: number): string {
    if (handle < 0) return this.others[-1 - handle] as string
    const n = handle % 256
    const at = (handle - n) / 256
    const start = at % POOL
    const bytes = (this.pools[(at - start) / POOL] as Uint8Array).subarray(start, start + n)
    return String.fromCharCode.apply(null, bytes as unknown as number[])
  }
}
