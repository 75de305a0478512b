// Every promise the soak awaits from the client, with the time it is allowed: late and unsettled ones are counted.

export class Deadlines {
  settled = 0
  late = 0
  /** The largest overshoot past an allowance, ms. */
  worstLateMs = 0
  readonly examples: string[] = []
  readonly #pending = new Set<Promise<unknown>>()

  /** `slackMs`: what a loaded machine may add to a deadline (event loop lag, the sweep's period). */
  constructor(readonly slackMs: number) {}

  /** Follows `p`, which should settle within `allowedMs`; resolves or rejects as `p` does. */
  watch<T>(label: string, allowedMs: number, p: Promise<T>): Promise<T> {
    const t0 = Date.now()
    const done = () => {
      this.#pending.delete(p)
      this.settled++
      const over = Date.now() - t0 - allowedMs
      if (over <= this.slackMs) return
      this.late++
      this.worstLateMs = Math.max(this.worstLateMs, over)
      if (this.examples.length < 5) this.examples.push(`${label}: ${over} ms past its ${allowedMs} ms`)
    }
    this.#pending.add(p)
    p.then(done, done)
    return p
  }

  get inFlight(): number {
    return this.#pending.size
  }

  /** Waits up to `maxMs` for every followed promise; returns how many are still unsettled. */
  async drain(maxMs: number): Promise<number> {
    const until = Date.now() + maxMs
    while (this.#pending.size && Date.now() < until) {
      let timer: NodeJS.Timeout | undefined
      const tick = new Promise((r) => {
        timer = setTimeout(r, Math.min(250, until - Date.now()))
      })
      await Promise.race([Promise.allSettled([...this.#pending]), tick])
      clearTimeout(timer)
    }
    return this.#pending.size
  }
}
