// A journal record on disk: payload length (u32 LE), CRC-32 of the payload (u32 LE), the payload (UTF-8 JSON).
import { crc32 } from 'node:zlib'
import { DataDirError } from './data-dir-error.js'

const HEAD = 8
/** No record is larger: a larger length is damage, not a record. */
const MAX_RECORD_BYTES = 16 << 20

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

/**
 * Calls `each` with the payload of every record of `bytes` (the file `path`), in order. A damaged record at the end — incomplete, or its checksum wrong with
 * nothing after it — is a write the crash cut short; any other damage throws, naming the file and the offset.
 */
export function scanSegment(
  bytes: Buffer,
  path: string,
  each: (payload: string, offset: number) => void,
): ScannedSegment {
  let count = 0
  let at = 0
  while (at < bytes.length) {
    if (bytes.length - at < HEAD) return { count, intact: at, torn: 'an incomplete record header' }
    const length = bytes.readUInt32LE(at)
    if (length > MAX_RECORD_BYTES) {
      throw new DataDirError(`${path} is damaged at byte ${at}: a record length of ${length}`, path, at)
    }
    const end = at + HEAD + length
    if (end > bytes.length) return { count, intact: at, torn: 'an incomplete record' }
    const payload = bytes.subarray(at + HEAD, end)
    if (crc32(payload) !== bytes.readUInt32LE(at + 4)) {
      if (end === bytes.length) return { count, intact: at, torn: 'a last record with a wrong checksum' }
      throw new DataDirError(`${path} is damaged at byte ${at}: a record's checksum does not match`, path, at)
    }
    each(payload.toString('utf8'), at)
    count++
    at = end
  }
  return { count, intact: at, torn: undefined }
}
