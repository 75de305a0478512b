// A counter over fixed windows aligned to the epoch (so `1 DAY` resets at 00:00 UTC, `10 SECOND` at :00, :10 …).
import { RATE_LIMIT_INTERVAL_MS as INTERVAL_MS } from '../../../protocol/enums.js'
import type { RateLimit } from '../../../protocol/envelope.js'
import type { RateLimitRule } from '../../../protocol/results.js'

export class FixedWindow {
  private readonly windowMs: number
  private start = Number.NEGATIVE_INFINITY
  private used = 0
  /** The JSON text of `entry()` up to its count, made once. */
  private entryPrefix: string | undefined = undefined

  constructor(readonly rule: RateLimitRule) {
    this.windowMs = INTERVAL_MS[rule.interval] * rule.intervalNum
  }

  count(now: number): number {
    this.roll(now)
    return this.used
  }

  add(now: number, n: number): number {
    this.roll(now)
    this.used += n
    return this.used
  }

  /** Lowers the count, never below zero. */
  subtract(now: number, n: number): void {
    this.roll(now)
    this.used = Math.max(0, this.used - n)
  }

  /** When the current window ends. */
  resetsAt(now: number): number {
    this.roll(now)
    return this.start + this.windowMs
  }

  /** The `rateLimits` entry for the current window. */
  entry(now: number): RateLimit {
    // Spelled out: `{ ...rule, count }` takes V8's slow path for adding a property after a spread (on every answer).
    const r = this.rule
    return {
      rateLimitType: r.rateLimitType,
      interval: r.interval,
      intervalNum: r.intervalNum,
      limit: r.limit,
      count: this.count(now),
    }
  }

  /** `JSON.stringify(this.entry(now))`, from the entry's text made once (every response has three). */
  entryJson(now: number): string {
    if (this.entryPrefix === undefined) {
      // `"count":0}` ends the text of a zero count, whatever the rule's fields are.
      const zero = JSON.stringify({ ...this.entry(now), count: 0 })
      this.entryPrefix = zero.slice(0, zero.length - '0}'.length)
    }
    return `${this.entryPrefix}${JSON.stringify(this.count(now))}}`
  }

  /** `"<intervalNum> <interval>"`, as error messages name the window. */
  get label(): string {
    return `${this.rule.intervalNum} ${this.rule.interval}`
  }

  private roll(now: number): void {
    const start = Math.floor(now / this.windowMs) * this.windowMs
    if (start !== this.start) {
      this.start = start
      this.used = 0
    }
  }
}
