// REQUEST_WEIGHT per IP address, shared by every connection from it.
import type { RateLimit } from '../../../protocol/envelope.js'
import type { RateLimitRule } from '../../../protocol/results.js'
import { FixedWindow } from '../../exchange/limits/fixed-window.js'

export class WeightCounter {
  private readonly ips = new Map<string, FixedWindow>()

  constructor(private readonly rule: RateLimitRule) {}

  add(ip: string, weight: number, now: number): void {
    this.window(ip).add(now, weight)
  }

  /** The window, if the IP has used more than its limit in it. */
  exceeded(ip: string, now: number): FixedWindow | undefined {
    const w = this.window(ip)
    return w.count(now) > this.rule.limit ? w : undefined
  }

  entry(ip: string, now: number): RateLimit {
    return this.window(ip).entry(now)
  }

  /** `JSON.stringify(this.entry(ip, now))`. */
  entryJson(ip: string, now: number): string {
    return this.window(ip).entryJson(now)
  }

  private window(ip: string): FixedWindow {
    let w = this.ips.get(ip)
    if (!w) {
      w = new FixedWindow(this.rule)
      this.ips.set(ip, w)
    }
    return w
  }
}
