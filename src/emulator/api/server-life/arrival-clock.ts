// When a message may have arrived: the real time it is handled or, just after the event loop was blocked, as
// early as the block began (the kernel kept what came meanwhile). The streams' 5-messages-per-second rule counts
// by arrival, so a stall of the emulator does not close a client that kept to it (docs/emulator-fidelity.md H5).

/** Period of the timer that notices blocks. */
const TICK_MS = 50
/** A gap between two ticks longer than this was a block of the event loop. */
const BLOCK_MS = 150
/** For this long after a block ended, what is read may have arrived during it. */
const RECOVERY_MS = 100

/** Notices blocks of the event loop; one per server. */
export class ArrivalClock {
  private last = performance.now()
  private blockStart = Number.NEGATIVE_INFINITY
  private blockEnd = Number.NEGATIVE_INFINITY
  private readonly timer: NodeJS.Timeout

  constructor() {
    this.timer = setInterval(() => {
      const now = performance.now()
      if (now - this.last > BLOCK_MS) {
        this.blockStart = this.last
        this.blockEnd = now
      }
      this.last = now
    }, TICK_MS)
    this.timer.unref()
  }

  /** The earliest real time at which a message handled at `now` may have arrived. */
  earliest(now: number): number {
    if (now - this.last > BLOCK_MS) return this.last
    if (now - this.blockEnd < RECOVERY_MS) return this.blockStart
    return now
  }

  stop(): void {
    clearInterval(this.timer)
  }
}

/**
 * At most `perSecond` messages in each one-second window of arrival times. Messages read after a block are
 * taken to have arrived as early as the block allows, at most `perSecond` a second: a client that kept to the rate
 * is not closed for what the block bunched up, one that sent more during the block still is.
 */
export class MessageBudget {
  private windowStart = Number.NEGATIVE_INFINITY
  private messages = 0
  private lastArrival = Number.NEGATIVE_INFINITY

  constructor(
    private readonly clock: ArrivalClock,
    private readonly perSecond: number,
  ) {}

  /** Counts one message handled now; false when it is one too many. */
  count(): boolean {
    const now = performance.now()
    const earliest = this.clock.earliest(now)
    const arrival =
      earliest === now ? now : Math.min(now, Math.max(earliest, this.lastArrival + 1000 / this.perSecond))
    this.lastArrival = arrival
    if (arrival - this.windowStart >= 1000) {
      this.windowStart = arrival
      this.messages = 0
    }
    return ++this.messages <= this.perSecond
  }
}
