// A tiny WebSocket server on 127.0.0.1:0 that answers (or misbehaves) as each test scripts it.
import type { AddressInfo } from 'node:net'
import { type WebSocket, WebSocketServer } from 'ws'

export interface Received {
  id: string | number | null
  method: string
  params?: Record<string, unknown>
}

/** Decides what to do with one request: answer with a frame, or do nothing (the script may act on `ws`). */
export type Script = (req: Received, ws: WebSocket) => object | undefined | Promise<object | undefined>

export interface ScriptedServer {
  url: string
  port: number
  received: Received[]
  sockets: Set<WebSocket>
  /** Resolves with the next request received (already received ones excluded). */
  nextRequest(): Promise<Received>
  close(): Promise<void>
}

/** Hands each request to `script`; `time` is answered with the real clock unless the script answers it. */
export async function startScriptedServer(
  script: Script = () => undefined,
  path = '/ws-api/v3',
): Promise<ScriptedServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path })
  await new Promise<void>((r) => wss.once('listening', () => r()))
  const port = (wss.address() as AddressInfo).port
  const received: Received[] = []
  const waiters: ((r: Received) => void)[] = []
  const sockets = new Set<WebSocket>()
  wss.on('connection', (ws) => {
    sockets.add(ws)
    ws.on('close', () => sockets.delete(ws))
    ws.on('message', async (data) => {
      const req = JSON.parse(data.toString()) as Received
      received.push(req)
      waiters.shift()?.(req)
      const out =
        (await script(req, ws)) ?? (req.method === 'time' ? ok(req, { serverTime: Date.now() }) : undefined)
      if (out) ws.send(JSON.stringify(out))
    })
  })
  return {
    url: `ws://127.0.0.1:${port}${path}`,
    port,
    received,
    sockets,
    nextRequest: () => new Promise((r) => waiters.push(r)),
    close: () =>
      new Promise((r) => {
        for (const ws of sockets) ws.terminate()
        wss.close(() => r())
      }),
  }
}

export const ok = (req: Received, result: unknown = {}) => ({
  id: req.id,
  status: 200,
  result,
  rateLimits: [],
})
