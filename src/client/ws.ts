// The `ws` package, loaded on first use: at import it would cost ~25 ms (its Node built-ins, and its ESM wrapper
// sends 8 CommonJS modules through the ESM loader), which is most of this package's import time.
import type { IncomingMessage } from 'node:http'
import { createRequire } from 'node:module'
import type WebSocketClass from 'ws'
import { ConnectError } from './errors.js'

export type WebSocket = WebSocketClass

let loaded: typeof WebSocketClass | undefined

/** A new client WebSocket (`new WebSocket(url, options)` of `ws`). */
export function openWebSocket(url: string, options: WebSocketClass.ClientOptions): WebSocket {
  loaded ??= createRequire(import.meta.url)('ws') as typeof WebSocketClass
  return new loaded(url, options)
}

/** `readyState` values, as the WebSocket standard numbers them. */
export const CONNECTING = 0
export const OPEN = 1
export const CLOSED = 3

/**
 * Opens a client WebSocket and resolves once it is open, with no listeners left on it; rejects with ConnectError on
 * refusal, unreachable host, handshake timeout, close during the handshake or abort. `created` gets the socket at
 * once (so a close during the handshake can terminate it); `upgrade` gets the HTTP response of the upgrade.
 */
export function connectWebSocket(
  url: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  hooks: { created(ws: WebSocket): void; upgrade?(res: IncomingMessage): void },
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    let settled = false
    const ws = openWebSocket(url, { handshakeTimeout: timeoutMs, perMessageDeflate: false })
    hooks.created(ws)
    const fail = (err: Error) => {
      if (settled) return
      settled = true
      signal?.removeEventListener('abort', onAbort)
      ws.removeAllListeners()
      ws.on('error', () => {})
      ws.terminate()
      reject(err)
    }
    const onAbort = () => fail(new ConnectError(`connect to ${url} aborted`, { cause: signal?.reason }))
    if (signal?.aborted) return onAbort()
    signal?.addEventListener('abort', onAbort, { once: true })
    ws.once('unexpected-response', (_req, res) =>
      fail(
        new ConnectError(
          `connect to ${url} refused: HTTP ${res.statusCode} ${res.statusMessage ?? ''}`.trim(),
        ),
      ),
    )
    ws.once('error', (err) =>
      fail(new ConnectError(`connect to ${url} failed: ${err.message}`, { cause: err })),
    )
    ws.once('close', (code) => fail(new ConnectError(`connect to ${url} failed: closed (code ${code})`)))
    if (hooks.upgrade) ws.once('upgrade', hooks.upgrade)
    ws.once('open', () => {
      if (settled) return
      settled = true
      signal?.removeEventListener('abort', onAbort)
      ws.removeAllListeners()
      resolve(ws)
    })
  })
}

/** Closes with a close frame, or terminates a socket still in its handshake; resolves when closed (at most 1 s). */
export function closeWebSocket(ws: WebSocket | undefined, code: number, reason: string): Promise<void> {
  if (!ws || ws.readyState === CLOSED) return Promise.resolve()
  if (ws.readyState === CONNECTING) {
    // The handshake is aborted; the opener's promise rejects (and its listeners go with it: don't wait for 'close').
    ws.terminate()
    return Promise.resolve()
  }
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      ws.terminate()
      resolve()
    }, 1000)
    force.unref()
    ws.once('close', () => {
      clearTimeout(force)
      resolve()
    })
    ws.close(code, reason)
  })
}
