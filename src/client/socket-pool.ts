// The sockets of one connection (one, or a pool) and which of them a request goes to.
import type { ApiSocket } from './api-socket.js'
import { ConnectionClosedError, NotConnectedError } from './errors.js'
import { Slot, type SlotHost } from './slot.js'

/** The connection's slots, the primary one (session and user data streams), and request routing. */
export class SocketPool {
  readonly slots: readonly Slot[]
  /** Index of the slot that holds the session and the user data streams. */
  primary = 0
  /** Set by `disconnect()` or a failed first connect: nothing reconnects or moves any more. */
  closedByUser = false

  constructor(size: number, host: SlotHost) {
    this.slots = Array.from({ length: size }, (_, i) => new Slot(i, host))
  }

  /** The slot a socket belongs to; a socket still opening belongs to the slot that has none. */
  slotOf(socket: ApiSocket): Slot | undefined {
    return this.slots.find((s) => s.socket === socket) ?? this.slots.find((s) => !s.socket && !s.isStopped)
  }

  /** An open socket, not draining, in another slot than the primary: where the primary's duties can move. */
  standby(): Slot | undefined {
    return this.slots.find((s) => s.index !== this.primary && s.socket?.isOpen && !s.socket.draining)
  }

  get isConnected(): boolean {
    return this.slots.some((s) => s.socket?.isOpen)
  }

  /** The primary's socket while it is open, else the least busy one. */
  primarySocket(method: string): ApiSocket {
    const socket = this.slots[this.primary]?.socket
    if (socket?.isOpen) return socket
    return this.pick(method)
  }

  /** The least busy open socket that is not draining; throws (nothing sent) when there is none. */
  pick(method: string): ApiSocket {
    let best: ApiSocket | undefined
    for (const slot of this.slots) {
      const s = slot.socket
      if (s?.isOpen && !s.draining && (!best || s.inFlight < best.inFlight)) best = s
    }
    if (best) return best
    if (this.closedByUser) throw new NotConnectedError(`${method}: the connection was closed by disconnect()`)
    throw new ConnectionClosedError(method, 1006, 'not connected (reconnecting); nothing was sent')
  }

  /** Stops every slot: reconnects and renewals end, pending requests reject at once. */
  stop(): Promise<void> {
    this.closedByUser = true
    return Promise.all(this.slots.map((s) => s.stop())).then(() => undefined)
  }
}
