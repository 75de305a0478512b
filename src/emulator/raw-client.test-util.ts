// A bare WebSocket client for the emulator's tests: raw frames, responses by id, events in order.
import { WebSocket } from 'ws'
import { type Signer, signaturePayload } from '../protocol/signing.js'

export interface Response {
  id: string | number | null
  status: number
  result?: unknown
  error?: { code: number; msg: string; data?: Record<string, unknown> }
  rateLimits?: {
    rateLimitType: string
    interval: string
    intervalNum: number
    limit: number
    count: number
  }[]
}

export interface EventFrame {
  subscriptionId?: number
  event: { e: string; [key: string]: unknown }
}

export class RawClient {
  private readonly responses: Response[] = []
  private readonly events: EventFrame[] = []
  /** Every frame received, in arrival order. */
  readonly log: (Response | EventFrame)[] = []
  private readonly waiters: (() => void)[] = []
  private nextId = 1

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Response | EventFrame
      this.log.push(frame)
      if ('event' in frame) this.events.push(frame)
      else this.responses.push(frame)
      for (const w of this.waiters.splice(0)) w()
    })
  }

  static open(url: string): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url)
      ws.once('open', () => resolve(new RawClient(ws)))
      ws.once('error', reject)
    })
  }

  sendText(text: string): void {
    this.ws.send(text)
  }

  /** Sends a request and resolves with its response. */
  async request(method: string, params?: Record<string, unknown>): Promise<Response> {
    const id = `r${this.nextId++}`
    this.sendText(JSON.stringify(params === undefined ? { id, method } : { id, method, params }))
    return this.response((r) => r.id === id)
  }

  /** Signs `params` (adding apiKey and timestamp) and sends the request. */
  signed(method: string, signer: Signer, apiKey: string, params: Record<string, unknown>, timestamp: number) {
    const all = { ...params, apiKey, timestamp }
    return this.request(method, { ...all, signature: signer.sign(signaturePayload(all)) })
  }

  /** The first response (received or to come) that `match` accepts; it is consumed. */
  response(match: (r: Response) => boolean = () => true): Promise<Response> {
    return this.take(this.responses, match)
  }

  /** The first event frame (received or to come) that `match` accepts; it is consumed, the others stay queued. */
  event(match: (e: EventFrame) => boolean = () => true): Promise<EventFrame> {
    return this.take(this.events, match)
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) resolve()
      else {
        this.ws.once('close', () => resolve())
        this.ws.close()
      }
    })
  }

  private take<T>(queue: T[], match: (x: T) => boolean): Promise<T> {
    return new Promise((resolve) => {
      const attempt = (): void => {
        const i = queue.findIndex(match)
        if (i < 0) this.waiters.push(attempt)
        else resolve(queue.splice(i, 1)[0] as T)
      }
      attempt()
    })
  }
}
