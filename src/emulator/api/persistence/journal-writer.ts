// The journal's writer: records appended in order and made durable together (group commit). Every record
// appended in one turn of the event loop is written in one write that returns once on disk (O_DSYNC,
// segment-file.ts); while that runs, the next turn's records gather for the next (in a second buffer: the two
// take turns). The journal is a run of segment files, each named after its first record.
import { join } from 'node:path'
import { DataDirError } from './data-dir-error.js'
import { RecordBatch } from './record-codec.js'
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

export class JournalWriter {
  /** Records appended so far: the next record's number. */
  appended: number
  /** Records on disk. */
  durable: number
  /** Bytes appended since the last segment began. */
  segmentBytes = 0
  /** Called before each batch is written with the number of records it completes (no record is pending then). */
  beforeBatch: ((upTo: number) => void) | undefined = undefined
  private pending = new RecordBatch()
  /** The batch being written; it takes the next turn's records once written. */
  private spare = new RecordBatch()
  private scheduled = false
  private flushing: Promise<void> | undefined
  private failure: DataDirError | undefined
  private nextStart: number | undefined
  private readonly durableListeners: ((durable: number) => void)[] = []
  private waiters: { readonly upTo: number; readonly resolve: (reached: boolean) => void }[] = []

  private constructor(
    private readonly dir: string,
    private file: SegmentFile,
    next: number,
    private readonly onFailure: (error: DataDirError) => void,
  ) {
    this.appended = next
    this.durable = next
  }

  /** Writes the segment that starts at record `next` (after recovery: it holds no record yet). */
  static async open(
    dir: string,
    next: number,
    onFailure: (error: DataDirError) => void,
  ): Promise<JournalWriter> {
    const file = await SegmentFile.create(join(dir, segmentName(next)))
    await syncDir(dir)
    return new JournalWriter(dir, file, next, onFailure)
  }

  /** Adds a record; it is written with the others of this turn. Throws once a write has failed. */
  append(payload: string): void {
    if (this.failure) throw this.failure
    const { pending } = this
    const before = pending.length
    pending.append(payload)
    this.segmentBytes += pending.length - before
    this.appended++
    if (!this.scheduled && !this.flushing) {
      this.scheduled = true
      setImmediate(() => {
        this.flushing = this.flush()
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
  async settled(): Promise<void> {
    while (this.flushing || this.scheduled) {
      await (this.flushing ?? new Promise((resolve) => setImmediate(resolve)))
    }
  }

  /** Writes what is pending, then closes the segment. */
  async close(): Promise<void> {
    await this.settled()
    await this.file.close()
  }

  get failed(): boolean {
    return this.failure !== undefined
  }

  private async flush(): Promise<void> {
    this.scheduled = false
    try {
      while (this.pending.length > 0) {
        const batch = this.pending
        const upTo = this.appended
        this.pending = this.spare
        this.spare = batch
        const first = this.durable
        this.beforeBatch?.(upTo)
        if (this.nextStart !== undefined && this.nextStart <= first) await this.switchSegment(this.nextStart)
        await this.file.append(batch.bytes, batch.length)
        batch.clear()
        this.durable = upTo
        for (const listener of this.durableListeners) listener(upTo)
        if (this.waiters.length > 0) this.wake((w) => w.upTo <= upTo, true)
      }
    } catch (err) {
      this.failure = new DataDirError(
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
    } finally {
      this.flushing = undefined
    }
  }

  private wake(which: (waiter: { readonly upTo: number }) => boolean, reached: boolean): void {
    const woken = this.waiters.filter(which)
    this.waiters = this.waiters.filter((w) => !which(w))
    for (const w of woken) w.resolve(reached)
  }

  private async switchSegment(start: number): Promise<void> {
    this.nextStart = undefined
    await this.file.close()
    this.file = await SegmentFile.create(join(this.dir, segmentName(start)))
    await syncDir(this.dir)
  }
}
