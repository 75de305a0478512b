// A journal segment as the writer holds it: records are written at its end, and zeros are written ahead of them
// (preallocated, in steps that double from 1 MB up to 16 MB), so that making a batch durable finds the blocks
// already allocated and the file's size unchanged: no metadata to write, only the data. The scan (record-codec.ts)
// takes the zeros after the last record as the end of the segment.
import { constants } from 'node:fs'
import { type FileHandle, open } from 'node:fs/promises'

/** Each write returns once its data is on disk (O_DSYNC): one trip to the thread pool per batch, not two. */
const FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_DSYNC
/** The emulator's user only: records hold the secrets of the accounts added while running. */
const MODE = 0o600

const MIN_STEP = 1 << 20
const MAX_STEP = 16 << 20
const ZEROS = Buffer.alloc(1 << 20)

export class SegmentFile {
  /** The end of the records written. */
  private end = 0
  /** The file's size: zeros from `end` to it. */
  private allocated = 0
  private extending: Promise<void> | undefined
  /** False once writing zeros ahead has failed (e.g. a full disk): records are then appended as they come. */
  private preallocating = true

  private constructor(private readonly handle: FileHandle) {}

  /**
   * Makes the segment at `path`, empty; a file already there is replaced: recovery counted every record of the
   * segments it read, so the segment the journal goes on with holds none (at most zeros written ahead). With `head`
   * (the data dir's id record), the segment begins with it, durable before any record.
   */
  static async create(path: string, head?: Buffer): Promise<SegmentFile> {
    const file = new SegmentFile(await open(path, FLAGS, MODE))
    if (head) {
      try {
        await file.append(head, head.length)
      } catch (err) {
        await file.handle.close().catch(() => {})
        throw err
      }
    }
    file.extendAhead()
    await file.extending
    return file
  }

  /**
   * Writes `length` bytes of `bytes` after the records, durably. Its place is taken at the call: writes may run at
   * once, each at its own place.
   */
  async append(bytes: Buffer, length: number): Promise<void> {
    const at = this.end
    const end = at + length
    this.end = end
    while (end > this.allocated && this.extending) await this.extending
    for (let done = 0; done < length; ) {
      done += (await this.handle.write(bytes, done, length - done, at + done)).bytesWritten
    }
    if (end > this.allocated) this.allocated = end
    this.extendAhead()
  }

  /** Cuts the zeros written ahead (when it can: they are read as the end anyway) and closes the file. */
  async close(): Promise<void> {
    await this.extending
    await this.handle.truncate(this.end).catch(() => {})
    await this.handle.close()
  }

  /** Starts writing the next step of zeros when less than half a step is left after the records. */
  private extendAhead(): void {
    const step = Math.min(MAX_STEP, Math.max(MIN_STEP, this.allocated))
    if (!this.preallocating || this.extending || this.allocated - this.end >= step / 2) return
    // Past every place taken, also by writes not yet done: zeros never overwrite a record.
    this.extending = this.writeZeros(Math.max(this.allocated, this.end), step).finally(() => {
      this.extending = undefined
    })
  }

  private async writeZeros(from: number, length: number): Promise<void> {
    try {
      for (let at = 0; at < length; ) {
        at += (await this.handle.write(ZEROS, 0, Math.min(ZEROS.length, length - at), from + at)).bytesWritten
      }
      this.allocated = Math.max(this.allocated, from + length)
    } catch {
      this.preallocating = false
    }
  }
}
