// The call path shared by every method: route, pace, sign, send, map the answer; plus the clock and rate limits it uses.
import type { ResponseFrame } from '../protocol/envelope.js'
import type { MethodSpec } from '../protocol/methods.js'
import { requestWeight } from '../protocol/weight.js'
import type { ApiSocket } from './api-socket.js'
import { type AuthContext, authorize, type Credentials, copyParams } from './auth.js'
import type { ResolvedConfig } from './config.js'
import {
  BinanceError,
  InvalidParameterError,
  OutcomeUnknownError,
  RateLimitedError,
  RequestTimeoutError,
} from './errors.js'
import { newClientOrderId } from './ids.js'
import { RateLimiter } from './rate-limiter.js'
import { sleep } from './sleep.js'
import type { SocketPool } from './socket-pool.js'
import type { Timers } from './timers.js'
import type { ApiResponse, CallOptions } from './types.js'

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

/** Methods bound to the socket that holds the session and the user data streams. */
const PRIMARY_ONLY = new Set(['session.logon', 'session.logout', 'session.status', 'session.subscriptions'])

/** True for requests that may change state in the matching engine (their loss leaves the outcome unknown). */
const reachesEngine = (spec: MethodSpec) => spec.security === 'TRADE' && !spec.wire.endsWith('.test')

/** How the connection itself calls: auth override, forced signature, a fixed socket, the -1021 retry mark. */
export interface CallInternals {
  auth?: MethodSpec['auth']
  forceSign?: boolean
  socket?: ApiSocket
  retried?: boolean
}

/** Sends calls over a pool's sockets; owns the server-clock offset, the rate-limit view and the session wish. */
export class Caller {
  readonly #config: ResolvedConfig
  readonly #credentials: Credentials
  readonly #timers: Timers
  readonly #pool: SocketPool
  readonly limiter = new RateLimiter()
  #clockOffset = 0
  /** A session should be (re-)established on the primary socket at every (re)connect. */
  sessionWanted: boolean

  constructor(config: ResolvedConfig, credentials: Credentials, pool: SocketPool) {
    this.#config = config
    this.#credentials = credentials
    this.#timers = config.timers
    this.#pool = pool
    this.sessionWanted = config.autoSessionLogon
  }

  /** Server time as this client estimates it (local clock + measured offset). */
  serverTime(): number {
    return this.#timers.now() + this.#clockOffset
  }

  /** Measures the clock offset with a `time` request on `socket` (half the round trip). */
  async syncClock(socket: ApiSocket): Promise<void> {
    const t0 = this.#timers.now()
    const frame = await socket.request('time', undefined, { timeout: this.#config.timeout })
    const t1 = this.#timers.now()
    const serverTime = 'result' in frame ? (frame.result as { serverTime?: unknown }).serverTime : undefined
    if (typeof serverTime === 'number' && Number.isFinite(serverTime)) {
      this.#clockOffset = Math.round(serverTime - (t0 + t1) / 2)
    }
    this.limiter.observe(frame.rateLimits, this.serverTime())
  }

  /**
   * One call. Synchronous up to the send (errors become rejections); only the wait for the answer is async, in a
   * `then` callback (a large async function's suspended frame is copied on every await).
   */
  call<T>(
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
    const socket = internals.socket ?? this.#pool.route(method, PRIMARY_ONLY.has(method))
    if (!socket) {
      // Reconnecting: nothing is sent yet; wait for a socket within the deadline, then route again.
      return this.#pool
        .whenOpen(method, timeout, options?.signal)
        .then((left) => this.#send<T>(method, spec, params, options, internals, left))
    }
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
    this.limiter.observe(frame.rateLimits, this.serverTime())
    if ('error' in frame) {
      if (frame.error.code === -1021 && !internals.retried && wire?.['timestamp'] !== undefined) {
        // Rejected before the engine: resync the clock and try once more, with the same client order id.
        return this.syncClock(socket).then(() => {
          const idParam = CLIENT_ID_PARAM[method]
          const again =
            idParam && params?.[idParam] === undefined && wire[idParam] !== undefined
              ? { ...params, [idParam]: wire[idParam] }
              : params
          return this.call<T>(method, spec, again, options, { ...internals, socket, retried: true })
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
    const { at, limit } = this.limiter.earliestSend(weight, orders, now)
    if (at > now) {
      if (!this.#config.rateLimitWait || at - now > timeout) throw new RateLimitedError(method, at, limit)
      return sleep(this.#timers, at - now, signal, method).then(() =>
        this.limiter.charge(weight, orders, this.serverTime()),
      )
    }
    this.limiter.charge(weight, orders, this.serverTime())
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

  /** A BinanceError, or for 429/418 a RateLimitedError that also blocks sending until `retryAfter`. */
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
            ...this.limiter
              .budget(now)
              .filter((b) => b.remaining === 0)
              .map((b) => b.resetsAt),
            now + 60_000,
          )
    this.limiter.block(retryAfter, frame.status === 418 ? 'IP ban (418)' : `${frame.error.msg}`)
    return new RateLimitedError(method, retryAfter, frame.status === 418 ? 'IP ban (418)' : 'server 429', {
      cause: err,
    })
  }

  #afterSuccess(method: string, result: unknown, socket: ApiSocket): void {
    if (method === 'session.logon') {
      socket.session = true
      this.sessionWanted = this.sessionWanted || this.#config.autoSessionReLogon
    } else if (method === 'session.logout') {
      socket.session = false
      this.sessionWanted = this.#config.autoSessionLogon
    } else if (method === 'exchangeInfo') {
      const limits = (result as { rateLimits?: Parameters<RateLimiter['observeLimits']>[0] }).rateLimits
      if (limits) this.limiter.observeLimits(limits, this.serverTime())
    }
  }
}
