// How long connections live, how the server checks they are alive, and what it bounds per connection.

/** Writes one line for the operator (not for the client); the emulator's `log` option. */
export type Log = (line: string) => void

export interface ConnectionLifeOptions {
  /** Real time (ms) between the server's ping frames (default 20 000). */
  pingInterval?: number
  /** Real time (ms) a ping may stay unanswered before the server drops the socket (default 60 000). */
  pongTimeout?: number
  /** Emulator-clock age (ms) at which the server closes a connection, WebSocket API or streams (default 24 h). */
  maxConnectionAge?: number
  /** How long (ms) before that close the `serverShutdown` event is sent (default 10 min). */
  shutdownNotice?: number
  /** Real time an HTTP client has to send a request's headers before it is answered 408 (default 10 000). */
  headersTimeout?: number
  /**
   * Bytes queued for a client that does not read fast enough beyond which its connection is closed with 1008
   * "Slow consumer" (API and streams; default 4 MiB).
   */
  maxUnsentBytes?: number
  /** Real time (ms) a TCP connection may take to send its first request (the upgrade) before it is closed (default 10 000). */
  handshakeTimeout?: number
  /** TCP connections still before their first request, over all IPs; one more closes the oldest (default 512). */
  maxPendingUpgrades?: number
  /** The same per IP; one more is closed at once (default 64). */
  maxPendingUpgradesPerIp?: number
}

export type ConnectionLife = Readonly<Required<ConnectionLifeOptions>>

export const DEFAULT_CONNECTION_LIFE: ConnectionLife = {
  pingInterval: 20_000,
  pongTimeout: 60_000,
  maxConnectionAge: 86_400_000,
  shutdownNotice: 600_000,
  headersTimeout: 10_000,
  maxUnsentBytes: 4 << 20,
  handshakeTimeout: 10_000,
  maxPendingUpgrades: 512,
  maxPendingUpgradesPerIp: 64,
}

/** The options with defaults filled in; throws a TypeError naming a bad one. */
export function connectionLife(options: ConnectionLifeOptions = {}): ConnectionLife {
  const life = { ...DEFAULT_CONNECTION_LIFE, ...options }
  for (const [name, value] of Object.entries(life)) {
    if (!(value > 0) || !Number.isFinite(value))
      throw new TypeError(`connection.${name}: ${value} is not > 0`)
  }
  return life
}
