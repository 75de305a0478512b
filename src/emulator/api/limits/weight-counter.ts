// REQUEST_WEIGHT per IP address, shared by every connection from it; REST's RAW_REQUESTS is counted by one too (each
// request adds 1).
import type { RateLimit } from '../../../protocol/envelope.js'
import type { RateLimitRule } from '../../../protocol/results.js'
import type { FixedWindow } from '../../exchange/limits/fixed-window.js'
import { IpWindows } from './ip-windows.js'

export class WeightCounter {
  private readonly ips: IpWindows

  constructor(readonly rule: RateLimitRule) {
    this.ips = new IpWindows(rule)
  }

  add(ip: string, weight: number, now: number): void {
    this.ips.window(ip, now).add(now, weight)
  }

  /** Takes back `weight` added at `now` (a request that turned out to cost nothing). */
  refund(ip: string, weight: number, now: number): void {
    this.ips.window(ip, now).subtract(now, weight)
  }

  /** The window, if the IP has used more than its limit in it. */
  exceeded(ip: string, now: number): FixedWindow | undefined {
    const w = this.ips.window(ip, now)
    return w.count(now) > this.rule.limit ? w : undefined
  }

  entry(ip: string, now: number): RateLimit {
    return this.ips.window(ip, now).entry(now)
  }

  /** `JSON.stringify(this.entry(ip, now))`. */
  entryJson(ip: string, now: number): string {
    return this.ips.window(ip, now).entryJson(now)
  }
}
