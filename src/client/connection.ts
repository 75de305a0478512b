// A live API connection: every catalogue method as a typed call, over one socket or a pool of them.
import { EventEmitter, on } from 'node:events'
import type { ErrorFrame, EventFrame, ResponseFrame } from '../protocol/envelope.js'
import type { ServerShutdown, UserDataEvent } from '../protocol/events.js'
import { METHOD_BY_WIRE, METHOD_LIST, type MethodSpec } from '../protocol/methods.js'
import { requestWeight } from '../protocol/weight.js'
import { ApiSocket } from './api-socket.js'
import { type AuthContext, authorize, type Credentials, copyParams } from './auth.js'
import { Backoff } from './backoff.js'
import type { ResolvedConfig } from './config.js'
import {
  BinanceError,
  ConnectError,
  ConnectionClosedError,
  InvalidParameterError,
  NotConnectedError,
  OutcomeUnknownError,
  RateLimitedError,
  RequestTimeoutError,
} from './errors.js'
import { newClientOrderId } from './ids.js'
import { type OrderOutcome, type OutcomeRef, resolveOutcome } from './outcome.js'
import type { RateLimitBudget } from './rate-limiter.js'
import { RateLimiter } from './rate-limiter.js'
import { sleep } from './sleep.js'
import { Slot, type SlotHost } from './slot.js'
import type { Timers } from './timers.js'
import type { ApiMethods, ApiResponse, CallOptions, ConnectionEvents, ConnectionStatus } from './types.js'
import { UserDataStream } from './user-data-stream.js'

const CLIENT_ID_PARAM: Readonly<Record<string, string>> = {
  'order.place': 'newClientOrderId',
  'order.cancelReplace': 'newClientOrderId',
  'sor.order.place': 'newClientOrderId',
  'orderList.place': 'listClientOrderId',
  'orderList.place.oco': 'listClientOrderId',
  'orderList.place.oto': 'listClientOrderId',
  'orderList.place.otoco': 'listClientOrderId',
  'orderList.place.opo': 'listClientOrderId',
  'orderList.place.opoco': 'listClientOrderId',
}

const NO_PARAMS: Readonly<Record<string, unknown>> = Object.freeze({})
const NO_INTERNALS: CallInternals = Object.freeze({})

type StreamMethod = UserDataStream['method']

/** Methods bound to the socket that holds the session and the user data streams. */
const PRIMARY_ONLY = new Set(['session.logon', 'session.logout', 'session.status', 'session.subscriptions'])

/** True for requests that may change state in the matching engine (their loss leaves the outcome unknown). */
const reachesEngine = (spec: MethodSpec) => spec.security === 'TRADE' && !spec.wire.endsWith('.test')

interface CallInternals {
  auth?: MethodSpec['auth']
  forceSign?: boolean
  socket?: ApiSocket
  retried?: boolean
}

// The catalogue methods, installed on the prototype by the static block below.
export interface WebsocketAPIConnection extends ApiMethods {}

/** One logical connection to the WebSocket API (one socket, or a pool). Methods derive from the catalogue. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface above types the installed methods.
export class WebsocketAPIConnection extends EventEmitter<ConnectionEvents> {
  readonly #config: ResolvedConfig
  readonly #credentials: Credentials
  readonly #timers: Timers
  readonly #slots: Slot[]
  readonly #limiter = new RateLimiter()
  #primary = 0
  #clockOffset = 0
  #sessionWanted: boolean
  #closedByUser = false
  readonly #streams: UserDataStream[] = []
  readonly #subs = new WeakMap<ApiSocket, Map<number, UserDataStream>>()
  readonly #orphans = new Map<number, UserDataEvent[]>()
  #dedupeUntil = 0
  readonly #recent = new Set<string>()

  /** @internal Created by `SpotWebsocketAPI.connect()`. */
  constructor(config: ResolvedConfig, credentials: Credentials) {
    super()
    this.#config = config
    this.#credentials = credentials
    this.#timers = config.timers
    this.#sessionWanted = config.autoSessionLogon
    const host = this.#slotHost()
    this.#slots = Array.from({ length: config.poolSize }, (_, i) => new Slot(i, host))
  }

  /** @internal Opens every socket; rejects with ConnectError (closing what opened), never hangs. */
  async open(signal?: AbortSignal): Promise<void> {
    const results = await Promise.allSettled(this.#slots.map((s) => s.connect(signal)))
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
    if (!failed) return
    this.#closedByUser = true
    await Promise.all(this.#slots.map((s) => s.stop()))
    const cause = failed.reason as Error
    throw cause instanceof ConnectError
      ? cause
      : new ConnectError(`connect failed: ${cause.message}`, { cause })
  }

  #slotHost(): SlotHost {
    const c = this.#config
    return {
      timers: this.#timers,
      backoff: new Backoff({
        baseDelay: c.reconnectDelay,
        maxDelay: c.maxReconnectDelay,
        maxAttempts: 290,
        windowMs: 300_000,
      }),
      connectTimeout: c.timeout,
      renewAfter: c.renewAfter,
      newSocket: () =>
        new ApiSocket(
          this.#url(),
          {
            onEvent: (f, s) => this.#onEvent(f, s),
            onUnsolicitedError: (f, s) => this.#onUnsolicitedError(f, s),
            onClose: (s, code, reason) => this.#slotOf(s)?.socketClosed(s, code, reason),
          },
          this.#timers,
          { pingInterval: c.pingInterval, pongTimeout: c.pongTimeout },
        ),
      setup: (socket, slot) => this.#setup(socket, slot),
      status: (change, slot) => {
        const status = { slot: slot.index, ...change } as ConnectionStatus
        this.emit('status', status)
        if (change.state === 'reconnecting' && slot.index === this.#primary) void this.#movePrimary()
      },
      recovered: (slot, since) => {
        if (slot.index === this.#primary && this.#streams.length) {
          this.emit('gap', { from: since, to: this.#timers.now(), streams: this.#streams.length })
        }
      },
    }
  }

  #slotOf(socket: ApiSocket): Slot | undefined {
    return this.#slots.find((s) => s.socket === socket) ?? this.#slots.find((s) => !s.socket && !s.isStopped)
  }

  #url(): string {
    const u = this.#config.timeUnit
    if (!u) return this.#config.wsURL
    return `${this.#config.wsURL}${this.#config.wsURL.includes('?') ? '&' : '?'}timeUnit=${u}`
  }

  /** Prepares a fresh socket before it takes requests: clock, session, and (on the primary) user data streams. */
  async #setup(socket: ApiSocket, slot: Slot): Promise<void> {
    if (this.#config.syncClock && slot.index === this.#primary) await this.#syncClock(socket)
    if (this.#sessionWanted && (this.#config.autoSessionLogon || slot.index === this.#primary)) {
      try {
        await this.#call('session.logon', METHOD_BY_WIRE.get('session.logon'), undefined, undefined, {
          socket,
        })
      } catch (err) {
        throw new ConnectError(`session.logon failed: ${(err as Error).message}`, { cause: err })
      }
    }
    if (slot.index === this.#primary) await this.#resubscribe(socket)
  }

  /** The primary slot went down: move the session and the streams to another open socket, if any. */
  async #movePrimary(): Promise<void> {
    const next = this.#slots.find((s) => s.index !== this.#primary && s.socket?.isOpen && !s.socket.draining)
    if (!next?.socket || this.#closedByUser) return
    const from = this.#timers.now()
    this.#primary = next.index
    try {
      if (this.#sessionWanted && !next.socket.session) {
        await this.#call('session.logon', METHOD_BY_WIRE.get('session.logon'), undefined, undefined, {
          socket: next.socket,
        })
      }
      await this.#resubscribe(next.socket)
      if (this.#streams.length)
        this.emit('gap', { from, to: this.#timers.now(), streams: this.#streams.length })
    } catch {
      // The socket failed too; its own close handling takes over.
    }
  }

  async #syncClock(socket: ApiSocket): Promise<void> {
    const t0 = this.#timers.now()
    const frame = await socket.request('time', undefined, { timeout: this.#config.timeout })
    const t1 = this.#timers.now()
    const serverTime = 'result' in frame ? (frame.result as { serverTime?: unknown }).serverTime : undefined
    if (typeof serverTime === 'number' && Number.isFinite(serverTime)) {
      this.#clockOffset = Math.round(serverTime - (t0 + t1) / 2)
    }
    this.#limiter.observe(frame.rateLimits, this.serverTime())
  }

  /** Server time as this client estimates it (local clock + measured offset). */
  serverTime(): number {
    return this.#timers.now() + this.#clockOffset
  }

  /** True while at least one socket is open. */
  isConnected(): boolean {
    return this.#slots.some((s) => s.socket?.isOpen)
  }

  /** Rate-limit budgets as last reported by the server, windows rolled forward to now. */
  rateLimitBudget(): RateLimitBudget[] {
    return this.#limiter.budget(this.serverTime())
  }

  /** Status changes as an async iterator (ends when `signal` aborts). */
  async *statusChanges(signal?: AbortSignal): AsyncGenerator<ConnectionStatus> {
    try {
      for await (const [status] of on(this, 'status', signal ? { signal } : {}))
        yield status as ConnectionStatus
    } catch (err) {
      if ((err as Error).name !== 'AbortError') throw err
    }
  }

  /** Learns what happened to an order whose outcome is unknown, by client order id. Sends nothing else. */
  resolveOrderOutcome(ref: OutcomeRef | OutcomeUnknownError, options?: CallOptions): Promise<OrderOutcome> {
    return resolveOutcome(this, ref, this.#timers, () => this.serverTime(), options)
  }

  /** Calls any wire method unsigned (escape hatch for methods the catalogue does not know yet). */
  sendMessage<T = unknown>(method: string, params?: Record<string, unknown>, options?: CallOptions) {
    return this.#call<T>(method, METHOD_BY_WIRE.get(method), params, options, { auth: 'NONE' })
  }

  /** Calls any wire method with `apiKey`, `timestamp` and `signature` added. */
  sendSignedMessage<T = unknown>(method: string, params?: Record<string, unknown>, options?: CallOptions) {
    return this.#call<T>(method, METHOD_BY_WIRE.get(method), params, options, {
      auth: 'SIGNED',
      forceSign: true,
    })
  }

  /** Subscribes to this account's user data stream (needs a logged-on session); re-subscribed after reconnects. */
  userDataStreamSubscribe(
    params?: Record<string, never>,
    id?: string,
  ): Promise<{ response: ApiResponse<{ subscriptionId: number }>; stream: UserDataStream }> {
    return this.#openStream('userDataStream.subscribe', params, id)
  }

  /** Subscribes with a signed request: works without a session; re-subscribed after reconnects. */
  userDataStreamSubscribeSignature(
    params?: { recvWindow?: number },
    id?: string,
  ): Promise<{ response: ApiResponse<{ subscriptionId: number }>; stream: UserDataStream }> {
    return this.#openStream('userDataStream.subscribe.signature', params, id)
  }

  async #openStream(
    method: StreamMethod,
    params: Record<string, unknown> | undefined,
    id: string | undefined,
  ) {
    const socket = this.#primarySocket(method)
    const response = await this.#subscribeOn(socket, method, params)
    const stream = new UserDataStream(response.data.subscriptionId, id, method)
    this.#streams.push(stream)
    this.#adopt(socket, stream)
    return { response, stream }
  }

  /** Stops all user data streams (or one) and ends their iterators. */
  async userDataStreamUnsubscribe(params?: { subscriptionId?: number }, options?: CallOptions) {
    const socket = this.#primarySocket('userDataStream.unsubscribe')
    const spec = METHOD_BY_WIRE.get('userDataStream.unsubscribe')
    const response = await this.#call<Record<string, never>>(spec?.wire ?? '', spec, params, options, {
      socket,
    })
    for (const stream of [...this.#streams]) {
      if (params?.subscriptionId !== undefined && params.subscriptionId !== stream.subscriptionId) continue
      stream.end()
      this.#streams.splice(this.#streams.indexOf(stream), 1)
      this.#subs.get(socket)?.delete(stream.subscriptionId)
    }
    return response
  }

  #subscribeOn(socket: ApiSocket, method: StreamMethod, params?: Record<string, unknown>) {
    return this.#call<{ subscriptionId: number }>(method, METHOD_BY_WIRE.get(method), params, undefined, {
      socket,
    })
  }

  async #resubscribe(socket: ApiSocket): Promise<void> {
    if (!this.#streams.length) return
    this.#dedupeUntil = this.#timers.now() + 60_000
    for (const stream of this.#streams) {
      const r = await this.#subscribeOn(socket, stream.method)
      stream.subscriptionId = r.data.subscriptionId
      this.#adopt(socket, stream)
    }
  }

  /** Registers a stream under its id on `socket` and hands it the events that arrived first. */
  #adopt(socket: ApiSocket, stream: UserDataStream): void {
    const map = this.#subs.get(socket) ?? new Map<number, UserDataStream>()
    this.#subs.set(socket, map)
    map.set(stream.subscriptionId, stream)
    for (const e of this.#orphans.get(stream.subscriptionId) ?? []) stream.push(e)
    this.#orphans.delete(stream.subscriptionId)
  }

  #onEvent(frame: EventFrame, socket: ApiSocket): void {
    const event = frame.event as UserDataEvent | ServerShutdown
    if (event.e === 'serverShutdown') {
      this.emit('serverShutdown', event)
      void this.#slots.find((s) => s.socket === socket)?.renew('serverShutdown')
      return
    }
    const sid = frame.subscriptionId
    if (sid === undefined) return
    if (this.#isDuplicate(event)) return
    const stream = this.#subs.get(socket)?.get(sid)
    if (stream) {
      stream.push(event)
      return
    }
    const held = this.#orphans.get(sid) ?? []
    if (held.length < 1000) held.push(event)
    this.#orphans.set(sid, held)
    if (this.#orphans.size > 16) this.#orphans.delete(this.#orphans.keys().next().value as number)
  }

  /** While old and new sockets overlap after a renewal, both deliver the same events: pass each once. */
  #isDuplicate(event: UserDataEvent): boolean {
    if (this.#timers.now() > this.#dedupeUntil) {
      this.#recent.clear()
      return false
    }
    const k = JSON.stringify(event)
    if (this.#recent.has(k)) return true
    this.#recent.add(k)
    if (this.#recent.size > 4096) this.#recent.delete(this.#recent.values().next().value as string)
    return false
  }

  #onUnsolicitedError(frame: ErrorFrame, socket: ApiSocket): void {
    if (frame.status === 401) {
      socket.session = false
      this.emit('sessionRevoked', frame.error)
    }
  }

  /** Closes every socket for good: pending requests reject at once, reconnects and renewals stop. */
  async disconnect(): Promise<void> {
    this.#closedByUser = true
    for (const s of this.#streams) s.end()
    await Promise.all(this.#slots.map((s) => s.stop()))
    for (const s of this.#slots) this.emit('status', { slot: s.index, state: 'closed', reason: 'disconnect' })
  }

  #primarySocket(method: string): ApiSocket {
    const socket = this.#slots[this.#primary]?.socket
    if (socket?.isOpen) return socket
    return this.#pick(method)
  }

  /** The least busy open socket that is not draining. */
  #pick(method: string): ApiSocket {
    let best: ApiSocket | undefined
    for (const slot of this.#slots) {
      const s = slot.socket
      if (s?.isOpen && !s.draining && (!best || s.inFlight < best.inFlight)) best = s
    }
    if (best) return best
    if (this.#closedByUser)
      throw new NotConnectedError(`${method}: the connection was closed by disconnect()`)
    throw new ConnectionClosedError(method, 1006, 'not connected (reconnecting); nothing was sent')
  }

  /**
   * The call path shared by every method: route, pace, sign, send, map the answer. Synchronous up to the send (errors
   * become rejections); only the wait for the answer is async, in a small function (a large async function's
   * suspended frame is copied on every await).
   */
  #call<T>(
    method: string,
    spec: MethodSpec | undefined,
    params: Record<string, unknown> | undefined,
    options: CallOptions | undefined,
    internals: CallInternals = NO_INTERNALS,
  ): Promise<ApiResponse<T>> {
    try {
      if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) {
        throw new InvalidParameterError('params', `${method} takes an object of parameters`)
      }
      const timeout = options?.timeout ?? this.#config.timeout
      const wait = this.#pace(method, spec, params, timeout, options?.signal)
      if (wait) return wait.then(() => this.#send<T>(method, spec, params, options, internals, timeout))
      return this.#send<T>(method, spec, params, options, internals, timeout)
    } catch (err) {
      return Promise.reject(err)
    }
  }

  /** Picks the socket, completes and signs the params (one copy at most), sends. Throws before sending. */
  #send<T>(
    method: string,
    spec: MethodSpec | undefined,
    params: Record<string, unknown> | undefined,
    options: CallOptions | undefined,
    internals: CallInternals,
    timeout: number,
  ): Promise<ApiResponse<T>> {
    const socket =
      internals.socket ?? (PRIMARY_ONLY.has(method) ? this.#primarySocket(method) : this.#pick(method))
    let p = params
    const idParam = this.#config.autoClientOrderId ? CLIENT_ID_PARAM[method] : undefined
    if (idParam && p?.[idParam] === undefined) {
      p = copyParams(p)
      p[idParam] = newClientOrderId()
    }
    const owned = p !== params
    const ctx: AuthContext = {
      credentials: this.#credentials,
      sessionActive: socket.session,
      timestamp: this.serverTime(),
      recvWindow: this.#config.recvWindow,
    }
    const wire = authorize(
      method,
      internals.auth ?? spec?.auth ?? 'NONE',
      p,
      ctx,
      internals.forceSign || method === 'session.logon',
      owned,
    )
    const onLost = spec && reachesEngine(spec) ? this.#outcomeUnknown(method, p, wire, timeout) : undefined
    return socket
      .request(method, wire, { timeout, signal: options?.signal, onLost })
      .then((frame) => this.#settle<T>(method, spec, params, options, internals, socket, wire, frame))
  }

  /**
   * Maps the answer: usage, the one -1021 retry, errors, session state. Synchronous (a `then` callback, not an
   * async function: that would copy its frame of eight parameters on every call).
   */
  #settle<T>(
    method: string,
    spec: MethodSpec | undefined,
    params: Record<string, unknown> | undefined,
    options: CallOptions | undefined,
    internals: CallInternals,
    socket: ApiSocket,
    wire: Record<string, unknown> | undefined,
    frame: ResponseFrame,
  ): ApiResponse<T> | Promise<ApiResponse<T>> {
    this.#limiter.observe(frame.rateLimits, this.serverTime())
    if ('error' in frame) {
      if (frame.error.code === -1021 && !internals.retried && wire?.['timestamp'] !== undefined) {
        // Rejected before the engine: resync the clock and try once more, with the same client order id.
        return this.#syncClock(socket).then(() => {
          const idParam = CLIENT_ID_PARAM[method]
          const again =
            idParam && params?.[idParam] === undefined && wire[idParam] !== undefined
              ? { ...params, [idParam]: wire[idParam] }
              : params
          return this.#call<T>(method, spec, again, options, { ...internals, socket, retried: true })
        })
      }
      throw this.#errorOf(method, frame)
    }
    this.#afterSuccess(method, frame.result, socket)
    return { data: frame.result as T, rateLimits: frame.rateLimits, id: frame.id, status: frame.status }
  }

  /**
   * Waits for rate-limit capacity when configured to, otherwise throws without sending. Synchronous when there is
   * room (the common case): returns a promise only when it has to wait.
   */
  #pace(
    method: string,
    spec: MethodSpec | undefined,
    params: Record<string, unknown> | undefined,
    timeout: number,
    signal: AbortSignal | undefined,
  ): Promise<void> | undefined {
    const weight = spec ? requestWeight(spec, params ?? NO_PARAMS) : 1
    const orders = spec?.unfilledOrders ?? 0
    const now = this.serverTime()
    const { at, limit } = this.#limiter.earliestSend(weight, orders, now)
    if (at > now) {
      if (!this.#config.rateLimitWait || at - now > timeout) throw new RateLimitedError(method, at, limit)
      return sleep(this.#timers, at - now, signal, method).then(() =>
        this.#limiter.charge(weight, orders, this.serverTime()),
      )
    }
    this.#limiter.charge(weight, orders, this.serverTime())
    return undefined
  }

  #outcomeUnknown(
    method: string,
    p: Record<string, unknown> | undefined,
    wire: Record<string, unknown> | undefined,
    timeout: number,
  ) {
    return (cause: Error) =>
      new OutcomeUnknownError(
        method,
        p?.['symbol'] as string | undefined,
        (p?.['newClientOrderId'] ?? p?.['origClientOrderId']) as string | undefined,
        p?.['listClientOrderId'] as string | undefined,
        cause instanceof RequestTimeoutError ? `no response within ${timeout} ms` : cause.message,
        { cause },
        wire?.['timestamp'] as number | undefined,
        (wire?.['recvWindow'] as number | undefined) ?? 5000,
      )
  }

  #errorOf(method: string, frame: Extract<ResponseFrame, { error: unknown }>): Error {
    const err = new BinanceError(
      frame.error.code,
      frame.error.msg,
      frame.status,
      frame.id,
      method,
      frame.rateLimits,
      frame.error.data,
    )
    if (frame.status !== 429 && frame.status !== 418) return err
    const now = this.serverTime()
    const declared = frame.error.data?.['retryAfter']
    const retryAfter =
      typeof declared === 'number'
        ? declared
        : Math.min(
            ...this.#limiter
              .budget(now)
              .filter((b) => b.remaining === 0)
              .map((b) => b.resetsAt),
            now + 60_000,
          )
    this.#limiter.block(retryAfter, frame.status === 418 ? 'IP ban (418)' : `${frame.error.msg}`)
    return new RateLimitedError(method, retryAfter, frame.status === 418 ? 'IP ban (418)' : 'server 429', {
      cause: err,
    })
  }

  #afterSuccess(method: string, result: unknown, socket: ApiSocket): void {
    if (method === 'session.logon') {
      socket.session = true
      this.#sessionWanted = this.#sessionWanted || this.#config.autoSessionReLogon
    } else if (method === 'session.logout') {
      socket.session = false
      this.#sessionWanted = this.#config.autoSessionLogon
    } else if (method === 'exchangeInfo') {
      const limits = (result as { rateLimits?: Parameters<RateLimiter['observeLimits']>[0] }).rateLimits
      if (limits) this.#limiter.observeLimits(limits, this.serverTime())
    }
  }

  static {
    for (const spec of METHOD_LIST) {
      if (Object.hasOwn(WebsocketAPIConnection.prototype, spec.name)) continue
      Object.defineProperty(WebsocketAPIConnection.prototype, spec.name, {
        configurable: true,
        writable: true,
        value(this: WebsocketAPIConnection, params?: Record<string, unknown>, options?: CallOptions) {
          return this.#call(spec.wire, spec, params, options)
        },
      })
    }
  }
}
