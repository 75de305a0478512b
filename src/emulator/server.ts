// The I/O shell: an HTTP server that upgrades `/ws-api/v3` to WebSocket and feeds text frames to dispatch.
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocket, WebSocketServer } from 'ws'
import { WS_API_PATH } from '../protocol/envelope.js'
import { API_ERRORS, apiError } from '../protocol/errors.js'
import { Connection } from './connection.js'
import { type DispatchEnv, dispatch } from './dispatch.js'
import { CONNECTION_WEIGHT } from './limits/rules.js'

export interface Listening {
  readonly port: number
  /** Idempotent. */
  close(): Promise<void>
}

export async function listen(env: DispatchEnv, host: string, port: number): Promise<Listening> {
  const http = createServer((_req, res) => {
    res
      .writeHead(426, { 'content-type': 'text/plain' })
      .end('WebSocket only: connect to ws://<host>:<port>/ws-api/v3\n')
  })
  const wss = new WebSocketServer({ noServer: true })

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    const url = new URL(req.url ?? '/', 'ws://localhost')
    if (url.pathname !== WS_API_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(env, ws, req, url))
  })

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(port, host, () => {
      http.off('error', reject)
      resolve()
    })
  })

  let closing: Promise<void> | undefined
  const shutdown = async () => {
    for (const ws of wss.clients) ws.terminate()
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

function accept(env: DispatchEnv, ws: WebSocket, req: IncomingMessage, url: URL): void {
  const now = env.clock()
  const ip = req.socket.remoteAddress ?? 'unknown'
  const returnRateLimits = url.searchParams.get('returnRateLimits') !== 'false'
  const connection = new Connection(ip, now, returnRateLimits, (text) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(text)
  })
  env.weights.add(ip, CONNECTION_WEIGHT, now)
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      ws.close(1003, 'binary frames are not supported')
      return
    }
    try {
      dispatch(env, connection, data.toString())
    } catch {
      const error = apiError('UNKNOWN')
      connection.send(JSON.stringify({ id: null, status: API_ERRORS.UNKNOWN.status, error }))
    }
  })
  ws.on('close', () => env.streams.closed(connection))
  ws.on('error', () => ws.terminate())
}
