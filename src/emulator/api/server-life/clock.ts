// The emulator's clock: a time source plus an offset that tests move, and timers on that time.
// Timers fire when real time reaches them (one unref'd setTimeout for the earliest) or at once,
// in time order, when `set`/`advance` move the clock past them.

/** The clock as `startEmulator()` exposes it to tests. */
export interface Clock {
  /** Emulator time, ms since the epoch. */
  now(): number
  /** Jumps to `time` (ms); going forward (or to now) fires every timer due on the way, in order. */
  set(time: number): void
  /** Moves forward by `ms` (≥ 0), firing every timer due on the way, in order. */
  advance(ms: number): void
}

/** A scheduled callback; `cancel()` is idempotent. */
export interface ClockTimer {
  cancel(): void
}

interface Entry {
  readonly due: number
  readonly seq: number
  readonly fire: () => void
}

/** setTimeout's largest delay. */
const MAX_DELAY = 2_147_483_647

export class EmulatorClock implements Clock {
  private offset = 0
  private seq = 0
  private entries: Entry[] = []
  private real: NodeJS.Timeout | undefined
  /** The source time `real` fires at. */
  private realAt = Number.NaN
  private firing = false
  /** While timers fire: the time the clock is moving to. */
  private until = Number.NaN
  private readonly rewinds: (() => void)[] = []
  private readonly moves: (() => void)[] = []

  constructor(private readonly source: () => number = Date.now) {}

  now(): number {
    return this.source() + this.offset
  }

  /** Timers waiting: nothing is armed that nobody needs (tests). */
  get pending(): number {
    return this.entries.length
  }

  /** When the earliest timer is due, if one is armed. */
  nextDue(): number | undefined {
    return this.entries[0]?.due
  }

  set(time: number): void {
    if (!Number.isFinite(time)) throw new RangeError(`clock.set: ${time} is not a time`)
    const now = this.now()
    if (time >= now) {
      this.advance(time - now)
      return
    }
    this.offset += time - now
    for (const fn of this.rewinds) fn()
    for (const fn of this.moves) fn()
  }

  /**
   * While timers fire for a `set`/`advance` (or late, after a stall of real time): the time the clock is moving to,
   * so a timer can tell that later ones of its kind are already due; otherwise now.
   */
  horizon(): number {
    return this.firing ? Math.max(this.until, this.now()) : this.now()
  }

  /** Calls `fn` after each `set` that moved the clock back (its timers stay at their times). */
  onRewind(fn: () => void): void {
    this.rewinds.push(fn)
  }

  /** Calls `fn` after each `set` or `advance` (not as real time passes). */
  onMove(fn: () => void): void {
    this.moves.push(fn)
  }

  advance(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`clock.advance: ${ms} is not a duration ≥ 0`)
    const target = this.now() + ms
    this.runDue(target)
    const now = this.now()
    if (target > now) this.offset += target - now
    this.arm()
    for (const fn of this.moves) fn()
  }

  /** Calls `fire` once the clock reaches `due` (at once on the next check if it already has). */
  at(due: number, fire: () => void): ClockTimer {
    const entry: Entry = { due, seq: this.seq++, fire }
    const i = this.entries.findIndex((e) => e.due > due)
    if (i < 0) this.entries.push(entry)
    else this.entries.splice(i, 0, entry)
    this.arm()
    return {
      cancel: () => {
        const j = this.entries.indexOf(entry)
        if (j >= 0) this.entries.splice(j, 1)
      },
    }
  }

  /** Fires the timers due now: for a `now` source that moves without `set`/`advance`. */
  fireDue(): void {
    this.runDue(this.now())
    this.arm()
  }

  /** Cancels every timer (the emulator is closing). */
  dispose(): void {
    this.entries = []
    if (this.real) clearTimeout(this.real)
    this.real = undefined
    this.realAt = Number.NaN
  }

  private runDue(until: number): void {
    if (this.firing) return
    this.firing = true
    this.until = until
    try {
      for (let next = this.entries[0]; next && next.due <= until; next = this.entries[0]) {
        this.entries.shift()
        const now = this.now()
        if (next.due > now) this.offset += next.due - now
        next.fire()
      }
    } finally {
      this.firing = false
    }
  }

  // Every request checks the timers: a real timer already set for the same moment is kept, not replaced.
  private arm(): void {
    const first = this.entries[0]
    const now = this.now()
    const delay = first ? Math.min(Math.max(0, first.due - now), MAX_DELAY) : 0
    const at = now - this.offset + delay
    if (first && this.real && at === this.realAt) return
    if (this.real) clearTimeout(this.real)
    this.real = undefined
    this.realAt = Number.NaN
    if (!first) return
    this.realAt = at
    this.real = setTimeout(() => {
      this.real = undefined
      this.realAt = Number.NaN
      this.fireDue()
    }, delay)
    this.real.unref()
  }
}
