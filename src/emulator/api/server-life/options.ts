// How long connections live and how the server checks they are alive; all in ms.

export interface ConnectionLifeOptions {
  /** Real time between the server's ping frames (default 20 000). */
  pingInterval?: number
  /** Real time a ping may stay unanswered before the server drops the socket (default 60 000). */
  pongTimeout?: number
  /** Emulator-clock age at which the server closes a connection (default 24 h). */
  maxConnectionAge?: number
  /** How long before that close the `serverShutdown` event is sent (default 10 min). */
  shutdownNotice?: number
  /** Real time an HTTP client has to send a request's headers before it is answered 408 (default 10 000). */
  headersTimeout?: number
}

export type ConnectionLife = Readonly<Required<ConnectionLifeOptions>>

const DEFAULT_CONNECTION_LIFE: ConnectionLife = {
  pingInterval: 20_000,
  pongTimeout: 60_000,
  maxConnectionAge: 86_400_000,
  shutdownNotice: 600_000,
  headersTimeout: 10_000,
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
