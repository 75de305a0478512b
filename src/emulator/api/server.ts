// The I/O shell: an HTTP server that upgrades `/ws-api/v3` to WebSocket and feeds text frames to dispatch, and
// hands plain HTTP requests to their front (http-routes.ts);
// it also keeps each connection alive (pings), ends it at its maximum age and enforces the upgrade limits.
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocket, WebSocketServer } from 'ws'
import type { TimeUnit } from '../../protocol/enums.js'
import { WS_API_PATH } from '../../protocol/envelope.js'
import { API_ERRORS, apiError } from '../../protocol/errors.js'
import { CONNECTION_WEIGHT } from '../exchange/limits/rules.js'
import { Connection } from './connection.js'
import { type DispatchEnv, dispatch } from './dispatch.js'
import { answerClientError, type HttpRoute, routeHttp } from './http-routes.js'
import type { BanList } from './limits/bans.js'
import type { ConnectionAttempts } from './limits/connection-attempts.js'
import type { OutboundGate } from './persistence/outbound-gate.js'
import type { EmulatorClock } from './server-life/clock.js'
import { connectionAge, GOING_AWAY } from './server-life/connection-age.js'
import type { FairTurns } from './server-life/fair-turns.js'
import { CLOSING_REASON, closeGoingAway } from './server-life/going-away.js'
import { keepAlive } from './server-life/keepalive.js'
import {
  type LiveConnection,
  type LiveConnections,
  sendServerShutdown,
} from './server-life/live-connections.js'
import type { ConnectionLife, Log } from './server-life/options.js'
import { PendingUpgrades } from './server-life/pending-upgrades.js'
import { closeIfSlow } from './server-life/slow-consumer.js'
import { inMicroseconds } from './server-life/time-unit.js'
import { admit, refuse } from './server-life/upgrade-gate.js'

/** Everything the server needs besides the dispatcher's environment. */
export interface ServerEnv extends DispatchEnv {
  readonly emulatorClock: EmulatorClock
  readonly life: ConnectionLife
  readonly live: LiveConnections
  readonly attempts: ConnectionAttempts
  readonly bans: BanList
  /** Lines for the operator: slow consumers closed, pending-connection caps reached. */
  readonly log: Log
  /** Other endpoints on this port (market data streams): true when it took the upgrade. */
  readonly upgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => boolean
  /** Runs after each API request (publishes the market data it changed). */
  readonly afterRequest?: () => void
  /** The turns the API's messages take (docs/emulator-fidelity.md H9); the journal batches by them. */
  readonly turns: FairTurns
  /** With a data dir: holds each frame until the journal records before it are durable. */
  readonly gate?: OutboundGate
  /** The fronts served over plain HTTP (the REST API), by path prefix. */
  readonly httpRoutes?: readonly HttpRoute[]
}

export interface Listening {
  readonly port: number
  /** Idempotent. */
  close(): Promise<void>
}

/** Largest request frame accepted (bytes); a larger one closes its connection with 1009. Requests are tiny. */
export const MAX_FRAME_BYTES = 1 << 20

/** A client must send a whole HTTP request within this time (ms), else it is answered 408 and closed. */
const REQUEST_TIMEOUT_MS = 30_000

export async function listen(env: ServerEnv, host: string, port: number): Promise<Listening> {
  const { headersTimeout } = env.life
  const http = createServer(
    {
      headersTimeout,
      requestTimeout: Math.max(headersTimeout, REQUEST_TIMEOUT_MS),
      // Node looks for late requests this often (default 30 s): a quarter of the headers' time, at most 1 s.
      connectionsCheckingInterval: Math.min(1000, headersTimeout / 4),
    },
    routeHttp(env.httpRoutes ?? []),
  )
  http.on('clientError', answerClientError)
  // No compression: textFrame() frames the responses itself.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false })
  const { turns } = env
  const pending = new PendingUpgrades(env.life, (ip) => env.attempts.attempt(ip, env.clock()), env.log)
  http.on('connection', (socket: Socket) => pending.opened(socket))
  http.on('request', (req: IncomingMessage) => pending.done(req.socket))
  env.bans.onBan((ip) => {
    setImmediate(() => {
      for (const live of env.live.fromIp(ip)) live.close(GOING_AWAY, 'IP banned')
    })
  })

  let closing: Promise<void> | undefined
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    pending.done(req.socket)
    // Closing: a client reconnecting at the close frame is not let in (the close would not wait for it).
    if (closing) return void socket.destroy()
    socket.on('error', () => socket.destroy())
    const url = new URL(req.url ?? '/', 'ws://localhost')
    if (url.pathname !== WS_API_PATH) {
      if (env.upgrade?.(req, socket, head, url)) return
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    const ip = req.socket.remoteAddress ?? 'unknown'
    const now = env.clock()
    const admission = admit(url, ip, now, env.attempts, env.bans)
    if (!admission.ok) {
      refuse(socket, admission, now)
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(env, turns, ws, socket, ip, url, admission.timeUnit))
  })

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(port, host, () => {
      http.off('error', reject)
      resolve()
    })
  })

  const shutdown = async () => {
    env.emulatorClock.dispose()
    pending.clear()
    const sockets = [...wss.clients]
    await closeGoingAway(sockets, () => {
      for (const ws of sockets) if (ws.readyState === WebSocket.OPEN) ws.close(GOING_AWAY, CLOSING_REASON)
    })
    await new Promise<void>((resolve) => wss.close(() => resolve()))
    const closed = new Promise<void>((resolve, reject) => http.close((e) => (e ? reject(e) : resolve())))
    http.closeAllConnections()
    await closed
  }
  return {
    port: (http.address() as AddressInfo).port,
    close: () => {
      closing ??= shutdown()
      return closing
    },
  }
}

function accept(
  env: ServerEnv,
  turns: FairTurns,
  ws: WebSocket,
  socket: Duplex,
  ip: string,
  url: URL,
  timeUnit: TimeUnit,
): void {
  const now = env.clock()
  const returnRateLimits = url.searchParams.get('returnRateLimits') !== 'false'
  const micro = timeUnit === 'MICROSECOND'
  // Frames sent in the same tick leave in one write (one syscall) instead of one write each. Each frame is
  // written as one buffer, framed here: ws.send's own framing (two writes per frame) cost more than the rest.
  // After the write, what the socket could not send is checked against maxUnsentBytes (docs/emulator-fidelity.md H1).
  let corked = false
  const uncork = () => {
    corked = false
    socket.uncork()
    closeIfSlow(
      ws,
      socket.writableLength,
      env.life.maxUnsentBytes,
      env.log,
      `API connection ${live.id} (${ip})`,
    )
  }
  const write = (text: string) => {
    if (ws.readyState !== WebSocket.OPEN) return
    if (!corked) {
      corked = true
      socket.cork()
      process.nextTick(uncork)
    }
    socket.write(textFrame(micro ? inMicroseconds(text) : text))
  }
  const { gate } = env
  const connection = new Connection(
    ip,
    now,
    returnRateLimits,
    gate ? (text) => gate.send(() => write(text)) : write,
  )
  env.weights.add(ip, CONNECTION_WEIGHT, now)

  const { life, emulatorClock } = env
  const age = connectionAge(emulatorClock, life, now, {
    notice: (at) => sendServerShutdown(connection, at),
    close: (code, reason) => ws.close(code, reason),
  })
  const live: LiveConnection = {
    id: env.live.nextId(),
    connection,
    timeUnit,
    close: (code, reason) => ws.close(code, reason),
    drop: () => ws.terminate(),
    closeAt: (time) => age.closeAt(time),
  }
  env.live.add(live)
  const stopPinging = keepAlive(ws, life, () => ws.terminate())

  // Frames of a closing connection (banned, slow, aged) are not run: nobody reads their answers.
  const inbox = turns.inbox((message: { data: Buffer; isBinary: boolean }) => {
    if (ws.readyState !== WebSocket.OPEN) return
    if (message.isBinary) {
      ws.close(1003, 'binary frames are not supported')
      return
    }
    try {
      dispatch(env, connection, message.data.toString())
      env.afterRequest?.()
      env.emulatorClock.fireDue()
    } catch (e) {
      env.internalErrors?.met('a WebSocket API frame', e)
      const error = apiError('UNKNOWN')
      connection.send(JSON.stringify({ id: null, status: API_ERRORS.UNKNOWN.status, error }))
    }
  }, ws)
  ws.on('message', (data: Buffer, isBinary) => inbox.push({ data, isBinary }))
  ws.on('close', () => {
    inbox.close()
    stopPinging()
    age.cancel()
    env.live.remove(live.id)
    env.streams.closed(connection)
  })
  ws.on('error', () => ws.terminate())
}

/** One unmasked, unfragmented text frame (RFC 6455 §5.2), as `ws` sends it without compression. */
export function textFrame(text: string): Buffer {
  const length = Buffer.byteLength(text)
  const head = length < 126 ? 2 : length < 0x10000 ? 4 : 10
  const frame = Buffer.allocUnsafe(head + length)
  frame[0] = 0x81
  if (head === 2) frame[1] = length
  else if (head === 4) {
    frame[1] = 126
    frame.writeUInt16BE(length, 2)
  } else {
    frame[1] = 127
    frame.writeUInt32BE(Math.floor(length / 0x100000000), 2)
    frame.writeUInt32BE(length % 0x100000000, 6)
  }
  frame.write(text, head, 'utf8')
  return frame
}
