// A live API connection: every catalogue method as a typed call, over one socket or a pool of them.
import type { ErrorFrame, EventFrame } from '../protocol/envelope.js'
import type { ServerShutdown, UserDataEvent } from '../protocol/events.js'
import { METHOD_BY_WIRE, METHOD_LIST } from '../protocol/methods.js'
import { ApiSocket } from './api-socket.js'
import type { Credentials } from './auth.js'
import { type Backoff, connectionBackoff } from './backoff.js'
import { Caller } from './caller.js'
import type { ResolvedConfig } from './config.js'
import { Emitter } from './emitter.js'
import { ConnectError, isKeyRefused, type OutcomeUnknownError, RequestTimeoutError } from './errors.js'
import type { LifecycleHost } from './lifecycle.js'
import { type OrderOutcome, type OutcomeRef, resolveOutcome } from './outcome.js'
import type { RateLimitBudget } from './rate-limiter.js'
import { sleep } from './sleep.js'
import { SocketPool } from './socket-pool.js'
import { StreamRegistry } from './stream-registry.js'
import type { Timers } from './timers.js'
import type { ApiMethods, ApiResponse, CallOptions, ConnectionEvents, ConnectionStatus } from './types.js'
import type { UserDataStream } from './user-data-stream.js'

// The catalogue methods, installed on the prototype by the static block below.
export interface WebsocketAPIConnection extends ApiMethods {}

/** One logical connection to the WebSocket API (one socket, or a pool). Methods derive from the catalogue. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface above types the installed methods.
export class WebsocketAPIConnection extends Emitter<ConnectionEvents> {
  readonly #config: ResolvedConfig
  readonly #timers: Timers
  readonly #pool: SocketPool
  readonly #caller: Caller
  readonly #streams: StreamRegistry
  readonly #backoff: Backoff
  /** Counts primary losses: a move in progress stops once a later loss starts another one. */
  #moves = 0
  /** When the primary was lost, while the streams have not been subscribed again since. */
  #streamsDownSince: number | undefined

  /** @internal Created by `SpotWebsocketAPI.connect()`. */
  constructor(config: ResolvedConfig, credentials: Credentials) {
    super()
    this.#config = config
    this.#timers = config.timers
    const backoff = connectionBackoff(config.reconnectDelay, config.maxReconnectDelay)
    this.#backoff = backoff
    this.#pool = new SocketPool(
      {
        size: config.poolSize,
        timers: this.#timers,
        timeout: config.timeout,
        reconnectWait: config.reconnectWait,
      },
      (index) => this.#slotHost(index, backoff),
    )
    this.#caller = new Caller(config, credentials, this.#pool)
    this.#streams = new StreamRegistry(this.#timers, this.#caller, this.#pool)
  }

  /** @internal Opens every socket; rejects with ConnectError (closing what opened), never hangs. */
  async open(signal?: AbortSignal): Promise<void> {
    const results = await Promise.allSettled(this.#pool.slots.map((s) => s.connect(signal)))
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
    if (!failed) return
    await this.#pool.stop()
    const cause = failed.reason as Error
    throw cause instanceof ConnectError
      ? cause
      : new ConnectError(`connect failed: ${cause.message}`, { cause })
  }

  /** Slot `index`'s part of the lifecycle: its sockets, their setup, and what the connection hears. */
  #slotHost(index: number, backoff: Backoff): Omit<LifecycleHost<ApiSocket>, 'opened'> {
    const c = this.#config
    return {
      timers: this.#timers,
      backoff,
      connectTimeout: c.timeout,
      renewAfter: c.renewAfter,
      newSocket: (_first, closed) =>
        new ApiSocket(
          this.#url(),
          {
            onEvent: (f, s) => this.#onEvent(f, s),
            onUnsolicitedError: (f, s) => this.#onUnsolicitedError(f, s),
            onClose: closed,
            livenessPing: (s, timeout) => this.#caller.livenessPing(s, timeout),
          },
          this.#timers,
          { pingInterval: c.pingInterval, pongTimeout: c.pongTimeout },
        ),
      setup: (socket, first) => this.#setup(socket, index, first),
      status: (change) => {
        this.emit('status', { slot: index, ...change } as ConnectionStatus)
        if (change.state === 'reconnecting' && index === this.#pool.primary) void this.#movePrimary()
      },
      recovered: (since) => {
        if (index === this.#pool.primary) this.#gap(since)
      },
      // The old socket got its close frame (the server pushes nothing on it after) before the new one was subscribed,
      // or a failed move left the streams off it.
      renewed: (old, from) => {
        if (index === this.#pool.primary && (!old.isOpen || this.#streamsDownSince !== undefined))
          this.#gap(from)
      },
    }
  }

  /** The endpoint with the connection's URL parameters (`timeUnit`, `returnRateLimits=false`). */
  #url(): string {
    const { wsURL, timeUnit, returnRateLimits } = this.#config
    const query = [timeUnit && `timeUnit=${timeUnit}`, !returnRateLimits && 'returnRateLimits=false']
      .filter(Boolean)
      .join('&')
    if (!query) return wsURL
    return `${wsURL}${wsURL.includes('?') ? '&' : '?'}${query}`
  }

  /**
   * Prepares a fresh socket before it takes requests: clock, session, and (on the primary) user data streams. On a
   * reconnect, a key the server now refuses (deleted, address not allowed) leaves the connection without a session,
   * as a revocation does, instead of failing every reconnect.
   */
  async #setup(socket: ApiSocket, index: number, first: boolean): Promise<void> {
    if (this.#config.syncClock && index === this.#pool.primary) await this.#caller.syncClock(socket)
    if (this.#caller.sessionWanted && (this.#config.autoSessionLogon || index === this.#pool.primary)) {
      try {
        await this.#logon(socket)
      } catch (err) {
        if (first || !isKeyRefused(err)) {
          throw new ConnectError(`session.logon failed: ${(err as Error).message}`, { cause: err })
        }
        this.#sessionRevoked(socket, { code: err.code, msg: err.msg })
      }
    }
    if (index === this.#pool.primary) await this.#streams.resubscribe(socket)
  }

  /** The server no longer takes the session's key: requests sign again, and no reconnect logs on with it. */
  #sessionRevoked(socket: ApiSocket, error: ErrorFrame['error']): void {
    socket.session = false
    this.#caller.sessionWanted = false
    this.emit('sessionRevoked', error)
  }

  #logon(socket: ApiSocket) {
    return this.#caller.call('session.logon', METHOD_BY_WIRE.get('session.logon'), undefined, undefined, {
      socket,
    })
  }

  /**
   * The primary slot went down: move the session and the streams to another open socket, if any. A failed move (a
   * 5xx, the firewall, a rate limit: a refusal that ends a stream ends only that stream, in `resubscribe`) is tried
   * again on that socket after a backoff delay, until it succeeds, the socket is replaced (its slot's reconnect or
   * renewal subscribed the streams in its setup) or lost (a later move takes over), or the connection is closed.
   * One move goes on at a time (`#moves`), and a slot that is not the primary subscribes nothing: no stream is
   * subscribed twice.
   */
  async #movePrimary(): Promise<void> {
    const move = ++this.#moves
    const next = this.#pool.standby()
    const target = next?.socket
    if (!next || !target || this.#pool.closedByUser) return
    this.#streamsDownSince ??= this.#timers.now()
    this.#pool.primary = next.index
    for (let attempt = 1; ; attempt++) {
      if (move !== this.#moves || this.#pool.closedByUser || !target.isOpen) return
      if (next.socket !== target) return // its `renewed` reported the gap
      try {
        await this.#takeOver(target)
        break
      } catch (err) {
        // Unanswered, the subscribe may still land there: a retry on that socket could subscribe twice. Closed, it
        // holds nothing; its slot reconnects and the streams move on (a later move, or that slot's own setup).
        if (err instanceof RequestTimeoutError) return void target.close(1000, 'user data streams not moved')
        await sleep(this.#timers, this.#backoff.delay(attempt, this.#timers.now()))
      }
    }
    this.#gap(this.#timers.now())
  }

  /** Reports that the streams were down from `since`, or from the primary's loss if a move kept them down since. */
  #gap(since: number): void {
    const from = Math.min(since, this.#streamsDownSince ?? since)
    this.#streamsDownSince = undefined
    if (this.#streams.size) this.emit('gap', { from, to: this.#timers.now(), streams: this.#streams.size })
  }

  /** Logs on (a key now refused leaves the connection without a session, as in `#setup`) and re-subscribes. */
  async #takeOver(socket: ApiSocket): Promise<void> {
    if (this.#caller.sessionWanted && !socket.session) {
      try {
        await this.#logon(socket)
      } catch (err) {
        if (!isKeyRefused(err)) throw err
        this.#sessionRevoked(socket, { code: err.code, msg: err.msg })
      }
    }
    await this.#streams.resubscribe(socket)
  }

  #onEvent(frame: EventFrame, socket: ApiSocket): void {
    const event = frame.event as UserDataEvent | ServerShutdown
    if (event.e === 'serverShutdown') {
      this.emit('serverShutdown', event)
      void this.#pool.slotOf(socket)?.renew('serverShutdown')
      return
    }
    this.#caller.trail.observe(event)
    this.#streams.deliver(frame, socket)
  }

  #onUnsolicitedError(frame: ErrorFrame, socket: ApiSocket): void {
    if (frame.status === 401) this.#sessionRevoked(socket, frame.error)
  }

  /** Server time as this client estimates it (local clock + measured offset). */
  serverTime(): number {
    return this.#caller.serverTime()
  }

  /** True while at least one socket is open. */
  isConnected(): boolean {
    return this.#pool.isConnected
  }

  /** Rate-limit budgets as last reported by the server, windows rolled forward to now. */
  rateLimitBudget(): RateLimitBudget[] {
    return this.#caller.limiter.budget(this.serverTime())
  }

  /** Status changes as an async iterator (ends when `signal` aborts). */
  async *statusChanges(signal?: AbortSignal): AsyncGenerator<ConnectionStatus> {
    for await (const [status] of this.events('status', signal)) yield status
  }

  /**
   * Learns what became of a request whose outcome is unknown (pass its OutcomeUnknownError): waits until it can no
   * longer land, then queries. Definite answers are `found: true | false`; otherwise `found: 'unknown'`. Sends
   * nothing but queries; see the README's fault table for the decision table.
   */
  resolveOrderOutcome(ref: OutcomeRef | OutcomeUnknownError, options?: CallOptions): Promise<OrderOutcome> {
    const caller = this.#caller
    const context = {
      queries: this,
      trail: caller.trail,
      timers: this.#timers,
      serverTime: () => caller.serverTime(),
      clockUncertainty: () => caller.clock.uncertainty,
    }
    return resolveOutcome(context, ref, options)
  }

  /**
   * Calls any wire method unsigned (escape hatch for methods or params the catalogue does not know yet): its params
   * are sent as given, unchecked against the catalogue; only a value JSON cannot carry (bigint, NaN) is refused.
   */
  sendMessage<T = unknown>(method: string, params?: Record<string, unknown>, options?: CallOptions) {
    return this.#caller.call<T>(method, METHOD_BY_WIRE.get(method), params, options, {
      raw: true,
      auth: 'NONE',
    })
  }

  /** `sendMessage` with `apiKey`, `timestamp` and `signature` added. */
  sendSignedMessage<T = unknown>(method: string, params?: Record<string, unknown>, options?: CallOptions) {
    return this.#caller.call<T>(method, METHOD_BY_WIRE.get(method), params, options, {
      raw: true,
      auth: 'SIGNED',
      forceSign: true,
    })
  }

  /** Subscribes to this account's user data stream (needs a logged-on session); re-subscribed after reconnects. */
  userDataStreamSubscribe(
    params?: Record<string, never>,
    id?: string,
  ): Promise<{ response: ApiResponse<{ subscriptionId: number }>; stream: UserDataStream }> {
    return this.#streams.open('userDataStream.subscribe', params, id)
  }

  /** Subscribes with a signed request: works without a session; re-subscribed after reconnects. */
  userDataStreamSubscribeSignature(
    params?: { recvWindow?: number },
    id?: string,
  ): Promise<{ response: ApiResponse<{ subscriptionId: number }>; stream: UserDataStream }> {
    return this.#streams.open('userDataStream.subscribe.signature', params, id)
  }

  /** Stops all user data streams (or one) and ends their iterators. */
  userDataStreamUnsubscribe(params?: { subscriptionId?: number }, options?: CallOptions) {
    return this.#streams.unsubscribe(params, options)
  }

  /** Closes every socket for good: pending requests reject at once, reconnects and renewals stop. */
  async disconnect(): Promise<void> {
    this.#pool.closedByUser = true
    this.#streams.endAll()
    await this.#pool.stop()
    for (const s of this.#pool.slots)
      this.emit('status', { slot: s.index, state: 'closed', reason: 'disconnect' })
  }

  static {
    for (const spec of METHOD_LIST) {
      if (Object.hasOwn(WebsocketAPIConnection.prototype, spec.name)) continue
      Object.defineProperty(WebsocketAPIConnection.prototype, spec.name, {
        configurable: true,
        writable: true,
        value(this: WebsocketAPIConnection, params?: Record<string, unknown>, options?: CallOptions) {
          return this.#caller.call(spec.wire, spec, params, options)
        },
      })
    }
  }
}
