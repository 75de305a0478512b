// Connection attempts per IP (the CONNECTIONS limit, 5-minute windows): every attempt counts, refused or not.
import type { RateLimitRule } from '../../../protocol/results.js'
import type { FixedWindow } from '../../exchange/limits/fixed-window.js'
import { CONNECTIONS_RULE } from '../../exchange/limits/rules.js'
import { IpWindows } from './ip-windows.js'

export class ConnectionAttempts {
  private readonly ips: IpWindows
  private readonly rule: RateLimitRule

  constructor(limit: number) {
    this.rule = { ...CONNECTIONS_RULE, limit }
    this.ips = new IpWindows(this.rule)
  }

  /** Counts an attempt; returns the window if it is one too many. */
  attempt(ip: string, now: number): FixedWindow | undefined {
    const w = this.ips.window(ip, now)
    return w.add(now, 1) > this.rule.limit ? w : undefined
  }
}
