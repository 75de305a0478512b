// One rate-limit window per IP address, forgetting the addresses whose window has passed: a server that met
// millions of addresses (IPv6 clients, a scan) kept a window for each forever. An address seen again starts at
// zero, which is what its passed window counted.
import type { RateLimitRule } from '../../../protocol/results.js'
import { FixedWindow } from '../../exchange/limits/fixed-window.js'

/** Addresses tracked before the first sweep; later sweeps run when the map has doubled since the last. */
const FIRST_SWEEP = 1024

export class IpWindows {
  private readonly ips = new Map<string, FixedWindow>()
  private sweepAt = FIRST_SWEEP

  constructor(private readonly rule: RateLimitRule) {}

  /** Addresses tracked now. */
  get size(): number {
    return this.ips.size
  }

  /** The address's window, made on first use. */
  window(ip: string, now: number): FixedWindow {
    let w = this.ips.get(ip)
    if (!w) {
      if (this.ips.size >= this.sweepAt) this.sweep(now)
      w = new FixedWindow(this.rule)
      this.ips.set(ip, w)
    }
    return w
  }

  /** Forgets every address whose window counts nothing at `now`. */
  private sweep(now: number): void {
    for (const [ip, w] of this.ips) if (w.count(now) === 0) this.ips.delete(ip)
    this.sweepAt = Math.max(FIRST_SWEEP, this.ips.size * 2)
  }
}
