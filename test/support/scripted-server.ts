// A tiny WebSocket server on 127.0.0.1:0 that answers (or misbehaves) as each test scripts it.
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { type WebSocket, WebSocketServer } from 'ws'

export interface Received {
  id: string | number | null
  method: string
  params?: Record<string, unknown>
}

/** Decides what to do with one request: answer with a frame, or do nothing (the script may act on `ws`). */
export type Script = (req: Received, ws: WebSocket) => object | undefined | Promise<object | undefined>

export interface ServerOptions {
  path?: string
  /** The server's clock, used to answer `time` (default `Date.now`). */
  clock?: () => number
}

export interface ScriptedServer {
  url: string
  port: number
  /** Every request, in arrival order, across all connections. */
  received: Received[]
  /** Open server-side sockets. */
  sockets: Set<WebSocket>
  /** Every accepted connection, in order (closed ones included). */
  connections: WebSocket[]
  /** Upgrade attempts, refused ones included. */
  upgrades: number
  /** When set, upgrades are refused with this HTTP status. */
  refuseWith: number | undefined
  /** When true, upgrade requests get no answer at all (a stalled handshake). */
  stallUpgrades: boolean
  /** Raw sockets of stalled upgrades, in order. */
  stalled: Duplex[]
  /** Resolves with the next stalled upgrade's raw socket. */
  nextStalled(): Promise<Duplex>
  /** Resolves with the next request received (already received ones excluded). */
  nextRequest(): Promise<Received>
  /** Resolves with the first request of `method` at index ≥ `from` of `received` (may be one already received). */
  waitFor(method: string, from?: number): Promise<Received>
  /** Resolves with the next accepted connection (connection number ≥ `from`, default: the next new one). */
  nextConnection(from?: number): Promise<WebSocket>
  /** Requests received on one connection. */
  requestsOn(ws: WebSocket): Received[]
  /** Resolves when the server side of `ws` has closed. */
  closed(ws: WebSocket): Promise<void>
  /** Sends raw text, bytes or a JSON frame on `ws`, unsolicited. */
  send(ws: WebSocket, frame: object | string | Buffer): void
  /** Stops reading from `ws` (half-open: the client's pings and requests go unanswered). */
  pauseReads(ws: WebSocket): void
  /** A round trip (server ping → client pong): everything the client sent before it has been received. */
  roundTrip(ws: WebSocket): Promise<void>
  close(): Promise<void>
}

/** Counts the requests of `method` in `list`. */
export const countOf = (list: readonly Received[], method: string) =>
  list.filter((r) => r.method === method).length

/** Hands each request to `script`; `time` is answered with the server clock unless the script answers it. */
export async function startScriptedServer(
  script: Script = () => undefined,
  options: ServerOptions = {},
): Promise<ScriptedServer> {
  const path = options.path ?? '/ws-api/v3'
  const clock = options.clock ?? Date.now
  const http = createServer((_req, res) => res.writeHead(404).end())
  const wss = new WebSocketServer({ noServer: true })
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  const port = (http.address() as AddressInfo).port
  const received: Received[] = []
  const byConn = new Map<WebSocket, Received[]>()
  const raw = new Map<WebSocket, Duplex>()
  const closings = new Map<WebSocket, Promise<void>>()
  const requestWaiters: ((r: Received) => void)[] = []
  const methodWaiters: { method: string; from: number; resolve: (r: Received) => void }[] = []
  const connWaiters: { from: number; resolve: (ws: WebSocket) => void }[] = []
  const stallWaiters: ((s: Duplex) => void)[] = []
  const sockets = new Set<WebSocket>()
  const connections: WebSocket[] = []

  const server: ScriptedServer = {
    url: `ws://127.0.0.1:${port}${path}`,
    port,
    received,
    sockets,
    connections,
    upgrades: 0,
    refuseWith: undefined,
    stallUpgrades: false,
    stalled: [],
    nextStalled: () => new Promise((r) => stallWaiters.push(r)),
    nextRequest: () => new Promise((r) => requestWaiters.push(r)),
    waitFor: (method, from = 0) => {
      const found = received.slice(from).find((r) => r.method === method)
      if (found) return Promise.resolve(found)
      return new Promise((resolve) => methodWaiters.push({ method, from, resolve }))
    },
    nextConnection: (from = connections.length) => {
      const found = connections[from]
      if (found) return Promise.resolve(found)
      return new Promise((resolve) => connWaiters.push({ from, resolve }))
    },
    requestsOn: (ws) => byConn.get(ws) ?? [],
    closed: (ws) => closings.get(ws) ?? Promise.resolve(),
    send: (ws, frame) =>
      ws.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame)),
    pauseReads: (ws) => void raw.get(ws)?.pause(),
    roundTrip: (ws) =>
      new Promise((resolve, reject) => {
        const payload = Buffer.from(`rt-${Math.random()}`)
        const onPong = (data: Buffer) => {
          if (!data.equals(payload)) return
          ws.off('pong', onPong)
          resolve()
        }
        ws.on('pong', onPong)
        ws.ping(payload, undefined, (err) => err && reject(err))
      }),
    close: () =>
      new Promise((r) => {
        for (const ws of sockets) ws.terminate()
        for (const s of server.stalled) s.destroy()
        wss.close()
        http.closeAllConnections()
        http.close(() => r())
      }),
  }

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    server.upgrades += 1
    if (server.stallUpgrades) {
      server.stalled.push(socket)
      socket.on('error', () => {})
      socket.on('end', () => socket.destroy()) // http sockets allow half-open: finish the close
      socket.resume() // read (and discard) so the client's close is noticed
      stallWaiters.shift()?.(socket)
      return
    }
    const refuse = server.refuseWith
    const wrongPath = new URL(req.url ?? '/', 'http://x').pathname !== path
    if (refuse !== undefined || wrongPath) {
      const status = refuse ?? 404
      socket.end(`HTTP/1.1 ${status} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      raw.set(ws, socket)
      ;(socket as Socket).setNoDelay(true)
      sockets.add(ws)
      connections.push(ws)
      byConn.set(ws, [])
      closings.set(ws, new Promise((r) => ws.once('close', () => r())))
      ws.on('close', () => sockets.delete(ws))
      ws.on('error', () => {})
      ws.on('message', (data, isBinary) => void onMessage(ws, data.toString(), isBinary))
      for (const w of connWaiters.filter((w) => w.from < connections.length)) {
        connWaiters.splice(connWaiters.indexOf(w), 1)
        w.resolve(connections[w.from] as WebSocket)
      }
    })
  })

  async function onMessage(ws: WebSocket, text: string, isBinary: boolean): Promise<void> {
    if (isBinary) return
    const req = JSON.parse(text) as Received
    received.push(req)
    byConn.get(ws)?.push(req)
    requestWaiters.shift()?.(req)
    const index = received.length - 1
    for (const w of methodWaiters.filter((w) => w.method === req.method && index >= w.from)) {
      methodWaiters.splice(methodWaiters.indexOf(w), 1)
      w.resolve(req)
    }
    const out =
      (await script(req, ws)) ?? (req.method === 'time' ? ok(req, { serverTime: clock() }) : undefined)
    if (out && ws.readyState === ws.OPEN) ws.send(JSON.stringify(out))
  }

  return server
}

export const ok = (req: Received, result: unknown = {}, rateLimits: unknown[] = []) => ({
  id: req.id,
  status: 200,
  result,
  rateLimits,
})

export const fail = (req: Received, status: number, code: number, msg: string, data?: object) => ({
  id: req.id,
  status,
  error: data === undefined ? { code, msg } : { code, msg, data },
  rateLimits: [],
})

/** A promise with its resolver, for holding a scripted answer until the test releases it. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void
  const promise = new Promise<T>((r) => {
    resolve = r
  })
  return { promise, resolve }
}
