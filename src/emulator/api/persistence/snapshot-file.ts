// A snapshot file: lines of text, each `<crc32 of the rest, 8 hex digits> <text>`; first a header (JSON), then
// the exchange's state (its own line format), then `end <number of state lines>`. Written beside its final name,
// fsync'd, renamed into place and the folder fsync'd, so a snapshot file is whole or absent.
import { open, readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import type { BytesCodec } from '../../exchange/snapshot/graph-format.js'
import { DataDirError } from './data-dir-error.js'
import { syncDir } from './sync-dir.js'

const SNAPSHOT = /^snapshot-(\d{12})\.snap$/
/** Bytes of lines gathered into one buffer before writing. */
const CHUNK_BYTES = 1 << 20
/** `<8 hex digits> `: what precedes a line's text. */
const PREFIX = 9

/** The file of the snapshot taken after `seq` records. */
export function snapshotName(seq: number): string {
  return `snapshot-${String(seq).padStart(12, '0')}.snap`
}

/** The record count of a snapshot file's name, or undefined for another file. */
export function snapshotSeq(name: string): number | undefined {
  const m = SNAPSHOT.exec(name)
  return m ? Number(m[1]) : undefined
}

/**
 * Collects a snapshot's lines (synchronously, while the state holds still) into buffers to write later. Each text
 * is encoded once, into the chunk, and its checksum taken from those bytes.
 */
export class SnapshotLines {
  readonly chunks: Buffer[] = []
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES)
  private at = 0
  private count = -1

  /** Adds one line (the first is the header). */
  readonly add = (text: string): void => {
    this.line(text)
    this.count++
  }

  /** Ends the snapshot with its line count. */
  finish(): Buffer[] {
    this.line(`end ${this.count}`)
    this.chunks.push(this.chunk.subarray(0, this.at))
    return this.chunks
  }

  private line(text: string): void {
    const most = PREFIX + text.length * 3 + 1
    if (this.at + most > this.chunk.length) {
      if (this.at > 0) this.chunks.push(this.chunk.subarray(0, this.at))
      this.chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, most))
      this.at = 0
    }
    const chunk = this.chunk
    const start = this.at + PREFIX
    const end = start + chunk.write(text, start, 'utf8')
    chunk.write(checksumOf(chunk.subarray(start, end)), this.at, 'latin1')
    chunk[start - 1] = 32
    chunk[end] = 10
    this.at = end + 1
  }
}

/** A line's checksum as it is written: the CRC-32 of its UTF-8 bytes, 8 hex digits. */
function checksumOf(bytes: Uint8Array): string {
  return crc32(bytes).toString(16).padStart(8, '0')
}

/** Writes the snapshot taken after `seq` records; resolves once it is durable under its final name. */
export async function writeSnapshotFile(dir: string, seq: number, chunks: readonly Buffer[]): Promise<void> {
  const name = join(dir, snapshotName(seq))
  const temporary = `${name}.tmp`
  // The emulator's user only: a snapshot holds the secrets of the accounts added while running.
  const file = await open(temporary, 'w', 0o600)
  try {
    for (const chunk of chunks) {
      for (let at = 0; at < chunk.length; ) at += (await file.write(chunk, at)).bytesWritten
    }
    await file.sync()
  } finally {
    await file.close()
  }
  await rename(temporary, name)
  await syncDir(dir)
}

/**
 * Reads the snapshot file `path`: `header` gets its first line, `line` each state line, in order. Any damage
 * (a checksum, a line that does not parse, a missing end) throws, naming the file and the byte offset.
 */
export async function readSnapshotFile(
  path: string,
  header: (text: string) => void,
  line: (text: string) => void,
): Promise<void> {
  const bytes = await readFile(path)
  let at = 0
  let count = -1
  while (at < bytes.length) {
    const eol = bytes.indexOf(10, at)
    const damaged = (why: string) => new DataDirError(`${path} is damaged at byte ${at}: ${why}`, path, at)
    if (eol < 0 || eol - at < 9 || bytes[at + 8] !== 32) throw damaged('not a snapshot line')
    const body = bytes.subarray(at + 9, eol)
    if (checksumOf(body) !== bytes.toString('latin1', at, at + 8)) {
      throw damaged("a line's checksum does not match")
    }
    const text = body.toString('utf8')
    try {
      if (text.startsWith('end ')) {
        if (Number(text.slice(4)) !== count || eol + 1 !== bytes.length)
          throw new Error('the end is misplaced')
        return
      }
      if (count < 0) header(text)
      else line(text)
    } catch (err) {
      throw new DataDirError(`${path} is damaged at byte ${at}: ${(err as Error).message}`, path, at, {
        cause: err,
      })
    }
    count++
    at = eol + 1
  }
  throw new DataDirError(`${path} is damaged at byte ${at}: it ends before its end line`, path, at)
}

/** Typed arrays in a snapshot's lines: base64. */
export const BASE64: BytesCodec = {
  encode: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
  decode: (text) => Buffer.from(text, 'base64'),
}
