// One emulator per data dir: `emulator.lock` in it names the process that has it open (pid, when that process
// started, host). A second emulator — in another process, or in this one — is refused while that process runs; a
// lock whose process is gone (a crash, kill -9) or was copied with the files (a backup, a crash copy) is taken over.
// A lock of another host (a shared volume, a container started again under a new host name) cannot be asked
// whether its process runs: its holder touches it every HEARTBEAT_MS, and one untouched for STALE_MS is taken over.
// Two journal writers on one data dir would interleave their records and cut each other's files.
import { readFileSync } from 'node:fs'
import { open, readFile, rm, stat, utimes } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'
import { DataDirError } from './data-dir-error.js'

export const LOCK_FILE = 'emulator.lock'
/** How often the holder touches its lock (real ms). */
let HEARTBEAT_MS = 10_000
/** A lock of another host untouched this long (real ms) has no running holder. */
const STALE_MS = 30_000

/** How often locks taken from now on are touched (real ms); tests make it short to see it happen. */
export function setLockHeartbeat(ms: number): void {
  if (!(ms > 0 && ms <= 10_000)) throw new RangeError(`lock heartbeat: ${ms} ms is not 1…10000`)
  HEARTBEAT_MS = ms
}

export interface LockHolder {
  readonly pid: number
  /** The process's start (Linux: clock ticks after boot, from /proc), to tell a reused pid; null elsewhere. */
  readonly started: number | null
  readonly host: string
}

/** The data dirs this process holds. */
const held = new Set<string>()

/** The start of process `pid` (Linux), or null where /proc cannot tell. */
function processStart(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const start = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19])
    return Number.isFinite(start) ? start : null
  } catch {
    return null
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Who holds `dir` now, if a running emulator does (a lock of a process that is gone, or a copied lock, is no one). */
export async function lockHolder(dir: string): Promise<LockHolder | undefined> {
  let holder: LockHolder
  try {
    holder = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')) as LockHolder
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    // Cut short by a crash while it was written: no one holds it.
    if (err instanceof SyntaxError) return undefined
    throw err
  }
  // Not a lock this code wrote (a pid of 0 or below would name a process group): no one holds it.
  if (!Number.isSafeInteger(holder?.pid) || holder.pid <= 0 || typeof holder.host !== 'string')
    return undefined
  if (holder.host !== hostname()) {
    const touched = await stat(join(dir, LOCK_FILE)).then(
      (s) => s.mtimeMs,
      () => 0,
    )
    return Date.now() - touched < STALE_MS ? holder : undefined
  }
  if (holder.pid === process.pid) return held.has(resolve(dir)) ? holder : undefined
  if (!running(holder.pid)) return undefined
  const started = processStart(holder.pid)
  return started !== null && holder.started !== null && started !== holder.started ? undefined : holder
}

/** The message for a data dir `holder` has open, with what to do instead. */
export function inUse(
  dir: string,
  holder: LockHolder,
  instead = 'stop it first, or start on a backup of it',
): string {
  const where =
    holder.host === hostname() ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.host}`
  return `${dir} is in use by the emulator of ${where} (${join(dir, LOCK_FILE)}): ${instead}; if no emulator runs there, delete that file`
}

/** What a look at the lock file found: still this process's, deleted (and written again), or another's. */
export type LockState = 'ours' | 'rewritten' | 'taken'

export class DirLock {
  private readonly heartbeat: NodeJS.Timeout
  /** Called at each heartbeat, after the touch (the data dir looks at its files); one at a time. */
  private onBeat: (() => Promise<void>) | undefined
  private beating = false

  private constructor(
    private readonly dir: string,
    private readonly mine: string,
  ) {
    const path = join(dir, LOCK_FILE)
    this.heartbeat = setInterval(() => {
      if (this.beating) return
      this.beating = true
      const now = new Date()
      utimes(path, now, now)
        .catch(() => {})
        .then(() => this.onBeat?.())
        .catch(() => {})
        .finally(() => {
          this.beating = false
        })
    }, HEARTBEAT_MS).unref()
  }

  /** Calls `onBeat` at each heartbeat from now on. */
  watch(onBeat: () => Promise<void>): void {
    this.onBeat = onBeat
  }

  /** Whether the lock file is still this process's; a deleted one is written again (this process holds the dir). */
  async check(): Promise<LockState> {
    const path = join(this.dir, LOCK_FILE)
    const now = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined
      throw err
    })
    if (now !== undefined) return now === this.mine ? 'ours' : 'taken'
    try {
      await writeLock(path, this.mine)
      return 'rewritten'
    } catch (err) {
      // Another emulator made it meanwhile.
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return 'taken'
      throw err
    }
  }

  /** Takes `dir` for this process, or throws a DataDirError naming the running emulator that has it. */
  static async take(dir: string): Promise<DirLock> {
    const path = join(dir, LOCK_FILE)
    const key = resolve(dir)
    const holder: LockHolder = { pid: process.pid, started: processStart(process.pid), host: hostname() }
    const mine = `${JSON.stringify(holder)}\n`
    for (let attempt = 0; ; attempt++) {
      const other = await lockHolder(dir)
      if (other) throw new DataDirError(inUse(dir, other), path)
      // A stale lock goes; of two emulators taking it at once, one creates the file and the other sees it taken.
      await rm(path, { force: true })
      try {
        await writeLock(path, mine)
        held.add(key)
        return new DirLock(dir, mine)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err
      }
    }
  }

  /**
   * Throws if the lock is no longer this process's: another emulator that found the same stale lock at the same
   * moment removed this one's and took the data dir (checked after recovery, before anything is written).
   */
  async confirm(): Promise<void> {
    const path = join(this.dir, LOCK_FILE)
    const now = await readFile(path, 'utf8').catch(() => '')
    if (now === this.mine) return
    clearInterval(this.heartbeat)
    held.delete(resolve(this.dir))
    throw new DataDirError(`${this.dir} was taken by another emulator while this one started (${path})`, path)
  }

  /** Lets the data dir go (the emulator closed, or did not start); a lock another emulator took stays. */
  async release(): Promise<void> {
    clearInterval(this.heartbeat)
    held.delete(resolve(this.dir))
    const path = join(this.dir, LOCK_FILE)
    if ((await readFile(path, 'utf8').catch(() => '')) === this.mine) await rm(path, { force: true })
  }
}

/** Makes the lock file `path` holding `text`, durably; EEXIST if there is one. */
async function writeLock(path: string, text: string): Promise<void> {
  const file = await open(path, 'wx')
  try {
    await file.writeFile(text)
    await file.sync()
  } finally {
    await file.close()
  }
}
