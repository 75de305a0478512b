// The Wire on the standard WebSocket (browsers, Deno, Bun, Workers). What the standard API cannot do: send ping
// frames (the runtime answers the server's pings by itself, unseen), close with codes other than 1000 and
// 3000–4999, or tell why a handshake failed (no HTTP status: every failure is a close with code 1006).
import { ConnectError } from './errors.js'
import type { Wire, WireHandlers, WireOptions } from './wire.js'

/** The standard WebSocket as far as the client uses it (typed here, so the declarations need no DOM library). */
interface StandardWebSocket {
  readonly readyState: number
  binaryType: string
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: (() => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
  onerror: (() => void) | null
  onclose: ((event: { code: number; reason: string }) => void) | null
}

type StandardWebSocketClass = new (url: string) => StandardWebSocket

const OPEN = 1
const CLOSED = 3

/** A close code the standard API accepts from a client. */
const allowedCode = (code: number) => (code === 1000 || (code >= 3000 && code <= 4999) ? code : 1000)

class WebWire implements Wire {
  readonly ping = undefined
  #reported = false
  readonly #closeWaiters: (() => void)[] = []

  constructor(
    private readonly ws: StandardWebSocket,
    private readonly handlers: WireHandlers,
  ) {
    ws.onmessage = (event) => {
      handlers.seen()
      if (typeof event.data === 'string') handlers.text(event.data)
    }
    ws.onerror = () => {
      // The close event follows every error.
    }
    ws.onclose = (event) => this.#report(event.code, event.reason)
  }

  #report(code: number, reason: string): void {
    for (const resolve of this.#closeWaiters.splice(0)) resolve()
    if (this.#reported) return
    this.#reported = true
    this.handlers.closed(code, reason)
  }

  get isOpen(): boolean {
    return this.ws.readyState === OPEN
  }

  send(text: string, done?: (err?: Error) => void): void {
    // The standard send drops data silently once the socket is closing: say so instead.
    if (this.ws.readyState !== OPEN) {
      done?.(new Error('socket not open'))
      return
    }
    try {
      this.ws.send(text)
    } catch (err) {
      done?.(err as Error)
    }
  }

  close(code: number, reason: string): Promise<void> {
    if (this.ws.readyState === CLOSED) return Promise.resolve()
    return new Promise((resolve) => {
      const force = setTimeout(() => {
        this.terminate()
        resolve()
      }, 1000)
      this.#closeWaiters.push(() => {
        clearTimeout(force)
        resolve()
      })
      this.ws.close(allowedCode(code), reason.slice(0, 120))
    })
  }

  terminate(): void {
    this.ws.onmessage = null
    this.ws.close()
    // As `ws` does after terminate(): the close is reported asynchronously, and whoever ends the socket first names why.
    queueMicrotask(() => this.#report(1006, 'terminated'))
  }
}

/**
 * Opens the platform's WebSocket; rejects with ConnectError on failure (refused, unreachable, handshake timeout,
 * closed during the handshake, or abort), and when the runtime has no WebSocket at all.
 */
export function connectWebWire(url: string, options: WireOptions, handlers: WireHandlers): Promise<Wire> {
  const Socket = (globalThis as { WebSocket?: StandardWebSocketClass }).WebSocket
  if (!Socket) {
    return Promise.reject(
      new ConnectError(
        `connect to ${url} failed: this runtime has no WebSocket (on Node, import the package)`,
      ),
    )
  }
  const { signal } = options
  return new Promise((resolve, reject) => {
    let ws: StandardWebSocket
    try {
      ws = new Socket(url)
    } catch (err) {
      // A malformed URL, or ws:// from an https:// page (mixed content).
      return reject(new ConnectError(`connect to ${url} failed: ${(err as Error).message}`, { cause: err }))
    }
    ws.binaryType = 'arraybuffer'
    let settled = false
    const settle = () => {
      settled = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
    }
    const fail = (err: Error) => {
      if (settled) return
      settle()
      ws.onopen = ws.onclose = ws.onerror = null
      ws.close()
      reject(err)
    }
    const timer = setTimeout(
      () => fail(new ConnectError(`connect to ${url} failed: no handshake within ${options.timeout} ms`)),
      options.timeout,
    )
    const onAbort = () => fail(new ConnectError(`connect to ${url} aborted`, { cause: signal?.reason }))
    if (signal?.aborted) return onAbort()
    signal?.addEventListener('abort', onAbort, { once: true })
    ws.onerror = () => {}
    ws.onclose = (event) => fail(new ConnectError(`connect to ${url} failed: closed (code ${event.code})`))
    ws.onopen = () => {
      if (settled) return
      settle()
      ws.onopen = null
      resolve(new WebWire(ws, handlers))
    }
  })
}
