// A WebSocket connection's maximum age, the same for the WebSocket API and the streams: `serverShutdown` at
// `maxConnectionAge − shutdownNotice`, the close at `maxConnectionAge`, on the emulator clock (so `advance`/`set`
// fire them). One clock timer per connection at a time (the notice's, then the close's), cancelled at its close.
import type { EmulatorClock } from './clock.js'
import type { ConnectionLife } from './options.js'

/** Close code of connections the server ends (maximum age, shutdown, ban). */
export const GOING_AWAY = 1001

/** What the age does to its connection. */
export interface AgeEnd {
  /** Sends `serverShutdown` with event time `now`. */
  notice(now: number): void
  /** Closes the connection (with GOING_AWAY). */
  close(code: number, reason: string): void
}

/** A connection's planned end. */
export interface ConnectionAge {
  /** Plans the close at `time` instead (a `serverShutdown` was sent): the age's own notice and close are dropped. */
  closeAt(time: number): void
  /** The connection closed: nothing more fires. Idempotent. */
  cancel(): void
}

export function connectionAge(
  clock: EmulatorClock,
  life: Pick<ConnectionLife, 'maxConnectionAge' | 'shutdownNotice'>,
  openedAt: number,
  end: AgeEnd,
): ConnectionAge {
  const closeTime = openedAt + life.maxConnectionAge
  let cancelled = false
  let timer = clock.at(closeTime - life.shutdownNotice, () => {
    end.notice(clock.now())
    if (!cancelled) timer = clock.at(closeTime, () => end.close(GOING_AWAY, 'connection age'))
  })
  return {
    closeAt: (time) => {
      if (cancelled) return
      timer.cancel()
      timer = clock.at(time, () => end.close(GOING_AWAY, 'server shutdown'))
    },
    cancel: () => {
      cancelled = true
      timer.cancel()
    },
  }
}
