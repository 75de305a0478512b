// History chunks a data dir keeps in its history file instead of memory (docs/persistence.md, "The history
// file"). The engine does no I/O: a ChunkStore the data dir gives writes a full chunk's bytes and reads them back.

/** A full chunk written to the history file: where it is and its CRC-32; its bytes while the store caches them. */
export class SpilledChunk {
  /** The chunk as its table reads it, while the store's cache holds it (the store clears it on eviction). */
  loaded: Float64Array | Uint8Array | Uint32Array | undefined = undefined

  constructor(
    readonly offset: number,
    readonly length: number,
    readonly crc: number,
    readonly store: ChunkStore,
  ) {}
}

/** Where full chunks go and come back from. */
export interface ChunkStore {
  /** Appends a chunk that will never change again; its reference. */
  spill(bytes: Uint8Array): SpilledChunk
  /** The chunk's bytes in a buffer of their own, counted in the cache until it evicts the chunk. */
  load(chunk: SpilledChunk): Uint8Array
  /** The reference a snapshot holds, made again (its bytes are not read). */
  refer(offset: number, length: number, crc: number): SpilledChunk
}

/** The typed arrays a history table keeps in chunks. */
export type ChunkArray = Float64Array | Uint8Array | Uint32Array

/** A chunk of a table: in memory, or spilled. */
export type Chunk<T extends ChunkArray> = T | SpilledChunk

/** The chunk's doubles, read from the store if they are not in memory. */
export function floats(chunk: Chunk<Float64Array>): Float64Array {
  return chunk instanceof SpilledChunk
    ? loaded(chunk, (b) => new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8))
    : chunk
}

/** The chunk's 32-bit unsigned integers, read from the store if they are not in memory. */
export function uint32s(chunk: Chunk<Uint32Array>): Uint32Array {
  return chunk instanceof SpilledChunk
    ? loaded(chunk, (b) => new Uint32Array(b.buffer, b.byteOffset, b.byteLength / 4))
    : chunk
}

/** The chunk's bytes, read from the store if they are not in memory. */
export function bytes(chunk: Chunk<Uint8Array>): Uint8Array {
  return chunk instanceof SpilledChunk ? loaded(chunk, (b) => b) : chunk
}

/** A spilled chunk's view while the store's cache holds it, else read (and kept until the cache evicts it). */
function loaded<T extends ChunkArray>(chunk: SpilledChunk, view: (bytes: Uint8Array) => T): T {
  if (chunk.loaded === undefined) chunk.loaded = view(chunk.store.load(chunk))
  return chunk.loaded as T
}

/** The chunk to write to: a spilled one is never written (a writer of old history is a bug, not a slow path). */
export function writable<T extends ChunkArray>(chunk: Chunk<T>, what: string): T {
  if (chunk instanceof SpilledChunk) throw new RangeError(`${what} is in the history file: it cannot change`)
  return chunk
}

/** Spills `chunks[from…to)` (those in memory and not empty) to `store`; returns `to`. */
export function spillChunks<T extends ChunkArray>(
  chunks: Chunk<T>[],
  from: number,
  to: number,
  store: ChunkStore,
): number {
  for (let k = from; k < to; k++) {
    const c = chunks[k]
    if (c === undefined || c instanceof SpilledChunk || c.length === 0) continue
    chunks[k] = store.spill(new Uint8Array(c.buffer, c.byteOffset, c.byteLength))
  }
  return Math.max(from, to)
}

let chunkBits = 10

/** Records per chunk (as a power of 2) of the history tables made from now on; tests make it small to spill often. */
export function setHistoryChunkBits(bits: number): void {
  if (!Number.isInteger(bits) || bits < 2 || bits > 16)
    throw new RangeError(`chunk bits: ${bits} is not 2…16`)
  chunkBits = bits
}

/**
 * Records per chunk (as a power of 2) of a history table made now: 10 (1024) unless a test set it. A table's chunk
 * being filled is in every snapshot (its used part): larger chunks made a periodic snapshot too slow to take on the
 * main thread.
 */
export function historyChunkBits(): number {
  return chunkBits
}
