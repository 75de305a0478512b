// A journal record on disk: payload length (u32 LE), CRC-32 of the payload (u32 LE), the payload (UTF-8 JSON).
// No payload is empty, so a length of 0 where a record would begin is the zeros written ahead (segment-file.ts):
// the end of the segment.
import { crc32 } from 'node:zlib'
import { DataDirError } from './data-dir-error.js'

const HEAD = 8
/** No record is larger: a larger length is damage, not a record. */
const MAX_RECORD_BYTES = 16 << 20

/** One record's bytes. */
export function encodeRecord(payload: string): Buffer {
  const batch = new RecordBatch(HEAD + payload.length * 3)
  batch.append(payload)
  return batch.bytes.subarray(0, batch.length)
}

/** Records encoded one after the other into one buffer, which grows as needed and is reused after `clear`. */
export class RecordBatch {
  bytes: Buffer
  /** The bytes used, and the records in them. */
  length = 0
  records = 0

  constructor(capacity = 64 << 10) {
    this.bytes = Buffer.allocUnsafe(capacity)
  }

  append(payload: string): void {
    const at = this.length
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    const room = HEAD + payload.length * 3
    if (this.bytes.length - at < room) {
      const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, at + room))
      this.bytes.copy(grown, 0, 0, at)
      this.bytes = grown
    }
    const bytes = this.bytes
    const length = bytes.write(payload, at + HEAD, 'utf8')
    bytes.writeUInt32LE(length, at)
    bytes.writeUInt32LE(crc32(bytes.subarray(at + HEAD, at + HEAD + length)), at + 4)
    this.length = at + HEAD + length
    this.records++
  }

  clear(): void {
    this.length = 0
    this.records = 0
  }
}

/** What a segment held: how many records, and where a torn last record starts (if it has one). */
export interface ScannedSegment {
  readonly count: number
  /** The length of the intact part: the bytes before a torn last record or the zeros written ahead, else the whole file. */
  readonly intact: number
  /** Why the bytes after `intact` are not a record, when there are such bytes (other than zeros). */
  readonly torn: string | undefined
}

/**
 * Calls `each` with the payload of every record of `bytes` (the file `path`), in order, up to the end of the file
 * or to the zeros written ahead. A damaged record at the end — incomplete, or its checksum wrong with nothing but
 * zeros after it — is a write the crash cut short; any other damage throws, naming the file and the offset.
 */
export function scanSegment(
  bytes: Buffer,
  path: string,
  each: (payload: string, offset: number) => void,
): ScannedSegment {
  let count = 0
  let at = 0
  while (at < bytes.length) {
    if (bytes.length - at < HEAD) {
      if (zerosFrom(bytes, at)) break
      return { count, intact: at, torn: 'an incomplete record header' }
    }
    const length = bytes.readUInt32LE(at)
    if (length === 0) {
      if (zerosFrom(bytes, at)) break
      throw new DataDirError(`${path} is damaged at byte ${at}: a record of length 0`, path, at)
    }
    if (length > MAX_RECORD_BYTES) {
      throw new DataDirError(`${path} is damaged at byte ${at}: a record length of ${length}`, path, at)
    }
    const end = at + HEAD + length
    if (end > bytes.length) return { count, intact: at, torn: 'an incomplete record' }
    const payload = bytes.subarray(at + HEAD, end)
    if (crc32(payload) !== bytes.readUInt32LE(at + 4)) {
      if (zerosFrom(bytes, end)) {
        // A payload never ends in a 0: this one was cut short inside the zeros written ahead.
        const torn = bytes[end - 1] === 0 ? 'an incomplete record' : 'a last record with a wrong checksum'
        return { count, intact: at, torn }
      }
      throw new DataDirError(`${path} is damaged at byte ${at}: a record's checksum does not match`, path, at)
    }
    each(payload.toString('utf8'), at)
    count++
    at = end
  }
  return { count, intact: at, torn: undefined }
}

const ZEROS = Buffer.alloc(64 << 10)

/** Whether every byte of `bytes` from `at` on is 0. */
function zerosFrom(bytes: Buffer, at: number): boolean {
  for (let from = at; from < bytes.length; from += ZEROS.length) {
    const to = Math.min(bytes.length, from + ZEROS.length)
    if (!bytes.subarray(from, to).equals(ZEROS.subarray(0, to - from))) return false
  }
  return true
}
