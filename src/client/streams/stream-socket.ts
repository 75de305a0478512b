// One WebSocket to the market data streams: control requests matched by id, payloads out, liveness pings.
import type { LivenessOptions } from '../api-socket.js'
import { ConnectError, ConnectionClosedError, RequestTimeoutError } from '../errors.js'
import type { TimerHandle, Timers } from '../timers.js'
import { CLOSED, CONNECTING, OPEN, openWebSocket, type WebSocket } from '../ws.js'
import { SendBudget } from './send-budget.js'

export interface StreamSocketHandlers {
  /** A payload; `stream` is set on combined frames. */
  onPayload(stream: string | undefined, data: unknown, socket: StreamSocket): void
  onClose(socket: StreamSocket, code: number, reason: string): void
}

interface Pending {
  method: string
  resolve: (frame: Record<string, unknown>) => void
  reject: (err: Error) => void
  timer: TimerHandle
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

export class StreamSocket {
  private ws: WebSocket | undefined
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private livenessTimer: TimerHandle | undefined
  private awaitingPong = false
  private lastSeen = 0
  private closed = false
  /** Sends waiting for room in the 5-messages-per-second limit, in order. */
  private readonly outbox: (() => boolean)[] = []
  /**
   * 5 per 1.5 s rather than per second: the server counts arrivals, and a delay (network, a busy event loop) that holds
   * back the first of five messages but not the sixth would otherwise put six into its second.
   */
  private readonly budget = new SendBudget(5, 1500)
  private outboxTimer: TimerHandle | undefined
  /** Whether the server wraps payloads as `{stream, data}` (URL form, then SET_PROPERTY). */
  combined: boolean

  constructor(
    readonly url: string,
    combined: boolean,
    private readonly handlers: StreamSocketHandlers,
    private readonly timers: Timers,
    private readonly liveness: LivenessOptions,
  ) {
    this.combined = combined
  }

  /** Opens the socket; rejects with ConnectError on refusal, unreachable host, timeout or abort. */
  open(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      let settled = false
      const ws = openWebSocket(this.url, { handshakeTimeout: timeoutMs, perMessageDeflate: false })
      this.ws = ws
      const fail = (err: Error) => {
        if (settled) return
        settled = true
        signal?.removeEventListener('abort', onAbort)
        ws.removeAllListeners()
        ws.on('error', () => {})
        ws.terminate()
        this.closed = true
        reject(err)
      }
      const onAbort = () =>
        fail(new ConnectError(`connect to ${this.url} aborted`, { cause: signal?.reason }))
      if (signal?.aborted) return onAbort()
      signal?.addEventListener('abort', onAbort, { once: true })
      ws.once('unexpected-response', (_req, res) =>
        fail(new ConnectError(`connect to ${this.url} refused: HTTP ${res.statusCode}`)),
      )
      ws.once('error', (err) =>
        fail(new ConnectError(`connect to ${this.url} failed: ${err.message}`, { cause: err })),
      )
      ws.once('close', (code) =>
        fail(new ConnectError(`connect to ${this.url} failed: closed (code ${code})`)),
      )
      ws.once('open', () => {
        if (settled) return
        settled = true
        signal?.removeEventListener('abort', onAbort)
        ws.removeAllListeners()
        this.attach(ws)
        resolve()
      })
    })
  }

  private attach(ws: WebSocket): void {
    this.lastSeen = this.timers.now()
    ws.on('message', (data, isBinary) => {
      this.seen()
      if (!isBinary) this.onText(data.toString())
    })
    ws.on('pong', () => this.seen())
    ws.on('ping', () => {
      // \`ws\` answers with a pong at once; the server counts it as one of our messages.
      this.budget.spend(this.timers.now())
      this.seen()
    })
    ws.on('error', () => {})
    ws.on('close', (code, reason) => this.onSocketClose(code, reason.toString()))
    this.armLiveness(this.liveness.pingInterval)
  }

  private seen(): void {
    this.lastSeen = this.timers.now()
    if (this.awaitingPong) {
      this.awaitingPong = false
      this.armLiveness(this.liveness.pingInterval)
    }
  }

  private armLiveness(ms: number): void {
    this.timers.clearTimeout(this.livenessTimer)
    this.livenessTimer = this.timers.setTimeout(() => this.checkLiveness(), ms)
  }

  private checkLiveness() {
    if (this.closed) return
    if (this.awaitingPong) {
      this.ws?.terminate()
      this.onSocketClose(1006, `no pong within ${this.liveness.pongTimeout} ms`)
      return
    }
    const idle = this.timers.now() - this.lastSeen
    if (idle < this.liveness.pingInterval) return this.armLiveness(this.liveness.pingInterval - idle)
    this.awaitingPong = true
    this.armLiveness(this.liveness.pongTimeout)
    this.paced(() => {
      this.ws?.ping()
      return this.ws !== undefined
    })
  }

  get isOpen(): boolean {
    return !this.closed && this.ws?.readyState === OPEN
  }

  /** Sends a control request; resolves with the server's frame (`result` or `error`). */
  request(method: string, params: unknown[] | undefined, timeout: number): Promise<Record<string, unknown>> {
    const ws = this.ws
    if (!ws || !this.isOpen) return Promise.reject(new ConnectionClosedError(method, 1006, 'socket not open'))
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      const timer = this.timers.setTimeout(() => {
        this.pending.delete(id)
        reject(new RequestTimeoutError(method, timeout))
      }, timeout)
      this.pending.set(id, { method, resolve, reject, timer })
      const frame = JSON.stringify(params === undefined ? { method, id } : { method, params, id })
      // A request that timed out while queued is not sent.
      this.paced(() => {
        if (!this.pending.has(id)) return false
        ws.send(frame)
        return true
      })
    })
  }

  /** Sends now if the message limit has room, else after the sends queued before it; `send` says if it sent. */
  private paced(send: () => boolean): void {
    this.outbox.push(send)
    if (this.outbox.length === 1) this.drain()
  }

  private drain(): void {
    this.outboxTimer = undefined
    while (this.outbox.length > 0 && !this.closed) {
      const wait = this.budget.wait(this.timers.now())
      if (wait > 0) {
        this.outboxTimer = this.timers.setTimeout(() => this.drain(), wait)
        return
      }
      if ((this.outbox.shift() as () => boolean)()) this.budget.spend(this.timers.now())
    }
  }

  private onText(text: string): void {
    let msg: unknown
    try {
      msg = JSON.parse(text)
    } catch {
      return
    }
    if (isObject(msg) && ('result' in msg || 'error' in msg) && !('stream' in msg) && !('e' in msg)) {
      const p = typeof msg['id'] === 'number' ? this.pending.get(msg['id']) : undefined
      if (!p) return
      this.pending.delete(msg['id'] as number)
      this.timers.clearTimeout(p.timer)
      p.resolve(msg)
      return
    }
    if (this.combined && isObject(msg) && typeof msg['stream'] === 'string' && 'data' in msg) {
      this.handlers.onPayload(msg['stream'], msg['data'], this)
      return
    }
    this.handlers.onPayload(undefined, msg, this)
  }

  private onSocketClose(code: number, reason: string): void {
    if (this.closed) return
    this.closed = true
    this.timers.clearTimeout(this.livenessTimer)
    this.timers.clearTimeout(this.outboxTimer)
    this.outbox.length = 0
    for (const p of this.pending.values()) {
      this.timers.clearTimeout(p.timer)
      p.reject(new ConnectionClosedError(p.method, code, reason))
    }
    this.pending.clear()
    this.handlers.onClose(this, code, reason)
  }

  /** Closes the socket; pending requests reject at once. */
  close(code = 1000, reason = 'client disconnect'): Promise<void> {
    const ws = this.ws
    this.onSocketClose(code, reason)
    if (!ws || ws.readyState === CLOSED) return Promise.resolve()
    if (ws.readyState === CONNECTING) {
      ws.terminate()
      return Promise.resolve()
    }
    return new Promise((resolve) => {
      const force = setTimeout(() => {
        ws.terminate()
        resolve()
      }, 1000)
      force.unref()
      ws.once('close', () => {
        clearTimeout(force)
        resolve()
      })
      ws.close(code, reason)
    })
  }
}
