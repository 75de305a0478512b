// Time as a dependency: real by default, a manual clock in tests (24 h renewals and backoff without waiting).

export type TimerHandle = { readonly __timer: true }

/** The clock and timers the client uses; every time-based behaviour reads only this. */
export interface Timers {
  now(): number
  setTimeout(fn: () => void, ms: number): TimerHandle
  clearTimeout(handle: TimerHandle | undefined): void
}

/** Node's clock and timers; timers never keep the process alive. */
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
}
