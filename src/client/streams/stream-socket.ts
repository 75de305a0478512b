// One WebSocket to the market data streams: control requests matched by id, payloads out, liveness pings.
import { isObject } from '../../protocol/envelope.js'
import { ClientSocket } from '../client-socket.js'
import { ConnectionClosedError, RequestTimeoutError } from '../errors.js'
import type { LivenessOptions } from '../liveness.js'
import type { TimerHandle, Timers } from '../timers.js'
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

export class StreamSocket extends ClientSocket {
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  /** Sends waiting for room in the 5-messages-per-second limit, in order. */
  private readonly outbox: (() => boolean)[] = []
  /**
   * 5 per 1.5 s rather than per second: the server counts arrivals, and a delay (network, a busy event loop) that holds
   * back the first of five messages but not the sixth would otherwise put six into its second.
   */
  private readonly budget = new SendBudget(5, 1500)
  private outboxTimer: TimerHandle | undefined
  /** Closes once the last pending control request is answered (renewal). */
  private draining = false
  /** Whether the server wraps payloads as `{stream, data}` (URL form, then SET_PROPERTY). */
  combined: boolean

  constructor(
    url: string,
    combined: boolean,
    private readonly handlers: StreamSocketHandlers,
    timers: Timers,
    liveness: LivenessOptions,
  ) {
    super(url, timers, liveness, false)
    this.combined = combined
  }

  protected override sendPing(): boolean {
    const ping = this.wire?.ping
    if (!ping) return this.requestPing()
    this.paced(() => {
      ping()
      return true
    })
    return true
  }

  /** LIST_SUBSCRIPTIONS: one of the 5 messages per second, like a ping frame. */
  protected requestPing(): boolean {
    this.request('LIST_SUBSCRIPTIONS', undefined, this.livenessOptions.pongTimeout).catch(() => {})
    return true
  }

  /** `ws` answers a server ping with a pong at once; the server counts it as one of our messages. */
  protected override onPinged(): void {
    this.budget.spend(this.timers.now())
  }

  /** Sends a control request; resolves with the server's frame (`result` or `error`). */
  request(method: string, params: unknown[] | undefined, timeout: number): Promise<Record<string, unknown>> {
    const wire = this.wire
    if (!wire || !this.isOpen)
      return Promise.reject(new ConnectionClosedError(method, 1006, 'socket not open'))
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      const timer = this.timers.setTimeout(() => {
        this.pending.delete(id)
        this.closeIfDrained()
        reject(new RequestTimeoutError(method, timeout))
      }, timeout)
      this.pending.set(id, { method, resolve, reject, timer })
      const frame = JSON.stringify(params === undefined ? { method, id } : { method, params, id })
      // A request that timed out while queued is not sent.
      this.paced(() => {
        if (!this.pending.has(id)) return false
        wire.send(frame)
        return true
      })
    })
  }

  /** Sends now if the message limit has room, else after the sends queued before it; `send` says if it sent. */
  private paced(send: () => boolean): void {
    this.outbox.push(send)
    if (this.outbox.length === 1) this.flush()
  }

  private flush(): void {
    this.outboxTimer = undefined
    while (this.outbox.length > 0 && !this.closed) {
      const wait = this.budget.wait(this.timers.now())
      if (wait > 0) {
        this.outboxTimer = this.timers.setTimeout(() => this.flush(), wait)
        return
      }
      if ((this.outbox.shift() as () => boolean)()) this.budget.spend(this.timers.now())
    }
  }

  protected onText(text: string): void {
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
      this.closeIfDrained()
      return
    }
    if (this.combined && isObject(msg) && typeof msg['stream'] === 'string' && 'data' in msg) {
      this.handlers.onPayload(msg['stream'], msg['data'], this)
      return
    }
    this.handlers.onPayload(undefined, msg, this)
  }

  drain(): void {
    this.draining = true
    this.closeIfDrained()
  }

  private closeIfDrained(): void {
    if (this.draining && this.pending.size === 0) void this.close(1000, 'renewed')
  }

  protected onClosed(code: number, reason: string): void {
    this.timers.clearTimeout(this.outboxTimer)
    this.outbox.length = 0
    for (const p of this.pending.values()) {
      this.timers.clearTimeout(p.timer)
      p.reject(new ConnectionClosedError(p.method, code, reason))
    }
    this.pending.clear()
    this.handlers.onClose(this, code, reason)
  }
}
