// DIR/history.bin: the full chunks of the history tables (closed orders, trades, aggregate trades, account trades,
// amendments) that can no longer change, appended by the main thread, one synchronous write per chunk (no fsync:
// the journal is what makes a change durable; a snapshot that refers to chunks syncs this file first). Snapshots
// refer to chunks by offset, length and CRC-32; reads go through a bounded cache (docs/persistence.md).
import {
  closeSync,
  constants,
  existsSync,
  fdatasync,
  fdatasyncSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readSync,
  statSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { type ChunkStore, historyChunkBits, SpilledChunk } from '../../engine/history-chunks.js'
import { DataDirError } from './data-dir-error.js'

const HISTORY_FILE = 'history.bin'
/**
 * Commands between two passes that spill the chunks filled meanwhile (a pass costs one look per table): a quarter
 * of a chunk's records, 1024 by default.
 */
export function spillEvery(): number {
  return Math.max(1, (1 << historyChunkBits()) >> 2)
}
/** Bytes of spilled chunks kept in memory once read (oldest read first out). */
const HISTORY_CACHE_BYTES = 16 << 20

export interface HistoryFileOptions {
  /** False for a snapshot worker: it reads what the main thread wrote and never writes. */
  readonly writable: boolean
  readonly cacheBytes?: number | undefined
}

export class HistoryFile implements ChunkStore {
  readonly path: string
  private fd: number | undefined
  /** Where the next chunk goes. */
  private end = 0
  /** The chunks whose bytes are cached, oldest read first, from `head` on. */
  private cached: SpilledChunk[] = []
  private head = 0
  private cachedBytes = 0
  /** The references read from a snapshot since the last `restore`. */
  private referred: SpilledChunk[] = []
  private readonly cacheBytes: number

  constructor(
    dir: string,
    private readonly options: HistoryFileOptions,
  ) {
    this.path = join(dir, HISTORY_FILE)
    this.cacheBytes = options.cacheBytes ?? HISTORY_CACHE_BYTES
    if (options.writable) {
      this.fd = openSync(this.path, constants.O_RDWR | constants.O_CREAT, 0o600)
      this.end = fstatSync(this.fd).size
    }
  }

  /** Bytes of chunks the cache holds now. */
  get cachedSize(): number {
    return this.cachedBytes
  }

  /** Bytes the file holds (chunks written, whether a snapshot refers to them yet or not). */
  get size(): number {
    return this.end
  }

  spill(bytes: Uint8Array): SpilledChunk {
    if (!this.options.writable || this.fd === undefined) {
      throw new Error(`${this.path}: this thread does not write the history file`)
    }
    const offset = this.end
    for (let at = 0; at < bytes.length; ) at += writeSync(this.fd, bytes, at, bytes.length - at, offset + at)
    this.end = offset + bytes.length
    return new SpilledChunk(offset, bytes.length, crc32(bytes), this)
  }

  load(chunk: SpilledChunk): Uint8Array {
    const bytes = this.read(chunk.offset, chunk.length, new Uint8Array(chunk.length))
    if (crc32(bytes) !== chunk.crc)
      throw this.damaged(chunk.offset, "a history chunk's checksum does not match")
    while (this.cachedBytes + chunk.length > this.cacheBytes && this.head < this.cached.length) {
      const old = this.cached[this.head++] as SpilledChunk
      old.loaded = undefined
      this.cachedBytes -= old.length
    }
    if (this.head > 1024 && this.head * 2 > this.cached.length) {
      this.cached = this.cached.slice(this.head)
      this.head = 0
    }
    this.cached.push(chunk)
    this.cachedBytes += chunk.length
    return bytes
  }

  refer(offset: number, length: number, crc: number): SpilledChunk {
    const chunk = new SpilledChunk(offset, length, crc, this)
    this.referred.push(chunk)
    return chunk
  }

  /**
   * After a snapshot was read (or none): cuts the file back to the end of the last chunk it refers to (the
   * chunks spilled after it are made again by the journal's replay) and checks every referenced chunk's CRC once.
   * A file shorter than a reference, or a chunk that does not match, is damage.
   */
  restore(): void {
    const end = this.checkReferred(this.end)
    if (end < this.end) {
      ftruncateSync(this.fd as number, end)
      this.end = end
    }
  }

  /** As `restore` without cutting anything (a check of the data dir): returns how many chunks were checked. */
  verify(): number {
    const count = this.referred.length
    this.checkReferred(existsSync(this.path) ? statSync(this.path).size : 0)
    return count
  }

  /** Checks the chunks referred to since the last check against a file of `size` bytes; returns where they end. */
  private checkReferred(size: number): number {
    const referred = this.referred.sort((a, b) => a.offset - b.offset)
    this.referred = []
    const last = referred.at(-1)
    const end = last ? last.offset + last.length : 0
    if (end > size) {
      throw this.damaged(
        size,
        `it ends before the history chunk at byte ${last?.offset} that the snapshot refers to ends (byte ${end})`,
      )
    }
    const buffer = new Uint8Array(referred.reduce((most, c) => Math.max(most, c.length), 0))
    for (const chunk of referred) {
      const bytes = this.read(chunk.offset, chunk.length, buffer)
      if (crc32(bytes) !== chunk.crc)
        throw this.damaged(chunk.offset, "a history chunk's checksum does not match")
    }
    return end
  }

  /** Empties the file (nothing refers to its chunks any more: a reset's snapshot is durable) and the cache. */
  cut(): void {
    if (this.fd === undefined || !this.options.writable) return
    ftruncateSync(this.fd, 0)
    this.end = 0
    for (let k = this.head; k < this.cached.length; k++) (this.cached[k] as SpilledChunk).loaded = undefined
    this.cached = []
    this.head = 0
    this.cachedBytes = 0
  }

  /** Makes every chunk written so far durable (before a snapshot that may refer to them is). */
  sync(): void {
    if (this.fd !== undefined && this.options.writable) fdatasyncSync(this.fd)
  }

  /** sync() off the main thread. */
  syncLater(): Promise<void> {
    const { fd } = this
    if (fd === undefined || !this.options.writable) return Promise.resolve()
    return new Promise((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve())))
  }

  /** Closes the file; chunks read later open it again, for reading. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
  }

  private read(offset: number, length: number, into: Uint8Array): Uint8Array {
    this.fd ??= openSync(this.path, 'r')
    let at = 0
    while (at < length) {
      const n = readSync(this.fd, into, at, length - at, offset + at)
      if (n === 0) throw this.damaged(offset + at, 'it ends inside a history chunk')
      at += n
    }
    return into.subarray(0, length)
  }

  private damaged(offset: number, why: string): DataDirError {
    return new DataDirError(`${this.path} is damaged at byte ${offset}: ${why}`, this.path, offset)
  }
}
