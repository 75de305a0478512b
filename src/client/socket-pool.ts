// The sockets of one API connection (one, or a pool) and which of them a request goes to, or waits for.
import type { ApiSocket } from './api-socket.js'
import { ConnectionClosedError, NotConnectedError } from './errors.js'
import { Lifecycle, type LifecycleHost } from './lifecycle.js'
import { SocketWaiters } from './socket-waiters.js'
import type { Timers } from './timers.js'

export interface PoolOptions {
  size: number
  timers: Timers
  /** The default request deadline, ms. */
  timeout: number
  /** Requests wait for a reconnect or renewal (within their deadline) instead of failing at once. */
  reconnectWait: boolean
}

/** The connection's slots, the primary one (session and user data streams), and request routing. */
export class SocketPool {
  readonly slots: readonly Lifecycle<ApiSocket>[]
  /** Index of the slot that holds the session and the user data streams. */
  primary = 0
  /** Set by `disconnect()` or a failed first connect: nothing reconnects or moves any more. */
  closedByUser = false
  readonly #waiters: SocketWaiters
  readonly #reconnectWait: boolean
  readonly #timeout: number

  /** `hostOf(i)` is slot i's host; the pool adds the wake-up of waiting requests when a socket opens. */
  constructor(options: PoolOptions, hostOf: (index: number) => Omit<LifecycleHost<ApiSocket>, 'opened'>) {
    this.#waiters = new SocketWaiters(options.timers)
    this.#reconnectWait = options.reconnectWait
    this.#timeout = options.timeout
    const opened = () => this.#waiters.wake()
    this.slots = Array.from({ length: options.size }, (_, i) => new Lifecycle(i, { ...hostOf(i), opened }))
  }

  /** The slot whose installed socket is `socket`. */
  slotOf(socket: ApiSocket): Lifecycle<ApiSocket> | undefined {
    return this.slots.find((s) => s.socket === socket)
  }

  /** An open socket, not draining, in another slot than the primary: where the primary's duties can move. */
  standby(): Lifecycle<ApiSocket> | undefined {
    return this.slots.find((s) => s.index !== this.primary && s.socket?.isOpen && !s.socket.draining)
  }

  get isConnected(): boolean {
    return this.slots.some((s) => s.socket?.isOpen)
  }

  /**
   * Where a request goes: the primary's socket for `primary` methods while it is open, else the least busy open one
   * that is not draining. Undefined while none is open (wait with `whenOpen`). Throws, nothing sent, after
   * `disconnect()` and, with `reconnectWait: false`, while reconnecting.
   */
  route(method: string, primary: boolean): ApiSocket | undefined {
    if (primary) {
      const socket = this.slots[this.primary]?.socket
      if (socket?.isOpen) return socket
    }
    let best: ApiSocket | undefined
    for (const slot of this.slots) {
      const s = slot.socket
      if (s?.isOpen && !s.draining && (!best || s.inFlight < best.inFlight)) best = s
    }
    if (best) return best
    if (this.closedByUser) throw notConnected(method)
    if (!this.#reconnectWait)
      throw new ConnectionClosedError(method, 1006, 'not connected (reconnecting); nothing was sent', {
        sent: false,
      })
    return undefined
  }

  /** Resolves with the ms left of `timeout` once a socket opens; see `SocketWaiters.wait` for the rejections. */
  whenOpen(method: string, timeout: number, signal?: AbortSignal): Promise<number> {
    return this.#waiters.wait(method, timeout, signal)
  }

  /** `route()`'s socket, waiting (up to `timeout`, default the config's) for one to open when there is none. */
  async socketFor(method: string, primary: boolean, timeout = this.#timeout): Promise<ApiSocket> {
    let left = timeout
    for (;;) {
      const socket = this.route(method, primary)
      if (socket) return socket
      left = await this.whenOpen(method, left)
    }
  }

  /** Stops every slot: reconnects and renewals end, pending and waiting requests reject at once. */
  stop(): Promise<void> {
    this.closedByUser = true
    this.#waiters.stop(notConnected)
    return Promise.all(this.slots.map((s) => s.stop())).then(() => undefined)
  }
}

const notConnected = (method: string) =>
  new NotConnectedError(`${method}: the connection was closed by disconnect()`)
