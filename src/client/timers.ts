// Time as a dependency: real by default, a manual clock in tests (24 h renewals and backoff without waiting).

export type TimerHandle = { readonly __timer: true }

/** The clock and timers the client uses; every time-based behaviour reads only this. */
export interface Timers {
  now(): number
  setTimeout(fn: () => void, ms: number): TimerHandle
  clearTimeout(handle: TimerHandle | undefined): void
  /**
   * Keeps the process alive until the returned release is called: the client holds it while the user awaits
   * something (a request, a rate-limit wait, `resolveOrderOutcome`). Optional: without it nothing is held.
   */
  hold?(): () => void
}

const IDLE = () => {}
/** Longest delay Node accepts; the anchor never needs to fire. */
const FOREVER = 2 ** 31 - 1
let holds = 0
let anchor: NodeJS.Timeout | undefined

/**
 * Node's clock and timers. Timers never keep the process alive by themselves; one ref'd anchor does, while at least
 * one hold is taken, so a script awaiting the client does not exit mid-wait and an idle client does not linger.
 */
export const realTimers: Timers = {
  now: Date.now,
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms)
    t.unref()
    return t as unknown as TimerHandle
  },
  clearTimeout(handle) {
    if (handle) clearTimeout(handle as unknown as NodeJS.Timeout)
  },
  hold() {
    if (holds++ === 0) {
      anchor ??= setInterval(IDLE, FOREVER)
      anchor.ref()
    }
    let released = false
    return () => {
      if (released) return
      released = true
      if (--holds === 0) anchor?.unref()
    }
  },
}

/** Takes a hold on `timers` if they support it; returns its release (a no-op otherwise). */
export function holdOn(timers: Timers): () => void {
  return timers.hold ? timers.hold() : IDLE
}
