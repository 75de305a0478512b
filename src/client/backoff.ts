// Reconnect pacing: exponential backoff with full jitter, never above Binance's connection-attempt limit.

export interface BackoffOptions {
  /** First delay in ms. */
  baseDelay: number
  /** Largest delay in ms. */
  maxDelay: number
  /** Attempts allowed per window (Binance: 300 per 5 minutes per IP; keep a margin). */
  maxAttempts: number
  windowMs: number
  random?: () => number
}

/** Decides when the next connection attempt may start. Pure apart from the attempt log it keeps. */
export class Backoff {
  private readonly attempts: number[] = []
  private readonly random: () => number

  constructor(private readonly o: BackoffOptions) {
    this.random = o.random ?? Math.random
  }

  /** Records a connection attempt made at `now`. */
  record(now: number): void {
    this.attempts.push(now)
    this.prune(now)
  }

  private prune(now: number): void {
    while (this.attempts.length && (this.attempts[0] as number) <= now - this.o.windowMs)
      this.attempts.shift()
  }

  /** Delay before attempt number `attempt` (1-based) may start, given the attempts already made. */
  delay(attempt: number, now: number): number {
    this.prune(now)
    const ceiling = Math.min(this.o.maxDelay, this.o.baseDelay * 2 ** Math.min(attempt - 1, 30))
    const jittered =
      attempt === 1 ? this.o.baseDelay * this.random() : ceiling / 2 + (ceiling / 2) * this.random()
    if (this.attempts.length < this.o.maxAttempts) return Math.round(jittered)
    // The window is full: wait until its oldest attempt leaves it.
    const oldest = this.attempts[this.attempts.length - this.o.maxAttempts] as number
    return Math.max(Math.round(jittered), oldest + this.o.windowMs - now)
  }

  /** Attempts counted in the current window. */
  get inWindow(): number {
    return this.attempts.length
  }
}

/** The backoff of one connection's reconnects and renewals: 290 attempts per 5 minutes (Binance allows 300 per IP). */
export function connectionBackoff(baseDelay: number, maxDelay: number): Backoff {
  return new Backoff({ baseDelay, maxDelay, maxAttempts: 290, windowMs: 300_000 })
}
