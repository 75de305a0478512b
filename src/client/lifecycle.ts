// The one connection lifecycle of the API and the streams clients: first connect, reconnect with backoff, and
// make-before-break renewal at the socket's maximum age or on `serverShutdown`. What happens on a fresh socket
// (clock sync, logon, resubscribe) and what the owner is told are the host's part.
import type { Backoff } from './backoff.js'
import type { ManagedSocket } from './client-socket.js'
import { ConnectError } from './errors.js'
import type { TimerHandle, Timers } from './timers.js'
import type { StatusChange } from './types.js'

/** What a lifecycle needs from the connection that owns it. */
export interface LifecycleHost<S extends ManagedSocket> {
  readonly timers: Timers
  /** Shared by every lifecycle of one connection: their attempts count against one budget. */
  readonly backoff: Backoff
  readonly connectTimeout: number
  /** Age at which a socket is replaced (Binance closes sockets at 24 h). */
  readonly renewAfter: number
  /** A new socket (`first`: for the first connect) that reports its close to `closed`. */
  newSocket(first: boolean, closed: (socket: S, code: number, reason: string) => void): S
  /** Readies a freshly opened socket before it takes requests (clock, session, subscriptions). */
  setup(socket: S, first: boolean): Promise<void>
  status(change: StatusChange): void
  /** A socket is installed and takes requests. */
  opened(socket: S): void
  /** The socket was down from `since` until now and is usable again. */
  recovered(since: number): void
  /**
   * A renewal replaced `old` by the installed socket; it started at `from`. Told before `old` drains (which closes it
   * at once when nothing is in flight): `old` is closed or closing here only if it stopped before the new socket
   * was set up.
   */
  renewed?(old: S, from: number): void
}

/** One socket position: its socket is rebuilt after a loss and replaced make-before-break before it ages out. */
export class Lifecycle<S extends ManagedSocket> {
  /** The installed socket: set up and taking requests (undefined while reconnecting). */
  socket: S | undefined
  #stopped = false
  #attempt = 0
  #reconnectTimer: TimerHandle | undefined
  #renewTimer: TimerHandle | undefined
  #renewing: Promise<void> | undefined
  #downSince = 0
  readonly #opening = new Set<S>()
  readonly #closed = (socket: S, code: number, reason: string) => this.#socketClosed(socket, code, reason)

  constructor(
    /** The position in the pool (0 for a single socket). */
    readonly index: number,
    private readonly host: LifecycleHost<S>,
  ) {}

  /** Opens and sets up a socket; rejects (closing what it opened) if either fails, is aborted or `stop()` comes first. */
  async #open(first: boolean, signal?: AbortSignal): Promise<S> {
    const socket = this.host.newSocket(first, this.#closed)
    this.host.backoff.record(this.host.timers.now())
    // Tracked so that stop() and the caller's signal also end an attempt still in its handshake or setup.
    this.#opening.add(socket)
    const abort = () => void socket.close(1000, 'connect aborted')
    signal?.addEventListener('abort', abort, { once: true })
    try {
      await socket.open(this.host.connectTimeout, signal)
      await this.host.setup(socket, first)
      return socket
    } catch (err) {
      await socket.close(1000, 'setup failed')
      if (signal?.aborted)
        throw new ConnectError(`connect to ${socket.url} aborted`, { cause: signal.reason })
      throw err
    } finally {
      signal?.removeEventListener('abort', abort)
      this.#opening.delete(socket)
    }
  }

  #install(socket: S): void {
    this.socket = socket
    this.#attempt = 0
    this.host.timers.clearTimeout(this.#renewTimer)
    this.#renewTimer = this.host.timers.setTimeout(() => void this.renew('max age'), this.host.renewAfter)
    this.host.status({ state: 'open' })
    this.host.opened(socket)
  }

  /** First connect: errors propagate to the caller (who then calls `stop()`). */
  async connect(signal?: AbortSignal): Promise<void> {
    this.host.status({ state: 'connecting', attempt: 0 })
    this.#install(await this.#open(true, signal))
  }

  /** Every socket reports its close here; only the installed one's starts a reconnect. */
  #socketClosed(socket: S, code: number, reason: string): void {
    if (socket !== this.socket) return
    this.socket = undefined
    this.host.timers.clearTimeout(this.#renewTimer)
    if (this.#stopped) return
    this.#downSince = this.host.timers.now()
    this.#scheduleReconnect(code, reason)
  }

  #scheduleReconnect(code: number, reason: string): void {
    this.#attempt += 1
    const delay = this.host.backoff.delay(this.#attempt, this.host.timers.now())
    this.host.status({ state: 'reconnecting', attempt: this.#attempt, delay, code, reason })
    this.#reconnectTimer = this.host.timers.setTimeout(() => {
      if (this.#stopped) return
      this.host.status({ state: 'connecting', attempt: this.#attempt })
      this.#open(false).then(
        (socket) => {
          if (this.#stopped) return void socket.close(1000, 'client disconnect')
          if (this.socket) return void socket.close(1000, 'superseded') // a renewal got there first
          this.#install(socket)
          this.host.recovered(this.#downSince)
        },
        (err: Error) => {
          if (!this.#stopped && !this.socket) this.#scheduleReconnect(1006, err.message)
        },
      )
    }, delay)
  }

  /** Replaces the socket make-before-break: the new one takes new requests, the old one drains. */
  renew(reason: string): Promise<void> {
    if (this.#renewing || this.#stopped || !this.socket) return this.#renewing ?? Promise.resolve()
    const old = this.socket
    const from = this.host.timers.now()
    this.#renewing = this.#open(false)
      .then(
        (fresh) => {
          if (this.#stopped) return void fresh.close(1000, 'client disconnect')
          if (this.socket === old) {
            this.#install(fresh)
            this.host.renewed?.(old, from)
            old.drain()
            return
          }
          if (this.socket) return void fresh.close(1000, 'superseded')
          // The old socket died while this one was set up: take over instead of waiting for the reconnect.
          this.host.timers.clearTimeout(this.#reconnectTimer)
          this.#install(fresh)
          this.host.recovered(this.#downSince)
        },
        (err: Error) => {
          if (this.#stopped || this.socket !== old) return
          // The old socket keeps serving; try again after a backoff delay.
          const delay = this.host.backoff.delay(1, this.host.timers.now())
          this.host.status({ state: 'renewing', reason: `${reason}: ${err.message}`, retryIn: delay })
          this.#renewTimer = this.host.timers.setTimeout(() => void this.renew(reason), delay)
        },
      )
      .finally(() => {
        this.#renewing = undefined
      })
    this.host.status({ state: 'renewing', reason })
    return this.#renewing
  }

  /** Stops reconnects and renewals and closes the socket (and any being opened); pending work fails at once. */
  async stop(): Promise<void> {
    this.#stopped = true
    this.host.timers.clearTimeout(this.#reconnectTimer)
    this.host.timers.clearTimeout(this.#renewTimer)
    const sockets = [...this.#opening, ...(this.socket ? [this.socket] : [])]
    this.socket = undefined
    await Promise.all(sockets.map((s) => s.close(1000, 'client disconnect')))
  }

  get isStopped(): boolean {
    return this.#stopped
  }
}
