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
/** Node (and Bun) timers are objects that can be unref'd and ref'd; elsewhere `setTimeout` returns a number. */
type NodeTimer = { ref?(): void; unref?(): void }
const asNodeTimer = (t: unknown) => (typeof t === 'object' ? (t as NodeTimer) : undefined)
let holds = 0
/** A timer that never fires, ref'd while a hold is taken; null where timers cannot be unref'd. */
let anchor: NodeTimer | null | undefined

function holdAnchor(): NodeTimer | null {
  if (anchor === undefined) {
    const t = setInterval(IDLE, FOREVER)
    anchor = asNodeTimer(t)?.unref ? (t as NodeTimer) : null
    if (!anchor) clearInterval(t)
  }
  return anchor
}

/**
 * The platform's clock and timers. On Node (and Bun) timers never keep the process alive by themselves; one ref'd
 * anchor does, while at least one hold is taken, so a script awaiting the client does not exit mid-wait and an idle
 * client does not linger. Where timers have no `unref` (browsers, Workers) holds change nothing.
 */
export const realTimers: Timers = {
  now: Date.now,
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms)
    asNodeTimer(t)?.unref?.()
    return t as unknown as TimerHandle
  },
  clearTimeout(handle) {
    if (handle) clearTimeout(handle as unknown as Parameters<typeof clearTimeout>[0])
  },
  hold() {
    if (holds++ === 0) holdAnchor()?.ref?.()
    let released = false
    return () => {
      if (released) return
      released = true
      if (--holds === 0) anchor?.unref?.()
    }
  },
}

/** Takes a hold on `timers` if they support it; returns its release (a no-op otherwise). */
export function holdOn(timers: Timers): () => void {
  return timers.hold ? timers.hold() : IDLE
}
