// The market data streams endpoints on the emulator's HTTP server: `/ws`, `/ws/<stream>`, `/stream?streams=a/b`,
// the live subscribe protocol, server pings, the limits of spec/web-socket-streams.md ("WebSocket Limits": 300
// connection attempts per 5 minutes per IP, 1024 streams, 5 messages a second), the 24 h connection age with its
// `serverShutdown` notice, the emulator's bounds on messages and unsent output (docs/emulator-fidelity.md H1–H6),
// and faults for tests (dropped connections).
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { type WebSocket, WebSocketServer } from 'ws'
import type { ApiErrorBody } from '../../../protocol/envelope.js'
import { apiError } from '../../../protocol/errors.js'
import type { ConnectionAttempts } from '../limits/connection-attempts.js'
import type { OutboundGate } from '../persistence/outbound-gate.js'
import { MAX_FRAME_BYTES } from '../server.js'
import { ArrivalClock, MessageBudget } from '../server-life/arrival-clock.js'
import type { EmulatorClock } from '../server-life/clock.js'
import { type ConnectionAge, connectionAge, GOING_AWAY } from '../server-life/connection-age.js'
import { CLOSING_REASON, closeGoingAway } from '../server-life/going-away.js'
import { keepAlive } from '../server-life/keepalive.js'
import type { ConnectionLife, Log } from '../server-life/options.js'

import { attemptRefusal, refuse as refuseAttempt } from '../server-life/upgrade-gate.js'
import { controlError, parseControl, propertyParams, type RequestId } from './control.js'
import type { ListenKeyStreams } from './listen-key-streams.js'
import type { MarketStreams } from './market-streams.js'
import { StreamConnection } from './stream-connection.js'
import { invalidStream, type StreamSpec } from './stream-names.js'

/** Streams one connection may listen to; a SUBSCRIBE with more params is refused before any is read. */
const MAX_STREAMS_PER_CONNECTION = 1024
/** Incoming messages (text frames, pings, pongs) a connection may send per second; one more closes it. */
const MAX_MESSAGES_PER_SECOND = 5

/** What the streams server shares with the API server: connection life and bounds, attempts per IP, the log. */
export interface StreamGuard {
  readonly life: ConnectionLife
  /** The streams' own count (Binance serves them on another host than the API). */
  readonly attempts: ConnectionAttempts
  /** The emulator clock: the attempt windows and the connection age follow it, as the API's do. */
  readonly clock: EmulatorClock
  readonly log: Log
  /** With a data dir: frames wait until the commands before them are on disk (docs/persistence.md). */
  readonly gate?: OutboundGate | undefined
}

const RETIRED_KEYS =
  'listenKeys were retired on 2026-02-20: subscribe with userDataStream.subscribe on the WebSocket API, or start the emulator with legacyListenKey: true'

/** What a connection subscribes to: market streams by name, and legacy listenKeys. */
interface Wanted {
  readonly specs: [string, StreamSpec][]
  readonly keys: string[]
}

/** Refuses an upgrade with HTTP 400 and `body` as JSON. */
function refuse(socket: Duplex, body: unknown): true {
  const text = JSON.stringify(body)
  socket.end(
    'HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  )
  return true
}

/** The refusal of a URL naming `count` streams, over the limit. */
function tooManyStreams(count: number): ApiErrorBody {
  return {
    code: 2,
    msg: `Invalid request: too many streams (${count} named, at most ${MAX_STREAMS_PER_CONNECTION} per connection)`,
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
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES })
  /** The open connections, each with its age (what ends it at `maxConnectionAge`). */
  private readonly conns = new Map<StreamConnection, ConnectionAge>()
  private readonly arrivals = new ArrivalClock()
  private lastId = 0
  private closing: Promise<void> | undefined

  constructor(
    private readonly streams: MarketStreams,
    private readonly listenKeys: ListenKeyStreams,
    private readonly guard: StreamGuard,
  ) {}

  get connections(): number {
    return this.conns.size
  }

  /**
   * Serves `/ws…` and `/stream…` upgrades; false for any other path (left to the caller). A name that is no stream
   * (ccxt's `/ws/0`) subscribes nothing; a refused stream name, an inactive listenKey or more than 1024 streams
   * refuses the upgrade.
   */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): boolean {
    if (this.closing) {
      socket.destroy()
      return true
    }
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
    const ip = req.socket.remoteAddress ?? 'unknown'
    const now = this.guard.clock.now()
    const over = this.guard.attempts.attempt(ip, now)
    if (over) {
      refuseAttempt(socket, attemptRefusal(over, now), now)
      return true
    }
    const wanted: Wanted = { specs: [], keys: [] }
    for (const name of names) {
      const parsed = this.streams.parse(name)
      if (parsed.kind === 'stream') wanted.specs.push([name, parsed.spec])
      else if (parsed.kind === 'refused') return refuse(socket, invalidStream(name, parsed.reason))
      else if (parsed.kind === 'listenKey') {
        if (!this.listenKeys.active(name)) return refuse(socket, this.inactiveKey(name))
        wanted.keys.push(name)
      }
    }
    // Refused whole, as a SUBSCRIBE of too many is (a name given twice counts once).
    const count = new Set([...wanted.specs.map(([n]) => n), ...wanted.keys]).size
    if (count > MAX_STREAMS_PER_CONNECTION) return refuse(socket, tooManyStreams(count))
    const micros = /^microsecond$/i.test(url.searchParams.get('timeUnit') ?? '')
    const dedicated = names.length === 1 && wanted.keys.length === 1
    this.wss.handleUpgrade(req, socket, head, (ws) =>
      this.accept(ws, socket, ip, combined, micros, dedicated, wanted),
    )
    return true
  }

  private accept(
    ws: WebSocket,
    socket: Duplex,
    ip: string,
    combined: boolean,
    micros: boolean,
    dedicated: boolean,
    wanted: Wanted,
  ): void {
    const { life, log, gate } = this.guard
    const conn = new StreamConnection(
      ws,
      socket,
      combined,
      micros,
      dedicated,
      (c, key) => this.unsubscribe(c, key),
      new MessageBudget(this.arrivals, MAX_MESSAGES_PER_SECOND),
      { maxUnsentBytes: life.maxUnsentBytes, log, gate },
      `stream connection ${++this.lastId} (${ip})`,
    )
    const age = connectionAge(this.guard.clock, life, this.guard.clock.now(), {
      notice: (now) => conn.shutdownNotice(now),
      close: (code, reason) => conn.close(code, reason),
    })
    this.conns.set(conn, age)
    this.subscribe(conn, wanted)
    const stopPinging = keepAlive(ws, life, () => ws.terminate())
    ws.on('pong', () => conn.counted())
    ws.on('ping', () => conn.counted())
    ws.on('message', (data, isBinary) => {
      if (!conn.counted()) return
      if (isBinary) return void ws.close(1003, 'binary frames are not supported')
      this.onMessage(conn, data.toString())
    })
    ws.on('close', () => {
      stopPinging()
      this.forget(conn)
    })
    ws.on('error', () => ws.terminate())
  }

  private subscribe(conn: StreamConnection, wanted: Wanted): void {
    for (const [name, spec] of wanted.specs) {
      if (conn.names.size >= MAX_STREAMS_PER_CONNECTION) return
      conn.names.add(name)
      this.streams.add(conn, name, spec)
    }
    for (const key of wanted.keys) {
      if (conn.keys.has(key) || conn.names.size >= MAX_STREAMS_PER_CONNECTION) continue
      const detach = this.listenKeys.attach(key, conn)
      if (!detach) continue
      conn.names.add(key)
      conn.keys.set(key, detach)
    }
  }

  private unsubscribe(conn: StreamConnection, name: string): void {
    conn.names.delete(name)
    const detach = conn.keys.get(name)
    if (!detach) {
      this.streams.remove(conn, name)
      return
    }
    conn.keys.delete(name)
    detach()
  }

  private forget(conn: StreamConnection): void {
    const age = this.conns.get(conn)
    if (!age) return
    this.conns.delete(conn)
    age.cancel()
    for (const name of [...conn.names]) this.unsubscribe(conn, name)
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
        for (const name of params as string[]) this.unsubscribe(conn, name)
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

  /**
   * The error for a listenKey that is not active, the same in a URL and in SUBSCRIBE: -1125 while the emulator issues
   * keys (`legacyListenKey`), else a note that Binance retired them (docs/emulator-fidelity.md A15).
   */
  private inactiveKey(name: string): ApiErrorBody {
    if (this.listenKeys.legacy) return apiError('INVALID_LISTEN_KEY')
    return invalidStream(name, RETIRED_KEYS)
  }

  /** The error refusing a SUBSCRIBE name, or undefined when it joins `wanted`. */
  private refusal(name: unknown, wanted: Wanted): ApiErrorBody | undefined {
    if (typeof name !== 'string') return invalidStream(JSON.stringify(name), 'a stream name is a string')
    const parsed = this.streams.parse(name)
    switch (parsed.kind) {
      case 'stream':
        wanted.specs.push([name, parsed.spec])
        return undefined
      case 'refused':
        return invalidStream(name, parsed.reason)
      case 'listenKey':
        if (this.listenKeys.active(name)) {
          wanted.keys.push(name)
          return undefined
        }
        return this.inactiveKey(name)
      case 'other':
        return invalidStream(
          name,
          'not a stream name: <symbol>@<stream type>, !miniTicker@arr or !ticker_<window>@arr',
        )
    }
  }

  private onSubscribe(conn: StreamConnection, id: RequestId, params: unknown[]) {
    if (params.length > MAX_STREAMS_PER_CONNECTION) {
      return conn.reply(controlError(2, 'Invalid request: too many streams', id))
    }
    const wanted: Wanted = { specs: [], keys: [] }
    for (const name of params) {
      const refused = this.refusal(name, wanted)
      if (refused !== undefined) return conn.reply(controlError(refused.code, refused.msg, id))
    }
    const names = [...wanted.specs.map(([n]) => n), ...wanted.keys]
    const fresh = new Set(names.filter((n) => !conn.names.has(n)))
    if (conn.names.size + fresh.size > MAX_STREAMS_PER_CONNECTION) {
      return conn.reply(controlError(2, 'Invalid request: too many streams', id))
    }
    this.subscribe(conn, wanted)
    conn.reply({ result: null, id })
  }

  /** Drops every stream connection at once, without a close frame (a network failure); returns how many. */
  drop(): number {
    const n = this.conns.size
    for (const conn of [...this.conns.keys()]) {
      conn.ws.terminate()
      this.forget(conn)
    }
    return n
  }

  /** Closes every stream connection with `code` (after the frames held for it); its subscriptions end at once. */
  closeAll(code: number, reason: string): void {
    for (const conn of [...this.conns.keys()]) {
      this.forget(conn)
      conn.close(code, reason)
    }
  }

  /** Sends `serverShutdown` to every stream connection (combined ones get it on `!serverShutdown`). */
  announceShutdown(now: number): void {
    for (const conn of this.conns.keys()) conn.shutdownNotice(now)
  }

  /** Sends `serverShutdown` to every stream connection and closes each (1001) at `closeAt`; returns how many. */
  shutdown(now: number, closeAt: number): number {
    for (const [conn, age] of this.conns) {
      conn.shutdownNotice(now)
      age.closeAt(closeAt)
    }
    return this.conns.size
  }

  /** Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.arrivals.stop()
      const sockets = [...this.conns.keys()].map((conn) => conn.ws)
      await closeGoingAway(sockets, () => this.closeAll(GOING_AWAY, CLOSING_REASON))
      await new Promise<void>((resolve) => this.wss.close(() => resolve()))
    })()
    return this.closing
  }
}
