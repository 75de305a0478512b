// One connection of the streams endpoint: its subscriptions (market streams and legacy listenKeys), its framing
// (raw or combined, ms or µs) and its incoming message budget.
import { WebSocket } from 'ws'
import type { MessageBudget } from '../server-life/arrival-clock.js'
import { closeIfSlow, type Log } from '../server-life/slow-consumer.js'
import type { KeyTarget } from './listen-key-streams.js'
import type { StreamSink } from './market-streams.js'
import { inMicros } from './payloads.js'

/** What bounds a connection's output: the unsent bytes it may leave queued, and where its close is logged. */
export interface OutputBound {
  readonly maxUnsentBytes: number
  readonly log: Log
}

export class StreamConnection implements StreamSink, KeyTarget {
  /** Subscribed names in subscription order (LIST_SUBSCRIPTIONS shows them so). */
  readonly names = new Set<string>()
  /** Subscribed listenKeys, each with what ends its subscription. */
  readonly keys = new Map<string, () => void>()

  /**
   * `dedicated`: opened on one listenKey's URL, so it closes when that key ends. `budget`: the incoming messages
   * (text frames, pings, pongs) it may send, 5 a second by arrival (spec/web-socket-streams.md, "WebSocket Limits").
   */
  constructor(
    readonly ws: WebSocket,
    public combined: boolean,
    readonly micros: boolean,
    readonly dedicated: boolean,
    private readonly forgetKey: (conn: StreamConnection, key: string) => void,
    private readonly budget: MessageBudget,
    private readonly bound: OutputBound,
    private readonly who: string,
  ) {}

  deliver(stream: string, payload: unknown, cache: Map<string, string>): void {
    const key = `${this.combined ? 'c' : 'r'}${this.micros ? 'u' : 'm'}`
    let text = cache.get(key)
    if (text === undefined) {
      const data = this.micros ? inMicros(payload) : payload
      text = JSON.stringify(this.combined ? { stream, data } : data)
      cache.set(key, text)
    }
    this.send(text)
  }

  /** A listenKey expired or was stopped: a dedicated connection closes, another one only drops the key. */
  keyEnded(key: string, code: number, reason: string): void {
    this.forgetKey(this, key)
    if (this.dedicated && this.ws.readyState === WebSocket.OPEN) this.ws.close(code, reason)
  }

  /** Counts one incoming message; false (and the connection closes) when it is over the per-second limit. */
  counted(): boolean {
    if (this.budget.count()) return true
    this.ws.close(1008, 'Too many messages')
    return false
  }

  send(text: string): void {
    if (this.ws.readyState !== WebSocket.OPEN) return
    this.ws.send(text)
    closeIfSlow(this.ws, this.ws.bufferedAmount, this.bound.maxUnsentBytes, this.bound.log, this.who)
  }

  reply(frame: unknown): void {
    this.send(JSON.stringify(frame))
  }
}
