// One connection of the streams endpoint: its subscriptions (market streams and legacy listenKeys), its framing
// (raw or combined, ms or µs), its incoming message budget and its output: frames written to the socket, the
// frames of one tick in one write, one framed payload shared by every connection of the same framing.
import type { Duplex } from 'node:stream'
import { WebSocket } from 'ws'
import type { OutboundGate } from '../persistence/outbound-gate.js'
import { textFrame } from '../server.js'
import type { MessageBudget } from '../server-life/arrival-clock.js'
import type { Log } from '../server-life/options.js'
import { closeIfSlow } from '../server-life/slow-consumer.js'
import { answerText } from './control.js'
import type { KeyTarget } from './listen-key-streams.js'
import type { StreamSink } from './market-streams.js'
import { inMicros } from './payloads.js'

/** What bounds a connection's output: the unsent bytes it may leave queued, and where its close is logged. */
export interface OutputBound {
  readonly maxUnsentBytes: number
  readonly log: Log
  /** With a data dir: holds each frame until the journal records before it are durable. */
  readonly gate?: OutboundGate | undefined
}

export class StreamConnection implements StreamSink, KeyTarget {
  /** Subscribed names in subscription order (LIST_SUBSCRIPTIONS shows them so). */
  readonly names = new Set<string>()
  /** Subscribed listenKeys, each with what ends its subscription. */
  readonly keys = new Map<string, () => void>()
  private corked = false

  /**
   * `dedicated`: opened on one listenKey's URL, so it closes when that key ends. `budget`: the incoming messages
   * (text frames, pings, pongs) it may send, 5 a second by arrival (spec/web-socket-streams.md, "WebSocket Limits").
   */
  constructor(
    readonly ws: WebSocket,
    private readonly socket: Duplex,
    public combined: boolean,
    readonly micros: boolean,
    readonly dedicated: boolean,
    private readonly forgetKey: (conn: StreamConnection, key: string) => void,
    private readonly budget: MessageBudget,
    private readonly bound: OutputBound,
    private readonly who: string,
  ) {}

  deliver(stream: string, payload: unknown, cache: Map<string, Buffer>): void {
    const key = `${this.combined ? 'c' : 'r'}${this.micros ? 'u' : 'm'}`
    let frame = cache.get(key)
    if (frame === undefined) {
      const data = this.micros ? inMicros(payload) : payload
      frame = textFrame(JSON.stringify(this.combined ? { stream, data } : data))
      cache.set(key, frame)
    }
    this.write(frame)
  }

  /** A listenKey expired or was stopped: a dedicated connection closes, another one only drops the key. */
  keyEnded(key: string, code: number, reason: string): void {
    this.forgetKey(this, key)
    // After the frames before it (the key's last events, listenKeyExpired), which the gate may still hold.
    if (this.dedicated) this.close(code, reason)
  }

  /** Closes with `code` once the frames before it are sent. */
  close(code: number, reason: string): void {
    this.inOrder(() => {
      if (this.ws.readyState === WebSocket.OPEN) this.ws.close(code, reason)
    })
  }

  /** Counts one incoming message; false (and the connection closes) when it is over the per-second limit. */
  counted(): boolean {
    if (this.budget.count()) return true
    this.ws.close(1008, 'Too many messages')
    return false
  }

  send(text: string): void {
    this.write(textFrame(text))
  }

  /** Runs `output` now, or after the frames the gate holds (their commands are not on disk yet). */
  private inOrder(output: () => void): void {
    const { gate } = this.bound
    if (gate) gate.send(output)
    else output()
  }

  private write(frame: Buffer): void {
    if (this.bound.gate) this.bound.gate.send(() => this.writeNow(frame))
    else this.writeNow(frame)
  }

  /** Writes a frame; the tick's frames leave together, then what the socket could not send is checked (H1). */
  private writeNow(frame: Buffer): void {
    if (this.ws.readyState !== WebSocket.OPEN) return
    if (!this.corked) {
      this.corked = true
      this.socket.cork()
      process.nextTick(this.uncork)
    }
    this.socket.write(frame)
  }

  private readonly uncork = (): void => {
    this.corked = false
    this.socket.uncork()
    closeIfSlow(this.ws, this.socket.writableLength, this.bound.maxUnsentBytes, this.bound.log, this.who)
  }

  reply(frame: object): void {
    this.send(answerText(frame))
  }

  /** Sends `serverShutdown` as its framing is now: raw, or combined on `!serverShutdown`; `E` in µs if asked. */
  shutdownNotice(now: number): void {
    const event = { e: 'serverShutdown', E: this.micros ? now * 1000 : now }
    this.reply(this.combined ? { stream: '!serverShutdown', data: event } : event)
  }
}
