// The platform's WebSocket behind one small interface (`Wire`), implemented here for Node's `ws` package. `ws` is
// loaded on first use: at import it would cost ~25 ms (its Node built-ins, and its ESM wrapper sends 8 CommonJS
// modules through the ESM loader), which is most of this package's import time.
import { createRequire } from 'node:module'
import type { Socket } from 'node:net'
import type WebSocketClass from 'ws'
import { ConnectError } from './errors.js'

type WebSocket = WebSocketClass

/** What a wire reports to the socket that owns it, from the moment it is open. */
export interface WireHandlers {
  /** Any frame from the server: data, ping or pong. */
  seen(): void
  /** A text frame (binary frames are only `seen`). */
  text(data: string): void
  /** A ping from the server, already answered with a pong where the platform does that by itself. */
  pinged(): void
  /** The connection closed; called once. */
  closed(code: number, reason: string): void
}

/** An open WebSocket as the client's sockets use it. A browser's `WebSocket` fits it too (without `ping`). */
export interface Wire {
  readonly isOpen: boolean
  /** Sends a text frame; `done` gets the write error, if any (the close follows it). */
  send(text: string, done?: (err?: Error) => void): void
  /** Sends a ping frame; undefined where the platform cannot (liveness then relies on the server's traffic). */
  readonly ping: (() => void) | undefined
  /** Closes with a close frame; resolves when closed (at most 1 s). */
  close(code: number, reason: string): Promise<void>
  /** Drops the connection at once, without a close handshake. */
  terminate(): void
}

export interface WireOptions {
  /** Handshake deadline in ms. */
  timeout: number
  signal?: AbortSignal | undefined
  /** Sends made in one tick leave in a few writes (syscalls) instead of one each. */
  batchWrites?: boolean
}

let loaded: typeof WebSocketClass | undefined

/** `readyState` values, as the WebSocket standard numbers them. */
const OPEN = 1
const CLOSED = 3

/** Sends per write when many are made in one tick (16 measured best against both a fast and a slow server). */
const MAX_BATCH = 16

/** A `ws` socket as a Wire. */
class NodeWire implements Wire {
  private corked = false
  private batched = 0
  private readonly uncork = () => {
    this.corked = false
    this.tcp?.uncork()
  }
  readonly ping: () => void

  constructor(
    private readonly ws: WebSocket,
    /** The TCP socket under `ws`, corked while a tick's sends are written; undefined when not batching. */
    private readonly tcp: Socket | undefined,
  ) {
    this.ping = () => ws.ping()
  }

  get isOpen(): boolean {
    return this.ws.readyState === OPEN
  }

  send(text: string, done?: (err?: Error) => void): void {
    if (this.tcp) this.batch(this.tcp)
    this.ws.send(text, done)
  }

  /** Corks the socket until the tick ends, flushing every MAX_BATCH sends so the server can start on a burst. */
  private batch(tcp: Socket): void {
    if (this.corked) {
      if (++this.batched < MAX_BATCH) return
      this.batched = 0
      tcp.uncork()
      tcp.cork()
      return
    }
    this.corked = true
    this.batched = 0
    tcp.cork()
    process.nextTick(this.uncork)
  }

  /** Reports to `h`; installed as the socket opens, so that no frame arriving with the upgrade is missed. */
  listen(h: WireHandlers): void {
    const ws = this.ws
    ws.on('message', (data, isBinary) => {
      h.seen()
      if (!isBinary) h.text(data.toString())
    })
    ws.on('pong', () => h.seen())
    ws.on('ping', () => {
      h.seen()
      h.pinged()
    })
    ws.on('error', () => {
      // 'close' follows every error.
    })
    ws.on('close', (code, reason) => h.closed(code, reason.toString()))
  }

  close(code: number, reason: string): Promise<void> {
    const ws = this.ws
    if (ws.readyState === CLOSED) return Promise.resolve()
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

  terminate(): void {
    this.ws.terminate()
  }
}

/**
 * Opens a WebSocket that reports to `handlers` and resolves once it is open; rejects with ConnectError on refusal,
 * unreachable host, handshake timeout, close during the handshake or abort (which also ends a handshake in progress).
 */
export function connectWire(url: string, options: WireOptions, handlers: WireHandlers): Promise<Wire> {
  const { signal } = options
  return new Promise((resolve, reject) => {
    let settled = false
    let tcp: Socket | undefined
    loaded ??= createRequire(import.meta.url)('ws') as typeof WebSocketClass
    const ws = new loaded(url, { handshakeTimeout: options.timeout, perMessageDeflate: false })
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
    if (options.batchWrites) {
      ws.once('upgrade', (res) => {
        tcp = res.socket as Socket
      })
    }
    ws.once('open', () => {
      if (settled) return
      settled = true
      signal?.removeEventListener('abort', onAbort)
      ws.removeAllListeners()
      const wire = new NodeWire(ws, tcp)
      wire.listen(handlers)
      resolve(wire)
    })
  })
}
