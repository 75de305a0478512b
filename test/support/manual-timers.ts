// A manual clock implementing the client's `Timers`: time moves only when a test advances it.
import type { TimerHandle, Timers } from '../../src/client/timers.js'

interface Entry {
  at: number
  seq: number
  fn: () => void
}

type Handle = TimerHandle & { readonly seq: number }

/** 2025-01-01T00:00:00Z: aligned to every rate-limit window (second … day). */
export const EPOCH = Date.UTC(2025, 0, 1)

/** Timers that fire only from `advance`, `next` or `runAll`, in due order (ties: creation order). */
export class ManualTimers implements Timers {
  #now: number
  #seq = 0
  readonly #entries = new Map<number, Entry>()

  constructor(start = EPOCH) {
    this.#now = start
  }

  now(): number {
    return this.#now
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const seq = ++this.#seq
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0
    this.#entries.set(seq, { at: this.#now + delay, seq, fn })
    return { __timer: true, seq } as Handle
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle) this.#entries.delete((handle as Handle).seq)
  }

  /** Timers still scheduled. */
  get pending(): number {
    return this.#entries.size
  }

  /** Due time of the earliest scheduled timer, if any. */
  nextAt(): number | undefined {
    return this.#earliest()?.at
  }

  #earliest(): Entry | undefined {
    let best: Entry | undefined
    for (const e of this.#entries.values()) {
      if (!best || e.at < best.at || (e.at === best.at && e.seq < best.seq)) best = e
    }
    return best
  }

  #fire(e: Entry): void {
    this.#entries.delete(e.seq)
    this.#now = Math.max(this.#now, e.at)
    e.fn()
  }

  /** Moves the clock forward by `ms`, firing every timer that falls due (including ones scheduled meanwhile). */
  advance(ms: number): number {
    const target = this.#now + ms
    let fired = 0
    for (let e = this.#earliest(); e && e.at <= target; e = this.#earliest()) {
      this.#fire(e)
      fired += 1
    }
    this.#now = target
    return fired
  }

  /** Moves the clock to `time` (absolute), firing what falls due. */
  advanceTo(time: number): number {
    return this.advance(Math.max(0, time - this.#now))
  }

  /** Jumps to the earliest timer and fires it; false when none is scheduled. */
  next(): boolean {
    const e = this.#earliest()
    if (!e) return false
    this.#fire(e)
    return true
  }

  /** Fires timers until none is left; throws after `limit` (a timer that re-arms itself forever). */
  runAll(limit = 10_000): number {
    let fired = 0
    while (this.next()) {
      fired += 1
      if (fired >= limit) throw new Error(`runAll: still firing after ${limit} timers`)
    }
    return fired
  }
}
