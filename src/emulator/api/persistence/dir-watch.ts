// The data dir's files looked at while it serves (at each lock heartbeat): files deleted under a running emulator
// must not lose what it acknowledges. A deleted lock is written again (this process holds the dir); a lock another
// emulator wrote fails the data dir (two writers would interleave their records). A deleted current segment is
// healed: the state in memory is complete, so a snapshot of it at once (in a new segment) makes the deleted
// records unneeded; one that cannot be written fails the data dir.
import { join } from 'node:path'
import { DataDirError } from './data-dir-error.js'
import { type DirLock, LOCK_FILE } from './dir-lock.js'
import type { JournalWriter } from './journal-writer.js'

export interface Watched {
  readonly dir: string
  readonly lock: DirLock
  readonly journal: JournalWriter
  readonly log: (line: string) => void
  /** Whether the data dir is closing (nothing to look at). */
  readonly closed: () => boolean
  /** Takes a snapshot of the state now in a new segment; resolves whether it was written. */
  readonly rescue: () => Promise<boolean>
}

/** Looks at the lock and the current segment at each heartbeat of `w.lock`. */
export function watchDataDir(w: Watched): void {
  w.lock.watch(() => look(w))
}

async function look(w: Watched): Promise<void> {
  const { dir, journal, log } = w
  if (w.closed() || journal.failed) return
  const lockPath = join(dir, LOCK_FILE)
  const lock = await w.lock.check()
  if (lock === 'taken') {
    journal.failWith(
      new DataDirError(
        `${dir} was taken by another emulator (${lockPath}): nothing more is acknowledged`,
        lockPath,
      ),
    )
    return
  }
  if (lock === 'rewritten') log(`${lockPath} was deleted while this emulator ran: written again`)
  if (!(await journal.segmentGone()) || w.closed()) return
  log(
    `${dir}: the journal's current segment was deleted while this emulator ran: a snapshot of the state now replaces it`,
  )
  if (await w.rescue()) {
    log(`${dir}: a snapshot of the state now replaces the deleted segment`)
    return
  }
  journal.failWith(
    new DataDirError(
      `${dir}: the journal's current segment was deleted and no snapshot could replace it: nothing more is acknowledged`,
      dir,
    ),
  )
}
