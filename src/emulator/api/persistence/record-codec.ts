// A journal record on disk: payload length (u32 LE), CRC-32 of the payload (u32 LE), the payload (UTF-8 JSON).
import { open } from 'node:fs/promises'
import { crc32 } from 'node:zlib'
import { DataDirError } from './data-dir-error.js'

const HEAD = 8
/** No record is larger: a larger length is damage, not a record. */
const MAX_RECORD_BYTES = 16 << 20
/** Bytes read from a segment at a time: one reused buffer, so a large journal is never in memory at once. */
const READ_CHUNK = 4 << 20

/** One record's bytes. */
export function encodeRecord(payload: string): Buffer {
  const length = Buffer.byteLength(payload)
  const record = Buffer.allocUnsafe(HEAD + length)
  record.write(payload, HEAD, 'utf8')
  record.writeUInt32LE(length, 0)
  record.writeUInt32LE(crc32(record.subarray(HEAD)), 4)
  return record
}

/** What a segment held: how many records, and where a torn last record starts (if it has one). */
export interface ScannedSegment {
  readonly count: number
  /** The length of the intact part: the bytes before a torn last record, else the whole file. */
  readonly intact: number
  /** Why the bytes after `intact` are not a record, when there are such bytes. */
  readonly torn: string | undefined
}

/** Calls `each` with a record's payload and its offset in the file. */
type EachRecord = (payload: string, offset: number) => void

/**
 * Calls `each` with the payload of every record of `bytes` (the file `path`), in order. A damaged record at the end — incomplete, or its checksum wrong with
 * nothing after it — is a write the crash cut short; any other damage throws, naming the file and the offset.
 */
export function scanSegment(bytes: Buffer, path: string, each: EachRecord): ScannedSegment {
  const scan = scanRecords(bytes, bytes.length, 0, bytes.length, path, each)
  return { count: scan.count, intact: scan.at, torn: scan.torn }
}

/** scanSegment of the file `path`, read `chunk` bytes at a time; also its size. */
export async function scanSegmentFile(
  path: string,
  each: EachRecord,
  chunk = READ_CHUNK,
): Promise<ScannedSegment & { readonly size: number }> {
  const file = await open(path, 'r')
  try {
    const size = (await file.stat()).size
    let buffer = Buffer.allocUnsafe(Math.min(chunk, size))
    /** File offset of buffer[0], and the bytes of the buffer that hold file bytes. */
    let base = 0
    let filled = 0
    let count = 0
    while (base + filled < size) {
      const { bytesRead } = await file.read(
        buffer,
        filled,
        Math.min(buffer.length - filled, size - base - filled),
        base + filled,
      )
      if (bytesRead === 0) throw new DataDirError(`${path} shrank while it was read`, path, base + filled)
      filled += bytesRead
      const scan = scanRecords(buffer, filled, base, size, path, each)
      count += scan.count
      if (scan.torn !== undefined) return { count, intact: base + scan.at, torn: scan.torn, size }
      // The bytes of a record not yet whole move to the front; the buffer grows when that record is larger.
      const rest = filled - scan.at
      const needed = rest >= HEAD ? HEAD + buffer.readUInt32LE(scan.at) : HEAD
      if (needed > buffer.length) {
        const larger = Buffer.allocUnsafe(
          Math.min(Math.max(needed, buffer.length * 2), size - base - scan.at),
        )
        buffer.copy(larger, 0, scan.at, filled)
        buffer = larger
      } else buffer.copyWithin(0, scan.at, filled)
      base += scan.at
      filled = rest
    }
    return { count, intact: size, torn: undefined, size }
  } finally {
    await file.close()
  }
}

/**
 * Scans the records of bytes[0, end), which hold the file's bytes from `base` on (the file has `size` bytes):
 * stops before a record that is not whole in them unless the file ends there (then it is torn).
 */
function scanRecords(
  bytes: Buffer,
  end: number,
  base: number,
  size: number,
  path: string,
  each: EachRecord,
): { count: number; at: number; torn: string | undefined } {
  const all = base + end === size
  let count = 0
  let at = 0
  while (at < end) {
    if (end - at < HEAD) return { count, at, torn: all ? 'an incomplete record header' : undefined }
    const length = bytes.readUInt32LE(at)
    if (length > MAX_RECORD_BYTES) {
      throw new DataDirError(
        `${path} is damaged at byte ${base + at}: a record length of ${length}`,
        path,
        base + at,
      )
    }
    const recordEnd = at + HEAD + length
    if (recordEnd > end) return { count, at, torn: all ? 'an incomplete record' : undefined }
    if (crc32(bytes.subarray(at + HEAD, recordEnd)) !== bytes.readUInt32LE(at + 4)) {
      if (base + recordEnd === size) return { count, at, torn: 'a last record with a wrong checksum' }
      throw new DataDirError(
        `${path} is damaged at byte ${base + at}: a record's checksum does not match`,
        path,
        base + at,
      )
    }
    each(bytes.toString('utf8', at + HEAD, recordEnd), base + at)
    count++
    at = recordEnd
  }
  return { count, at, torn: undefined }
}
