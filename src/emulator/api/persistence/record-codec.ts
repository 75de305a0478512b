// A journal record on disk: payload length (u32 LE), CRC-32 of the payload (u32 LE), the payload (UTF-8 JSON).
// No payload is empty, so a length of 0 where a record would begin is the zeros written ahead (segment-file.ts):
// the end of the segment.
import { type FileHandle, open } from 'node:fs/promises'
import { crc32 } from 'node:zlib'
import { DataDirError } from './data-dir-error.js'

const HEAD = 8
/** No record is larger: a larger length is damage, not a record. */
const MAX_RECORD_BYTES = 16 << 20
/** Bytes read from a segment at a time: one reused buffer, so a large journal is never in memory at once. */
const READ_CHUNK = 4 << 20

/**
 * Each batch begins with a marker record (payload `#` and the number of records durable when the batch was
 * issued, 15 digits): it is no command and not counted. Batches are written several at a time, so a crash can leave
 * a batch on disk after one that is not; their markers prove they were never acknowledged (journal-writer.ts).
 */
const MARKER = 0x23
const MARKER_DIGITS = 15
const MARKER_BYTES = HEAD + 1 + MARKER_DIGITS
/**
 * A link record (payload `>` and a segment's first record number, 15 digits), not counted: the last record of a
 * segment the writer left, naming the segment it went on in. A last segment that ends with one names a missing one.
 */
const LINK = 0x3e

/**
 * An id record (payload `@` and the data dir's id), not counted: the first record of every segment this version
 * writes, so that a segment copied from another data dir is refused (recovery.ts). Segments of earlier versions
 * have none.
 */
const IDENT = 0x40

/** The id record of the data dir `id`, the first bytes of each segment. */
export function encodeIdent(id: string): Buffer {
  const payload = Buffer.from(`@${id}`, 'latin1')
  const bytes = Buffer.alloc(HEAD + payload.length)
  bytes.writeUInt32LE(payload.length, 0)
  bytes.writeUInt32LE(crc32(payload), 4)
  payload.copy(bytes, HEAD)
  return bytes
}

/** The data dir id the segment `path` begins with, or undefined when its first record is no (whole) id record. */
export async function segmentId(path: string): Promise<string | undefined> {
  const file = await open(path, 'r')
  try {
    const bytes = Buffer.alloc(HEAD + 64)
    const { bytesRead } = await file.read(bytes, 0, bytes.length, 0)
    if (bytesRead < HEAD + 1) return undefined
    const length = bytes.readUInt32LE(0)
    const end = HEAD + length
    if (length < 1 || end > bytesRead || bytes[HEAD] !== IDENT) return undefined
    if (crc32(bytes.subarray(HEAD, end)) !== bytes.readUInt32LE(4)) return undefined
    return bytes.toString('latin1', HEAD + 1, end)
  } finally {
    await file.close()
  }
}

/** The link record naming the segment that begins at record `start`. */
export function encodeLink(start: number): Buffer {
  const payload = Buffer.from(`>${String(start).padStart(MARKER_DIGITS, '0')}`, 'latin1')
  const bytes = Buffer.alloc(HEAD + payload.length)
  bytes.writeUInt32LE(payload.length, 0)
  bytes.writeUInt32LE(crc32(payload), 4)
  payload.copy(bytes, HEAD)
  return bytes
}

/** The sectors a crash can leave unwritten: whole ones, reading as zeros (preallocated) or past the file's end. */
const SECTOR = 512

/**
 * Whether the record in bytes[from, to), at file offset `offset`, has a 512-byte file block whose part of it is all
 * zeros: a sector a crash left unwritten. A whole record without one did not come from a write cut short: damage.
 */
export function hasUnwrittenSector(bytes: Buffer, from: number, to: number, offset: number): boolean {
  for (let at = from; at < to; ) {
    const end = Math.min(to, at + SECTOR - ((offset + at - from) % SECTOR))
    if (zerosFrom(bytes, at, end)) return true
    at = end
  }
  return false
}

/** One record's bytes. */
export function encodeRecord(payload: string): Buffer {
  const batch = new RecordBatch(MARKER_BYTES + HEAD + payload.length * 3)
  batch.append(payload)
  return batch.bytes.subarray(MARKER_BYTES, batch.length)
}

/**
 * Records encoded one after the other into one buffer, which grows as needed and is reused after `clear`. The
 * buffer begins with room for the batch's marker, written by `marked`.
 */
export class RecordBatch {
  bytes: Buffer
  /** The end of the bytes used, and the records in them (a marker not counted). */
  length = MARKER_BYTES
  records = 0

  constructor(capacity = 64 << 10) {
    this.bytes = Buffer.allocUnsafe(Math.max(capacity, MARKER_BYTES))
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

  /** Writes the marker saying `durable` records were on disk when the batch was issued. */
  marked(durable: number): void {
    const bytes = this.bytes
    bytes[HEAD] = MARKER
    bytes.write(String(durable).padStart(MARKER_DIGITS, '0'), HEAD + 1, 'latin1')
    bytes.writeUInt32LE(1 + MARKER_DIGITS, 0)
    bytes.writeUInt32LE(crc32(bytes.subarray(HEAD, MARKER_BYTES)), 4)
  }

  clear(): void {
    this.length = MARKER_BYTES
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
  /** The segment a last link record names (the writer went on there), if the last record is one. */
  readonly link?: number | undefined
}

/** Calls `each` with a record's payload and its offset in the file. */
type EachRecord = (payload: string, offset: number) => void

/**
 * Calls `each` with the payload of every record of `bytes` (the file `path`), in order, up to the end of the file
 * or to the zeros written ahead. A damaged record at the end — incomplete, or its checksum wrong with nothing but
 * zeros after it — is a write the crash cut short; any other damage throws, naming the file and the offset.
 */
export function scanSegment(bytes: Buffer, path: string, each: EachRecord, first = 0): ScannedSegment {
  const scan = scanRecords(bytes, bytes.length, 0, bytes.length, path, each)
  const { stop } = scan
  const ends =
    stop &&
    endsThere(
      stop,
      zerosFrom(bytes, stop.zerosFrom, bytes.length),
      () => bytes.subarray(stop.at),
      first + scan.count,
    )
  return { count: scan.count, link: scan.link, ...settle(scan, ends ?? false, path) }
}

/** scanSegment of the file `path` (its first record is number `first`), read `chunk` bytes at a time; also its size. */
export async function scanSegmentFile(
  path: string,
  each: EachRecord,
  chunk = READ_CHUNK,
  first = 0,
): Promise<ScannedSegment & { readonly size: number }> {
  const file = await open(path, 'r')
  try {
    let size = (await file.stat()).size
    let buffer = Buffer.allocUnsafe(Math.max(HEAD, Math.min(chunk, size)))
    /** File offset of buffer[0], and the bytes of the buffer that hold file bytes. */
    let base = 0
    let filled = 0
    let count = 0
    let link: number | undefined
    while (base + filled < size) {
      const { bytesRead } = await file.read(
        buffer,
        filled,
        Math.min(buffer.length - filled, size - base - filled),
        base + filled,
      )
      // The writer cuts the zeros written ahead off a segment it closes (segment-file.ts): a snapshot worker that
      // reads it meanwhile sees it end sooner, after the last record.
      if (bytesRead === 0) size = base + filled
      filled += bytesRead
      const scan = scanRecords(buffer, filled, base, size, path, each)
      count += scan.count
      if (scan.count > 0 || scan.link !== undefined) link = scan.link
      const { stop } = scan
      if (stop) {
        const zeros = await fileZerosFrom(file, stop.zerosFrom, size, buffer)
        const ends = await endsThere(stop, zeros, () => readTail(file, stop.at, size), first + count)
        return { count, link, ...settle(scan, ends, path), size }
      }
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
    return { count, link, intact: size, torn: undefined, size }
  } finally {
    await file.close()
  }
}

/**
 * Where a scan stopped before the end of the file: the file offset of the record there, what was wrong, and from
 * where the file must hold only zeros for that to be the end of the segment (or a write cut short).
 */
interface Stop {
  readonly at: number
  readonly why: 'zero length' | 'short header' | 'incomplete' | 'checksum'
  readonly zerosFrom: number
  /** For a checksum: whether a sector of the record is unwritten (a write cut short), else it is damage. */
  readonly unwritten?: boolean
}

/**
 * Scans the records of bytes[0, end), which hold the file's bytes from `base` on (the file has `size` bytes):
 * stops before a record that is not whole in them (no `stop`: more bytes are needed), or at one that is not a
 * record (`stop`).
 */
function scanRecords(
  bytes: Buffer,
  end: number,
  base: number,
  size: number,
  path: string,
  each: EachRecord,
): { count: number; at: number; link: number | undefined; stop?: Stop } {
  const all = base + end === size
  let count = 0
  let at = 0
  /** The last record's link (undefined when it is not one). */
  let link: number | undefined
  while (at < end) {
    const offset = base + at
    if (end - at < HEAD) {
      return {
        count,
        at,
        link,
        ...(all && { stop: { at: offset, why: 'short header', zerosFrom: offset } }),
      }
    }
    const length = bytes.readUInt32LE(at)
    if (length === 0) return { count, at, link, stop: { at: offset, why: 'zero length', zerosFrom: offset } }
    if (length > MAX_RECORD_BYTES) {
      throw new DataDirError(
        `${path} is damaged at byte ${offset}: a record length of ${length}`,
        path,
        offset,
      )
    }
    const recordEnd = at + HEAD + length
    if (recordEnd > end) {
      return { count, at, link, ...(all && { stop: { at: offset, why: 'incomplete', zerosFrom: size } }) }
    }
    if (crc32(bytes.subarray(at + HEAD, recordEnd)) !== bytes.readUInt32LE(at + 4)) {
      const stop: Stop = {
        at: offset,
        why: 'checksum',
        zerosFrom: base + recordEnd,
        unwritten: hasUnwrittenSector(bytes, at, recordEnd, offset),
      }
      return { count, at, link, stop }
    }
    const kind = bytes[at + HEAD]
    if (kind === LINK) link = Number(bytes.toString('latin1', at + HEAD + 1, recordEnd))
    else if (kind !== MARKER && kind !== IDENT) {
      each(bytes.toString('utf8', at + HEAD, recordEnd), offset)
      count++
      link = undefined
    }
    at = recordEnd
  }
  return { count, at, link }
}

/**
 * What a stop means, given whether the file holds only zeros from `stop.zerosFrom` on, or only batches never
 * acknowledged (`endsThere`); throws for damage.
 */
function settle(
  scan: { at: number; stop?: Stop },
  zeros: boolean | 'batches',
  path: string,
): { intact: number; torn: string | undefined } {
  const { stop } = scan
  if (!stop) return { intact: scan.at, torn: undefined }
  const { at } = stop
  switch (stop.why) {
    case 'zero length':
      if (zeros === 'batches') return { intact: at, torn: UNACKNOWLEDGED }
      if (zeros) return { intact: at, torn: undefined }
      throw new DataDirError(`${path} is damaged at byte ${at}: a record of length 0`, path, at)
    case 'short header':
      return zeros ? { intact: at, torn: undefined } : { intact: at, torn: 'an incomplete record header' }
    case 'incomplete':
      return { intact: at, torn: 'an incomplete record' }
    case 'checksum':
      if (!zeros) {
        throw new DataDirError(
          `${path} is damaged at byte ${at}: a record's checksum does not match`,
          path,
          at,
        )
      }
      if (zeros === 'batches') return { intact: at, torn: UNACKNOWLEDGED }
      // Whole, every sector written: not a write a crash cut short.
      if (!stop.unwritten) {
        throw new DataDirError(
          `${path} is damaged at byte ${at}: the last record's checksum does not match, and every sector of it was written (not a write a crash cut short)`,
          path,
          at,
        )
      }
      return { intact: at, torn: 'a last record with a sector never written' }
  }
}

const ZEROS = Buffer.alloc(64 << 10)

/** Whether every byte of `bytes` from `at` to `end` is 0. */
function zerosFrom(bytes: Buffer, at: number, end: number): boolean {
  for (let from = at; from < end; from += ZEROS.length) {
    const to = Math.min(end, from + ZEROS.length)
    if (!bytes.subarray(from, to).equals(ZEROS.subarray(0, to - from))) return false
  }
  return true
}

/** Whether the file holds only zeros from `at` to `size` (or to its end, when it was cut shorter), read through `buffer`. */
async function fileZerosFrom(file: FileHandle, at: number, size: number, buffer: Buffer): Promise<boolean> {
  for (let from = at; from < size; ) {
    const { bytesRead } = await file.read(buffer, 0, Math.min(buffer.length, size - from), from)
    if (bytesRead === 0) return true
    if (!zerosFrom(buffer, 0, bytesRead)) return false
    from += bytesRead
  }
  return true
}

const UNACKNOWLEDGED =
  'a record that never reached the disk, and the batches written with it (never acknowledged)'
/** More bytes than MAX_IN_FLIGHT batches and the zeros written ahead after the stop: not a crash's tail. */
const MAX_TAIL = 64 << 20
/** A marker record's length, as its header begins. */
const MARKER_HEAD = Buffer.from([1 + MARKER_DIGITS, 0, 0, 0])

/**
 * Whether the file ends at a stop: true for zeros after it, 'batches' when what follows it are batches written
 * while the stop's record was being written (each begins with a marker naming at most `before` durable records:
 * none of them was acknowledged), else false.
 */
function endsThere(stop: Stop, zeros: boolean, tail: () => Buffer, before: number): boolean | 'batches'
function endsThere(
  stop: Stop,
  zeros: boolean,
  tail: () => Promise<Buffer | undefined>,
  before: number,
): Promise<boolean | 'batches'>
function endsThere(
  stop: Stop,
  zeros: boolean,
  tail: () => Buffer | Promise<Buffer | undefined>,
  before: number,
): boolean | 'batches' | Promise<boolean | 'batches'> {
  if (zeros || (stop.why !== 'zero length' && stop.why !== 'checksum')) return zeros
  const bytes = tail()
  const judge = (b: Buffer | undefined) => (b !== undefined && unacknowledged(b, before) ? 'batches' : false)
  return bytes instanceof Promise ? bytes.then(judge) : judge(bytes)
}

/** Whether `tail` (from a record that is not whole) holds a marked batch, and every marker in it names ≤ `before`. */
function unacknowledged(tail: Buffer, before: number): boolean {
  let marked = false
  for (let from = 1; ; ) {
    const m = nextMarker(tail, from)
    if (m < 0) return marked
    let at = m
    for (let end = recordEnd(tail, at); end > 0; at = end, end = recordEnd(tail, at)) {
      if (tail[at + HEAD] === MARKER && markerValue(tail, at) > before) return false
    }
    marked = true
    from = at + 1
  }
}

/** The offset of the first whole marker record at or after `from`, or -1. */
function nextMarker(bytes: Buffer, from: number): number {
  for (let at = bytes.indexOf(MARKER_HEAD, from); at >= 0; at = bytes.indexOf(MARKER_HEAD, at + 1)) {
    if (bytes[at + HEAD] === MARKER && recordEnd(bytes, at) > 0) return at
  }
  return -1
}

/** The end of the whole record at `at` whose checksum matches, or -1. */
function recordEnd(bytes: Buffer, at: number): number {
  if (bytes.length - at < HEAD) return -1
  const length = bytes.readUInt32LE(at)
  const end = at + HEAD + length
  if (length === 0 || length > MAX_RECORD_BYTES || end > bytes.length) return -1
  return crc32(bytes.subarray(at + HEAD, end)) === bytes.readUInt32LE(at + 4) ? end : -1
}

function markerValue(bytes: Buffer, at: number): number {
  return Number(bytes.toString('latin1', at + HEAD + 1, at + MARKER_BYTES))
}

/** The file's bytes from `at` to `size`, or undefined when there are too many to be a crash's tail. */
async function readTail(file: FileHandle, at: number, size: number): Promise<Buffer | undefined> {
  if (size - at > MAX_TAIL) return undefined
  const bytes = Buffer.alloc(size - at)
  const { bytesRead } = await file.read(bytes, 0, bytes.length, at)
  return bytes.subarray(0, bytesRead)
}
