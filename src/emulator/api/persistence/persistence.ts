// A data dir in use: the journal fed by the exchange's commands, the listen keys' changes and the clock's moves;
// the gate that holds outgoing frames until their records are durable; snapshots every `snapshotEvery` records
// and at close, each followed by compaction (older segments and snapshots deleted once the snapshot is durable).
// While serving, a small state is serialized here (within `inlineMs`) and a larger one by a child process that
// replays the journal up to the snapshot point (snapshot-process.ts), so the exchange does not pause; at close (or
// without a worker) it is serialized here.
// The history tables' full chunks go to the history file (history-spills.ts).
import { readdir, rm, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Exchange } from '../../exchange/exchange.js'
import { Histogram, type HistogramView } from '../metrics/histogram.js'
import type { Clock } from '../server-life/clock.js'
import type { ListenKeys } from '../server-life/listen-keys.js'
import { copyInto } from './copy-into.js'
import { DataDirError } from './data-dir-error.js'
import { DirLock } from './dir-lock.js'
import { watchDataDir } from './dir-watch.js'
import { HistoryFile } from './history-file.js'
import { HistorySpills } from './history-spills.js'
import { type JournalRecord, SNAPSHOT_FORMAT } from './journal-records.js'
import { JournalWriter, makeSegment, segmentName, segmentStart } from './journal-writer.js'
import { makeFolder } from './make-folder.js'
import { fingerprintsOf, META_FILE, type Meta, newDataDirId, readMeta, writeMeta } from './meta-file.js'
import { OutboundGate } from './outbound-gate.js'
import { type DataDirOwner, type Recovered, recover } from './recovery.js'
import type { ExchangeSetup } from './replayed-snapshot.js'
import { type SnapshotPoint, snapshotChunks, snapshotChunksWithin } from './snapshot-chunks.js'
import { snapshotName, snapshotSeq, writeSnapshotFile } from './snapshot-file.js'
import { SNAPSHOT_WORKER, type SnapshotProcess, startSnapshotProcess } from './snapshot-process.js'
import { syncDir } from './sync-dir.js'

/**
 * The default longest a periodic snapshot may hold the main thread: the journal load's 200 accounts (3–6 MB, their
 * trade tables' chunks being filled) take 60–105 ms. Larger go to the worker process, whose replay costs far more
 * CPU.
 */
export const SNAPSHOT_INLINE_MS = 100
/** After a state too large for that, the snapshots left to the worker before trying again. */
const INLINE_SKIPS = 4
/** Upper bounds (seconds) of the histogram of snapshot times. */
const SNAPSHOT_SECONDS = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300]

export interface DataDirSettings {
  readonly dir: string
  /** What the exchange is made of, without its start time: the state in the data dir belongs to it. */
  readonly config: ExchangeSetup
  /** Records between snapshots. */
  readonly snapshotEvery: number
  /**
   * The snapshot worker's script (default: the compiled `snapshot-worker.js`); false: snapshots are serialized on
   * the main thread (the exchange pauses meanwhile).
   */
  readonly snapshotWorker?: URL | string | false | undefined
  /** The longest (ms) a periodic snapshot may be serialized on the main thread while serving; 0: never. */
  readonly inlineMs?: number
  readonly log: (line: string) => void
  /** The journal could not be written: nothing more is acknowledged. */
  readonly onFailure: (error: DataDirError) => void
}

/** The parts recovery fills and the journal then follows. */
export interface Journaled {
  readonly exchange: Exchange
  readonly listenKeys: ListenKeys
  /** The emulator clock and the source it is offset from. */
  readonly clock: Clock
  readonly source: () => number
}

/** A data dir opened, before recovery: the start time of the exchange to rebuild. */
export interface OpenedDataDir {
  readonly startTime: number
  /** Replays the data dir into `parts` (fresh, built with `startTime`) and starts journaling. */
  recover(parts: Journaled): Promise<Persistence>
}

/** Opens (or makes) the data dir; a data dir of another configuration, or an unusable one, throws a DataDirError. */
export async function openDataDir(settings: DataDirSettings, now: number): Promise<OpenedDataDir> {
  const { dir } = settings
  const fingerprints = fingerprintsOf(settings.config)
  const lock = await usable(dir, async () => {
    // Readable by the emulator's user only: it holds the secrets of the accounts added while running.
    await makeFolder(dir, 0o700)
    return DirLock.take(dir)
  })
  // Until the data dir is serving, a failure lets it go.
  const releasing = async (err: unknown): Promise<never> => {
    await lock.release()
    throw err
  }
  const meta = await usable(dir, async () => {
    const found = await readMeta(dir)
    if (found) return found
    // The empty first segment a first start made before a crash kept it from writing meta.json is no journal.
    const first = join(dir, segmentName(0))
    const empty = await stat(first).then(
      (s) => s.size === 0,
      () => false,
    )
    const names = (await readdir(dir)).filter((n) => !(empty && n === segmentName(0)))
    if (names.some((n) => segmentStart(n) !== undefined || snapshotSeq(n) !== undefined)) {
      throw new DataDirError(
        `${dir} holds journal or snapshot files but no meta.json: it cannot be used`,
        dir,
      )
    }
    const made: Meta = { format: 1, fingerprint: fingerprints[0] ?? '', startTime: now, id: newDataDirId() }
    // Before meta.json: a data dir without a snapshot always holds its first segment (recovery.ts).
    await makeSegment(dir, 0)
    await writeMeta(dir, made)
    return made
  })
    .then((found) => {
      checkOwner(dir, found, fingerprints)
      return found
    })
    .catch(releasing)
  // The data dir's own (an earlier version's, for a config this one reads with more rules: fingerprintsOf).
  const { fingerprint } = meta
  return {
    startTime: meta.startTime,
    recover: async (parts) => {
      const history = await usable(dir, async () => new HistoryFile(dir, { writable: true })).catch(releasing)
      try {
        const recovered = await recover({
          dir,
          fingerprint,
          owner: ownerOf(meta),
          exchange: parts.exchange,
          listenKeys: parts.listenKeys,
          history,
          log: settings.log,
        })
        await lock.confirm()
        // A data dir an earlier version made gets its id now: its files from the next record on carry it.
        const owner =
          ownerOf(meta) ??
          (await usable(dir, async () => {
            const id = newDataDirId()
            await writeMeta(dir, { ...meta, id, idFrom: recovered.next })
            return { id, from: recovered.next }
          }))
        const journal = await usable(dir, () =>
          JournalWriter.open(dir, recovered.next, settings.onFailure, recovered.last, owner.id),
        )
        return new Persistence(
          settings,
          fingerprint,
          owner,
          meta.startTime,
          parts,
          journal,
          history,
          recovered,
          lock,
        )
      } catch (err) {
        history.close()
        return releasing(err)
      }
    },
  }
}

/** The data dir's id and the record its files carry it from, per its meta (undefined: an earlier version's). */
export function ownerOf(meta: Meta): DataDirOwner | undefined {
  return meta.id === undefined ? undefined : { id: meta.id, from: meta.idFrom ?? 0 }
}

/** The snapshot in `dir` after `seq` records. */
export function snapshotIn(dir: string, seq: number): SnapshotInfo {
  return { file: join(dir, snapshotName(seq)), records: seq }
}

/** Throws unless the data dir's state (its meta) belongs to the configuration of one of `fingerprints`. */
export function checkOwner(dir: string, meta: Meta, fingerprints: readonly string[]): void {
  if (!fingerprints.includes(meta.fingerprint)) {
    const file = join(dir, META_FILE)
    throw new DataDirError(
      `${dir} holds the state of another configuration (the fingerprint in ${file} differs: accounts, symbols, seed, commission or ORDERS limits): start with the configuration it was made with, or with another data dir`,
      file,
    )
  }
}

/** Runs `io`, turning a file system error into a DataDirError that names the data dir. */
export async function usable<T>(dir: string, io: () => Promise<T>): Promise<T> {
  try {
    return await io()
  } catch (err) {
    if (err instanceof DataDirError) throw err
    throw new DataDirError(`the data dir ${dir} cannot be used: ${(err as Error).message}`, dir, undefined, {
      cause: err,
    })
  }
}

/** A snapshot on disk: its file and the journal records it covers. */
export interface SnapshotInfo {
  readonly file: string
  readonly records: number
}

/** A backup written: the data dir it made and the journal records its snapshot covers. */
export interface BackupInfo {
  readonly dir: string
  readonly records: number
}

/** What a data dir holds and how its writes go (`ex.storage()`, `GET /control/storage`). */
export interface StorageInfo {
  readonly dir: string
  /** Journal records since the data dir was made: the next record's number. */
  readonly records: number
  /** Of those, the ones on disk; an answer waits until its record is. */
  readonly durable: number
  /**
   * Since this start: the journal's group commits (`batches`, their `bytes`), the most records one held and the
   * most written at once (`deepest`; while requests queue, one at a time).
   */
  readonly written: {
    readonly batches: number
    readonly bytes: number
    readonly largestBatch: number
    readonly deepest: number
  }
  /** The latest snapshot on disk (undefined before the first), and whether one is being taken. */
  readonly snapshot: SnapshotInfo | undefined
  readonly snapshotting: boolean
  /** How this start went: the records the snapshot read covered, and the records replayed after it. */
  readonly recovered: { readonly snapshotRecords: number; readonly replayed: number }
  /** The journal could not be written: nothing is acknowledged any more (the log says why). */
  readonly failed: boolean
}

/** How the data dir's writes went since this start, for the metrics (`ex.metrics()`). */
export interface StorageActivity {
  /** Per journal batch: its time from issue to on disk (seconds), and its records. */
  readonly batchSeconds: HistogramView
  readonly batchRecords: HistogramView
  /** Snapshots written (their time from start to durable, seconds) and snapshots that failed. */
  readonly snapshotSeconds: HistogramView
  readonly snapshotsFailed: number
}

export class Persistence {
  /** Holds outgoing frames until their records are durable. */
  readonly gate: OutboundGate
  /** How the start went: the snapshot read and the records replayed. */
  readonly recovered: Recovered
  private snapshotSeq: number
  /** The records the latest snapshot file on disk covers (undefined for a data dir that never had one). */
  private writtenSeq: number | undefined
  private snapshotting: Promise<void> | undefined
  /** The worker taking the current snapshot, if one is. */
  private worker: SnapshotProcess | undefined
  private closed = false
  /** Snapshots still to leave to the worker without trying to serialize them here. */
  private inlineSkips = 0
  /** The history going to the history file. */
  private readonly spills: HistorySpills
  /** Backups being copied: no file is deleted (compaction waits) until they are done. */
  private readonly copies = new Set<Promise<void>>()
  /** Told when a snapshot ends (written or not). */
  private readonly snapshotListeners: (() => void)[] = []
  private readonly snapshotSeconds = new Histogram(SNAPSHOT_SECONDS)
  private snapshotsFailed = 0
  /** The segment beginning at the snapshot being taken, being made: the snapshot is written once it is. */
  private segmentMade: Promise<void> = Promise.resolve()

  constructor(
    private readonly settings: DataDirSettings,
    private readonly fingerprint: string,
    private readonly owner: DataDirOwner,
    private readonly startTime: number,
    private readonly parts: Journaled,
    private readonly journal: JournalWriter,
    history: HistoryFile,
    recovered: Recovered,
    private readonly lock: DirLock,
  ) {
    this.recovered = recovered
    this.snapshotSeq = recovered.snapshotSeq
    this.writtenSeq = recovered.snapshotSeq > 0 ? recovered.snapshotSeq : undefined
    this.gate = new OutboundGate(journal)
    const { clock, source } = parts
    const resumed = Math.max(source() + recovered.offset, recovered.lastNow)
    if (resumed !== clock.now()) clock.set(resumed)
    const append = (record: JournalRecord) => journal.append(JSON.stringify(record))
    const spills = new HistorySpills(parts.exchange, history, settings.log)
    this.spills = spills
    parts.exchange.onCommand((c, t) => {
      append({ c, t })
      spills.command(c, journal.appended)
    })
    parts.listenKeys.onChange((l) => append({ l }))
    journal.beforeBatch = (upTo) => {
      if (!this.snapshotting && upTo - this.snapshotSeq >= settings.snapshotEvery) this.snapshot(upTo)
    }
    watchDataDir({
      dir: settings.dir,
      lock,
      journal,
      log: settings.log,
      closed: () => this.closed,
      rescue: () => this.rescue(),
    })
  }

  /** `clock` with its moves journaled (the clock's position survives a restart). */
  journaledClock(clock: Clock): Clock {
    const moved = () => {
      const n = clock.now()
      this.journal.append(JSON.stringify({ o: n - this.parts.source(), n } satisfies JournalRecord))
    }
    return {
      now: () => clock.now(),
      set: (time) => {
        clock.set(time)
        moved()
      },
      advance: (ms) => {
        clock.advance(ms)
        moved()
      },
    }
  }

  /** `waiting` tells when commands wait to run: while they do, a turn's records join the next batch (`backlog`). */
  batchWith(waiting: () => boolean): void {
    this.journal.backlog = waiting
  }

  storage(): StorageInfo {
    const { journal, writtenSeq } = this
    return {
      dir: this.settings.dir,
      records: journal.appended,
      durable: journal.durable,
      written: { ...journal.written },
      snapshot: writtenSeq === undefined ? undefined : snapshotIn(this.settings.dir, writtenSeq),
      // Written, a snapshot's compaction may still wait for a backup's copy: it is no longer being taken.
      snapshotting: this.snapshotting !== undefined && this.writtenSeq !== this.snapshotSeq,
      recovered: { snapshotRecords: this.recovered.snapshotSeq, replayed: this.recovered.replayed },
      failed: journal.failed,
    }
  }

  activity(): StorageActivity {
    const { writeSeconds, records } = this.journal.histograms
    return {
      batchSeconds: writeSeconds,
      batchRecords: records,
      snapshotSeconds: this.snapshotSeconds,
      snapshotsFailed: this.snapshotsFailed,
    }
  }

  /** Calls `listener` each time a snapshot ends (`storage()` then tells whether it was written). */
  onSnapshotEnd(listener: () => void): void {
    this.snapshotListeners.push(listener)
  }

  /** Resolves once every record appended so far is durable and its held frames are sent. */
  settle(): Promise<void> {
    return this.journal.settled()
  }

  /**
   * Takes a snapshot of everything appended so far once it is durable, and waits for it and its compaction; the
   * latest snapshot when nothing was appended since. Throws when the data dir is closed or failed.
   */
  async checkpoint(): Promise<SnapshotInfo> {
    await this.snapshotting
    await this.settle()
    if (this.closed || this.journal.failed) throw new RangeError('snapshot: the data dir is closed')
    if (this.snapshotDue()) {
      this.snapshot(this.journal.appended)
      await this.snapshotting
    }
    if (this.writtenSeq !== this.snapshotSeq)
      throw new RangeError('snapshot: it could not be written (see the log)')
    return snapshotIn(this.settings.dir, this.snapshotSeq)
  }

  /**
   * Copies the state now into `to`, a new or empty folder: a snapshot of everything answered so far, the history
   * file and meta.json, each durable when this resolves. `to` is then a data dir of its own: the emulator starts on
   * it with the same configuration. Snapshots go on meanwhile; their compaction waits, so the one copied stays.
   */
  async backup(to: string): Promise<BackupInfo> {
    const target = resolve(to)
    const { dir } = this.settings
    if (target === resolve(dir)) throw new RangeError(`backup: ${target} is the data dir itself`)
    const { file, records } = await this.checkpoint()
    // Held from here, in the turn the checkpoint ended: no compaction has run since.
    // The snapshot says the journal goes on in the segment at `records`: the backup holds it, empty.
    const copy = copyInto(target, [join(dir, META_FILE), file, this.spills.file.path]).then(() =>
      makeSegment(target, records),
    )
    // Out of the set as it settles, before anything awaiting the set goes on (its reaction runs first): a
    // compaction looping on the set must never find a settled copy in it.
    const held = copy.then(
      () => {},
      () => {},
    )
    this.copies.add(held)
    void held.then(() => this.copies.delete(held))
    await copy
    return { dir: target, records }
  }

  /** Writes what is pending, takes the final snapshot and closes the journal. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    // A backup being copied finishes first (the process may end after close).
    await Promise.all(this.copies)
    // The final snapshot covers what the worker's would: the worker stops, its partial file is removed.
    await this.worker?.stop()
    await this.snapshotting
    await this.journal.close()
    if (!this.journal.failed && this.snapshotDue()) {
      this.snapshot(this.journal.appended)
      await this.snapshotting
    }
    this.spills.file.close()
    await this.lock.release()
  }

  /**
   * Takes a snapshot of the state in memory now, serialized here, after the one being taken (a worker's stops: it
   * replays the journal, whose current segment was deleted); resolves whether it was written.
   */
  private async rescue(): Promise<boolean> {
    await this.worker?.stop()
    await this.snapshotting
    if (this.closed || this.journal.failed) return true
    this.snapshot(this.journal.appended, true)
    await this.snapshotting
    return this.writtenSeq === this.snapshotSeq
  }

  /** Records were appended since the latest snapshot, or the latest was not written (failed, or stopped). */
  private snapshotDue(): boolean {
    return this.journal.appended > this.snapshotSeq || this.writtenSeq !== this.snapshotSeq
  }

  /**
   * Takes a snapshot after `seq` records (the state now): later records go to a new segment. While serving and
   * with a worker, the worker replays the journal up to `seq` once it is durable; else the state is serialized now.
   */
  private snapshot(seq: number, here = false): void {
    const { clock, source } = this.parts
    const now = clock.now()
    const started = performance.now()
    const point: SnapshotPoint = {
      format: SNAPSHOT_FORMAT,
      seq,
      fingerprint: this.fingerprint,
      offset: now - source(),
      now,
      segment: true,
      dataDirId: this.owner.id,
    }
    const { dir } = this.settings
    this.segmentMade = makeSegment(dir, seq)
    // Awaited by the write; a write that stops before it (the journal failed) leaves its failure unread.
    this.segmentMade.catch(() => {})
    const entry = this.settings.snapshotWorker ?? SNAPSHOT_WORKER
    const write = here
      ? this.inlineWrite(point, snapshotChunks(point, this.parts.exchange, this.parts.listenKeys))
      : entry && !this.closed
        ? this.whileServing(entry, point)
        : this.inProcess(point)
    this.journal.rotate(seq)
    this.snapshotSeq = seq
    this.snapshotting = write
      .then(async (written) => {
        if (!written) return removeTemporary(dir, seq)
        this.writtenSeq = seq
        this.snapshotSeconds.observe((performance.now() - started) / 1000)
        // The snapshots a backup is copying stay until it is done.
        while (this.copies.size > 0) await Promise.all(this.copies)
        await compact(dir, seq)
        this.spills.snapshotDone(seq)
      })
      .catch(async (err: unknown) => {
        this.snapshotsFailed++
        await removeTemporary(dir, seq)
        this.settings.log(
          `${dir}: a snapshot could not be written (${err instanceof Error ? err.message : String(err)}); the journal keeps everything`,
        )
      })
      .finally(() => {
        this.snapshotting = undefined
        this.worker = undefined
        for (const listener of this.snapshotListeners) listener()
      })
  }

  /** Serializes the state now and writes it; resolves true once it is durable. */
  private inProcess(point: SnapshotPoint): Promise<boolean> {
    // The snapshot refers to every chunk spilled so far: they are durable before it is.
    this.spills.file.sync()
    const chunks = snapshotChunks(point, this.parts.exchange, this.parts.listenKeys)
    return this.segmentMade
      .then(() => writeSnapshotFile(this.settings.dir, point.seq, chunks))
      .then(() => true)
  }

  /**
   * While serving: serialized here if that takes at most `inlineMs` (a small state: cheaper than a worker
   * replaying every record since the last snapshot), else by the worker. After a state too large, the next
   * INLINE_SKIPS snapshots go to the worker without trying.
   */
  private whileServing(entry: URL | string, point: SnapshotPoint): Promise<boolean> {
    const budget = this.settings.inlineMs ?? SNAPSHOT_INLINE_MS
    if (budget <= 0) return this.inWorker(entry, point)
    if (this.inlineSkips > 0) {
      this.inlineSkips--
      return this.inWorker(entry, point)
    }
    const chunks = snapshotChunksWithin(point, this.parts.exchange, this.parts.listenKeys, budget)
    if (!chunks) {
      this.inlineSkips = INLINE_SKIPS
      return this.inWorker(entry, point)
    }
    return this.inlineWrite(point, chunks)
  }

  /** Writes a snapshot serialized here once its records and the history chunks it refers to are durable. */
  private async inlineWrite(point: SnapshotPoint, chunks: Buffer[]): Promise<boolean> {
    if (!(await this.journal.reached(point.seq))) throw new Error('the journal could not be written')
    await this.spills.file.syncLater()
    await this.segmentMade
    await writeSnapshotFile(this.settings.dir, point.seq, chunks)
    return true
  }

  /** Once the records up to the point are durable, a worker replays them and writes the snapshot. */
  private async inWorker(entry: URL | string, point: SnapshotPoint): Promise<boolean> {
    if (!(await this.journal.reached(point.seq))) throw new Error('the journal could not be written')
    await this.segmentMade
    if (this.closed) return false
    const { dir, config } = this.settings
    this.worker = startSnapshotProcess(entry, {
      dir,
      setup: config,
      startTime: this.startTime,
      point,
      owner: this.owner,
    })
    return this.worker.done
  }
}

/** Removes what an unfinished snapshot after `seq` records left (the file is whole or absent under its name). */
async function removeTemporary(dir: string, seq: number): Promise<void> {
  await rm(join(dir, `${snapshotName(seq)}.tmp`), { force: true }).catch(() => {})
}

/** Deletes the segments and snapshots a durable snapshot after `seq` records has made unneeded. */
async function compact(dir: string, seq: number): Promise<void> {
  for (const name of await readdir(dir)) {
    const start = segmentStart(name) ?? snapshotSeq(name)
    if (start !== undefined && start < seq) await rm(join(dir, name), { force: true })
  }
  await syncDir(dir)
}
