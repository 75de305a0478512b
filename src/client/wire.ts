// The platform's WebSocket behind one small interface: `ws` on Node (node-wire.ts), the standard WebSocket
// elsewhere (web-wire.ts). The client's sockets (client-socket.ts) use only this.
/** What a wire reports to the socket that owns it, from the moment it is open. */
export interface WireHandlers {
  /** Any frame from the server: data, ping or pong. */
  seen(): void
  /** A text frame (binary frames are only `seen`). */
  text(data: string): void
  /** A ping from the server, already answered with a pong where the platform does that by itself. */
  pinged(): void
  /** The connection closed; called once. */
  closed(code: number, reason: string): void
}

/** An open WebSocket as the client's sockets use it. */
export interface Wire {
  readonly isOpen: boolean
  /** Sends a text frame; `done` gets the write error, if any (the close follows it). */
  send(text: string, done?: (err?: Error) => void): void
  /** Sends a ping frame; undefined where the platform cannot (the standard WebSocket): liveness then sends a request. */
  readonly ping: (() => void) | undefined
  /** Closes with a close frame; resolves when closed (at most 1 s). */
  close(code: number, reason: string): Promise<void>
  /** Drops the connection at once, without waiting for a close handshake; the close is reported soon after. */
  terminate(): void
}

export interface WireOptions {
  /** Handshake deadline in ms. */
  timeout: number
  signal?: AbortSignal | undefined
  /** Sends made in one tick leave in a few writes (syscalls) instead of one each. */
  batchWrites?: boolean
}

/** Opens a wire that reports to `handlers`; resolves once open, rejects with ConnectError. */
export type ConnectWire = (url: string, options: WireOptions, handlers: WireHandlers) => Promise<Wire>
