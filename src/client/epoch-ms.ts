// The one place a time the server sent becomes the client's unit: epoch ms.

/** µs from 1e14 on (1973 as µs, year 5138 as ms), as the emulator tells a timestamp parameter's unit. */
const MICROSECONDS_FROM = 1e14

/**
 * A time from an answer or event in epoch ms: on a `timeUnit=MICROSECOND` connection every time the server sends
 * (`serverTime`, `retryAfter`, order and event times) is in µs, and a `timestamp` param may be too. Truncated, as
 * the server's own ms are.
 */
export const epochMs = (t: number) => (t >= MICROSECONDS_FROM ? Math.floor(t / 1000) : t)
