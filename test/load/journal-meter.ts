// Measures a data dir's journal from outside while the emulator writes it: the records and bytes appended since the
// start, across compaction (docs/persistence.md "Files": a segment is named after its first record; once a snapshot
// is durable the segments before it are deleted). Each segment is walked record by record as it grows, so the bytes
// of a segment deleted after it was read are still counted; records of a segment deleted before it was read to its
// end are known from the next segment's name and counted as `unread`.
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs'
import { join } from 'node:path'

const SEGMENT = /^journal-(\d+)\.log$/
/** Record header: payload length (u32 LE), CRC-32 (u32 LE). */
/** The first payload byte of a batch's marker record. */
const MARKER = 0x23
const HEADER = 8

interface Segment {
  readonly first: number
  /** Bytes walked (whole records only) and records in them. */
  offset: number
  records: number
  gone: boolean
}

export interface JournalSample {
  /** Records and bytes appended since the meter started (whole records seen). */
  readonly records: number
  readonly bytes: number
  /** Records of segments deleted before they were read to their end (their bytes are not in `bytes`). */
  readonly unread: number
  /** Segments begun (1 + compactions) and snapshot files present now. */
  readonly segments: number
  readonly snapshots: number
  /** Bytes on disk now: journal segments (with the zeros written ahead of their records) and snapshots. */
  readonly diskBytes: number
}

export class JournalMeter {
  readonly #segments = new Map<string, Segment>()
  /** The totals at the first sample: what the meter reports is appended after it. */
  #base: { records: number; bytes: number } | undefined

  constructor(private readonly dir: string) {}

  sample(): JournalSample {
    const files = readdirSync(this.dir)
    let diskBytes = 0
    let snapshots = 0
    for (const f of files) {
      const path = join(this.dir, f)
      const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0
      if (f.endsWith('.snap')) {
        snapshots++
        diskBytes += size
      }
      const m = f.match(SEGMENT)
      if (!m) continue
      diskBytes += size
      let s = this.#segments.get(f)
      if (!s) {
        s = { first: Number(m[1]), offset: 0, records: 0, gone: false }
        this.#segments.set(f, s)
      }
      this.#walk(path, s)
    }
    for (const [f, s] of this.#segments) if (!files.includes(f)) s.gone = true
    const ordered = [...this.#segments.values()].sort((a, b) => a.first - b.first)
    let records = 0
    let bytes = 0
    let unread = 0
    for (const [i, s] of ordered.entries()) {
      const next = ordered[i + 1]
      const whole = next ? next.first - s.first : s.records
      records += s.records
      bytes += s.offset
      if (s.gone) unread += whole - s.records
    }
    const end = (ordered[0]?.first ?? 0) + records + unread
    this.#base ??= { records: end, bytes }
    return {
      records: end - this.#base.records,
      bytes: bytes - this.#base.bytes,
      unread,
      segments: ordered.length,
      snapshots,
      diskBytes,
    }
  }

  /** Walks the whole records appended to `path` since the last walk. */
  #walk(path: string, s: Segment): void {
    let fd: number
    try {
      fd = openSync(path, 'r')
    } catch {
      return
    }
    try {
      const size = statSync(path).size
      if (size <= s.offset) return
      const buf = Buffer.alloc(size - s.offset)
      const n = readSync(fd, buf, 0, buf.length, s.offset)
      let at = 0
      while (at + HEADER <= n) {
        const length = buf.readUInt32LE(at)
        // A length of 0: the zeros the writer keeps ahead of its records (src/emulator/api/persistence/segment-file.ts).
        if (length === 0 || at + HEADER + length > n) break
        // A batch's marker (payload `#…`, journal-writer.ts) is no command.
        if (buf[at + HEADER] !== MARKER) s.records++
        at += HEADER + length
      }
      s.offset += at
    } finally {
      closeSync(fd)
    }
  }
}

/** Least-squares line through (x, y): its slope and the spread of the points around it (RMS). */
export function fitLine(points: readonly (readonly [number, number])[]): { slope: number; rms: number } {
  const n = points.length
  if (n < 2) return { slope: 0, rms: 0 }
  let sx = 0
  let sy = 0
  for (const [x, y] of points) {
    sx += x
    sy += y
  }
  const mx = sx / n
  const my = sy / n
  let sxy = 0
  let sxx = 0
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my)
    sxx += (x - mx) ** 2
  }
  const slope = sxx === 0 ? 0 : sxy / sxx
  let sse = 0
  for (const [x, y] of points) sse += (y - (my + slope * (x - mx))) ** 2
  return { slope, rms: Math.sqrt(sse / n) }
}
