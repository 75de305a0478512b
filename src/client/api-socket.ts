// One WebSocket to the API: sends requests, matches answers by id, enforces deadlines (liveness: ClientSocket).
import {
  type ErrorFrame,
  type EventFrame,
  isObject,
  type RequestId,
  type ResponseFrame,
} from '../protocol/envelope.js'
import { ClientSocket } from './client-socket.js'
import {
  ConnectionClosedError,
  InvalidParameterError,
  RequestAbortedError,
  RequestTimeoutError,
} from './errors.js'
import type { LivenessOptions } from './liveness.js'
import type { TimerHandle, Timers } from './timers.js'

/** What a pending request does when the socket goes away or its deadline passes. */
export interface RequestOptions {
  timeout: number
  signal?: AbortSignal | undefined
  /** Builds the error for a request lost in flight (e.g. "outcome unknown" for orders). */
  onLost?: ((cause: Error) => Error) | undefined
}

interface Pending {
  method: string
  deadline: number
  timeout: number
  resolve: (frame: ResponseFrame) => void
  reject: (err: Error) => void
  onLost: ((cause: Error) => Error) | undefined
  signal: AbortSignal | undefined
  onAbort: (() => void) | undefined
}

export interface ApiSocketHandlers {
  onEvent(frame: EventFrame, socket: ApiSocket): void
  /** A frame with `id: null` and an error, e.g. a session revocation (401 -2015). */
  onUnsolicitedError(frame: ErrorFrame, socket: ApiSocket): void
  onClose(socket: ApiSocket, code: number, reason: string): void
  /**
   * Sends the liveness `ping` request on `socket` (no ping frames on this platform) through the rate limits; false
   * when they allow no request now (it is then not sent).
   */
  livenessPing(socket: ApiSocket, timeout: number): boolean
}

const SWEEP_MS = 50

/** A single socket. One sweep timer serves all deadlines (no timer per request). */
export class ApiSocket extends ClientSocket {
  private readonly pending = new Map<RequestId, Pending>()
  private nextId = 1
  private sweepTimer: TimerHandle | undefined
  /** The connection is logged on with `session.logon` on this socket. */
  session = false
  /** No new requests go here; it closes once its in-flight requests finish. */
  draining = false

  constructor(
    url: string,
    private readonly handlers: ApiSocketHandlers,
    timers: Timers,
    liveness: LivenessOptions,
  ) {
    super(url, timers, liveness, true)
  }

  get inFlight(): number {
    return this.pending.size
  }

  /** Sends one request; resolves with the server's frame (success or error), rejects on transport failure. */
  request(
    method: string,
    params: Record<string, unknown> | undefined,
    opts: RequestOptions,
  ): Promise<ResponseFrame> {
    const wire = this.wire
    if (!wire || !this.isOpen)
      return Promise.reject(
        new ConnectionClosedError(method, 1006, 'socket not open; nothing was sent', { sent: false }),
      )
    if (opts.signal?.aborted)
      return Promise.reject(new RequestAbortedError(method, { cause: opts.signal.reason }))
    const id = this.nextId++
    const frame = params === undefined ? { id, method } : { id, method, params }
    // Written before anything is registered: a frame JSON cannot carry (a bigint deep in a raw call's params, a
    // cycle) leaves no pending entry behind to wait for its deadline.
    let text: string
    try {
      text = JSON.stringify(frame)
    } catch (err) {
      const detail = `${method} cannot send them as JSON: ${(err as Error).message}`
      return Promise.reject(new InvalidParameterError('params', detail))
    }
    return new Promise<ResponseFrame>((resolve, reject) => {
      const p: Pending = {
        method,
        deadline: this.timers.now() + opts.timeout,
        timeout: opts.timeout,
        resolve,
        reject,
        onLost: opts.onLost,
        signal: opts.signal,
        onAbort: undefined,
      }
      if (opts.signal) {
        p.onAbort = () => this.settleLost(id, new RequestAbortedError(method, { cause: opts.signal?.reason }))
        opts.signal.addEventListener('abort', p.onAbort, { once: true })
      }
      this.pending.set(id, p)
      this.armSweep()
      wire.send(text, (err) => {
        if (err) this.settleLost(id, new ConnectionClosedError(method, 1006, err.message, { cause: err }))
      })
    })
  }

  /** The API's `ping` method (weight 1), counted and blocked by the connection's rate limits like any call. */
  protected requestPing(): boolean {
    return this.handlers.livenessPing(this, this.livenessOptions.pongTimeout)
  }

  protected onText(text: string): void {
    let msg: unknown
    try {
      msg = JSON.parse(text)
    } catch {
      return
    }
    if (!isObject(msg)) return
    const m = msg
    if ('event' in m && !('status' in m)) {
      // A malformed push must not throw inside ws's receive loop (that would crash the process).
      if (isObject(m['event']) && typeof m['event']['e'] === 'string') {
        this.handlers.onEvent(m as unknown as EventFrame, this)
      }
      return
    }
    const hasError = isObject(m['error']) && typeof m['error']['code'] === 'number'
    if (!hasError && !('result' in m)) return
    const id = m['id'] as RequestId
    const p = id === null || id === undefined ? undefined : this.pending.get(id)
    if (!p) {
      if (hasError && (id === null || id === undefined)) {
        this.handlers.onUnsolicitedError(m as unknown as ErrorFrame, this)
      }
      return
    }
    this.pending.delete(id)
    this.release(p)
    p.resolve(m as unknown as ResponseFrame)
  }

  private release(p: Pending): void {
    if (p.onAbort) p.signal?.removeEventListener('abort', p.onAbort)
    // The sweep timer is left to lapse (it re-arms only while requests are pending): clearing it here would mean
    // one setTimeout and one clearTimeout per request at concurrency 1.
    if (this.pending.size === 0 && this.draining) void this.close(1000, 'renewed')
  }

  /** Rejects one pending request: a deadline, an abort or a lost socket. */
  private settleLost(id: RequestId, cause: Error): void {
    const p = this.pending.get(id)
    if (!p) return
    this.pending.delete(id)
    this.release(p)
    if (!p.onLost) p.reject(cause)
    // An aborted request that was sent may still land: the abort carries the outcome-unknown error as its cause.
    else if (cause instanceof RequestAbortedError)
      p.reject(new RequestAbortedError(p.method, { cause: p.onLost(cause) }))
    else p.reject(p.onLost(cause))
  }

  private armSweep(): void {
    if (this.sweepTimer) return
    this.sweepTimer = this.timers.setTimeout(() => {
      this.sweepTimer = undefined
      this.sweep()
      if (this.pending.size) this.armSweep()
    }, SWEEP_MS)
  }

  private disarmSweep(): void {
    this.timers.clearTimeout(this.sweepTimer)
    this.sweepTimer = undefined
  }

  private sweep(): void {
    const t = this.timers.now()
    for (const [id, p] of this.pending) {
      if (p.deadline <= t) this.settleLost(id, new RequestTimeoutError(p.method, p.timeout))
    }
  }

  drain(): void {
    this.draining = true
    if (this.pending.size === 0) void this.close(1000, 'renewed')
  }

  protected onClosed(code: number, reason: string): void {
    for (const [id, p] of this.pending) this.settleLost(id, new ConnectionClosedError(p.method, code, reason))
    this.disarmSweep()
    this.handlers.onClose(this, code, reason)
  }
}
