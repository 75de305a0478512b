// A live API connection: every catalogue method as a typed call, sessions, user data streams, reconnect.
import { EventEmitter } from 'node:events'
import type { ErrorFrame, EventFrame } from '../protocol/envelope.js'
import type { ServerShutdown, UserDataEvent } from '../protocol/events.js'
import { METHOD_BY_WIRE, METHOD_LIST, type MethodSpec } from '../protocol/methods.js'
import { ApiSocket } from './api-socket.js'
import { type AuthContext, authorize, type Credentials } from './auth.js'
import type { ResolvedConfig } from './config.js'
import {
  BinanceError,
  ConnectionClosedError,
  InvalidParameterError,
  NotConnectedError,
  OutcomeUnknownError,
  RequestTimeoutError,
} from './errors.js'
import { newClientOrderId } from './ids.js'
import type { ApiMethods, ApiResponse, CallOptions, ConnectionEvents } from './types.js'
import { UserDataStream } from './user-data-stream.js'

const ORDER_ID_PARAM: Readonly<Record<string, string>> = {
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

/** True for requests that may change state in the matching engine (their loss leaves the outcome unknown). */
function reachesEngine(spec: MethodSpec): boolean {
  return spec.security === 'TRADE' && !spec.wire.endsWith('.test')
}

// The catalogue methods, installed on the prototype by the static block below.
export interface WebsocketAPIConnection extends ApiMethods {}

/** One logical connection to the WebSocket API. Methods are derived from the catalogue. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above.
export class WebsocketAPIConnection extends EventEmitter<ConnectionEvents> {
  readonly #config: ResolvedConfig
  readonly #credentials: Credentials
  #socket: ApiSocket | undefined
  #sessionActive = false
  #wantSession: boolean
  #closedByUser = false
  #reconnectTimer: NodeJS.Timeout | undefined
  readonly #streams = new Map<number, UserDataStream>()
  /** Events whose subscription's response is still being processed (they can share a TCP read). */
  readonly #orphans = new Map<number, UserDataEvent[]>()
  #clockOffset = 0

  /** @internal Created by `SpotWebsocketAPI.connect()`. */
  constructor(config: ResolvedConfig, credentials: Credentials) {
    super()
    this.#config = config
    this.#credentials = credentials
    this.#wantSession = config.autoSessionLogon
  }

  /** @internal Opens the first socket; rejects with ConnectError, never hangs. */
  async open(signal?: AbortSignal): Promise<void> {
    this.emit('status', { state: 'connecting', attempt: 0 })
    await this.#openSocket(signal)
  }

  async #openSocket(signal?: AbortSignal): Promise<void> {
    const socket = new ApiSocket(
      this.#url(),
      {
        onEvent: (f) => this.#onEvent(f),
        onUnsolicitedError: (f) => this.#onUnsolicitedError(f),
        onClose: (code, reason) => this.#onClose(socket, code, reason),
      },
      this.#config.now,
    )
    await socket.open(this.#config.timeout, signal)
    this.#socket = socket
    this.#sessionActive = false
    try {
      if (this.#wantSession) await this.sessionLogon()
      await this.#resubscribe()
    } catch (err) {
      this.#socket = undefined
      await socket.close(1000, 'setup failed')
      throw err
    }
    this.emit('status', { state: 'open' })
  }

  #url(): string {
    const u = this.#config.timeUnit
    if (!u) return this.#config.wsURL
    return `${this.#config.wsURL}${this.#config.wsURL.includes('?') ? '&' : '?'}timeUnit=${u}`
  }

  /** True while a socket is open. */
  isConnected(): boolean {
    return this.#socket?.isOpen ?? false
  }

  /** Calls any wire method unsigned (escape hatch for methods the catalogue does not know yet). */
  sendMessage<T = unknown>(method: string, params?: Record<string, unknown>, options?: CallOptions) {
    return this.#call<T>(method, METHOD_BY_WIRE.get(method), params, options, 'NONE')
  }

  /** Calls any wire method with `apiKey`, `timestamp` and `signature` added. */
  sendSignedMessage<T = unknown>(method: string, params?: Record<string, unknown>, options?: CallOptions) {
    return this.#call<T>(method, METHOD_BY_WIRE.get(method), params, options, 'SIGNED', true)
  }

  /** Subscribes to this account's user data stream (needs a logged-on session). */
  async userDataStreamSubscribe(
    params?: Record<string, never>,
    id?: string,
  ): Promise<{ response: ApiResponse<{ subscriptionId: number }>; stream: UserDataStream }> {
    const response = await this.#call<{ subscriptionId: number }>(
      'userDataStream.subscribe',
      METHOD_BY_WIRE.get('userDataStream.subscribe'),
      params,
      undefined,
    )
    const stream = new UserDataStream(response.data.subscriptionId, id)
    this.#adopt(stream)
    return { response, stream }
  }

  /** Stops all user data streams (or one) and ends their iterators. */
  async userDataStreamUnsubscribe(params?: { subscriptionId?: number }, options?: CallOptions) {
    const response = await this.#call<Record<string, never>>(
      'userDataStream.unsubscribe',
      METHOD_BY_WIRE.get('userDataStream.unsubscribe'),
      params,
      options,
    )
    for (const [sid, stream] of this.#streams) {
      if (params?.subscriptionId === undefined || params.subscriptionId === sid) {
        stream.end()
        this.#streams.delete(sid)
      }
    }
    return response
  }

  /** Closes the connection for good: pending requests reject at once, no reconnect follows. */
  async disconnect(): Promise<void> {
    this.#closedByUser = true
    clearTimeout(this.#reconnectTimer)
    for (const s of this.#streams.values()) s.end()
    const socket = this.#socket
    this.#socket = undefined
    if (socket) await socket.close(1000, 'client disconnect')
    this.emit('status', { state: 'closed', reason: 'disconnect' })
  }

  /** @internal The call path shared by every method. */
  async #call<T>(
    method: string,
    spec: MethodSpec | undefined,
    params: Record<string, unknown> | undefined,
    options: CallOptions | undefined,
    authOverride?: MethodSpec['auth'],
    forceSign = false,
  ): Promise<ApiResponse<T>> {
    if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) {
      throw new InvalidParameterError('params', `${method} takes an object of parameters`)
    }
    const socket = this.#socket
    if (!socket?.isOpen) {
      if (this.#closedByUser)
        throw new NotConnectedError(`${method}: the connection was closed by disconnect()`)
      throw new ConnectionClosedError(method, 1006, 'not connected (reconnecting)')
    }
    let p = params
    const idParam = this.#config.autoClientOrderId ? ORDER_ID_PARAM[method] : undefined
    if (idParam && p?.[idParam] === undefined) p = { ...p, [idParam]: newClientOrderId() }
    const auth = authOverride ?? spec?.auth ?? 'NONE'
    const ctx: AuthContext = {
      credentials: this.#credentials,
      sessionActive: this.#sessionActive,
      timestamp: this.#config.now() + this.#clockOffset,
      recvWindow: this.#config.recvWindow,
    }
    const wire = authorize(method, auth, p, ctx, forceSign || method === 'session.logon')
    const timeout = options?.timeout ?? this.#config.timeout
    const onLost =
      spec && reachesEngine(spec)
        ? (cause: Error) =>
            new OutcomeUnknownError(
              method,
              p?.['symbol'] as string | undefined,
              (p?.['newClientOrderId'] ?? p?.['origClientOrderId']) as string | undefined,
              p?.['listClientOrderId'] as string | undefined,
              cause instanceof RequestTimeoutError ? `no response within ${timeout} ms` : cause.message,
              { cause },
            )
        : undefined
    const frame = await socket.request(method, wire, { timeout, signal: options?.signal, onLost })
    if ('error' in frame) {
      throw new BinanceError(
        frame.error.code,
        frame.error.msg,
        frame.status,
        frame.id,
        method,
        frame.rateLimits,
        frame.error.data,
      )
    }
    this.#afterSuccess(method, frame.result)
    return { data: frame.result as T, rateLimits: frame.rateLimits, id: frame.id, status: frame.status }
  }

  #afterSuccess(method: string, result: unknown): void {
    if (method === 'session.logon') {
      this.#sessionActive = true
      this.#wantSession = this.#wantSession || this.#config.autoSessionReLogon
    } else if (method === 'session.logout') {
      this.#sessionActive = false
      this.#wantSession = this.#config.autoSessionLogon
    } else if (method === 'time') {
      const serverTime = (result as { serverTime?: number }).serverTime
      if (typeof serverTime === 'number') this.#clockOffset = serverTime - this.#config.now()
    }
  }

  async #resubscribe(): Promise<void> {
    const streams = [...this.#streams.values()]
    this.#streams.clear()
    for (const stream of streams) {
      const r = await this.#call<{ subscriptionId: number }>(
        'userDataStream.subscribe',
        METHOD_BY_WIRE.get('userDataStream.subscribe'),
        undefined,
        undefined,
      )
      stream.subscriptionId = r.data.subscriptionId
      this.#adopt(stream)
    }
  }

  /** Registers a stream under its current id and hands it the events that arrived first. */
  #adopt(stream: UserDataStream): void {
    this.#streams.set(stream.subscriptionId, stream)
    for (const e of this.#orphans.get(stream.subscriptionId) ?? []) stream.push(e)
    this.#orphans.delete(stream.subscriptionId)
  }

  #onEvent(frame: EventFrame): void {
    const event = frame.event as UserDataEvent | ServerShutdown
    if (event.e === 'serverShutdown') {
      this.emit('serverShutdown', event)
      return
    }
    const sid = frame.subscriptionId
    if (sid === undefined) return
    const stream = this.#streams.get(sid)
    if (stream) return stream.push(event)
    const held = this.#orphans.get(sid) ?? []
    if (held.length < 1000) held.push(event)
    this.#orphans.set(sid, held)
    if (this.#orphans.size > 16) this.#orphans.delete(this.#orphans.keys().next().value as number)
  }

  #onUnsolicitedError(frame: ErrorFrame): void {
    if (frame.status === 401) {
      this.#sessionActive = false
      this.emit('sessionRevoked', frame.error)
    }
  }

  #onClose(socket: ApiSocket, code: number, reason: string): void {
    if (socket !== this.#socket) return
    this.#socket = undefined
    this.#sessionActive = false
    if (this.#closedByUser) return
    this.#scheduleReconnect(1, code, reason)
  }

  #scheduleReconnect(attempt: number, code: number, reason: string): void {
    const delay = this.#config.reconnectDelay
    this.emit('status', { state: 'reconnecting', attempt, delay, code, reason })
    this.#reconnectTimer = setTimeout(() => {
      if (this.#closedByUser) return
      this.#openSocket().catch((err: Error) => {
        if (!this.#closedByUser) this.#scheduleReconnect(attempt + 1, 1006, err.message)
      })
    }, delay)
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
