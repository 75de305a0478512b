// The bytes of a replay file (a CSV on disk or an entry of a zip) read into one reused buffer, and the loop that
// hands a parser every complete line of it: no buffer, string or array per line or per chunk.
import { open } from 'node:fs/promises'
import { ReplayInputError } from './replay-input-error.js'

/** Bytes in order, read into a caller's buffer. */
export interface ByteSource {
  /** The number of bytes to expect (what sizes the columns up front). */
  readonly size: number
  /** Reads up to `length` bytes into `into` at `offset`; 0 at the end. */
  read(into: Buffer, offset: number, length: number): Promise<number>
  close(): Promise<void>
}

/**
 * Parses `buf[start, end)` (`buf[end]` is a 0 byte, a sentinel that stops any scan), returning where the first
 * line it did not finish starts; with `final`, the end is the end of the data and every byte must be consumed.
 */
export type ChunkParser = (buf: Buffer, start: number, end: number, final: boolean) => number

/** A working buffer this size holds thousands of lines; a line that does not fit in it is not a data row. */
const WINDOW = 4 << 20

/** Feeds every line of `source` to `parse`, in windows of 4 MiB; closes the source. */
export async function scanLines(file: string, source: ByteSource, parse: ChunkParser): Promise<void> {
  const buf = Buffer.allocUnsafe(WINDOW + 1)
  let filled = 0
  try {
    for (;;) {
      const got = await source.read(buf, filled, WINDOW - filled)
      filled += got
      buf[filled] = 0
      const final = got === 0
      const done = parse(buf, 0, filled, final)
      if (final) return
      if (done === 0 && filled === WINDOW)
        throw new ReplayInputError(file, 0, `a line longer than ${WINDOW} bytes: not a CSV of Binance's data`)
      buf.copy(buf, 0, done, filled)
      filled -= done
    }
  } finally {
    await source.close()
  }
}

/** A file on disk, read with positioned reads into the caller's buffer. */
export async function fileSource(path: string): Promise<ByteSource> {
  const handle = await open(path, 'r')
  const size = (await handle.stat()).size
  return {
    size,
    read: async (into, offset, length) => (await handle.read(into, offset, length, null)).bytesRead,
    close: () => handle.close(),
  }
}

/** Chunks (e.g. a zip entry inflating) copied into the caller's buffer as it asks. */
export function chunkSource(size: number, chunks: AsyncIterable<Buffer>): ByteSource {
  const iterator = chunks[Symbol.asyncIterator]()
  let pending: Buffer | undefined
  let at = 0
  return {
    size,
    async read(into, offset, length) {
      let copied = 0
      while (copied < length) {
        if (!pending || at === pending.length) {
          if (copied > 0) return copied
          const next = await iterator.next()
          if (next.done) return copied
          pending = next.value
          at = 0
        }
        const n = pending.copy(into, offset + copied, at, Math.min(pending.length, at + length - copied))
        at += n
        copied += n
      }
      return copied
    },
    close: async () => {
      await iterator.return?.()
    },
  }
}
