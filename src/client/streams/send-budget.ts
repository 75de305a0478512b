// The streams endpoint allows 5 incoming messages per second per connection (control frames, pings and pongs
// alike) and disconnects beyond that; this keeps a socket's own sends inside the limit, with a margin for delays.

/** At most `limit` sends in any `windowMs` sliding window: stricter than any fixed window the server may count in. */
export class SendBudget {
  /** Times of the last `limit` sends, oldest first (a ring). */
  private readonly times: number[]
  private next = 0

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {
    this.times = new Array<number>(limit).fill(Number.NEGATIVE_INFINITY)
  }

  /** Milliseconds until one more send fits; 0 when it fits now. */
  wait(now: number): number {
    return Math.max(0, (this.times[this.next] as number) + this.windowMs - now)
  }

  /** Counts a send made at `now`. */
  spend(now: number): void {
    this.times[this.next] = now
    this.next = (this.next + 1) % this.limit
  }
}
