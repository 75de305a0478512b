// Recovery: the latest snapshot read into the fresh exchange, then every journal record after it applied in
// order, as it was the first time. A torn last record is dropped (one log line, the file cut back to its intact
// part); any other damage stops the start with a DataDirError naming the file and the byte offset. The history
// file is cut back to what the snapshot refers to and checked; the replay spills the chunks it fills again.
import { readdir, rm, truncate } from 'node:fs/promises'
import { join } from 'node:path'
import type { Account } from '../../exchange/account.js'
import type { Exchange } from '../../exchange/exchange.js'
import type { ListenKeys } from '../server-life/listen-keys.js'
import { DataDirError } from './data-dir-error.js'
import { type HistoryFile, spillEvery } from './history-file.js'
import { type JournalRecord, SNAPSHOT_FORMAT, type SnapshotHeader } from './journal-records.js'
import { segmentName, segmentStart } from './journal-writer.js'
import { META_FILE } from './meta-file.js'
import { scanSegmentFile, segmentId } from './record-codec.js'
import { BASE64, readSnapshotFile, snapshotSeq } from './snapshot-file.js'

/** What the fresh exchange and listen keys were given. */
export interface Recovered {
  /** The next record's number. */
  readonly next: number
  /** The records the snapshot read covers (0 without one). */
  readonly snapshotSeq: number
  /**
   * The clock's last offset from its source, and the latest time a record or the snapshot held since the clock's
   * last move (a move, like a reset, may take it back: the times before it bound the clock no more).
   */
  readonly offset: number
  readonly lastNow: number
  /** Records replayed from the journal. */
  readonly replayed: number
  /** Read-only: history chunks the snapshot refers to, checked. */
  readonly chunksChecked: number
  /** The last segment read and the end of its records (the journal's writer links it to the one it opens). */
  readonly last?: { readonly path: string; readonly end: number } | undefined
  /** Read-only: the torn last record a start would drop (a write a crash cut short), left as it is. */
  readonly torn?: { readonly file: string; readonly offset: number; readonly what: string } | undefined
}

export interface RecoveryParts {
  readonly dir: string
  readonly fingerprint: string
  /**
   * The data dir's id (meta.json) and the first record its files carry it from: a segment or snapshot carrying
   * another id, or none where it must carry this one, was copied from another data dir and is refused. Undefined
   * for a data dir of an earlier version (then a file carrying an id is refused).
   */
  readonly owner?: DataDirOwner | undefined
  readonly exchange: Exchange
  readonly listenKeys: ListenKeys
  /** The history file the snapshot's chunk references name (read-only in a snapshot worker). */
  readonly history: HistoryFile
  readonly log: (line: string) => void
  /**
   * Replays only the records before this one, reading the data dir without changing it (a snapshot taken beside
   * the running journal): those records must all be there, whole.
   */
  readonly upTo?: number | undefined
  /**
   * Reads the data dir without changing it (a check): temporary files stay, history.bin is checked but not cut,
   * a torn last record is reported but not cut, and the chunks the replay fills stay in memory.
   */
  readonly readOnly?: boolean | undefined
}

/** A data dir's id, and the first record its files carry it from (meta.json's `id` and `idFrom`). */
export interface DataDirOwner {
  readonly id: string
  readonly from: number
}

export async function recover(parts: RecoveryParts): Promise<Recovered> {
  const { dir, exchange, listenKeys, upTo, readOnly = false } = parts
  const names = await readdir(dir)
  if (upTo === undefined && !readOnly) {
    for (const name of names) if (name.endsWith('.tmp')) await rm(join(dir, name), { force: true })
  }
  // Looked up when needed: accounts added while running are made again by the snapshot and the journal.
  const accountOf = (id: number): Account => {
    const account = exchange.accounts[id - 1]
    if (!account) throw new Error(`no account ${id}`)
    return account
  }
  let offset = 0
  let lastNow = Number.NEGATIVE_INFINITY
  const before = upTo ?? Number.POSITIVE_INFINITY
  const snapshots = names
    .flatMap((n) => snapshotSeq(n) ?? [])
    .filter((seq) => seq <= before)
    .sort((a, b) => a - b)
  const snapshot = snapshots.at(-1) ?? 0
  let savedKeys: SnapshotHeader['listenKeys'] | undefined
  /** The snapshot read says the segment beginning at it was made. */
  let segmentMade = false
  if (snapshots.length > 0) {
    const path = join(dir, names.find((n) => snapshotSeq(n) === snapshot) as string)
    const reader = exchange.readSnapshot(BASE64, parts.history)
    await readable(path, () =>
      readSnapshotFile(
        path,
        (text) => {
          const header = JSON.parse(text) as SnapshotHeader
          if (typeof header.format === 'number' && header.format !== SNAPSHOT_FORMAT) {
            throw new Error(
              `a snapshot of format ${header.format}, which this version cannot read (it reads format ${SNAPSHOT_FORMAT}): start with the version that wrote it, or with another data dir`,
            )
          }
          if (header.format !== SNAPSHOT_FORMAT || header.seq !== snapshot)
            throw new Error('not a snapshot header')
          if (header.fingerprint !== parts.fingerprint) throw new Error('a snapshot of another configuration')
          // A snapshot at `from` may be the earlier version's (its clean close), before the id was given.
          const why = notOwned(parts, header.dataDirId, snapshot - 1)
          if (why) throw new Error(`a snapshot of another data dir (${why})`)
          savedKeys = header.listenKeys
          offset = header.offset
          lastNow = header.now
          segmentMade = header.segment === true
        },
        (line) => reader.line(line),
      ),
    )
    try {
      reader.finish()
    } catch (err) {
      throw new DataDirError(`${path} is damaged: ${(err as Error).message}`, path, undefined, { cause: err })
    }
  }
  // A worker reads only: its chunks filled by the replay stay in memory (the main thread appends to the file).
  const spilling = upTo === undefined && !readOnly
  if (spilling) parts.history.restore()
  const chunksChecked = readOnly ? parts.history.verify() : 0
  let torn: Recovered['torn']
  let commands = 0
  const every = spillEvery()
  // After the state: a key may belong to an account the snapshot made.
  if (savedKeys) listenKeys.restore(savedKeys, accountOf)

  const segments = names
    .flatMap((n) => {
      const start = segmentStart(n)
      return start === undefined || start < snapshot || start >= before ? [] : [{ name: n, start }]
    })
    .sort((a, b) => a.start - b.start)
  // The writer made this segment before the snapshot was written, or with meta.json (it may hold no record yet).
  const made = segmentMade || snapshots.length === 0
  if (made && upTo === undefined && segments[0]?.start !== snapshot) missing(dir, snapshot)
  let next = snapshot
  let last: Recovered['last']
  let link: number | undefined
  for (const [i, segment] of segments.entries()) {
    const path = join(dir, segment.name)
    if (segment.start !== next) {
      throw new DataDirError(`${path} should begin at record ${next}: records are missing`, path, 0)
    }
    const id = await readable(path, () => segmentId(path))
    if (id !== undefined) {
      const why = notOwned(parts, id, segment.start)
      if (why) throw foreign(path, why)
    }
    const scanned = await readable(path, () =>
      scanSegmentFile(
        path,
        (payload, at) => {
          let record: JournalRecord
          try {
            record = JSON.parse(payload) as JournalRecord
          } catch (err) {
            throw new DataDirError(`${path} is damaged at byte ${at}: a record is not JSON`, path, at, {
              cause: err,
            })
          }
          if ('c' in record) {
            // A reset took the clock back: the times before it do not bound the clock any more.
            if (record.t > lastNow || record.c.kind === 'reset') lastNow = record.t
            try {
              exchange.execute(record.c, record.t)
            } catch {
              // A refusal replays to the same refusal; what the command changed before it is kept.
            }
            if (spilling && ++commands % every === 0) exchange.spillHistory(parts.history)
          } else if ('l' in record) listenKeys.apply(record.l, accountOf)
          else {
            offset = record.o
            // The clock moved (maybe back): the times before the move bound it no more, the time it moved to does
            // (unknown in the records of earlier versions).
            lastNow = record.n ?? Number.NEGATIVE_INFINITY
          }
        },
        undefined,
        segment.start,
      ),
    )
    // Every segment written since the data dir had its id begins with it: records without it came from elsewhere.
    if (id === undefined && scanned.count > 0) {
      const why = notOwned(parts, undefined, segment.start)
      if (why) throw foreign(path, why)
    }
    next += scanned.count
    last = { path, end: scanned.intact }
    link = scanned.link
    if (scanned.torn !== undefined) {
      if (i !== segments.length - 1 || upTo !== undefined) {
        throw new DataDirError(
          `${path} is damaged at byte ${scanned.intact}: ${scanned.torn}`,
          path,
          scanned.intact,
        )
      }
      if (readOnly) {
        torn = { file: path, offset: scanned.intact, what: scanned.torn }
        continue
      }
      parts.log(
        `${path}: dropped ${scanned.torn} at byte ${scanned.intact}, a write a crash cut short (the file is cut there, with any zeros written ahead)`,
      )
      await truncate(path, scanned.intact)
    }
  }
  // The last segment read names the one the writer went on in: that one was deleted.
  if (link !== undefined && upTo === undefined) missing(dir, link)
  // The chunks a worker's snapshot held in full, and those the replay filled since the last pass.
  if (spilling) exchange.spillHistory(parts.history)
  if (upTo !== undefined && next !== upTo) {
    throw new DataDirError(`${dir} holds ${next} records, not the ${upTo} to replay`, dir)
  }
  return {
    next,
    snapshotSeq: snapshot,
    offset,
    lastNow,
    replayed: next - snapshot,
    chunksChecked,
    last,
    torn,
  }
}

/**
 * Why a file beginning at record `start` that carries the data dir id `id` (undefined: none) is not this data
 * dir's, or undefined when it is.
 */
function notOwned(parts: RecoveryParts, id: string | undefined, start: number): string | undefined {
  const { owner } = parts
  const meta = join(parts.dir, META_FILE)
  if (id === undefined) {
    if (owner === undefined || start < owner.from) return undefined
    return `it carries no data dir id, where this data dir's files carry ${owner.id} (${meta}) from record ${owner.from} on; if an earlier version (without data dir ids) ran on this data dir after this one, it wrote it: start that version again, or restore a backup — a data dir does not go back to an earlier version`
  }
  if (id === owner?.id) return undefined
  return owner === undefined
    ? `it carries the data dir id ${id}, and ${meta} gives this data dir none`
    : `it carries the data dir id ${id}, not this data dir's ${owner.id} (${meta})`
}

/** A segment (`path`) of another data dir, refused at its first byte, where its id is (or would be). */
function foreign(path: string, why: string): DataDirError {
  return new DataDirError(
    `${path} is damaged at byte 0: a journal segment of another data dir (${why}): it was copied from there; restore this data dir's own files or a backup`,
    path,
    0,
  )
}

/** Refuses a data dir whose segment beginning at record `start` is gone: the records written there are lost. */
function missing(dir: string, start: number): never {
  const path = join(dir, segmentName(start))
  throw new DataDirError(
    `${path} is missing: the journal went on there (the records acknowledged after record ${start} are lost); restore a backup`,
    path,
  )
}

/** Runs `io` on the file `path`, turning a file system error (EACCES…) into a DataDirError naming it. */
async function readable<T>(path: string, io: () => Promise<T>): Promise<T> {
  try {
    return await io()
  } catch (err) {
    if (err instanceof DataDirError || typeof (err as NodeJS.ErrnoException).code !== 'string') throw err
    throw new DataDirError(`${path} cannot be read: ${(err as Error).message}`, path, undefined, {
      cause: err,
    })
  }
}
