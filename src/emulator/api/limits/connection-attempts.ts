// Connection attempts per IP (the CONNECTIONS limit, 5-minute windows): every attempt counts, refused or not.
import type { RateLimitRule } from '../../../protocol/results.js'
import { FixedWindow } from '../../exchange/limits/fixed-window.js'
import { CONNECTIONS_RULE } from '../../exchange/limits/rules.js'

export class ConnectionAttempts {
  private readonly ips = new Map<string, FixedWindow>()
  private readonly rule: RateLimitRule

  constructor(limit: number) {
    this.rule = { ...CONNECTIONS_RULE, limit }
  }

  /** Counts an attempt; returns the window if it is one too many. */
  attempt(ip: string, now: number): FixedWindow | undefined {
    let w = this.ips.get(ip)
    if (!w) {
      w = new FixedWindow(this.rule)
      this.ips.set(ip, w)
    }
    return w.add(now, 1) > this.rule.limit ? w : undefined
  }
}
