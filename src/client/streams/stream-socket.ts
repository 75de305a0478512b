// One WebSocket to the market data streams: control requests matched by id, payloads out, liveness pings.
import { isObject } from '../../protocol/envelope.js'
import { ConnectionClosedError, RequestTimeoutError } from '../errors.js'
import { Liveness, type LivenessOptions } from '../liveness.js'
import type { TimerHandle, Timers } from '../timers.js'
import { closeWebSocket, connectWebSocket, OPEN, type WebSocket } from '../ws.js'
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

export class StreamSocket {
  private ws: WebSocket | undefined
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private readonly liveness: Liveness
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
    liveness: LivenessOptions,
  ) {
    this.combined = combined
    this.liveness = new Liveness(
      timers,
      liveness,
      () =>
        this.paced(() => {
          this.ws?.ping()
          return this.ws !== undefined
        }),
      (reason) => {
        this.ws?.terminate()
        this.onSocketClose(1006, reason)
      },
    )
  }

  /** Opens the socket; rejects with ConnectError on refusal, unreachable host, timeout or abort. */
  async open(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    try {
      const ws = await connectWebSocket(this.url, timeoutMs, signal, {
        created: (ws) => {
          this.ws = ws
        },
      })
      this.attach(ws)
    } catch (err) {
      this.closed = true
      throw err
    }
  }

  private attach(ws: WebSocket): void {
    ws.on('message', (data, isBinary) => {
      this.liveness.seen()
      if (!isBinary) this.onText(data.toString())
    })
    ws.on('pong', () => this.liveness.seen())
    ws.on('ping', () => {
      // `ws` answers with a pong at once; the server counts it as one of our messages.
      this.budget.spend(this.timers.now())
      this.liveness.seen()
    })
    ws.on('error', () => {})
    ws.on('close', (code, reason) => this.onSocketClose(code, reason.toString()))
    this.liveness.start()
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
    this.liveness.stop()
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
    return closeWebSocket(ws, code, reason)
  }
}
