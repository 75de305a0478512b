// One position of the connection (pool): its socket's life — first connect, reconnect with backoff, renewal.
import type { ApiSocket } from './api-socket.js'
import type { Backoff } from './backoff.js'
import { ConnectError } from './errors.js'
import type { TimerHandle, Timers } from './timers.js'
import type { StatusChange } from './types.js'

/** What a slot needs from the connection that owns it. */
export interface SlotHost {
  readonly timers: Timers
  readonly backoff: Backoff
  readonly connectTimeout: number
  /** Age at which a socket is replaced (Binance closes sockets at 24 h). */
  readonly renewAfter: number
  newSocket(): ApiSocket
  /** Logs on, re-subscribes, syncs the clock on a freshly opened socket, before it takes requests. */
  setup(socket: ApiSocket, slot: Slot): Promise<void>
  status(status: StatusChange, slot: Slot): void
  /** The slot's socket was down from `since` until now and is usable again. */
  recovered(slot: Slot, since: number): void
}

/** A slot of the pool. Its socket is replaced make-before-break on renewal and rebuilt after a loss. */
export class Slot {
  socket: ApiSocket | undefined
  private stopped = false
  private attempt = 0
  private reconnectTimer: TimerHandle | undefined
  private renewTimer: TimerHandle | undefined
  private renewing: Promise<void> | undefined
  private downSince = 0
  private readonly opening = new Set<ApiSocket>()

  constructor(
    readonly index: number,
    private readonly host: SlotHost,
  ) {}

  /** Opens and sets up a socket; rejects (closing what it opened) if either fails, is aborted or `stop()` comes first. */
  private async openSocket(signal?: AbortSignal): Promise<ApiSocket> {
    const socket = this.host.newSocket()
    this.host.backoff.record(this.host.timers.now())
    // Tracked so that stop() and the caller's signal also end an attempt still in its handshake or setup.
    this.opening.add(socket)
    const abort = () => void socket.close(1000, 'connect aborted')
    signal?.addEventListener('abort', abort, { once: true })
    try {
      await socket.open(this.host.connectTimeout, signal)
      await this.host.setup(socket, this)
      return socket
    } catch (err) {
      await socket.close(1000, 'setup failed')
      if (signal?.aborted)
        throw new ConnectError(`connect to ${socket.url} aborted`, { cause: signal.reason })
      throw err
    } finally {
      signal?.removeEventListener('abort', abort)
      this.opening.delete(socket)
    }
  }

  private install(socket: ApiSocket): void {
    this.socket = socket
    this.attempt = 0
    this.host.timers.clearTimeout(this.renewTimer)
    this.renewTimer = this.host.timers.setTimeout(() => void this.renew('max age'), this.host.renewAfter)
    this.host.status({ state: 'open' }, this)
  }

  /** First connect: errors propagate to `connect()`. */
  async connect(signal?: AbortSignal): Promise<void> {
    this.host.status({ state: 'connecting', attempt: 0 }, this)
    this.install(await this.openSocket(signal))
  }

  /** Called for every socket that closes; only the current one triggers a reconnect. */
  socketClosed(socket: ApiSocket, code: number, reason: string): void {
    if (socket !== this.socket) return
    this.socket = undefined
    this.host.timers.clearTimeout(this.renewTimer)
    if (this.stopped) return
    this.downSince = this.host.timers.now()
    this.scheduleReconnect(code, reason)
  }

  private scheduleReconnect(code: number, reason: string): void {
    this.attempt += 1
    const delay = this.host.backoff.delay(this.attempt, this.host.timers.now())
    this.host.status({ state: 'reconnecting', attempt: this.attempt, delay, code, reason }, this)
    this.reconnectTimer = this.host.timers.setTimeout(() => {
      if (this.stopped) return
      this.host.status({ state: 'connecting', attempt: this.attempt }, this)
      this.openSocket().then(
        (socket) => {
          if (this.stopped) return void socket.close(1000, 'client disconnect')
          if (this.socket) return void socket.close(1000, 'superseded') // a renewal got there first
          this.install(socket)
          this.host.recovered(this, this.downSince)
        },
        (err: Error) => {
          if (!this.stopped) this.scheduleReconnect(1006, err.message)
        },
      )
    }, delay)
  }

  /** Replaces the socket make-before-break: the new one takes new requests, the old one drains. */
  renew(reason: string): Promise<void> {
    if (this.renewing || this.stopped || !this.socket) return this.renewing ?? Promise.resolve()
    const old = this.socket
    this.renewing = this.openSocket()
      .then(
        (fresh) => {
          if (this.stopped) return void fresh.close(1000, 'client disconnect')
          if (this.socket === old) {
            this.install(fresh)
            return old.drain()
          }
          if (this.socket) return void fresh.close(1000, 'superseded')
          // The old socket died while this one was set up: take over instead of waiting for the reconnect.
          this.host.timers.clearTimeout(this.reconnectTimer)
          this.install(fresh)
          this.host.recovered(this, this.downSince)
        },
        (err: Error) => {
          if (this.stopped || this.socket !== old) return
          // The old socket keeps serving; try again after a backoff delay.
          const delay = this.host.backoff.delay(1, this.host.timers.now())
          this.host.status({ state: 'renewing', reason: `${reason}: ${err.message}`, retryIn: delay }, this)
          this.renewTimer = this.host.timers.setTimeout(() => void this.renew(reason), delay)
        },
      )
      .finally(() => {
        this.renewing = undefined
      })
    this.host.status({ state: 'renewing', reason }, this)
    return this.renewing
  }

  /** Stops reconnects and renewals and closes the socket; pending requests reject at once. */
  async stop(): Promise<void> {
    this.stopped = true
    this.host.timers.clearTimeout(this.reconnectTimer)
    this.host.timers.clearTimeout(this.renewTimer)
    const sockets = [...this.opening, ...(this.socket ? [this.socket] : [])]
    this.socket = undefined
    await Promise.all(sockets.map((s) => s.close(1000, 'client disconnect')))
  }

  get isStopped(): boolean {
    return this.stopped
  }
}
