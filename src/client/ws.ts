// The `ws` package, loaded on first use: at import it would cost ~25 ms (its Node built-ins, and its ESM wrapper
// sends 8 CommonJS modules through the ESM loader), which is most of this package's import time.
import { createRequire } from 'node:module'
import type WebSocketClass from 'ws'

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
