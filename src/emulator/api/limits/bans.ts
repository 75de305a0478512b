// IP bans for repeated rate-limit violations (REQUEST_WEIGHT, REST's RAW_REQUESTS): 429s counted per window, escalating ban lengths. A strike counts
// only in its window: the strikes of windows that have ended are forgotten (hostile traffic from many addresses
// left one each forever).

/** Strikes held before the first sweep; later sweeps run when the map has doubled since the last. */
const FIRST_SWEEP = 1024

export class BanList {
  private readonly bans = new Map<string, { until: number; count: number }>()
  private readonly strikes = new Map<string, { window: number; count: number }>()
  private sweepAt = FIRST_SWEEP
  /** Bans given since the start. */
  issued = 0
  private listener: (ip: string) => void = () => {}

  constructor(
    private readonly banAfter: number | false,
    private readonly durations: readonly number[],
  ) {}

  /** Addresses with a strike held now. */
  get striking(): number {
    return this.strikes.size
  }

  /** Calls `fn` with the IP each time one is banned (the server disconnects it). */
  onBan(fn: (ip: string) => void): void {
    this.listener = fn
  }

  /** When the IP's ban ends, if it is banned at `now`. */
  bannedUntil(ip: string, now: number): number | undefined {
    const ban = this.bans.get(ip)
    return ban && ban.until > now ? ban.until : undefined
  }

  /**
   * Records a violation in the weight window ending at `window`; returns the ban end if this one bans the IP: the
   * first `banAfter` of a window are answered 429, the next one is the ban.
   */
  violation(ip: string, window: number, now: number): number | undefined {
    if (this.banAfter === false) return undefined
    const strike = this.strikes.get(ip)
    if (!strike && this.strikes.size >= this.sweepAt) this.sweep(now)
    const count = strike?.window === window ? strike.count + 1 : 1
    this.strikes.set(ip, { window, count })
    if (count <= this.banAfter) return undefined
    this.strikes.delete(ip)
    const previous = this.bans.get(ip)?.count ?? 0
    const length = this.durations[Math.min(previous, this.durations.length - 1)] ?? 0
    const until = now + length
    this.bans.set(ip, { until, count: previous + 1 })
    this.issued++
    this.listener(ip)
    return until
  }

  /** Forgets every strike whose window has ended at `now` (the next 429 of its IP starts a new count). */
  private sweep(now: number): void {
    for (const [ip, s] of this.strikes) if (s.window <= now) this.strikes.delete(ip)
    this.sweepAt = Math.max(FIRST_SWEEP, this.strikes.size * 2)
  }
}
