// The call path shared by every method: route, pace, sign, send, map the answer; plus the clock and rate limits it uses.
import type { ErrorFrame, ResponseFrame, SuccessFrame } from '../protocol/envelope.js'
import { METHOD_BY_WIRE, type MethodSpec } from '../protocol/methods.js'
import { requestWeight } from '../protocol/weight.js'
import type { ApiSocket } from './api-socket.js'
import { type AuthContext, authorize, type Credentials, copyParams } from './auth.js'
import { checkCallOptions } from './call-options.js'
import type { ResolvedConfig } from './config.js'
import { epochMs } from './epoch-ms.js'
import {
  BinanceError,
  ConnectionClosedError,
  InvalidParameterError,
  RateLimitedError,
  RequestAbortedError,
  RequestTimeoutError,
} from './errors.js'
import { newClientOrderId } from './ids.js'
import {
  CLIENT_ID_PARAMS,
  isExecutionUnknown,
  noteCarried,
  notePlaced,
  noteRenames,
  outcomeUnknown,
  reachesEngine,
  withIds,
} from './order-requests.js'
import { OrderTrail } from './order-trail.js'
import { checkParams, checkSendable } from './param-check.js'
import { type Charge, RateLimiter } from './rate-limiter.js'
import { ServerClock } from './server-clock.js'
import { sleep } from './sleep.js'
import type { SocketPool } from './socket-pool.js'
import { holdOn, type Timers } from './timers.js'
import type { ApiResponse, CallOptions } from './types.js'

const NO_PARAMS: Readonly<Record<string, unknown>> = Object.freeze({})
const NO_INTERNALS: CallInternals = Object.freeze({})
/** The weight of the `ping` method (1), which liveness sends where the platform has no ping frames. */
const PING_WEIGHT = requestWeight(METHOD_BY_WIRE.get('ping') ?? { weight: 1 }, NO_PARAMS)

/** Methods bound to the socket that holds the session and the user data streams. */
const PRIMARY_ONLY = new Set(['session.logon', 'session.logout', 'session.status', 'session.subscriptions'])

/** A request whose deadline passed while it was signed never left the client: as one that waited for a reconnect. */
const signedTooLate = (method: string) =>
  new ConnectionClosedError(method, 1006, 'deadline passed while signing; nothing was sent', { sent: false })

/**
 * A 200 answer whose result is an error body and nothing else (`{code, msg}`), as an error frame with that status.
 * The spec documents one: `referencePrice` for a symbol that never had a reference price (-2043).
 */
function errorInResult(frame: SuccessFrame): ErrorFrame | undefined {
  const r = frame.result as { code?: unknown; msg?: unknown } | null
  if (typeof r !== 'object' || r === null || typeof r.code !== 'number' || typeof r.msg !== 'string')
    return undefined
  for (const key in r) if (key !== 'code' && key !== 'msg') return undefined
  const error = { code: r.code, msg: r.msg }
  return frame.rateLimits
    ? { id: frame.id, status: frame.status, error, rateLimits: frame.rateLimits }
    : { id: frame.id, status: frame.status, error }
}

/** How the connection itself calls: auth override, forced signature, a fixed socket, the -1021 retry mark. */
export interface CallInternals {
  /** The raw path (`sendMessage`): params are not checked against the catalogue, only that JSON carries them. */
  raw?: boolean
  auth?: MethodSpec['auth']
  forceSign?: boolean
  socket?: ApiSocket
  retried?: boolean
}

/** One sent request, as its answer is mapped. */
interface Sent {
  method: string
  spec: MethodSpec | undefined
  /** The caller's params (before ids and auth were added). */
  params: Record<string, unknown> | undefined
  /** What was sent: the params with filled-in ids and auth. */
  wire: Record<string, unknown> | undefined
  options: CallOptions | undefined
  internals: CallInternals
  socket: ApiSocket
  /** Its local rate-limit charge, released by its answer or its loss. */
  charge: Charge
  /** When the call's deadline passes (local clock): a -1021 resync and retry fit within it. */
  deadline: number
}

/** Sends calls over a pool's sockets; owns the server clock, the rate-limit view, the order trail, the session wish. */
export class Caller {
  readonly #config: ResolvedConfig
  readonly #credentials: Credentials
  readonly #timers: Timers
  readonly #pool: SocketPool
  readonly limiter = new RateLimiter()
  readonly clock: ServerClock
  /** Ids seen in order requests, responses and user data events, for `resolveOrderOutcome`. */
  readonly trail = new OrderTrail()
  /** A session should be (re-)established on the primary socket at every (re)connect. */
  sessionWanted: boolean

  constructor(config: ResolvedConfig, credentials: Credentials, pool: SocketPool) {
    this.#config = config
    this.#credentials = credentials
    this.#timers = config.timers
    this.#pool = pool
    this.sessionWanted = config.autoSessionLogon
    this.clock = new ServerClock(config.timers, {
      samples: config.clockSamples,
      maxRoundTrip: config.maxClockRoundTrip,
    })
  }

  /** Server time as this client estimates it (local clock + measured offset). */
  serverTime(): number {
    return this.clock.now()
  }

  /** Measures the clock offset with `time` requests on `socket`, sent together; the fastest usable one wins. */
  syncClock(socket: ApiSocket, timeout = this.#config.timeout, signal?: AbortSignal): Promise<void> {
    return this.clock.sync(
      () => socket.request('time', undefined, { timeout, signal }),
      (frame) => this.limiter.observe(frame.rateLimits, this.serverTime()),
    )
  }

  /**
   * The liveness probe where no ping frame can be sent (the standard WebSocket): the `ping` method on `socket`. The
   * server counts it, so it is counted in the local weight like any call and its answer's usage is observed; a
   * 429/418 to it blocks like any other. Not sent (false) while the limits allow no request: during a 429/418 block
   * (the README's "stops sending anything until retryAfter") or when a window is full (sending would earn a 429).
   */
  livenessPing(socket: ApiSocket, timeout: number): boolean {
    const now = this.serverTime()
    if (this.limiter.earliestSend(PING_WEIGHT, 0, now).at > now) return false
    const charge: Charge = { weight: 0, orders: 0 }
    this.limiter.charge(charge, PING_WEIGHT, 0)
    socket.request('ping', undefined, { timeout }).then(
      (frame) => {
        this.limiter.answered(charge, frame.rateLimits, this.serverTime())
        if ('error' in frame) this.#errorOf('ping', frame)
      },
      () => this.limiter.unanswered(charge, true, this.serverTime()),
    )
    return true
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
    let answer: Promise<ApiResponse<T>>
    const charge: Charge = { weight: 0, orders: 0 }
    try {
      if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) {
        throw new InvalidParameterError('params', `${method} takes an object of parameters`)
      }
      if (!internals.retried) {
        if (spec && !internals.raw) checkParams(spec, params)
        else checkSendable(params)
        checkCallOptions(options)
      }
      const timeout = options?.timeout ?? this.#config.timeout
      const deadline = this.#timers.now() + timeout
      // A wait for rate-limit room counts against the deadline: the request is sent with what is left of it.
      const wait = this.#pace(method, spec, params, deadline, options?.signal, charge)
      answer = wait
        ? wait.then((left) => this.#send<T>(method, spec, params, options, internals, left, charge))
        : this.#send<T>(method, spec, params, options, internals, timeout, charge)
    } catch (err) {
      this.#unsent(charge)
      return Promise.reject(err)
    }
    // The user awaits this answer: the process stays alive until it settles (see Timers.hold).
    const release = holdOn(this.#timers)
    return answer.then(
      (r) => {
        release()
        return r
      },
      (err: unknown) => {
        release()
        this.#unsent(charge)
        throw err
      },
    )
  }

  /** A call failed before its request was written: its charge is dropped (a no-op once its answer or loss released it). */
  #unsent(charge: Charge): void {
    this.limiter.unanswered(charge, false, this.serverTime())
  }

  /** Picks the socket, completes and signs the params (one copy at most), sends. Throws before sending. */
  #send<T>(
    method: string,
    spec: MethodSpec | undefined,
    params: Record<string, unknown> | undefined,
    options: CallOptions | undefined,
    internals: CallInternals,
    timeout: number,
    charge: Charge,
  ): Promise<ApiResponse<T>> {
    const socket = internals.socket ?? this.#pool.route(method, PRIMARY_ONLY.has(method))
    if (!socket) {
      // Reconnecting: nothing is sent yet; wait for a socket within the deadline, then route again.
      return this.#pool
        .whenOpen(method, timeout, options?.signal)
        .then((left) => this.#send<T>(method, spec, params, options, internals, left, charge))
    }
    let p = params
    const idParams = this.#config.autoClientOrderId ? CLIENT_ID_PARAMS[method] : undefined
    if (idParams) {
      for (const idParam of idParams) {
        if (p?.[idParam] !== undefined) continue
        if (p === params) p = copyParams(p)
        ;(p as Record<string, unknown>)[idParam] = newClientOrderId()
      }
    }
    const owned = p !== params
    const ctx: AuthContext = {
      credentials: this.#credentials,
      sessionActive: socket.session,
      timestamp: this.serverTime(),
      recvWindow: this.#config.recvWindow,
    }
    const wire = authorize(method, internals.auth ?? spec?.auth ?? 'NONE', p, ctx, internals.forceSign, owned)
    const sent: Sent = {
      method,
      spec,
      params,
      wire: undefined,
      options,
      internals,
      socket,
      charge,
      deadline: this.#timers.now() + timeout,
    }
    if (!(wire instanceof Promise)) return this.#dispatch<T>(sent, wire, timeout)
    return wire.then((w) => {
      // An asynchronous signer (WebCrypto) spends part of the deadline: the request gets what is left of it, and is
      // not sent once it has passed. The socket may also have closed, or a renewal begun draining it, while it
      // signed. Nothing was sent: a routed request is routed again (to the renewal's socket, or it waits for the
      // reconnect), with its client ids and a new timestamp and signature for that socket's session state.
      const left = this.#left(sent.deadline)
      if (left <= 0) throw signedTooLate(method)
      if (internals.socket || (socket.isOpen && !socket.draining)) return this.#dispatch<T>(sent, w, left)
      return this.#send<T>(method, spec, withIds(method, params, w), options, internals, left, charge)
    })
  }

  /** Sends the completed (and signed) params on the socket `#send` picked, and maps the answer. */
  #dispatch<T>(
    sent: Sent,
    wire: Record<string, unknown> | undefined,
    timeout: number,
  ): Promise<ApiResponse<T>> {
    const { method, spec, socket } = sent
    sent.wire = wire
    const engine = spec !== undefined && reachesEngine(spec)
    const onLost = engine ? this.#outcomeUnknown(method, wire, timeout) : undefined
    if (engine) noteRenames(this.trail, method, wire)
    return socket.request(method, wire, { timeout, signal: sent.options?.signal, onLost }).then(
      (frame) => this.#settle<T>(sent, frame),
      (err: unknown) => {
        const notSent = err instanceof ConnectionClosedError && !err.sent
        this.limiter.unanswered(sent.charge, !notSent, this.serverTime())
        throw err
      },
    )
  }

  /**
   * Maps the answer: usage, the one -1021 retry, errors ("execution status unknown" ones become
   * OutcomeUnknownError), session state. Synchronous (a `then` callback, not an async function, whose frame would
   * be copied on every await).
   */
  #settle<T>(sent: Sent, frame: ResponseFrame): ApiResponse<T> | Promise<ApiResponse<T>> {
    const { method, socket } = sent
    this.limiter.answered(sent.charge, frame.rateLimits, this.serverTime())
    if ('error' in frame) return this.#refused<T>(sent, frame)
    const failed = errorInResult(frame)
    if (failed) return this.#refused<T>(sent, failed)
    this.#afterSuccess(method, frame.result, socket)
    notePlaced(this.trail, method, frame.result)
    noteCarried(this.trail, method, frame.result)
    return { data: frame.result as T, rateLimits: frame.rateLimits, id: frame.id, status: frame.status }
  }

  /** The server's refusal: the one -1021 retry, or the error ("execution status unknown" as OutcomeUnknownError). */
  #refused<T>(sent: Sent, frame: ErrorFrame): Promise<ApiResponse<T>> {
    const { method, spec, wire, internals } = sent
    const err = this.#errorOf(method, frame)
    if (frame.error.code === -1021 && !internals.retried && wire?.['timestamp'] !== undefined) {
      return this.#resyncAndRetry<T>(sent, wire, err)
    }
    if (spec && reachesEngine(spec) && isExecutionUnknown(frame.error.code, frame.status)) {
      throw outcomeUnknown(method, wire, `${frame.error.msg} (code ${frame.error.code})`, err)
    }
    throw err
  }

  /**
   * -1021 was refused before the engine: resync the clock and send once more, with the same client order ids, all
   * within the call's deadline and signal. If the resync fails or leaves no time, the call fails with the -1021
   * (`refused`: nothing executed), or when its signal fired, with RequestAbortedError whose cause is the -1021.
   */
  #resyncAndRetry<T>(sent: Sent, wire: Record<string, unknown>, refused: Error): Promise<ApiResponse<T>> {
    const { method, spec, internals, socket, options } = sent
    const signal = options?.signal
    const fail = (): never => {
      throw signal?.aborted ? new RequestAbortedError(method, { cause: refused }) : refused
    }
    const left = () => this.#left(sent.deadline)
    if (left() <= 0 || signal?.aborted) fail()
    return this.syncClock(socket, left(), signal).then(() => {
      if (left() <= 0 || signal?.aborted) fail()
      const retry = { ...options, timeout: left() }
      return this.call<T>(method, spec, withIds(method, sent.params, wire), retry, {
        ...internals,
        socket,
        retried: true,
      })
    }, fail)
  }

  /** What is left until `deadline` (local clock), in ms: the -1021 retry and a rate-limit wait send with this. */
  #left(deadline: number): number {
    return deadline - this.#timers.now()
  }

  /**
   * Waits for rate-limit capacity when configured to, otherwise throws without sending. Synchronous when there is
   * room (the common case): returns a promise only when it has to wait, resolved with what is left of the call's
   * `deadline` once there is room. A wait that would use up the deadline is refused at once (nothing is sent); after
   * the wait the limits are checked again (a new 429/418, a window taken by calls that waited too), within what is left.
   */
  #pace(
    method: string,
    spec: MethodSpec | undefined,
    params: Record<string, unknown> | undefined,
    deadline: number,
    signal: AbortSignal | undefined,
    charge: Charge,
  ): Promise<number> | undefined {
    const weight = spec ? requestWeight(spec, params ?? NO_PARAMS) : 1
    const orders = spec?.unfilledOrders ?? 0
    const now = this.serverTime()
    const { at, limit } = this.limiter.earliestSend(weight, orders, now)
    if (at > now) {
      if (!this.#config.rateLimitWait || at - now >= this.#left(deadline))
        throw new RateLimitedError({ method, retryAfter: at, limit })
      return sleep(this.#timers, at - now, signal, method).then(
        () => this.#pace(method, spec, params, deadline, signal, charge) ?? this.#left(deadline),
      )
    }
    this.limiter.charge(charge, weight, orders)
    return undefined
  }

  #outcomeUnknown(method: string, wire: Record<string, unknown> | undefined, timeout: number) {
    return (cause: Error) =>
      outcomeUnknown(
        method,
        wire,
        cause instanceof RequestTimeoutError ? `no response within ${timeout} ms` : cause.message,
        cause,
      )
  }

  /** A BinanceError, or for 429/418 a RateLimitedError that also blocks sending until `retryAfter`. */
  #errorOf(method: string, frame: Extract<ResponseFrame, { error: unknown }>): Error {
    const err = new BinanceError({
      code: frame.error.code,
      msg: frame.error.msg,
      status: frame.status,
      requestId: frame.id,
      method,
      rateLimits: frame.rateLimits,
      data: frame.error.data,
    })
    if (frame.status !== 429 && frame.status !== 418) return err
    const now = this.serverTime()
    const declared = frame.error.data?.['retryAfter']
    const retryAfter =
      typeof declared === 'number'
        ? epochMs(declared)
        : Math.min(
            ...this.limiter
              .budget(now)
              .filter((b) => b.remaining === 0)
              .map((b) => b.resetsAt),
            now + 60_000,
          )
    // The README's names for these limits, on this error and on the local refusals until retryAfter.
    const limit = frame.status === 418 ? 'IP ban (418)' : 'server 429'
    this.limiter.block(retryAfter, limit)
    return new RateLimitedError({
      method,
      retryAfter,
      limit,
      code: err.code,
      status: err.status,
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
