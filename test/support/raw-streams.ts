// A bare WebSocket on the emulator's streams endpoint, as third-party clients use it: raw frames in arrival
// order, control requests sent as text, the frames awaited by what they hold.
import { once } from 'node:events'
import { WebSocket } from 'ws'

type Frame = Record<string, unknown> | unknown[]

export class RawStreams {
  /** Every frame received and not yet taken, in arrival order. */
  readonly frames: Frame[] = []
  private readonly waiters: (() => void)[] = []
  private nextId = 1

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as Frame)
      for (const w of this.waiters.splice(0)) w()
    })
  }

  /** Opens `url` (`ws://host:port/ws/…` or `/stream?…`). */
  static async open(url: string): Promise<RawStreams> {
    const ws = new WebSocket(url)
    await once(ws, 'open')
    return new RawStreams(ws)
  }

  /** Sends a control request and resolves with the frame answering it (the one carrying its id). */
  control(method: string, params?: unknown[]): Promise<Frame> {
    const id = this.nextId++
    this.ws.send(JSON.stringify(params === undefined ? { method, id } : { method, params, id }))
    return this.next((f) => !Array.isArray(f) && f['id'] === id)
  }

  /** The first frame (received or to come) that `match` accepts; it is taken, the others stay. */
  next(match: (frame: Frame) => boolean): Promise<Frame> {
    return new Promise((resolve) => {
      const attempt = (): void => {
        const i = this.frames.findIndex(match)
        if (i < 0) this.waiters.push(attempt)
        else resolve(this.frames.splice(i, 1)[0] as Frame)
      }
      attempt()
    })
  }

  /** The next frame whose `e` (or, combined, whose `data.e`) is `type`. */
  event(type: string): Promise<Frame> {
    return this.next((f) => {
      const data = (f as { data?: unknown }).data ?? f
      return !Array.isArray(data) && (data as Record<string, unknown>)['e'] === type
    })
  }

  /**
   * The combined-stream frames received before the answer to a request sent after them, taken and grouped by stream
   * (their `data`, in arrival order).
   */
  async framesSoFar<D = Record<string, unknown>>(): Promise<Map<string, D[]>> {
    await this.control('LIST_SUBSCRIPTIONS')
    const byStream = new Map<string, D[]>()
    for (const f of this.frames.splice(0) as { stream: string; data: D }[]) {
      byStream.set(f.stream, [...(byStream.get(f.stream) ?? []), f.data])
    }
    return byStream
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return
    const closed = once(this.ws, 'close')
    this.ws.close()
    await closed
  }
}
