// The journal's writer: records appended in order and made durable together (group commit). Every record
// appended in one turn of the event loop is written in one write that returns once on disk (O_DSYNC,
// segment-file.ts); up to MAX_IN_FLIGHT such writes run at once, each batch in its own reused buffer, and records
// count as durable over the batches finished in order. While a batch is being written and commands wait to run
// (`backlog`), a turn's records wait for the next batch too: under load a batch then holds what arrived while the
// last one was written, not one turn's. The journal is a run of segment files, each named after its first record.
import { open, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Histogram } from '../metrics/histogram.js'
import { DataDirError } from './data-dir-error.js'
import { encodeIdent, encodeLink, RecordBatch } from './record-codec.js'
import { SegmentFile } from './segment-file.js'
import { syncDir } from './sync-dir.js'

const SEGMENT = /^journal-(\d{12})\.log$/

/** The file of the segment whose first record is number `start`. */
export function segmentName(start: number): string {
  return `journal-${String(start).padStart(12, '0')}.log`
}

/** The first record's number of a segment file, or undefined for another file. */
export function segmentStart(name: string): number | undefined {
  const m = SEGMENT.exec(name)
  return m ? Number(m[1]) : undefined
}

/**
 * Makes the segment beginning at record `start` if it is not there (empty; one there is kept as it is), durably:
 * before a snapshot at `start` is written, so that a start finding the snapshot but not the segment refuses.
 */
export async function makeSegment(dir: string, start: number): Promise<void> {
  await (await open(join(dir, segmentName(start)), 'a', 0o600)).close()
  await syncDir(dir)
}

/** Batches being written at once: each is durable on its own; a record is acknowledged once all before it are. */
const MAX_IN_FLIGHT = 4

/** Upper bounds (seconds) of the histogram of batch write times. */
const WRITE_SECONDS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1]
/** Upper bounds of the histogram of records per batch. */
const BATCH_RECORDS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]

/** A batch being written, and the records it completes. */
interface InFlight {
  readonly batch: RecordBatch
  readonly upTo: number
  /** `performance.now()` when it was issued. */
  readonly issued: number
  written: boolean
}

export class JournalWriter {
  /** Records appended so far: the next record's number. */
  appended: number
  /** Records on disk. */
  durable: number
  /** Bytes appended since the last segment began. */
  segmentBytes = 0
  /** Called before each batch is written with the number of records it completes (no record is pending then). */
  beforeBatch: ((upTo: number) => void) | undefined = undefined
  /** True while commands wait to run (messages waiting for their turn): their records will join the pending ones. */
  backlog: (() => boolean) | undefined = undefined
  /** Since this writer opened: the batches issued, their bytes, the most records in one, the most written at once. */
  readonly written = { batches: 0, bytes: 0, largestBatch: 0, deepest: 0 }
  /** Since this writer opened: each batch's time from issue to on disk (seconds), and its records. */
  readonly histograms = { writeSeconds: new Histogram(WRITE_SECONDS), records: new Histogram(BATCH_RECORDS) }
  private pending = new RecordBatch()
  /** Batches written, ready for reuse. */
  private readonly spares: RecordBatch[] = []
  /** The batches being written, in the order of their records. */
  private readonly inFlight: InFlight[] = []
  private scheduled = false
  /** A segment switch under way: no batch is issued meanwhile. */
  private switching: Promise<void> | undefined
  private failure: DataDirError | undefined
  private nextStart: number | undefined
  private readonly durableListeners: ((durable: number) => void)[] = []
  private waiters: { readonly upTo: number; readonly resolve: (reached: boolean) => void }[] = []
  /** Resolved when nothing is pending, being written or switching. */
  private quiet: (() => void)[] = []

  private constructor(
    private readonly dir: string,
    private file: SegmentFile,
    /** The path of `file`. */
    private path: string,
    next: number,
    private readonly onFailure: (error: DataDirError) => void,
    /** The data dir's id record, each segment's first (undefined: segments without one). */
    private readonly head: Buffer | undefined,
  ) {
    this.appended = next
    this.durable = next
  }

  /**
   * Writes the segment that starts at record `next` (after recovery: it holds no record yet). Once it is made,
   * `last` (the segment recovery read last, and the end of its records) gets a link to it, so that a start finding
   * `last` but not it refuses. With `id` (the data dir's), every segment begins with an id record naming it.
   */
  static async open(
    dir: string,
    next: number,
    onFailure: (error: DataDirError) => void,
    last?: { readonly path: string; readonly end: number },
    id?: string,
  ): Promise<JournalWriter> {
    const path = join(dir, segmentName(next))
    const head = id === undefined ? undefined : encodeIdent(id)
    const file = await SegmentFile.create(path, head)
    await syncDir(dir)
    if (last && last.path !== path) await writeLink(last.path, last.end, next)
    return new JournalWriter(dir, file, path, next, onFailure, head)
  }

  /** Adds a record; it is written with the others of this turn. Throws once a write has failed. */
  append(payload: string): void {
    if (this.failure) throw this.failure
    const { pending } = this
    // The first record of a batch brings its marker.
    const before = pending.records === 0 ? 0 : pending.length
    pending.append(payload)
    this.segmentBytes += pending.length - before
    this.appended++
    if (!this.scheduled) {
      this.scheduled = true
      setImmediate(() => {
        this.scheduled = false
        // The batch being written issues these when done (`written`): the disk is never left idle.
        if (this.inFlight.length > 0 && this.backlog?.()) return
        this.issue()
      })
    }
  }

  /** Records from `start` on go to a new segment (call from `beforeBatch`, when nothing is pending). */
  rotate(start: number): void {
    this.nextStart = start
    this.segmentBytes = 0
  }

  /** Calls `listener` each time more records are on disk. */
  onDurable(listener: (durable: number) => void): void {
    this.durableListeners.push(listener)
  }

  /** Resolves true once the first `upTo` records are on disk, false if the journal fails first. */
  reached(upTo: number): Promise<boolean> {
    if (this.durable >= upTo) return Promise.resolve(true)
    if (this.failure) return Promise.resolve(false)
    return new Promise((resolve) => this.waiters.push({ upTo, resolve }))
  }

  /** Resolves once every record appended so far is on disk (or the journal has failed). */
  settled(): Promise<void> {
    if (this.isQuiet()) return Promise.resolve()
    return new Promise((resolve) => this.quiet.push(resolve))
  }

  /** Writes what is pending, then closes the segment. */
  async close(): Promise<void> {
    await this.settled()
    await this.file.close()
  }

  /**
   * Whether the segment the next records go to was deleted (undefined while switching segments): records written
   * to it are in an unlinked file.
   */
  async segmentGone(): Promise<boolean | undefined> {
    if (this.switching || this.failure) return undefined
    const path = this.nextStart === undefined ? this.path : join(this.dir, segmentName(this.nextStart))
    return stat(path).then(
      () => false,
      (err: NodeJS.ErrnoException) => err.code === 'ENOENT',
    )
  }

  /** The data dir failed (`error`): nothing more is acknowledged, as when a write fails. */
  failWith(error: DataDirError): void {
    this.fail(error)
  }

  get failed(): boolean {
    return this.failure !== undefined
  }

  private isQuiet(): boolean {
    return (
      this.failure !== undefined ||
      (this.pending.records === 0 && this.inFlight.length === 0 && !this.switching && !this.scheduled)
    )
  }

  /**
   * Starts writing what is pending, as a batch of its own, while fewer than MAX_IN_FLIGHT are being written; a
   * segment switch first waits for every batch of the old segment.
   */
  private issue(): void {
    while (
      !this.failure &&
      !this.switching &&
      this.pending.records > 0 &&
      this.inFlight.length < MAX_IN_FLIGHT
    ) {
      const first = this.appended - this.pending.records
      if (this.nextStart !== undefined && this.nextStart <= first) {
        if (this.inFlight.length === 0) this.switchSegment(this.nextStart)
        return
      }
      const batch = this.pending
      const upTo = this.appended
      this.pending = this.spares.pop() ?? new RecordBatch()
      this.beforeBatch?.(upTo)
      batch.marked(this.durable)
      const entry: InFlight = { batch, upTo, issued: performance.now(), written: false }
      this.inFlight.push(entry)
      this.count(batch, upTo - first)
      this.file.append(batch.bytes, batch.length).then(
        () => this.done(entry),
        (err: unknown) => this.fail(err),
      )
    }
    this.checkQuiet()
  }

  private count(batch: RecordBatch, records: number): void {
    const { written } = this
    written.batches++
    written.bytes += batch.length
    written.largestBatch = Math.max(written.largestBatch, records)
    written.deepest = Math.max(written.deepest, this.inFlight.length)
    this.histograms.records.observe(records)
  }

  /** A batch is on disk: the batches before it that are too become durable, in order. */
  private done(entry: InFlight): void {
    entry.written = true
    this.histograms.writeSeconds.observe((performance.now() - entry.issued) / 1000)
    const { inFlight } = this
    let upTo = this.durable
    while (inFlight.length > 0 && (inFlight[0] as InFlight).written) {
      const done = inFlight.shift() as InFlight
      done.batch.clear()
      this.spares.push(done.batch)
      upTo = done.upTo
    }
    if (upTo > this.durable && !this.failure) {
      this.durable = upTo
      for (const listener of this.durableListeners) listener(upTo)
      if (this.waiters.length > 0) this.wake((w) => w.upTo <= upTo, true)
    }
    this.issue()
  }

  private fail(err: unknown): void {
    if (this.failure) return
    this.failure =
      err instanceof DataDirError
        ? err
        : new DataDirError(
            `the journal in ${this.dir} could not be written: ${String(err)}`,
            this.dir,
            undefined,
            {
              cause: err,
            },
          )
    this.pending.clear()
    this.wake(() => true, false)
    this.onFailure(this.failure)
    this.checkQuiet()
  }

  private checkQuiet(): void {
    if (this.quiet.length === 0 || !this.isQuiet()) return
    const quiet = this.quiet
    this.quiet = []
    for (const resolve of quiet) resolve()
  }

  private wake(which: (waiter: { readonly upTo: number }) => boolean, reached: boolean): void {
    const woken = this.waiters.filter(which)
    this.waiters = this.waiters.filter((w) => !which(w))
    for (const w of woken) w.resolve(reached)
  }

  private switchSegment(start: number): void {
    this.nextStart = undefined
    this.switching = (async () => {
      const next = await SegmentFile.create(join(this.dir, segmentName(start)), this.head)
      await syncDir(this.dir)
      // Made first: a link never names a segment a crash kept from being made.
      const link = encodeLink(start)
      await this.file.append(link, link.length)
      await this.file.close()
      this.file = next
      this.path = join(this.dir, segmentName(start))
    })().then(
      () => {
        this.switching = undefined
        this.issue()
      },
      (err: unknown) => {
        this.switching = undefined
        this.fail(err)
      },
    )
  }
}

/** Writes, durably, a link to the segment beginning at `start` at byte `at` of the segment `path` (after its records). */
async function writeLink(path: string, at: number, start: number): Promise<void> {
  const file = await open(path, 'r+')
  try {
    const link = encodeLink(start)
    await file.write(link, 0, link.length, at)
    await file.datasync()
  } finally {
    await file.close()
  }
}
