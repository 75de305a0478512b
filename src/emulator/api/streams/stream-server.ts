// The market data streams endpoints on the emulator's HTTP server: `/ws`, `/ws/<stream>`, `/stream?streams=a/b`,
// the live subscribe protocol, server pings, and faults for tests (dropped connections).
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocket, WebSocketServer } from 'ws'
import { controlError, parseControl, propertyParams, type RequestId } from './control.js'
import type { MarketStreams, StreamSink } from './market-streams.js'
import { inMicros } from './payloads.js'
import type { StreamSpec } from './stream-names.js'

/** Streams one connection may listen to. */
const MAX_STREAMS_PER_CONNECTION = 1024
/** The server pings every 20 s and drops a connection that has not answered for a minute. */
const PING_EVERY_MS = 20_000
const PONG_GRACE_MS = 60_000
/** Incoming messages (text frames, pings, pongs) a connection may send per second; one more closes it. */
const MAX_MESSAGES_PER_SECOND = 5

/** Takes over an upgrade of `/ws/<listenKey>` or `/stream?streams=<listenKey>` (legacy user data stream); false if the key is not one. */
export type ListenKeyRoute = (
  listenKey: string,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  combined?: boolean,
) => boolean

class StreamConnection implements StreamSink {
  /** Subscribed stream names in subscription order (LIST_SUBSCRIPTIONS shows them so). */
  readonly names = new Set<string>()
  lastPong = Date.now()
  private windowStart = 0
  private messages = 0

  constructor(
    readonly ws: WebSocket,
    public combined: boolean,
    readonly micros: boolean,
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

  /** Counts one incoming message; false (and the connection closes) when it is over the per-second limit. */
  counted(): boolean {
    const now = performance.now()
    if (now - this.windowStart >= 1000) {
      this.windowStart = now
      this.messages = 0
    }
    if (++this.messages <= MAX_MESSAGES_PER_SECOND) return true
    this.ws.close(1008, 'Too many messages')
    return false
  }

  send(text: string): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(text)
  }

  reply(frame: unknown): void {
    this.send(JSON.stringify(frame))
  }
}

/** The `streams` value of a query string, decoded without turning `+` (as in `@+08:00`) into a space. */
function streamsParam(search: string): string {
  for (const part of search.replace(/^\?/, '').split('&')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq) === 'streams') {
      try {
        return decodeURIComponent(part.slice(eq + 1))
      } catch {
        return part.slice(eq + 1)
      }
    }
  }
  return ''
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

export class StreamServer {
  private readonly wss = new WebSocketServer({ noServer: true })
  private readonly conns = new Set<StreamConnection>()
  private readonly intervals: NodeJS.Timeout[]
  private closing: Promise<void> | undefined
  /** The hook for the legacy user data stream on `/ws/<listenKey>`. */
  listenKeyRoute: ListenKeyRoute | undefined = undefined

  constructor(private readonly streams: MarketStreams) {
    this.intervals = [
      setInterval(() => streams.tick(true), 100),
      setInterval(() => streams.tick(false), 1000),
      setInterval(() => this.heartbeat(), PING_EVERY_MS),
    ]
    for (const t of this.intervals) t.unref()
  }

  get connections(): number {
    return this.conns.size
  }

  /** Serves `/ws…` and `/stream…` upgrades; false for any other path (left to the caller). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): boolean {
    const path = url.pathname
    let combined: boolean
    let names: string[]
    if (path === '/ws' || path === '/ws/' || path.startsWith('/ws/')) {
      combined = false
      names = path.slice(3).split('/').filter(Boolean).map(decodeSegment)
    } else if (path === '/stream' || path === '/stream/') {
      combined = true
      names = streamsParam(url.search).split('/').filter(Boolean)
    } else return false
    const specs: [string, StreamSpec][] = []
    for (const name of names) {
      const spec = this.streams.parse(name)
      if (spec) specs.push([name, spec])
      else if (names.length === 1 && this.listenKeyRoute?.(name, req, socket, head, combined)) return true
      else {
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
        return true
      }
    }
    const micros = /^microsecond$/i.test(url.searchParams.get('timeUnit') ?? '')
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, combined, micros, specs))
    return true
  }

  private accept(ws: WebSocket, combined: boolean, micros: boolean, specs: [string, StreamSpec][]): void {
    const conn = new StreamConnection(ws, combined, micros)
    this.conns.add(conn)
    for (const [name, spec] of specs.slice(0, MAX_STREAMS_PER_CONNECTION)) this.subscribe(conn, name, spec)
    ws.on('pong', () => {
      conn.lastPong = Date.now()
      conn.counted()
    })
    ws.on('ping', () => conn.counted())
    ws.on('message', (data, isBinary) => {
      if (!conn.counted()) return
      if (isBinary) return void ws.close(1003, 'binary frames are not supported')
      this.onMessage(conn, data.toString())
    })
    ws.on('close', () => this.forget(conn))
    ws.on('error', () => ws.terminate())
  }

  private subscribe(conn: StreamConnection, name: string, spec: StreamSpec): void {
    conn.names.add(name)
    this.streams.add(conn, name, spec)
  }

  private forget(conn: StreamConnection): void {
    if (!this.conns.delete(conn)) return
    for (const name of conn.names) this.streams.remove(conn, name)
    conn.names.clear()
  }

  private onMessage(conn: StreamConnection, text: string) {
    const req = parseControl(text)
    if (!req.ok) return conn.reply(req.frame)
    const { id, params } = req
    switch (req.method) {
      case 'SUBSCRIBE':
        return this.onSubscribe(conn, id, params)
      case 'UNSUBSCRIBE':
        for (const name of params) {
          if (typeof name !== 'string')
            return conn.reply(controlError(2, 'Invalid request: invalid stream', id))
        }
        for (const name of params as string[]) {
          conn.names.delete(name)
          this.streams.remove(conn, name)
        }
        return conn.reply({ result: null, id })
      case 'LIST_SUBSCRIPTIONS':
        if (params.length > 0) return conn.reply(controlError(2, 'Invalid request: too many parameters', id))
        return conn.reply({ result: [...conn.names], id })
      case 'SET_PROPERTY':
      case 'GET_PROPERTY': {
        const p = propertyParams(req.method, params, id)
        if ('error' in p) return conn.reply(p)
        if (req.method === 'GET_PROPERTY') return conn.reply({ result: conn.combined, id })
        conn.combined = p.value as boolean
        return conn.reply({ result: null, id })
      }
    }
  }

  private onSubscribe(conn: StreamConnection, id: RequestId, params: unknown[]) {
    const specs: [string, StreamSpec][] = []
    for (const name of params) {
      const spec = typeof name === 'string' ? this.streams.parse(name) : undefined
      if (!spec) return conn.reply(controlError(2, 'Invalid request: invalid stream', id))
      specs.push([name as string, spec])
    }
    const fresh = new Set(specs.map(([n]) => n).filter((n) => !conn.names.has(n)))
    if (conn.names.size + fresh.size > MAX_STREAMS_PER_CONNECTION) {
      return conn.reply(controlError(2, 'Invalid request: too many streams', id))
    }
    for (const [name, spec] of specs) this.subscribe(conn, name, spec)
    conn.reply({ result: null, id })
  }

  private heartbeat(): void {
    const now = Date.now()
    for (const conn of this.conns) {
      if (now - conn.lastPong > PONG_GRACE_MS) conn.ws.terminate()
      else if (conn.ws.readyState === WebSocket.OPEN) conn.ws.ping()
    }
  }

  /** Drops every stream connection at once, without a close frame (a network failure); returns how many. */
  drop(): number {
    const n = this.conns.size
    for (const conn of [...this.conns]) {
      conn.ws.terminate()
      this.forget(conn)
    }
    return n
  }

  /** Sends `serverShutdown` to every stream connection (combined ones get it on `!serverShutdown`). */
  announceShutdown(now: number): void {
    const event = { e: 'serverShutdown', E: now }
    for (const conn of this.conns) {
      conn.reply(conn.combined ? { stream: '!serverShutdown', data: event } : event)
    }
  }

  /** Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const t of this.intervals) clearInterval(t)
      this.drop()
      await new Promise<void>((resolve) => this.wss.close(() => resolve()))
    })()
    return this.closing
  }
}
